using System.Numerics;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods.Propagation;

/// <summary>
/// Splits the change of a many-argument node g(u_1, ..., u_k) between its arguments by their Shapley values:
/// phi_j is the Shapley value of argument j in the game v(S) = g(u_S at x, the rest at x') - g(u at x').
/// </summary>
/// <remarks>
/// The phi_j sum to g(u(x)) - g(u(x')) exactly (efficiency), and an argument whose value does not change is a
/// dummy player with phi_j = 0, so only the changing arguments are enumerated. For g = a b this is the symmetric
/// rule phi_a = Delta a (b(x') + b(x)) / 2. Lundberg and Lee 2017 (DeepSHAP) compose per-node Shapley values the
/// same way; Shrikumar et al. 2017, section 3.5, leave multiplicative nodes open.
/// </remarks>
internal static class ShapleySplit
{
    /// <summary>At most this many changing arguments (2^k evaluations of g).</summary>
    public const int MaxPlayers = 16;

    public static Rational[] Split(IReadOnlyList<Rational> atInput, IReadOnlyList<Rational> atBaseline, Func<Rational[], Rational> g, string node)
    {
        int k = atInput.Count;
        var players = Enumerable.Range(0, k).Where(j => atInput[j] != atBaseline[j]).ToArray();
        var phi = new Rational[k];
        int m = players.Length;
        if (m == 0) return phi;
        if (m > MaxPlayers)
            throw new UnsupportedInputException($"{node}: {m} arguments change between the baseline and the input; the exact Shapley split handles at most {MaxPlayers}");
        int count = 1 << m;
        var v = new Rational[count];
        var point = atBaseline.ToArray();
        for (int mask = 0; mask < count; mask++)
        {
            for (int p = 0; p < m; p++) point[players[p]] = (mask >> p & 1) != 0 ? atInput[players[p]] : atBaseline[players[p]];
            v[mask] = g(point);
        }
        var factorial = new BigInteger[m + 1];
        factorial[0] = BigInteger.One;
        for (int s = 1; s <= m; s++) factorial[s] = factorial[s - 1] * s;
        for (int p = 0; p < m; p++)
        {
            var total = Rational.Zero;
            for (int mask = 0; mask < count; mask++)
            {
                if ((mask >> p & 1) != 0) continue;
                int size = BitOperations.PopCount((uint)mask);
                var diff = v[mask | 1 << p] - v[mask];
                if (!diff.IsZero) total += new Rational(factorial[size] * factorial[m - size - 1], factorial[m]) * diff;
            }
            phi[players[p]] = total;
        }
        return phi;
    }
}
