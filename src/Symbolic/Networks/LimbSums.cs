using System.Numerics;
using System.Runtime.InteropServices;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// A sum of big integers times small ones, <c>sum_k x_k w_k</c>, accumulated in place on 64-bit limbs: the x_k are large
/// (thousands of bits: the gradient sweep's sums over breakpoints) and the w_k small (a layer's integer weights), so each
/// product is one pass over x_k's limbs with no allocation, where BigInteger arithmetic would allocate a new number for
/// every product and every partial sum. Positive and negative products go to two unsigned accumulators, so a pass only
/// adds; their difference is taken once at the end.
/// </summary>
internal sealed class LimbSums(long bits)
{
    private readonly int _limbs = (int)(bits / 64) + 2;
    private ulong[]? _positive;
    private ulong[]? _negative;

    /// <summary>The magnitude of <paramref name="x"/> as little-endian 64-bit limbs.</summary>
    public static ulong[] Limbs(BigInteger x)
    {
        var magnitude = BigInteger.Abs(x);
        int bytes = magnitude.GetByteCount(isUnsigned: true);
        var buffer = new byte[(bytes + 7) / 8 * 8];
        magnitude.TryWriteBytes(buffer, out _, isUnsigned: true, isBigEndian: false);
        return MemoryMarshal.Cast<byte, ulong>(buffer).ToArray();
    }

    /// <summary>Adds sign(x) sign(w) |x| |w|, with x and w given by their limbs and signs.</summary>
    public void Add(ulong[] x, int xSign, ulong[] w, int wSign)
    {
        var sum = xSign * wSign < 0 ? _negative ??= new ulong[_limbs] : _positive ??= new ulong[_limbs];
        for (int k = 0; k < w.Length; k++)
        {
            ulong wk = w[k];
            if (wk == 0) continue;
            ulong carry = 0, flow = 0;
            int at = k;
            for (int i = 0; i < x.Length; i++, at++)
            {
                ulong high = Math.BigMul(x[i], wk, out ulong low);
                low += carry;
                high += low < carry ? 1UL : 0UL;
                carry = high;
                ulong s = sum[at] + low;
                ulong c = s < low ? 1UL : 0UL;
                s += flow;
                c += s < flow ? 1UL : 0UL;
                sum[at] = s;
                flow = c;
            }
            // the product's top limb, then the addition's carry as far as it goes
            ulong top = sum[at] + carry;
            ulong topCarry = top < carry ? 1UL : 0UL;
            top += flow;
            topCarry += top < flow ? 1UL : 0UL;
            sum[at++] = top;
            for (; topCarry != 0 && at < sum.Length; at++)
            {
                sum[at] += topCarry;
                topCarry = sum[at] == 0 ? 1UL : 0UL;
            }
        }
    }

    /// <summary>The sum as a big integer (0 when nothing was added).</summary>
    public BigInteger Result() => Value(_positive) - Value(_negative);

    private static BigInteger Value(ulong[]? limbs) =>
        limbs is null ? BigInteger.Zero : new BigInteger(MemoryMarshal.AsBytes(limbs.AsSpan()), isUnsigned: true, isBigEndian: false);
}
