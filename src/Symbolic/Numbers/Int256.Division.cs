using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Verifier.Symbolic.Numbers;

internal readonly partial struct Int256
{
    // Division works on magnitudes as unsigned 256-bit numbers: a single-limb divisor limb by limb (128 / 64-bit steps),
    // a longer one by Knuth's algorithm D (The Art of Computer Programming, vol. 2, 4.3.1) on 64-bit limbs, with the
    // 128 / 64-bit quotient digit of Hacker's Delight (Warren, 2nd ed., 9-4, divlu). The greatest common divisor is
    // Stein's binary algorithm, on four limbs while either operand needs more than two, then on two, then on one.

    /// <summary>Quotient, truncated toward zero.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is 0.</exception>
    /// <exception cref="OverflowException"><see cref="MinValue"/> / -1 (in either context, as for <see cref="Int128"/>).</exception>
    public static Int256 operator /(Int256 left, Int256 right)
    {
        if (left.FitsInt64 && right.FitsInt64)
        {
            long a = (long)left._u0, b = (long)right._u0;
            if (b == -1) return -left; // long.MinValue / -1 = 2^63 fits
            return a / b; // throws for b = 0
        }
        DivRem(left, right, out var quotient, out _);
        return quotient;
    }

    /// <summary>Remainder of the truncated quotient (the sign of <paramref name="left"/>).</summary>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is 0.</exception>
    /// <exception cref="OverflowException"><see cref="MinValue"/> % -1 (as for <see cref="Int128"/>).</exception>
    public static Int256 operator %(Int256 left, Int256 right)
    {
        if (left.FitsInt64 && right.FitsInt64)
        {
            long a = (long)left._u0, b = (long)right._u0;
            if (b == -1) return Zero;
            return a % b;
        }
        DivRem(left, right, out _, out var remainder);
        return remainder;
    }

    /// <summary>Quotient (truncated toward zero) and remainder.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is 0.</exception>
    /// <exception cref="OverflowException"><see cref="MinValue"/> / -1.</exception>
    public static (Int256 Quotient, Int256 Remainder) DivRem(Int256 left, Int256 right)
    {
        DivRem(left, right, out var quotient, out var remainder);
        return (quotient, remainder);
    }

    private static void DivRem(Int256 left, Int256 right, out Int256 quotient, out Int256 remainder)
    {
        if (IsZero(right)) ThrowDivideByZero();
        if (right == NegativeOne && left == MinValue) ThrowOverflow();
        ulong sl = left.SignMask, sr = right.SignMask;
        UnsignedDivRem(Negate(left, sl), Negate(right, sr), out quotient, out remainder);
        quotient = Negate(quotient, sl ^ sr);
        remainder = Negate(remainder, sl);
    }

    /// <summary>-value when <paramref name="mask"/> is all ones, value when it is 0 (modulo 2^256, without a branch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Int256 Negate(Int256 value, ulong mask)
    {
        ulong c = mask & 1;
        ulong r0 = AddCarry(value._u0 ^ mask, 0, ref c);
        ulong r1 = AddCarry(value._u1 ^ mask, 0, ref c);
        ulong r2 = AddCarry(value._u2 ^ mask, 0, ref c);
        return new((value._u3 ^ mask) + c, r2, r1, r0);
    }

    /// <summary>Unsigned comparison of the bit patterns.</summary>
    private static bool UnsignedLess(Int256 left, Int256 right)
    {
        if (left._u3 != right._u3) return left._u3 < right._u3;
        if (left._u2 != right._u2) return left._u2 < right._u2;
        if (left._u1 != right._u1) return left._u1 < right._u1;
        return left._u0 < right._u0;
    }

    /// <summary>Quotient and remainder of the bit patterns read as unsigned numbers (divisor not 0).</summary>
    private static void UnsignedDivRem(Int256 a, Int256 b, out Int256 quotient, out Int256 remainder)
    {
        if ((b._u3 | b._u2 | b._u1) == 0)
        {
            ulong d = b._u0, rest = 0;
            ulong q3 = DivideLimb(rest, a._u3, d, out rest);
            ulong q2 = DivideLimb(rest, a._u2, d, out rest);
            ulong q1 = DivideLimb(rest, a._u1, d, out rest);
            ulong q0 = DivideLimb(rest, a._u0, d, out rest);
            quotient = new(q3, q2, q1, q0);
            remainder = new(0, 0, 0, rest);
            return;
        }
        if (UnsignedLess(a, b))
        {
            quotient = Zero;
            remainder = a;
            return;
        }
        Span<ulong> u = stackalloc ulong[5];
        Span<ulong> v = stackalloc ulong[4];
        Span<ulong> q = stackalloc ulong[4];
        int n = b._u3 != 0 ? 4 : b._u2 != 0 ? 3 : 2;
        int m = (a._u3 != 0 ? 4 : a._u2 != 0 ? 3 : 2) - n; // a >= b
        int s = BitOperations.LeadingZeroCount(b.Limb(n - 1));
        // normalise: the divisor's top limb gets its top bit set
        for (int i = n - 1; i > 0; i--) v[i] = (b.Limb(i) << s) | (s == 0 ? 0 : b.Limb(i - 1) >> (64 - s));
        v[0] = b._u0 << s;
        u[m + n] = s == 0 ? 0 : a.Limb(m + n - 1) >> (64 - s);
        for (int i = m + n - 1; i > 0; i--) u[i] = (a.Limb(i) << s) | (s == 0 ? 0 : a.Limb(i - 1) >> (64 - s));
        u[0] = a._u0 << s;
        ulong top = v[n - 1], next = v[n - 2];
        for (int j = m; j >= 0; j--)
        {
            // the quotient digit from the top two limbs, then at most two corrections from the third (D3)
            ulong qhat, rhat;
            bool refine;
            if (u[j + n] >= top) // then equal: qhat = B - 1
            {
                qhat = ulong.MaxValue;
                rhat = u[j + n - 1] + top;
                refine = rhat >= top; // rhat < B
            }
            else
            {
                qhat = DivideLimb(u[j + n], u[j + n - 1], top, out rhat);
                refine = true;
            }
            while (refine)
            {
                ulong high = Math.BigMul(qhat, next, out ulong low);
                if (high < rhat || (high == rhat && low <= u[j + n - 2])) break;
                qhat--;
                ulong before = rhat;
                rhat += top;
                refine = rhat >= before;
            }
            // multiply and subtract (D4), adding back when the digit was one too large (D6)
            ulong carry = 0, borrow = 0;
            for (int i = 0; i < n; i++)
            {
                ulong high = Math.BigMul(qhat, v[i], out ulong low);
                low += carry;
                high += low < carry ? 1UL : 0UL;
                carry = high;
                u[i + j] = SubBorrow(u[i + j], low, ref borrow);
            }
            ulong last = u[j + n];
            ulong negative = 0;
            last = SubBorrow(last, carry, ref negative);
            ulong negative2 = 0;
            last = SubBorrow(last, borrow, ref negative2);
            u[j + n] = last;
            if ((negative | negative2) != 0)
            {
                qhat--;
                ulong c = 0;
                for (int i = 0; i < n; i++) u[i + j] = AddCarry(u[i + j], v[i], ref c);
                u[j + n] += c;
            }
            q[j] = qhat;
        }
        quotient = new(q[3], q[2], q[1], q[0]);
        Span<ulong> r = stackalloc ulong[4];
        for (int i = 0; i < n; i++) r[i] = (u[i] >> s) | (s == 0 ? 0 : u[i + 1] << (64 - s));
        remainder = new(r[3], r[2], r[1], r[0]);
    }

    /// <summary>(high B + low) / divisor for high &lt; divisor, B = 2^64, and its remainder (Hacker's Delight, divlu).</summary>
    internal static ulong DivideLimb(ulong high, ulong low, ulong divisor, out ulong remainder)
    {
        if (high == 0)
        {
            ulong q = low / divisor;
            remainder = low - q * divisor;
            return q;
        }
        const ulong b = 1UL << 32;
        int s = BitOperations.LeadingZeroCount(divisor);
        divisor <<= s;
        ulong vn1 = divisor >> 32, vn0 = divisor & 0xFFFF_FFFF;
        ulong un32 = (high << s) | (s == 0 ? 0 : low >> (64 - s));
        ulong un10 = low << s;
        ulong un1 = un10 >> 32, un0 = un10 & 0xFFFF_FFFF;
        ulong q1 = un32 / vn1, rhat = un32 - q1 * vn1;
        while (q1 >= b || q1 * vn0 > (rhat << 32) + un1)
        {
            q1--;
            rhat += vn1;
            if (rhat >= b) break;
        }
        ulong un21 = (un32 << 32) + un1 - q1 * divisor;
        ulong q0 = un21 / vn1;
        rhat = un21 - q0 * vn1;
        while (q0 >= b || q0 * vn0 > (rhat << 32) + un0)
        {
            q0--;
            rhat += vn1;
            if (rhat >= b) break;
        }
        remainder = ((un21 << 32) + un0 - q0 * divisor) >> s;
        return (q1 << 32) + q0;
    }

    /// <summary>gcd(|a|, |b|), non-negative (0 when both are 0).</summary>
    /// <exception cref="OverflowException">The gcd is 2^255 (a and b are each 0 or <see cref="MinValue"/>).</exception>
    internal static Int256 Gcd(Int256 a, Int256 b)
    {
        var g = UnsignedGcd(Negate(a, a.SignMask), Negate(b, b.SignMask));
        if (IsNegative(g)) ThrowOverflow();
        return g;
    }

    // gcd of two unsigned 256-bit numbers
    private static Int256 UnsignedGcd(Int256 x, Int256 y)
    {
        if (IsZero(x)) return y;
        if (IsZero(y)) return x;
        if ((x._u1 | x._u2 | x._u3 | y._u1 | y._u2 | y._u3) == 0) return new(0, 0, 0, Gcd64(x._u0, y._u0));
        int zx = UnsignedTrailingZeros(x), zy = UnsignedTrailingZeros(y), k = Math.Min(zx, zy);
        x >>>= zx;
        y >>>= zy;
        ulong u0 = x._u0, u1 = x._u1, u2 = x._u2, u3 = x._u3;
        ulong v0 = y._u0, v1 = y._u1, v2 = y._u2, v3 = y._u3;
        // u, v odd: v - u is even; keep the smaller in u and the difference, made odd, in v
        while ((u2 | u3 | v2 | v3) != 0)
        {
            ulong borrow = 0;
            ulong d0 = SubBorrow(v0, u0, ref borrow), d1 = SubBorrow(v1, u1, ref borrow);
            ulong d2 = SubBorrow(v2, u2, ref borrow), d3 = SubBorrow(v3, u3, ref borrow);
            ulong mask = 0 - borrow; // v < u: u takes v, and the difference is negated
            u0 ^= (u0 ^ v0) & mask;
            u1 ^= (u1 ^ v1) & mask;
            u2 ^= (u2 ^ v2) & mask;
            u3 ^= (u3 ^ v3) & mask;
            ulong c = borrow;
            d0 = AddCarry(d0 ^ mask, 0, ref c);
            d1 = AddCarry(d1 ^ mask, 0, ref c);
            d2 = AddCarry(d2 ^ mask, 0, ref c);
            d3 = (d3 ^ mask) + c;
            if (d0 != 0)
            {
                int s = BitOperations.TrailingZeroCount(d0); // 1..63
                v0 = (d0 >> s) | (d1 << (64 - s));
                v1 = (d1 >> s) | (d2 << (64 - s));
                v2 = (d2 >> s) | (d3 << (64 - s));
                v3 = d3 >> s;
            }
            else if ((d1 | d2 | d3) == 0)
            {
                return new Int256(u3, u2, u1, u0) << k;
            }
            else
            {
                var d = new Int256(d3, d2, d1, d0);
                d >>>= UnsignedTrailingZeros(d);
                (v0, v1, v2, v3) = (d._u0, d._u1, d._u2, d._u3);
            }
        }
        while ((u1 | v1) != 0)
        {
            ulong borrow = 0;
            ulong d0 = SubBorrow(v0, u0, ref borrow), d1 = SubBorrow(v1, u1, ref borrow);
            ulong mask = 0 - borrow;
            u0 ^= (u0 ^ v0) & mask;
            u1 ^= (u1 ^ v1) & mask;
            ulong c = borrow;
            d0 = AddCarry(d0 ^ mask, 0, ref c);
            d1 = (d1 ^ mask) + c;
            if (d0 != 0)
            {
                int s = BitOperations.TrailingZeroCount(d0);
                v0 = (d0 >> s) | (d1 << (64 - s));
                v1 = d1 >> s;
            }
            else if (d1 == 0)
            {
                return new Int256(0, 0, u1, u0) << k;
            }
            else
            {
                v0 = d1 >> BitOperations.TrailingZeroCount(d1);
                v1 = 0;
            }
        }
        return new Int256(0, 0, 0, OddGcd64(u0, v0)) << k;
    }

    private static int UnsignedTrailingZeros(Int256 x) =>
        x._u0 != 0 ? BitOperations.TrailingZeroCount(x._u0)
        : x._u1 != 0 ? 64 + BitOperations.TrailingZeroCount(x._u1)
        : x._u2 != 0 ? 128 + BitOperations.TrailingZeroCount(x._u2)
        : 192 + BitOperations.TrailingZeroCount(x._u3);

    // gcd of two non-zero 64-bit numbers
    private static ulong Gcd64(ulong u, ulong v)
    {
        int zu = BitOperations.TrailingZeroCount(u), zv = BitOperations.TrailingZeroCount(v);
        return OddGcd64(u >> zu, v >> zv) << Math.Min(zu, zv);
    }

    // gcd of two odd 64-bit numbers (no branch on which is larger: it is a coin toss)
    private static ulong OddGcd64(ulong u, ulong v)
    {
        while (true)
        {
            ulong d = v - u;
            if (d == 0) return u;
            ulong mask = 0UL - (v < u ? 1UL : 0UL);
            u += d & mask; // the smaller
            d = (d ^ mask) - mask; // |v - u|, even
            v = d >> BitOperations.TrailingZeroCount(d);
        }
    }

    [DoesNotReturn]
    private static void ThrowDivideByZero() => throw new DivideByZeroException();
}
