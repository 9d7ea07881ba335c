using System.Numerics;
using System.Runtime.InteropServices;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// A sum of big integers times small ones, <c>sum_k x_k w_k</c>, accumulated in place in fixed-width two's-complement
/// limbs: the x_k are large (thousands of bits: the gradient sweep's sums over breakpoints) and the w_k small (a layer's
/// integer weights), so each product is one pass over x_k's limbs with no allocation, where BigInteger arithmetic would
/// allocate a new number for every product and every partial sum.
/// </summary>
internal sealed class LimbSums
{
    private readonly ulong[][] _sums;
    private readonly int _limbs;

    /// <summary>Sums for <paramref name="count"/> outputs, wide enough for results of up to <paramref name="bits"/> bits.</summary>
    public LimbSums(int count, long bits)
    {
        _limbs = (int)(bits / 64) + 2;
        _sums = new ulong[count][];
    }

    /// <summary>The magnitude of <paramref name="x"/> as little-endian 64-bit limbs.</summary>
    public static ulong[] Limbs(BigInteger x)
    {
        var magnitude = BigInteger.Abs(x);
        int bytes = magnitude.GetByteCount(isUnsigned: true);
        var buffer = new byte[(bytes + 7) / 8 * 8];
        magnitude.TryWriteBytes(buffer, out _, isUnsigned: true, isBigEndian: false);
        return MemoryMarshal.Cast<byte, ulong>(buffer).ToArray();
    }

    /// <summary>y_j += sign x |x| w, with x given by its limbs and sign, w by its limbs and sign.</summary>
    public void Add(int j, ulong[] x, int xSign, ulong[] w, int wSign)
    {
        var sum = _sums[j] ??= new ulong[_limbs];
        bool subtract = xSign * wSign < 0;
        for (int k = 0; k < w.Length; k++)
        {
            ulong wk = w[k];
            if (wk == 0) continue;
            ulong carry = 0, flow = 0;
            int at = k;
            for (int i = 0; i < x.Length; i++, at++)
            {
                UInt128 product = (UInt128)x[i] * wk + carry;
                carry = (ulong)(product >> 64);
                Step(sum, at, (ulong)product, ref flow, subtract);
            }
            Step(sum, at++, carry, ref flow, subtract);
            while (flow != 0 && at < sum.Length) Step(sum, at++, 0, ref flow, subtract);
        }
    }

    /// <summary>y_j as a big integer (0 when nothing was added).</summary>
    public BigInteger Result(int j)
    {
        var sum = _sums[j];
        if (sum is null) return BigInteger.Zero;
        return new BigInteger(MemoryMarshal.AsBytes(sum.AsSpan()), isUnsigned: false, isBigEndian: false);
    }

    // sum[at] += value (or -= value) with the carry (borrow) in flow, modulo 2^(64 limbs).
    private static void Step(ulong[] sum, int at, ulong value, ref ulong flow, bool subtract)
    {
        if (at >= sum.Length) return;
        if (!subtract)
        {
            UInt128 s = (UInt128)sum[at] + value + flow;
            sum[at] = (ulong)s;
            flow = (ulong)(s >> 64);
        }
        else
        {
            UInt128 need = (UInt128)value + flow;
            if ((UInt128)sum[at] >= need) { sum[at] = (ulong)(sum[at] - need); flow = 0; }
            else { sum[at] = (ulong)(((UInt128)1 << 64) + sum[at] - need); flow = 1; }
        }
    }
}
