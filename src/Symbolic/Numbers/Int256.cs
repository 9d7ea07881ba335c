using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Verifier.Symbolic.Numbers;

/// <summary>
/// A 256-bit signed integer in two's complement, held in four 64-bit limbs: <see cref="Int128"/> at twice the width, for
/// the exact piece kernel's integers of 120-230 bits, where <see cref="BigInteger"/> spends its time allocating.
/// </summary>
/// <remarks>
/// <para>The semantics are those of <see cref="Int128"/> with 256 for 128: the unchecked operators wrap modulo 2^256, the
/// <c>checked</c> ones (<c>+ - * ++ --</c>, unary minus, the narrowing conversions) throw <see cref="OverflowException"/>
/// when the true result is outside [-2^255, 2^255 - 1], division truncates toward zero, <c>MinValue / -1</c> and
/// <c>MinValue % -1</c> throw <see cref="OverflowException"/> in either context (as <see cref="Int128"/> does), and shift
/// counts are taken modulo 256. Nothing allocates except the conversions to and from <see cref="BigInteger"/>, the text
/// formats and parsing (which go through <see cref="BigInteger"/>).</para>
/// <para>The parts: this file (layout, constants, comparison, sign), <c>Int256.Arithmetic.cs</c> (addition, subtraction,
/// multiplication), <c>Int256.Division.cs</c> (division, remainder, greatest common divisor), <c>Int256.Bits.cs</c>
/// (bitwise operators, shifts, bit counts, bytes), <c>Int256.Conversions.cs</c> (operators), <c>Int256.Create.cs</c>
/// (the generic conversions) and <c>Int256.Text.cs</c>.</para>
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal readonly partial struct Int256 : IBinaryInteger<Int256>, ISignedNumber<Int256>, IMinMaxValue<Int256>
{
    // limbs, least significant first; the sign is the top bit of _u3
    private readonly ulong _u0;
    private readonly ulong _u1;
    private readonly ulong _u2;
    private readonly ulong _u3;

    /// <summary>The integer with the given limbs, most significant first (<paramref name="u3"/> holds the sign bit).</summary>
    public Int256(ulong u3, ulong u2, ulong u1, ulong u0)
    {
        _u0 = u0;
        _u1 = u1;
        _u2 = u2;
        _u3 = u3;
    }

    /// <summary>The smallest value, -2^255.</summary>
    public static Int256 MinValue => new(0x8000_0000_0000_0000, 0, 0, 0);

    /// <summary>The largest value, 2^255 - 1.</summary>
    public static Int256 MaxValue => new(0x7FFF_FFFF_FFFF_FFFF, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>0.</summary>
    public static Int256 Zero => default;

    /// <summary>1.</summary>
    public static Int256 One => new(0, 0, 0, 1);

    /// <summary>-1.</summary>
    public static Int256 NegativeOne => new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>All 256 bits set (-1).</summary>
    public static Int256 AllBitsSet => NegativeOne;

    /// <summary>2.</summary>
    public static int Radix => 2;

    /// <summary>0.</summary>
    public static Int256 AdditiveIdentity => default;

    /// <summary>1.</summary>
    public static Int256 MultiplicativeIdentity => One;

    /// <summary>The limb at <paramref name="index"/> (0 the least significant, 3 the one with the sign bit).</summary>
    internal ulong Limb(int index) => index switch
    {
        0 => _u0,
        1 => _u1,
        2 => _u2,
        3 => _u3,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    // The sign as a mask: all ones when negative, else 0.
    private ulong SignMask
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (ulong)((long)_u3 >> 63);
    }

    // True when the value lies in [long.MinValue, long.MaxValue].
    private bool FitsInt64
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            ulong fill = (ulong)((long)_u0 >> 63);
            return ((_u1 ^ fill) | (_u2 ^ fill) | (_u3 ^ fill)) == 0;
        }
    }

    // ---- sign and classification ----

    /// <summary>True for 0.</summary>
    public static bool IsZero(Int256 value) => (value._u0 | value._u1 | value._u2 | value._u3) == 0;

    /// <summary>True below 0.</summary>
    public static bool IsNegative(Int256 value) => (long)value._u3 < 0;

    /// <summary>True at or above 0 (0 is positive, as for <see cref="Int128"/>).</summary>
    public static bool IsPositive(Int256 value) => (long)value._u3 >= 0;

    /// <summary>-1, 0 or 1.</summary>
    public static int Sign(Int256 value)
    {
        ulong any = value._u0 | value._u1 | value._u2 | value._u3;
        return (int)((long)value._u3 >> 63) | (int)((any | (0UL - any)) >> 63);
    }

    /// <summary>True when the value is even.</summary>
    public static bool IsEvenInteger(Int256 value) => (value._u0 & 1) == 0;

    /// <summary>True when the value is odd.</summary>
    public static bool IsOddInteger(Int256 value) => (value._u0 & 1) != 0;

    /// <summary>True (every value is canonical).</summary>
    public static bool IsCanonical(Int256 value) => true;

    /// <summary>False.</summary>
    public static bool IsComplexNumber(Int256 value) => false;

    /// <summary>True.</summary>
    public static bool IsFinite(Int256 value) => true;

    /// <summary>False.</summary>
    public static bool IsImaginaryNumber(Int256 value) => false;

    /// <summary>False.</summary>
    public static bool IsInfinity(Int256 value) => false;

    /// <summary>True.</summary>
    public static bool IsInteger(Int256 value) => true;

    /// <summary>False.</summary>
    public static bool IsNaN(Int256 value) => false;

    /// <summary>False.</summary>
    public static bool IsNegativeInfinity(Int256 value) => false;

    /// <summary>True for every value but 0.</summary>
    public static bool IsNormal(Int256 value) => !IsZero(value);

    /// <summary>False.</summary>
    public static bool IsPositiveInfinity(Int256 value) => false;

    /// <summary>True.</summary>
    public static bool IsRealNumber(Int256 value) => true;

    /// <summary>False.</summary>
    public static bool IsSubnormal(Int256 value) => false;

    // ---- comparison ----

    /// <summary>-1, 0 or 1 as this value is below, equal to or above <paramref name="other"/>.</summary>
    public int CompareTo(Int256 other)
    {
        if (_u3 != other._u3) return (long)_u3 < (long)other._u3 ? -1 : 1;
        if (_u2 != other._u2) return _u2 < other._u2 ? -1 : 1;
        if (_u1 != other._u1) return _u1 < other._u1 ? -1 : 1;
        if (_u0 != other._u0) return _u0 < other._u0 ? -1 : 1;
        return 0;
    }

    /// <summary>Compares with a boxed <see cref="Int256"/> (null is below every value).</summary>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is neither null nor an <see cref="Int256"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Int256 other => CompareTo(other),
        _ => throw new ArgumentException("Object must be of type Int256.", nameof(obj)),
    };

    /// <summary>True when the values are equal.</summary>
    public bool Equals(Int256 other) => ((_u0 ^ other._u0) | (_u1 ^ other._u1) | (_u2 ^ other._u2) | (_u3 ^ other._u3)) == 0;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Int256 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_u0, _u1, _u2, _u3);

    /// <summary>Equality.</summary>
    public static bool operator ==(Int256 left, Int256 right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Int256 left, Int256 right) => !left.Equals(right);

    /// <summary>Less than.</summary>
    public static bool operator <(Int256 left, Int256 right)
    {
        if (left._u3 != right._u3) return (long)left._u3 < (long)right._u3;
        if (left._u2 != right._u2) return left._u2 < right._u2;
        if (left._u1 != right._u1) return left._u1 < right._u1;
        return left._u0 < right._u0;
    }

    /// <summary>Greater than.</summary>
    public static bool operator >(Int256 left, Int256 right) => right < left;

    /// <summary>Less than or equal.</summary>
    public static bool operator <=(Int256 left, Int256 right) => !(right < left);

    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(Int256 left, Int256 right) => !(left < right);

    /// <summary>The smaller value.</summary>
    public static Int256 Min(Int256 x, Int256 y) => x <= y ? x : y;

    /// <summary>The larger value.</summary>
    public static Int256 Max(Int256 x, Int256 y) => x >= y ? x : y;

    /// <summary>The smaller value (there is no NaN).</summary>
    public static Int256 MinNumber(Int256 x, Int256 y) => Min(x, y);

    /// <summary>The larger value (there is no NaN).</summary>
    public static Int256 MaxNumber(Int256 x, Int256 y) => Max(x, y);

    /// <summary><paramref name="value"/> clamped to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is above <paramref name="max"/>.</exception>
    public static Int256 Clamp(Int256 value, Int256 min, Int256 max)
    {
        if (min > max) throw new ArgumentException($"'{min}' cannot be greater than {max}.", nameof(min));
        return value < min ? min : value > max ? max : value;
    }

    // ---- magnitude ----

    /// <summary>The absolute value.</summary>
    /// <exception cref="OverflowException"><paramref name="value"/> is <see cref="MinValue"/> (as for <see cref="Int128"/>, in either context).</exception>
    public static Int256 Abs(Int256 value)
    {
        if ((long)value._u3 >= 0) return value;
        value = -value;
        if ((long)value._u3 < 0) ThrowOverflow(); // only MinValue is its own negation
        return value;
    }

    /// <summary>The magnitude of <paramref name="value"/> with the sign of <paramref name="sign"/>.</summary>
    /// <exception cref="OverflowException">The result is 2^255.</exception>
    public static Int256 CopySign(Int256 value, Int256 sign)
    {
        var magnitude = IsNegative(value) ? -value : value; // MinValue stays negative here
        if (IsPositive(sign))
        {
            if (IsNegative(magnitude)) ThrowOverflow();
            return magnitude;
        }
        return -magnitude;
    }

    /// <summary>The value of larger magnitude (the positive one on a tie; <see cref="MinValue"/> is the largest).</summary>
    public static Int256 MaxMagnitude(Int256 x, Int256 y)
    {
        var absX = x;
        if (IsNegative(absX))
        {
            absX = -absX;
            if (IsNegative(absX)) return x;
        }
        var absY = y;
        if (IsNegative(absY))
        {
            absY = -absY;
            if (IsNegative(absY)) return y;
        }
        if (absX > absY) return x;
        if (absX == absY) return IsNegative(x) ? y : x;
        return y;
    }

    /// <summary>The value of smaller magnitude (the negative one on a tie).</summary>
    public static Int256 MinMagnitude(Int256 x, Int256 y)
    {
        var absX = x;
        if (IsNegative(absX))
        {
            absX = -absX;
            if (IsNegative(absX)) return y;
        }
        var absY = y;
        if (IsNegative(absY))
        {
            absY = -absY;
            if (IsNegative(absY)) return x;
        }
        if (absX < absY) return x;
        if (absX == absY) return IsNegative(x) ? x : y;
        return y;
    }

    /// <summary>As <see cref="MaxMagnitude"/> (there is no NaN).</summary>
    public static Int256 MaxMagnitudeNumber(Int256 x, Int256 y) => MaxMagnitude(x, y);

    /// <summary>As <see cref="MinMagnitude"/> (there is no NaN).</summary>
    public static Int256 MinMagnitudeNumber(Int256 x, Int256 y) => MinMagnitude(x, y);

    [DoesNotReturn]
    private static void ThrowOverflow() => throw new OverflowException("Arithmetic operation resulted in an overflow of Int256.");
}
