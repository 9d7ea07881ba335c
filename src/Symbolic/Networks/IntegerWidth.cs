using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// Upper bounds on the bits the piece kernel and the gradient sweep need, from the network's integer weights: the type
/// to start with (long, Int128 or BigInteger) so that a network that would overflow a narrow type is not first run in it,
/// nor its weights converted to it. The bounds are conservative; an overflow still falls back to a wider type.
/// </summary>
internal static class IntegerWidth
{
    /// <summary>Bits of the kernel's numbers: alpha and beta of every value, and the products of two of them its comparisons form.</summary>
    public static long Kernel(IntegerNode<BigInteger>[] nodes, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1)
    {
        var lcm = IntegerScale.Lcm(p0.Concat(p1));
        long inputBits = (long)lcm.GetBitLength();
        foreach (var r in p0.Concat(p1)) inputBits = Math.Max(inputBits, (long)(r.Numerator * (lcm / r.Denominator)).GetBitLength() + 1);
        var bits = new long[nodes.Length + 1];   // alpha, beta and the denominator of each value
        bits[0] = inputBits;
        long widest = inputBits;
        for (int i = 0; i < nodes.Length; i++)
        {
            long input = nodes[i].Sources.Sum(s => bits[s + 1]); // the common denominator of several sources multiplies theirs
            bits[i + 1] = nodes[i] switch
            {
                IntegerAffine<BigInteger> a => input + Math.Max(a.WeightBits, Bits(a.Bias.Append(a.Denominator))) + Log2(MaxRow(a.RowStarts) + 1) + 1,
                IntegerActivationNode<BigInteger> f => input + Bits(f.A.Concat(f.B).Append(f.Scale)) + 2,
                _ => input,
            };
            widest = Math.Max(widest, bits[i + 1]);
        }
        return 3 * widest + 2; // crossing times are ratios of these, compared by cross-multiplication
    }

    /// <summary>
    /// Bits of the sweep's backward vectors and their changes: b_v = sigma_v dF/dv with sigma_v as the sweep chooses it (a
    /// common multiple of sigma_out times each reader's scale), bounded reader by reader from the output down.
    /// </summary>
    public static long Sweep(IntegerNode<BigInteger>[] nodes, KinkConvention convention)
    {
        var sigma = new BigInteger[nodes.Length + 1];
        var scale = new BigInteger[nodes.Length];
        var own = new long[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
        {
            (scale[i], own[i]) = nodes[i] switch
            {
                IntegerAffine<BigInteger> a => (a.Denominator, a.WeightBits + Log2(MaxRow(a.ColumnStarts) + 1)),
                IntegerActivationNode<BigInteger> f => Derivatives(f, convention),
                IntegerMaxNode<BigInteger> m => (BigInteger.One, Log2(m.GroupsOf.Max(g => g.Length) + 1)),
                _ => (BigInteger.One, 0L),
            };
        }
        sigma[^1] = BigInteger.One;
        var bits = new long[nodes.Length + 1];
        bits[^1] = 1;
        for (int i = nodes.Length - 1; i >= 0; i--)
        {
            if (sigma[i + 1].IsZero) continue;
            var need = sigma[i + 1] * scale[i];
            foreach (int src in nodes[i].Sources)
                sigma[src + 1] = sigma[src + 1].IsZero ? need : need / BigInteger.GreatestCommonDivisor(need, sigma[src + 1]) * sigma[src + 1];
        }
        for (int i = nodes.Length - 1; i >= 0; i--)
        {
            if (sigma[i + 1].IsZero) continue;
            long below = bits[i + 1] + own[i] + 1;
            foreach (int src in nodes[i].Sources)
            {
                long multiplier = (long)(sigma[src + 1] / (sigma[i + 1] * scale[i])).GetBitLength();
                bits[src + 1] = Math.Max(bits[src + 1], below + multiplier) + 1; // + 1: the readers' contributions add up
            }
        }
        return bits.Max() + 2; // a change is the difference of two such vectors
    }

    private static (BigInteger, long) Derivatives(IntegerActivationNode<BigInteger> f, KinkConvention convention)
    {
        var d = f.Derivatives(convention);
        var lcm = IntegerScale.Lcm(d);
        return (lcm, d.Max(r => (long)BigInteger.Abs(r.Numerator * (lcm / r.Denominator)).GetBitLength()));
    }

    private static long Bits(IEnumerable<BigInteger> values)
    {
        long bits = 0;
        foreach (var v in values) bits = Math.Max(bits, (long)BigInteger.Abs(v).GetBitLength());
        return bits;
    }

    private static long Log2(long n) => n <= 1 ? 0 : 64 - BitOperations.LeadingZeroCount((ulong)(n - 1));

    private static long MaxRow(int[] starts)
    {
        long max = 0;
        for (int i = 0; i + 1 < starts.Length; i++) max = Math.Max(max, starts[i + 1] - starts[i]);
        return max;
    }

    private static long MaxColumn(int[] starts) => MaxRow(starts);
}
