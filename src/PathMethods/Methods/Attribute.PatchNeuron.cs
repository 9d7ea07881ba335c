using System.Numerics;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

public static partial class Attribute
{
    /// <summary>
    /// The attribution of the input patch S to neuron j of hidden layer L, IG_{S,j} = sum over i in S of IG_{i,j}
    /// (seed 004, section 6.2, eq. 7), exactly, and the paper's finite-difference speedup with N = <paramref name="steps"/> terms:
    /// ||d|| sum_{k=1..N} dG/dH_j(H(gamma(k/N))) [H_j(gamma(k/N) + d^/N) - H_j(gamma(k/N))], with d_i = x_i - x'_i on S
    /// and 0 elsewhere, d^ = d/||d|| (Euclidean norm) and gamma the straight path from x' to x.
    /// </summary>
    /// <remarks>
    /// The exact value comes from the per-feature, per-neuron flows of <see cref="Conductance"/> (Dhamdhere et al. 2018;
    /// seed 004, eq. 4). In the speedup, dG/dH_j is taken by exact back-propagation with <paramref name="convention"/>
    /// (grid points may sit on a kink) and H_j is evaluated exactly. ||d|| is irrational unless sum over S of d_i^2 is the
    /// square of a rational; then the speedup and its error are exact, otherwise d^ is rounded to doubles (then used
    /// exactly) and the final product with ||d|| is in double.
    /// </remarks>
    /// <param name="f">The network F = G o H.</param>
    /// <param name="input">x.</param>
    /// <param name="baseline">x'.</param>
    /// <param name="patch">S: 0-based feature indices (repeats are ignored).</param>
    /// <param name="layer">L: the neurons are the output entries of <c>network.Layers[L]</c>.</param>
    /// <param name="neuron">j.</param>
    /// <param name="steps">N &gt;= 1.</param>
    /// <param name="convention">Kink convention for gradients (default PyTorch's).</param>
    /// <exception cref="ArgumentException">x or x' does not have the network's input count.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The layer, neuron, a patch index or <paramref name="steps"/> is out of range.</exception>
    /// <exception cref="NetworkRequiredException">F is an expression (defined for networks only).</exception>
    public static PatchNeuronResult PatchNeuron(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline,
        IReadOnlyList<int> patch, int layer, int neuron, int steps, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        var network = f.RequireNetwork("patch");
        ArgumentNullException.ThrowIfNull(patch);
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "the speedup needs at least 1 step");
        var split = new LayerSplit(network, layer);
        split.CheckNeuron(neuron);
        foreach (int i in patch)
            if (i < 0 || i >= network.Inputs)
                throw new ArgumentOutOfRangeException(nameof(patch), i, $"patch index {i} is not a feature index 0..{network.Inputs - 1}");
        int[] s = [.. patch.Distinct().Order()];
        var flows = ConductanceCore(split, input, baseline, convention);
        var exact = s.Aggregate(Rational.Zero, (acc, i) => acc + flows.Flows[i][neuron]);

        var d = new Rational[network.Inputs];
        Rational norm2 = Rational.Zero;
        foreach (int i in s)
        {
            d[i] = input[i] - baseline[i];
            norm2 += d[i] * d[i];
        }
        double norm = Math.Sqrt(norm2.ToDouble());
        if (norm2.IsZero)
            return new PatchNeuronResult(layer, neuron, s, exact, flows.Neurons[neuron], steps, 0, 0, Rational.Zero);
        var root = RationalSquareRoot(norm2);
        var unit = new Rational[d.Length];
        for (int i = 0; i < d.Length; i++)
            unit[i] = root is { } r ? d[i] / r : Rational.FromDouble(d[i].ToDouble() / norm);
        var hidden = split.Hidden(neuron);
        Rational sum = Rational.Zero;
        var nInv = new Rational(1, steps);
        for (int k = 1; k <= steps; k++)
        {
            var p = NetworkLine.PointAt(baseline, input, new Rational(k, steps));
            var shifted = new Rational[p.Length];
            for (int i = 0; i < p.Length; i++) shifted[i] = p[i] + unit[i] * nInv;
            var g = split.HeadGradient(p, convention)[neuron];
            if (!g.IsZero) sum += g * (hidden.Evaluate(shifted) - hidden.Evaluate(p));
        }
        Rational? speedupExact = root is { } rr ? rr * sum : null;
        double speedup = speedupExact?.ToDouble() ?? norm * sum.ToDouble();
        return new PatchNeuronResult(layer, neuron, s, exact, flows.Neurons[neuron], steps, norm, speedup, speedupExact);
    }

    // sqrt(q) when q >= 0 is the square of a rational, else null.
    private static Rational? RationalSquareRoot(Rational q)
    {
        if (q.Sign < 0) return null;
        var a = IntegerSquareRoot(q.Numerator);
        var b = IntegerSquareRoot(q.Denominator);
        return a * a == q.Numerator && b * b == q.Denominator ? new Rational(a, b) : null;
    }

    private static BigInteger IntegerSquareRoot(BigInteger n)
    {
        if (n < 2) return n;
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }
}
