using System.Runtime.CompilerServices;

namespace Verifier.Symbolic.Numbers;

internal readonly partial struct Int256
{
    // Addition and subtraction run one carry chain over the four limbs (the carry out of a limb is the majority of the
    // operands' and the complemented sum's top bits: no compare, no branch). Signed overflow is the sign rule on the top
    // limb. Multiplication works on magnitudes: a magnitude of k limbs and one of l limbs give a product of k + l - 1 or
    // k + l limbs, so k + l > 5 overflows at once and otherwise the shorter factor has at most two limbs (at most six
    // 64 x 64 -> 128-bit products; one when both fit a limb, four when both fit two).

    /// <summary>a + b + carry (carry 0 or 1), setting carry to the carry out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddCarry(ulong a, ulong b, ref ulong carry)
    {
        ulong sum = a + b + carry;
        carry = ((a & b) | ((a | b) & ~sum)) >> 63;
        return sum;
    }

    /// <summary>a - b - borrow (borrow 0 or 1), setting borrow to the borrow out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubBorrow(ulong a, ulong b, ref ulong borrow)
    {
        ulong difference = a - b - borrow;
        borrow = ((~a & b) | (~(a ^ b) & difference)) >> 63;
        return difference;
    }

    /// <summary>Sum modulo 2^256.</summary>
    public static Int256 operator +(Int256 left, Int256 right)
    {
        ulong carry = 0;
        ulong r0 = AddCarry(left._u0, right._u0, ref carry);
        ulong r1 = AddCarry(left._u1, right._u1, ref carry);
        ulong r2 = AddCarry(left._u2, right._u2, ref carry);
        return new(left._u3 + right._u3 + carry, r2, r1, r0);
    }

    /// <summary>Sum.</summary>
    /// <exception cref="OverflowException">The sum is outside the range.</exception>
    public static Int256 operator checked +(Int256 left, Int256 right)
    {
        var sum = left + right;
        if ((long)((left._u3 ^ sum._u3) & (right._u3 ^ sum._u3)) < 0) ThrowOverflow(); // like signs, the sum's differs
        return sum;
    }

    /// <summary>Difference modulo 2^256.</summary>
    public static Int256 operator -(Int256 left, Int256 right)
    {
        ulong borrow = 0;
        ulong r0 = SubBorrow(left._u0, right._u0, ref borrow);
        ulong r1 = SubBorrow(left._u1, right._u1, ref borrow);
        ulong r2 = SubBorrow(left._u2, right._u2, ref borrow);
        return new(left._u3 - right._u3 - borrow, r2, r1, r0);
    }

    /// <summary>Difference.</summary>
    /// <exception cref="OverflowException">The difference is outside the range.</exception>
    public static Int256 operator checked -(Int256 left, Int256 right)
    {
        var difference = left - right;
        if ((long)((left._u3 ^ right._u3) & (left._u3 ^ difference._u3)) < 0) ThrowOverflow(); // unlike signs, the result's is the subtrahend's
        return difference;
    }

    /// <summary>Negation modulo 2^256 (<see cref="MinValue"/> is its own negation).</summary>
    public static Int256 operator -(Int256 value)
    {
        ulong borrow = 0;
        ulong r0 = SubBorrow(0, value._u0, ref borrow);
        ulong r1 = SubBorrow(0, value._u1, ref borrow);
        ulong r2 = SubBorrow(0, value._u2, ref borrow);
        return new(0 - value._u3 - borrow, r2, r1, r0);
    }

    /// <summary>Negation.</summary>
    /// <exception cref="OverflowException"><paramref name="value"/> is <see cref="MinValue"/>.</exception>
    public static Int256 operator checked -(Int256 value)
    {
        var negation = -value;
        if ((long)(value._u3 & negation._u3) < 0) ThrowOverflow();
        return negation;
    }

    /// <summary>The value itself.</summary>
    public static Int256 operator +(Int256 value) => value;

    /// <summary>The value plus 1, modulo 2^256.</summary>
    public static Int256 operator ++(Int256 value) => value + One;

    /// <summary>The value plus 1.</summary>
    /// <exception cref="OverflowException"><paramref name="value"/> is <see cref="MaxValue"/>.</exception>
    public static Int256 operator checked ++(Int256 value)
    {
        var result = value + One;
        if ((long)(~value._u3 & result._u3) < 0) ThrowOverflow();
        return result;
    }

    /// <summary>The value minus 1, modulo 2^256.</summary>
    public static Int256 operator --(Int256 value) => value - One;

    /// <summary>The value minus 1.</summary>
    /// <exception cref="OverflowException"><paramref name="value"/> is <see cref="MinValue"/>.</exception>
    public static Int256 operator checked --(Int256 value)
    {
        var result = value - One;
        if ((long)(value._u3 & ~result._u3) < 0) ThrowOverflow();
        return result;
    }

    /// <summary>(x, y) -> x y + add + carry, returning the low limb and leaving the high one in carry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd(ulong x, ulong y, ulong add, ref ulong carry)
    {
        ulong high = Math.BigMul(x, y, out ulong low);
        low += add;
        high += low < add ? 1UL : 0UL;
        low += carry;
        high += low < carry ? 1UL : 0UL;
        carry = high; // x y + add + carry < 2^128
        return low;
    }

    /// <summary>Product modulo 2^256.</summary>
    public static Int256 operator *(Int256 left, Int256 right)
    {
        // the product of the bit patterns modulo 2^256 is the signed product modulo 2^256
        ulong a0 = left._u0, a1 = left._u1, a2 = left._u2, a3 = left._u3;
        ulong b0 = right._u0, b1 = right._u1, b2 = right._u2, b3 = right._u3;
        ulong c = 0;
        ulong r0 = MulAdd(a0, b0, 0, ref c);
        ulong r1 = MulAdd(a0, b1, 0, ref c);
        ulong r2 = MulAdd(a0, b2, 0, ref c);
        ulong r3 = a0 * b3 + c;
        c = 0;
        r1 = MulAdd(a1, b0, r1, ref c);
        r2 = MulAdd(a1, b1, r2, ref c);
        r3 += a1 * b2 + c;
        c = 0;
        r2 = MulAdd(a2, b0, r2, ref c);
        r3 += a2 * b1 + c;
        r3 += a3 * b0;
        return new(r3, r2, r1, r0);
    }

    /// <summary>Product.</summary>
    /// <exception cref="OverflowException">The product is outside the range.</exception>
    public static Int256 operator checked *(Int256 left, Int256 right)
    {
        ulong sa = left.SignMask, sb = right.SignMask, negative = sa ^ sb;
        // magnitudes (2^255 for MinValue fits unsigned)
        ulong c = sa & 1;
        ulong a0 = AddCarry(left._u0 ^ sa, 0, ref c), a1 = AddCarry(left._u1 ^ sa, 0, ref c);
        ulong a2 = AddCarry(left._u2 ^ sa, 0, ref c), a3 = (left._u3 ^ sa) + c;
        c = sb & 1;
        ulong b0 = AddCarry(right._u0 ^ sb, 0, ref c), b1 = AddCarry(right._u1 ^ sb, 0, ref c);
        ulong b2 = AddCarry(right._u2 ^ sb, 0, ref c), b3 = (right._u3 ^ sb) + c;
        ulong r0, r1, r2 = 0, r3 = 0, r4 = 0;
        if ((a1 | a2 | a3 | b1 | b2 | b3) == 0)
        {
            r1 = Math.BigMul(a0, b0, out r0);
        }
        else if ((a2 | a3 | b2 | b3) == 0) // two limbs each (the common case): four products
        {
            c = 0;
            r0 = MulAdd(a0, b0, 0, ref c);
            r1 = MulAdd(a0, b1, 0, ref c);
            r2 = c;
            c = 0;
            r1 = MulAdd(a1, b0, r1, ref c);
            r2 = MulAdd(a1, b1, r2, ref c);
            r3 = c;
        }
        else
        {
            int la = a3 != 0 ? 4 : a2 != 0 ? 3 : a1 != 0 ? 2 : 1;
            int lb = b3 != 0 ? 4 : b2 != 0 ? 3 : b1 != 0 ? 2 : 1;
            if (la + lb > 5) ThrowOverflow(); // at least 2^(64 (la + lb - 2)) >= 2^256
            if (la > lb)
            {
                (a0, b0) = (b0, a0);
                (a1, b1) = (b1, a1);
                (b2, b3) = (a2, a3); // a2 = a3 = 0 for the shorter factor
                la = lb;
            }
            c = 0;
            r0 = MulAdd(a0, b0, 0, ref c);
            r1 = MulAdd(a0, b1, 0, ref c);
            r2 = MulAdd(a0, b2, 0, ref c);
            r3 = MulAdd(a0, b3, 0, ref c);
            r4 = c;
            if (la == 2) // then b3 = 0
            {
                c = 0;
                r1 = MulAdd(a1, b0, r1, ref c);
                r2 = MulAdd(a1, b1, r2, ref c);
                r3 = MulAdd(a1, b2, r3, ref c);
                r4 += c;
            }
        }
        // the magnitude must be below 2^255, or equal to it for a negative product
        if (r4 != 0 || ((long)r3 < 0 && (negative == 0 || r3 != 0x8000_0000_0000_0000 || (r0 | r1 | r2) != 0))) ThrowOverflow();
        c = negative & 1;
        r0 = AddCarry(r0 ^ negative, 0, ref c);
        r1 = AddCarry(r1 ^ negative, 0, ref c);
        r2 = AddCarry(r2 ^ negative, 0, ref c);
        return new((r3 ^ negative) + c, r2, r1, r0);
    }
}
