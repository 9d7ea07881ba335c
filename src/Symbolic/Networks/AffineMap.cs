using System.Numerics;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// The piece kernel's first-piece map of an affine node, <c>alpha = Bias Den + W alpha_in</c> and <c>beta = W beta_in</c>,
/// in 128-bit integers when the node's weights and its input entries are 64-bit and a row's sum provably fits (bits of W +
/// bits of the input + log2 of the row length &lt; 127), whatever the kernel's integer type: on an MLP's first layer (784 x
/// 256 float32 weights, float32 pixels) this replaces some 400,000 big-integer (or 256-bit) products by machine
/// multiplications; the rows are independent and run in parallel.
/// </summary>
internal static class AffineMap
{
    /// <summary>Writes the map into <paramref name="alpha"/> and <paramref name="beta"/>; false (nothing written) when it does not fit.</summary>
    public static bool TryWide<TInt>(IntegerAffine<TInt> node, TInt den, TInt[] inAlpha, TInt[] inBeta, TInt[] alpha, TInt[] beta)
        where TInt : IBinaryInteger<TInt>
    {
        if (node.LongValues is not var (w, wBits)) return false;
        var (xa, aBits) = Narrow(inAlpha);
        var (xb, bBits) = Narrow(inBeta);
        if (xa is null || xb is null) return false;
        int rowBits = 0;
        for (int i = 0; i < node.OutputWidth; i++) rowBits = Math.Max(rowBits, BitLength(node.RowStarts[i + 1] - node.RowStarts[i]));
        if (wBits + Math.Max(aBits, bBits) + rowBits >= 127) return false;
        bool alphaZero = aBits == 0, betaZero = bBits == 0;
        void Row(int i)
        {
            Int128 a = 0, b = 0;
            int end = node.RowStarts[i + 1];
            for (int k = node.RowStarts[i]; k < end; k++)
            {
                int j = node.Columns[k];
                if (!alphaZero) a += (Int128)w[k] * xa[j];
                if (!betaZero) b += (Int128)w[k] * xb[j];
            }
            var bias = node.Bias[i];
            alpha[i] = TInt.IsZero(bias) ? TInt.CreateChecked(a) : checked(bias * den + TInt.CreateChecked(a));
            beta[i] = TInt.CreateChecked(b);
        }
        if (node.Values.Length >= 1 << 16) Parallel.For(0, node.OutputWidth, Row);
        else for (int i = 0; i < node.OutputWidth; i++) Row(i);
        return true;
    }

    private static (long[]? Values, int Bits) Narrow<TInt>(TInt[] x) where TInt : IBinaryInteger<TInt>
    {
        var result = new long[x.Length];
        int bits = 0;
        for (int j = 0; j < x.Length; j++)
        {
            if (TInt.IsZero(x[j])) continue;
            long bl = x[j].GetShortestBitLength(); // with the sign bit: at least |x|'s bits, and 2 for a nonzero entry
            if (bl > 63) return (null, 0);
            result[j] = long.CreateTruncating(x[j]);
            bits = Math.Max(bits, (int)bl);
        }
        return (result, bits);
    }

    private static int BitLength(int n) => n <= 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)n);
}
