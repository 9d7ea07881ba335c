using System.Buffers.Binary;
using System.Numerics;

namespace Verifier.Symbolic.Numbers;

internal readonly partial struct Int256
{
    // Conversions follow Int128: from every integer type of at most 128 bits implicitly; to them explicitly, wrapping, or
    // throwing OverflowException in checked context; from floating-point types truncating toward zero and saturating (NaN
    // is 0), or throwing in checked context; to them correctly rounded (the 63 leading bits with a sticky bit, converted
    // once). BigInteger converts explicitly both ways, and to Int256 throws when out of range in either context, as
    // BigInteger's own narrowing conversions do.

    private static readonly BigInteger Modulus = BigInteger.One << 256;

    /// <summary>The value.</summary>
    public static implicit operator Int256(long value)
    {
        ulong fill = (ulong)(value >> 63);
        return new(fill, fill, fill, (ulong)value);
    }

    /// <summary>The value.</summary>
    public static implicit operator Int256(int value) => (long)value;

    /// <summary>The value.</summary>
    public static implicit operator Int256(short value) => (long)value;

    /// <summary>The value.</summary>
    public static implicit operator Int256(sbyte value) => (long)value;

    /// <summary>The value.</summary>
    public static implicit operator Int256(nint value) => (long)value;

    /// <summary>The value.</summary>
    public static implicit operator Int256(ulong value) => new(0, 0, 0, value);

    /// <summary>The value.</summary>
    public static implicit operator Int256(uint value) => new(0, 0, 0, value);

    /// <summary>The value.</summary>
    public static implicit operator Int256(ushort value) => new(0, 0, 0, value);

    /// <summary>The value.</summary>
    public static implicit operator Int256(byte value) => new(0, 0, 0, value);

    /// <summary>The value.</summary>
    public static implicit operator Int256(char value) => new(0, 0, 0, value);

    /// <summary>The value.</summary>
    public static implicit operator Int256(nuint value) => new(0, 0, 0, value);

    /// <summary>The value.</summary>
    public static implicit operator Int256(Int128 value)
    {
        ulong high = (ulong)(value >> 64), fill = (ulong)((long)high >> 63);
        return new(fill, fill, high, (ulong)value);
    }

    /// <summary>The value.</summary>
    public static implicit operator Int256(UInt128 value) => new(0, 0, (ulong)(value >> 64), (ulong)value);

    /// <summary>The low 64 bits.</summary>
    public static explicit operator long(Int256 value) => (long)value._u0;

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range of <see cref="long"/>.</exception>
    public static explicit operator checked long(Int256 value)
    {
        if (!value.FitsInt64) ThrowOverflow();
        return (long)value._u0;
    }

    /// <summary>The low 64 bits.</summary>
    public static explicit operator ulong(Int256 value) => value._u0;

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range of <see cref="ulong"/>.</exception>
    public static explicit operator checked ulong(Int256 value)
    {
        if ((value._u1 | value._u2 | value._u3) != 0) ThrowOverflow();
        return value._u0;
    }

    /// <summary>The low 32 bits.</summary>
    public static explicit operator int(Int256 value) => (int)value._u0;

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range.</exception>
    public static explicit operator checked int(Int256 value) => checked((int)(long)value);

    /// <summary>The low 32 bits.</summary>
    public static explicit operator uint(Int256 value) => (uint)value._u0;

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range.</exception>
    public static explicit operator checked uint(Int256 value) => checked((uint)(ulong)value);

    /// <summary>The low 16 bits.</summary>
    public static explicit operator short(Int256 value) => (short)value._u0;

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range.</exception>
    public static explicit operator checked short(Int256 value) => checked((short)(long)value);

    /// <summary>The low 16 bits.</summary>
    public static explicit operator ushort(Int256 value) => (ushort)value._u0;

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range.</exception>
    public static explicit operator checked ushort(Int256 value) => checked((ushort)(ulong)value);

    /// <summary>The low 16 bits.</summary>
    public static explicit operator char(Int256 value) => (char)value._u0;

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range.</exception>
    public static explicit operator checked char(Int256 value) => checked((char)(ulong)value);

    /// <summary>The low 8 bits.</summary>
    public static explicit operator sbyte(Int256 value) => (sbyte)value._u0;

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range.</exception>
    public static explicit operator checked sbyte(Int256 value) => checked((sbyte)(long)value);

    /// <summary>The low 8 bits.</summary>
    public static explicit operator byte(Int256 value) => (byte)value._u0;

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range.</exception>
    public static explicit operator checked byte(Int256 value) => checked((byte)(ulong)value);

    /// <summary>The low bits.</summary>
    public static explicit operator nint(Int256 value) => (nint)value._u0;

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range.</exception>
    public static explicit operator checked nint(Int256 value) => checked((nint)(long)value);

    /// <summary>The low bits.</summary>
    public static explicit operator nuint(Int256 value) => (nuint)value._u0;

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range.</exception>
    public static explicit operator checked nuint(Int256 value) => checked((nuint)(ulong)value);

    /// <summary>The low 128 bits.</summary>
    public static explicit operator Int128(Int256 value) => new(value._u1, value._u0);

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range of <see cref="Int128"/>.</exception>
    public static explicit operator checked Int128(Int256 value)
    {
        if (!value.FitsInt128) ThrowOverflow();
        return new(value._u1, value._u0);
    }

    /// <summary>The low 128 bits.</summary>
    public static explicit operator UInt128(Int256 value) => new(value._u1, value._u0);

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range of <see cref="UInt128"/>.</exception>
    public static explicit operator checked UInt128(Int256 value)
    {
        if ((value._u2 | value._u3) != 0) ThrowOverflow();
        return new(value._u1, value._u0);
    }

    private bool FitsInt128
    {
        get
        {
            ulong fill = (ulong)((long)_u1 >> 63);
            return ((_u2 ^ fill) | (_u3 ^ fill)) == 0;
        }
    }

    /// <summary>The value (exact).</summary>
    public static explicit operator BigInteger(Int256 value)
    {
        if (value.FitsInt64) return new BigInteger((long)value._u0);
        Span<byte> bytes = stackalloc byte[32];
        value.TryWriteLittleEndian(bytes, out _);
        return new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
    }

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range (in either context, as for BigInteger's narrowing conversions).</exception>
    public static explicit operator Int256(BigInteger value)
    {
        if (!TryFromBig(value, out var result)) ThrowOverflow();
        return result;
    }

    // The value when it lies in the range.
    private static bool TryFromBig(BigInteger value, out Int256 result)
    {
        long bits = value.GetBitLength();
        if (bits <= 63)
        {
            result = (long)value;
            return true;
        }
        if (bits > 255)
        {
            result = Zero;
            return false;
        }
        result = FromBytes(value, isUnsigned: false);
        return true;
    }

    // The two's complement bytes of a value that fits (unsigned: below 2^256).
    private static Int256 FromBytes(BigInteger value, bool isUnsigned)
    {
        Span<byte> bytes = stackalloc byte[33];
        value.TryWriteBytes(bytes, out int written, isUnsigned, isBigEndian: false);
        bytes[written..].Fill(value.Sign < 0 ? (byte)0xFF : (byte)0);
        return new(BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes));
    }

    /// <summary>The value rounded to the nearest double (ties to even).</summary>
    public static explicit operator double(Int256 value)
    {
        if (value.FitsInt64) return (long)value._u0;
        int shift = TopBits(value, out long top, out _);
        // top < 2^63 rounds once; the scale, ±2^shift with the value's sign, is exact (and no branch on the sign)
        return top * BitConverter.Int64BitsToDouble(((long)(1023 + shift) << 52) | (long)(value._u3 & 0x8000_0000_0000_0000));
    }

    /// <summary>The value rounded to the nearest float (ties to even; infinity beyond the float range).</summary>
    public static explicit operator float(Int256 value)
    {
        if (value.FitsInt64) return (long)value._u0;
        int shift = TopBits(value, out long top, out bool negative);
        float magnitude = MathF.ScaleB(top, shift); // the conversion rounds once; scaling is exact or overflows
        return negative ? -magnitude : magnitude;
    }

    /// <summary>The value rounded to the nearest <see cref="Half"/>.</summary>
    public static explicit operator Half(Int256 value) => (Half)(double)value; // exact below 2^53, infinity above 2^16

    // |value| (at least 2^63) as top * 2^shift rounded to odd: top holds the 63 leading bits, its lowest bit ORed with
    // every bit below them, so that a conversion of top to a binary format of at most 61 bits rounds as |value| would.
    private static int TopBits(Int256 value, out long top, out bool negative)
    {
        negative = IsNegative(value);
        var m = Negate(value, value.SignMask);
        ulong high, next, rest;
        int shift;
        if (m._u3 != 0) (high, next, rest, shift) = (m._u3, m._u2, m._u1 | m._u0, 192);
        else if (m._u2 != 0) (high, next, rest, shift) = (m._u2, m._u1, m._u0, 128);
        else if (m._u1 != 0) (high, next, rest, shift) = (m._u1, m._u0, 0, 64);
        else (high, next, rest, shift) = (m._u0, 0, 0, 0);
        int lz = BitOperations.LeadingZeroCount(high);
        ulong leading = (high << lz) | ((next >> 1) >> (63 - lz)); // the 64 leading bits
        ulong sticky = (next << lz) | rest;
        top = (long)((leading >> 1) | (leading & 1) | (sticky != 0 ? 1UL : 0UL));
        return shift - lz + 1;
    }

    /// <summary>The value.</summary>
    /// <exception cref="OverflowException">The value is outside the range of <see cref="decimal"/> (in either context, as for <see cref="Int128"/>).</exception>
    public static explicit operator decimal(Int256 value)
    {
        ulong sign = value.SignMask;
        var magnitude = Negate(value, sign);
        if ((magnitude._u3 | magnitude._u2 | (magnitude._u1 >> 32)) != 0) ThrowOverflow();
        return new decimal((int)(uint)magnitude._u0, (int)(uint)(magnitude._u0 >> 32), (int)(uint)magnitude._u1, sign != 0, 0);
    }

    /// <summary>The value truncated toward zero, saturating (NaN is 0), as for <see cref="Int128"/>.</summary>
    public static explicit operator Int256(double value) => FromDouble(value, Conversion.Saturating);

    /// <summary>The value truncated toward zero.</summary>
    /// <exception cref="OverflowException">NaN, or outside the range.</exception>
    public static explicit operator checked Int256(double value) => FromDouble(value, Conversion.Checked);

    /// <summary>The value truncated toward zero, saturating (NaN is 0).</summary>
    public static explicit operator Int256(float value) => FromDouble(value, Conversion.Saturating);

    /// <summary>The value truncated toward zero.</summary>
    /// <exception cref="OverflowException">NaN, or outside the range.</exception>
    public static explicit operator checked Int256(float value) => FromDouble(value, Conversion.Checked);

    /// <summary>The value truncated toward zero, saturating (NaN is 0).</summary>
    public static explicit operator Int256(Half value) => FromDouble((double)value, Conversion.Saturating);

    /// <summary>The value truncated toward zero.</summary>
    /// <exception cref="OverflowException">NaN or infinite.</exception>
    public static explicit operator checked Int256(Half value) => FromDouble((double)value, Conversion.Checked);

    /// <summary>The value truncated toward zero (always in range).</summary>
    public static explicit operator Int256(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(decimal.Truncate(value), bits); // scale 0 after truncation
        var magnitude = new Int256(0, 0, (uint)bits[2], (uint)bits[0] | ((ulong)(uint)bits[1] << 32));
        return value < 0 ? -magnitude : magnitude;
    }

    private enum Conversion { Checked, Saturating, Truncating }

    private static Int256 FromDouble(double value, Conversion mode)
    {
        const double TwoTo255 = 5.7896044618658097711785492504343953926634992332820282019728792003956564819968E+76;
        if (double.IsNaN(value) || value >= TwoTo255 || value < -TwoTo255)
        {
            if (mode == Conversion.Checked) ThrowOverflow();
            return double.IsNaN(value) ? Zero : value > 0 ? MaxValue : MinValue;
        }
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF) - 1075; // |value| = mantissa 2^exponent
        if (exponent < -52) return Zero; // |value| < 1
        ulong mantissa = ((ulong)bits & 0xF_FFFF_FFFF_FFFF) | (1UL << 52);
        Int256 magnitude = exponent >= 0 ? (Int256)mantissa << exponent : (Int256)(mantissa >> -exponent);
        return value < 0 ? -magnitude : magnitude; // -2^255 is MinValue
    }
}
