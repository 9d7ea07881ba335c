using System.Buffers.Binary;
using System.Numerics;

namespace Verifier.Symbolic.Numbers;

internal readonly partial struct Int256
{
    /// <summary>Bitwise and.</summary>
    public static Int256 operator &(Int256 left, Int256 right) =>
        new(left._u3 & right._u3, left._u2 & right._u2, left._u1 & right._u1, left._u0 & right._u0);

    /// <summary>Bitwise or.</summary>
    public static Int256 operator |(Int256 left, Int256 right) =>
        new(left._u3 | right._u3, left._u2 | right._u2, left._u1 | right._u1, left._u0 | right._u0);

    /// <summary>Bitwise exclusive or.</summary>
    public static Int256 operator ^(Int256 left, Int256 right) =>
        new(left._u3 ^ right._u3, left._u2 ^ right._u2, left._u1 ^ right._u1, left._u0 ^ right._u0);

    /// <summary>Bitwise complement.</summary>
    public static Int256 operator ~(Int256 value) => new(~value._u3, ~value._u2, ~value._u1, ~value._u0);

    /// <summary>Shift left by <paramref name="shiftAmount"/> modulo 256.</summary>
    public static Int256 operator <<(Int256 value, int shiftAmount)
    {
        int s = shiftAmount & 255;
        ulong a0 = value._u0, a1 = value._u1, a2 = value._u2, a3 = value._u3;
        switch (s >> 6)
        {
            case 1: (a3, a2, a1, a0) = (a2, a1, a0, 0); break;
            case 2: (a3, a2, a1, a0) = (a1, a0, 0, 0); break;
            case 3: (a3, a2, a1, a0) = (a0, 0, 0, 0); break;
        }
        int r = s & 63; // (x >> 1) >> (63 - r) is x >> (64 - r), and 0 for r = 0
        return new((a3 << r) | ((a2 >> 1) >> (63 - r)), (a2 << r) | ((a1 >> 1) >> (63 - r)), (a1 << r) | ((a0 >> 1) >> (63 - r)), a0 << r);
    }

    /// <summary>Arithmetic shift right (the sign fills) by <paramref name="shiftAmount"/> modulo 256.</summary>
    public static Int256 operator >>(Int256 value, int shiftAmount) => ShiftRight(value, shiftAmount, value.SignMask);

    /// <summary>Logical shift right (zeros fill) by <paramref name="shiftAmount"/> modulo 256.</summary>
    public static Int256 operator >>>(Int256 value, int shiftAmount) => ShiftRight(value, shiftAmount, 0);

    private static Int256 ShiftRight(Int256 value, int shiftAmount, ulong fill)
    {
        int s = shiftAmount & 255;
        ulong a0 = value._u0, a1 = value._u1, a2 = value._u2, a3 = value._u3;
        switch (s >> 6)
        {
            case 1: (a0, a1, a2, a3) = (a1, a2, a3, fill); break;
            case 2: (a0, a1, a2, a3) = (a2, a3, fill, fill); break;
            case 3: (a0, a1, a2, a3) = (a3, fill, fill, fill); break;
        }
        int r = s & 63;
        return new((a3 >> r) | ((fill << 1) << (63 - r)), (a2 >> r) | ((a3 << 1) << (63 - r)),
            (a1 >> r) | ((a2 << 1) << (63 - r)), (a0 >> r) | ((a1 << 1) << (63 - r)));
    }

    /// <summary>Rotation left by <paramref name="rotateAmount"/> modulo 256.</summary>
    public static Int256 RotateLeft(Int256 value, int rotateAmount) => (value << rotateAmount) | (value >>> (256 - rotateAmount));

    /// <summary>Rotation right by <paramref name="rotateAmount"/> modulo 256.</summary>
    public static Int256 RotateRight(Int256 value, int rotateAmount) => (value >>> rotateAmount) | (value << (256 - rotateAmount));

    /// <summary>The number of set bits (256 for -1).</summary>
    public static Int256 PopCount(Int256 value) =>
        BitOperations.PopCount(value._u0) + BitOperations.PopCount(value._u1) + BitOperations.PopCount(value._u2) + BitOperations.PopCount(value._u3);

    /// <summary>The number of leading zero bits (0 for negative values, 256 for 0).</summary>
    public static Int256 LeadingZeroCount(Int256 value) => LeadingZeros(value);

    private static int LeadingZeros(Int256 value) =>
        value._u3 != 0 ? BitOperations.LeadingZeroCount(value._u3)
        : value._u2 != 0 ? 64 + BitOperations.LeadingZeroCount(value._u2)
        : value._u1 != 0 ? 128 + BitOperations.LeadingZeroCount(value._u1)
        : 192 + BitOperations.LeadingZeroCount(value._u0);

    /// <summary>The number of trailing zero bits (256 for 0).</summary>
    public static Int256 TrailingZeroCount(Int256 value) => IsZero(value) ? 256 : UnsignedTrailingZeros(value);

    /// <summary>The floor of the base-2 logarithm (0 for 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public static Int256 Log2(Int256 value)
    {
        if (IsNegative(value)) throw new ArgumentOutOfRangeException(nameof(value), "The value must not be negative.");
        return IsZero(value) ? 0 : 255 - LeadingZeros(value);
    }

    /// <summary>True for a positive power of 2.</summary>
    public static bool IsPow2(Int256 value) =>
        IsPositive(value) && BitOperations.PopCount(value._u0) + BitOperations.PopCount(value._u1) + BitOperations.PopCount(value._u2) + BitOperations.PopCount(value._u3) == 1;

    /// <summary>32.</summary>
    public int GetByteCount() => 32;

    /// <summary>The fewest bits of a two's complement form, sign bit included for negative values (0 for 0).</summary>
    public int GetShortestBitLength() => IsNegative(this) ? 257 - LeadingZeros(~this) : 256 - LeadingZeros(this);

    /// <summary>Writes the 32 bytes, least significant first.</summary>
    public bool TryWriteLittleEndian(Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < 32)
        {
            bytesWritten = 0;
            return false;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(destination, _u0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _u1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], _u2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], _u3);
        bytesWritten = 32;
        return true;
    }

    /// <summary>Writes the 32 bytes, most significant first.</summary>
    public bool TryWriteBigEndian(Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < 32)
        {
            bytesWritten = 0;
            return false;
        }
        BinaryPrimitives.WriteUInt64BigEndian(destination, _u3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _u2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _u1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _u0);
        bytesWritten = 32;
        return true;
    }

    /// <summary>
    /// Reads an integer of any length, least significant byte first, two's complement unless
    /// <paramref name="isUnsigned"/>; false (and 0) when it is outside the range.
    /// </summary>
    public static bool TryReadLittleEndian(ReadOnlySpan<byte> source, bool isUnsigned, out Int256 value)
    {
        Span<byte> bytes = stackalloc byte[32];
        int low = Math.Min(source.Length, 32);
        if (!Fit(source[low..], source[..low], isUnsigned, source.IsEmpty ? (byte)0 : source[^1], bytes, bigEndian: false))
        {
            value = Zero;
            return false;
        }
        value = new(BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        return true;
    }

    /// <summary>
    /// Reads an integer of any length, most significant byte first, two's complement unless <paramref name="isUnsigned"/>;
    /// false (and 0) when it is outside the range.
    /// </summary>
    public static bool TryReadBigEndian(ReadOnlySpan<byte> source, bool isUnsigned, out Int256 value)
    {
        Span<byte> bytes = stackalloc byte[32];
        int extra = Math.Max(0, source.Length - 32);
        if (!Fit(source[..extra], source[extra..], isUnsigned, source.IsEmpty ? (byte)0 : source[0], bytes, bigEndian: true))
        {
            value = Zero;
            return false;
        }
        value = new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
        return true;
    }

    // Sign-extends the last 32 bytes (low) of an integer into bytes, in the same order; false when the bytes above them
    // (high) are not the sign's extension or the value does not fit.
    private static bool Fit(ReadOnlySpan<byte> high, ReadOnlySpan<byte> low, bool isUnsigned, byte topByte,
        Span<byte> bytes, bool bigEndian)
    {
        bool negative = !isUnsigned && (sbyte)topByte < 0;
        byte fill = negative ? (byte)0xFF : (byte)0;
        if (high.ContainsAnyExcept(fill)) return false;
        if (low.Length == 32 && ((sbyte)low[bigEndian ? 0 : 31] < 0) != negative) return false; // beyond the range
        bytes.Fill(fill);
        low.CopyTo(bigEndian ? bytes[(32 - low.Length)..] : bytes);
        return true;
    }
}
