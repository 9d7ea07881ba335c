using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// The exact forward pass at a point on the network's integer form (<see cref="IntegerGraph{TInt}"/>): every value is kept
/// as integer numerators over one denominator per value, so a dense layer is integer dot products (in 128-bit integers
/// where they fit, <see cref="AffineMap.TryWide"/>) instead of a rational product and sum, each with its greatest common
/// divisor, per weight. Each value is put in lowest terms once, at the end. The same values as the layers' own
/// <see cref="Layer.Forward"/> (tested); used by <see cref="Network.ValuesAt"/> and what reads it (evaluation, gradients,
/// activation patterns, kinks) on networks with many weights.
/// </summary>
internal static class IntegerForward
{
    /// <summary>Networks with at least this many weights (dense and sparse entries) are evaluated here.</summary>
    public const long MinWeights = 4096;

    /// <summary>Every value at <paramref name="x"/>: entry 0 is x, entry i + 1 the output of node i.</summary>
    public static Rational[][] Trace(IntegerNode<BigInteger>[] nodes, IReadOnlyList<int> widths, IReadOnlyList<Rational> x)
    {
        var nums = new BigInteger[nodes.Length + 1][];
        var dens = new BigInteger[nodes.Length + 1];
        var lcm = IntegerScale.Lcm(x);
        nums[0] = [.. x.Select(r => IntegerScale.Scale<BigInteger>(r, lcm))];
        dens[0] = lcm;
        for (int i = 0; i < nodes.Length; i++)
        {
            Cancellation.ThrowIfRequested();
            var (input, den) = Gather(nodes[i].Sources, nums, dens, nodes[i].InputWidth);
            (nums[i + 1], dens[i + 1]) = nodes[i] switch
            {
                IntegerAffine<BigInteger> a => (Affine(a, input, den), den * a.Denominator),
                IntegerActivationNode<BigInteger> f => (Activation(f, input, den), den * f.Scale),
                IntegerMaxNode<BigInteger> m => (Max(m, input), den),
                _ => throw new InvalidOperationException($"unknown node {nodes[i]}"),
            };
        }
        var values = new Rational[nodes.Length + 1][];
        values[0] = [.. x];
        for (int v = 1; v < values.Length; v++)
        {
            var row = nums[v];
            var d = dens[v];
            var r = values[v] = new Rational[widths[v]];
            for (int j = 0; j < r.Length; j++) r[j] = row[j].IsZero ? Rational.Zero : new Rational(row[j], d);
        }
        return values;
    }

    // The sources concatenated over their common denominator.
    private static (BigInteger[] Values, BigInteger Den) Gather(int[] sources, BigInteger[][] nums, BigInteger[] dens, int width)
    {
        if (sources.Length == 1) return (nums[sources[0] + 1], dens[sources[0] + 1]);
        var den = BigInteger.One;
        foreach (int s in sources) den = den / BigInteger.GreatestCommonDivisor(den, dens[s + 1]) * dens[s + 1];
        var joined = new BigInteger[width];
        int at = 0;
        foreach (int s in sources)
        {
            var factor = den / dens[s + 1];
            foreach (var v in nums[s + 1]) joined[at++] = factor.IsOne ? v : v * factor;
        }
        return (joined, den);
    }

    // (A x + Bias D) over D times the node's denominator.
    private static BigInteger[] Affine(IntegerAffine<BigInteger> node, BigInteger[] x, BigInteger den)
    {
        int n = node.OutputWidth;
        var alpha = new BigInteger[n];
        if (AffineMap.TryWide(node, den, x, new BigInteger[x.Length], alpha, new BigInteger[n])) return alpha;
        for (int i = 0; i < n; i++)
        {
            var a = node.Bias[i] * den;
            for (int k = node.RowStarts[i]; k < node.RowStarts[i + 1]; k++)
            {
                var xj = x[node.Columns[k]];
                if (!xj.IsZero) a += node.Values[k] * xj;
            }
            alpha[i] = a;
        }
        return alpha;
    }

    // Region r of z = V / D (below every kink, on kink j: 2j + 1, between kinks j - 1 and j: 2j), then (A[r] D + B[r] V).
    private static BigInteger[] Activation(IntegerActivationNode<BigInteger> node, BigInteger[] x, BigInteger den)
    {
        var output = new BigInteger[x.Length];
        for (int u = 0; u < x.Length; u++)
        {
            var v = x[u];
            int region;
            if (node.IsRelu) region = v.Sign + 1;
            else
            {
                region = 2 * node.KinkNumerators.Length;
                for (int j = 0; j < node.KinkNumerators.Length; j++)
                {
                    int s = (v * node.KinkDenominators[j]).CompareTo(node.KinkNumerators[j] * den);
                    if (s <= 0) { region = s == 0 ? 2 * j + 1 : 2 * j; break; }
                }
            }
            var b = node.B[region];
            var value = b.IsZero ? BigInteger.Zero : b.IsOne ? v : b * v;
            var a = node.A[region];
            output[u] = a.IsZero ? value : value + a * den;
        }
        return output;
    }

    // Each group's first maximal member (the values share one denominator).
    private static BigInteger[] Max(IntegerMaxNode<BigInteger> node, BigInteger[] x)
    {
        var output = new BigInteger[node.Groups.Length];
        for (int g = 0; g < output.Length; g++)
        {
            var group = node.Groups[g];
            var best = x[group[0]];
            for (int m = 1; m < group.Length; m++)
                if (x[group[m]] > best) best = x[group[m]];
            output[g] = best;
        }
        return output;
    }
}
