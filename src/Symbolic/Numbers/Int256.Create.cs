using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Verifier.Symbolic.Numbers;

internal readonly partial struct Int256
{
    // The generic conversions of INumberBase (CreateChecked and the TryConvert members it calls), for every built-in
    // number type, BigInteger and Complex: integers of at most 128 bits always fit; narrowing goes through Int128 or
    // UInt128, which every built-in integer type converts from; floating-point values truncate toward zero.

    private static Int256 FromBig(BigInteger value, Conversion mode)
    {
        if (TryFromBig(value, out var result)) return result;
        return mode switch
        {
            Conversion.Checked => throw new OverflowException("The value is outside the range of Int256."),
            Conversion.Saturating => value.Sign < 0 ? MinValue : MaxValue,
            _ => FromBytes(value & (Modulus - 1), isUnsigned: true),
        };
    }

    /// <summary>The value of another number type, throwing when it is outside the range.</summary>
    /// <exception cref="OverflowException">The value is outside the range (or NaN).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="TOther"/> is not supported.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int256 CreateChecked<TOther>(TOther value) where TOther : INumberBase<TOther>
    {
        Int256 result;
        if (typeof(TOther) == typeof(Int256)) result = (Int256)(object)value;
        else if (!TryConvertFrom(value, Conversion.Checked, out result) && !TOther.TryConvertToChecked(value, out result)) ThrowNotSupported();
        return result;
    }

    /// <summary>The value of another number type, clamped to the range.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="TOther"/> is not supported.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int256 CreateSaturating<TOther>(TOther value) where TOther : INumberBase<TOther>
    {
        Int256 result;
        if (typeof(TOther) == typeof(Int256)) result = (Int256)(object)value;
        else if (!TryConvertFrom(value, Conversion.Saturating, out result) && !TOther.TryConvertToSaturating(value, out result)) ThrowNotSupported();
        return result;
    }

    /// <summary>The value of another number type, wrapped modulo 2^256 (floating-point values saturate).</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="TOther"/> is not supported.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int256 CreateTruncating<TOther>(TOther value) where TOther : INumberBase<TOther>
    {
        Int256 result;
        if (typeof(TOther) == typeof(Int256)) result = (Int256)(object)value;
        else if (!TryConvertFrom(value, Conversion.Truncating, out result) && !TOther.TryConvertToTruncating(value, out result)) ThrowNotSupported();
        return result;
    }

    [DoesNotReturn]
    private static void ThrowNotSupported() => throw new NotSupportedException("The conversion is not supported.");

    static bool INumberBase<Int256>.TryConvertFromChecked<TOther>(TOther value, out Int256 result) => TryConvertFrom(value, Conversion.Checked, out result);

    static bool INumberBase<Int256>.TryConvertFromSaturating<TOther>(TOther value, out Int256 result) => TryConvertFrom(value, Conversion.Saturating, out result);

    static bool INumberBase<Int256>.TryConvertFromTruncating<TOther>(TOther value, out Int256 result) => TryConvertFrom(value, Conversion.Truncating, out result);

    static bool INumberBase<Int256>.TryConvertToChecked<TOther>(Int256 value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, Conversion.Checked, out result);

    static bool INumberBase<Int256>.TryConvertToSaturating<TOther>(Int256 value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, Conversion.Saturating, out result);

    static bool INumberBase<Int256>.TryConvertToTruncating<TOther>(Int256 value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, Conversion.Truncating, out result);

    // From another type; false when the type is not one of the built-in number types, BigInteger or Complex.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryConvertFrom<TOther>(TOther value, Conversion mode, out Int256 result) where TOther : INumberBase<TOther>
    {
        // every integer type of at most 128 bits fits
        if (typeof(TOther) == typeof(long)) result = (long)(object)value;
        else if (typeof(TOther) == typeof(int)) result = (int)(object)value;
        else if (typeof(TOther) == typeof(short)) result = (short)(object)value;
        else if (typeof(TOther) == typeof(sbyte)) result = (sbyte)(object)value;
        else if (typeof(TOther) == typeof(nint)) result = (nint)(object)value;
        else if (typeof(TOther) == typeof(Int128)) result = (Int128)(object)value;
        else if (typeof(TOther) == typeof(ulong)) result = (ulong)(object)value;
        else if (typeof(TOther) == typeof(uint)) result = (uint)(object)value;
        else if (typeof(TOther) == typeof(ushort)) result = (ushort)(object)value;
        else if (typeof(TOther) == typeof(byte)) result = (byte)(object)value;
        else if (typeof(TOther) == typeof(char)) result = (char)(object)value;
        else if (typeof(TOther) == typeof(nuint)) result = (nuint)(object)value;
        else if (typeof(TOther) == typeof(UInt128)) result = (UInt128)(object)value;
        else if (typeof(TOther) == typeof(BigInteger)) result = FromBig((BigInteger)(object)value, mode);
        else if (typeof(TOther) == typeof(double)) result = FromDouble((double)(object)value, mode);
        else if (typeof(TOther) == typeof(float)) result = FromDouble((float)(object)value, mode);
        else if (typeof(TOther) == typeof(Half)) result = FromDouble((double)(Half)(object)value, mode);
        else if (typeof(TOther) == typeof(decimal)) result = (Int256)(decimal)(object)value;
        else if (typeof(TOther) == typeof(Complex))
        {
            // the real part, as Complex converts to Int128 (checked refuses an imaginary part)
            var complex = (Complex)(object)value;
            if (mode == Conversion.Checked && complex.Imaginary != 0) ThrowOverflow();
            result = FromDouble(complex.Real, mode);
        }
        else
        {
            result = Zero;
            return false;
        }
        return true;
    }

    // To another type; false when the type is not one of the built-in number types, BigInteger or Complex.
    private static bool TryConvertTo<TOther>(Int256 value, Conversion mode, [MaybeNullWhen(false)] out TOther result) where TOther : INumberBase<TOther>
    {
        if (typeof(TOther) == typeof(Int256)) result = (TOther)(object)value;
        else if (typeof(TOther) == typeof(BigInteger)) result = (TOther)(object)(BigInteger)value;
        else if (typeof(TOther) == typeof(double)) result = (TOther)(object)(double)value;
        else if (typeof(TOther) == typeof(float)) result = (TOther)(object)(float)value;
        else if (typeof(TOther) == typeof(Half)) result = (TOther)(object)(Half)value;
        else if (typeof(TOther) == typeof(Complex)) result = (TOther)(object)new Complex((double)value, 0);
        else if (typeof(TOther) == typeof(decimal))
        {
            // checked throws beyond the range, the others saturate (as decimal does for Int128)
            result = (TOther)(object)(mode == Conversion.Checked ? (decimal)value
                : value > (Int256)decimal.MaxValue ? decimal.MaxValue : value < (Int256)decimal.MinValue ? decimal.MinValue : (decimal)value);
        }
        else if (typeof(TOther) == typeof(long) || typeof(TOther) == typeof(int) || typeof(TOther) == typeof(short)
            || typeof(TOther) == typeof(sbyte) || typeof(TOther) == typeof(nint) || typeof(TOther) == typeof(Int128)
            || typeof(TOther) == typeof(ulong) || typeof(TOther) == typeof(uint) || typeof(TOther) == typeof(ushort)
            || typeof(TOther) == typeof(byte) || typeof(TOther) == typeof(char) || typeof(TOther) == typeof(nuint)
            || typeof(TOther) == typeof(UInt128))
        {
            // through Int128 or UInt128, which every built-in integer type converts from
            var low = new UInt128(value._u1, value._u0);
            result = mode switch
            {
                Conversion.Truncating => TOther.CreateTruncating(low),
                Conversion.Checked when value.FitsInt128 => TOther.CreateChecked((Int128)low),
                Conversion.Checked when (value._u2 | value._u3) == 0 => TOther.CreateChecked(low),
                Conversion.Checked => throw new OverflowException("The value is outside the range of the target type."),
                _ when value.FitsInt128 => TOther.CreateSaturating((Int128)low),
                _ when IsNegative(value) => TOther.CreateSaturating(Int128.MinValue),
                _ when (value._u2 | value._u3) == 0 => TOther.CreateSaturating(low),
                _ => TOther.CreateSaturating(UInt128.MaxValue),
            };
        }
        else
        {
            result = default;
            return false;
        }
        return true;
    }
}
