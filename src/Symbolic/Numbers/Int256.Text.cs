using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Verifier.Symbolic.Numbers;

internal readonly partial struct Int256
{
    // Text goes through BigInteger, except the hexadecimal and binary formats and styles, which read and write the 256-bit
    // pattern as Int128 does its 128 bits: -1 formats as 64 F's, and "F" parses as 15, 64 F's as -1.

    /// <summary>The value in decimal (current culture).</summary>
    public override string ToString() => FitsInt64 ? ((long)_u0).ToString(CultureInfo.CurrentCulture) : ((BigInteger)this).ToString(CultureInfo.CurrentCulture);

    /// <summary>The value in decimal.</summary>
    public string ToString(IFormatProvider? provider) => ToString(null, provider);

    /// <summary>The value in a standard or custom numeric format.</summary>
    public string ToString([StringSyntax(StringSyntaxAttribute.NumericFormat)] string? format) => ToString(format, null);

    /// <summary>The value in a standard or custom numeric format.</summary>
    public string ToString([StringSyntax(StringSyntaxAttribute.NumericFormat)] string? format, IFormatProvider? provider)
    {
        if (IsBitsFormat(format, out int bitsPerDigit, out bool upper, out int precision))
        {
            var chars = new char[BitsLength(bitsPerDigit, precision)];
            WriteBits(chars, bitsPerDigit, upper);
            return new string(chars);
        }
        return ((BigInteger)this).ToString(format, provider);
    }

    /// <summary>Writes the value in a standard or custom numeric format; false when it does not fit.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, [StringSyntax(StringSyntaxAttribute.NumericFormat)] ReadOnlySpan<char> format = default,
        IFormatProvider? provider = null)
    {
        if (IsBitsFormat(format, out int bitsPerDigit, out bool upper, out int precision))
        {
            int length = BitsLength(bitsPerDigit, precision);
            if (length > destination.Length)
            {
                charsWritten = 0;
                return false;
            }
            WriteBits(destination[..length], bitsPerDigit, upper);
            charsWritten = length;
            return true;
        }
        return ((BigInteger)this).TryFormat(destination, out charsWritten, format, provider);
    }

    /// <summary>Writes the value as UTF-8 in a standard or custom numeric format; false when it does not fit.</summary>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, [StringSyntax(StringSyntaxAttribute.NumericFormat)] ReadOnlySpan<char> format = default,
        IFormatProvider? provider = null)
    {
        Span<char> buffer = stackalloc char[320];
        if (TryFormat(buffer, out int written, format, provider)) return Encoding.UTF8.TryGetBytes(buffer[..written], utf8Destination, out bytesWritten);
        return Encoding.UTF8.TryGetBytes(ToString(format.ToString(), provider), utf8Destination, out bytesWritten);
    }

    // "X", "x", "B" or "b" with an optional precision (the minimum number of digits).
    private static bool IsBitsFormat(ReadOnlySpan<char> format, out int bitsPerDigit, out bool upper, out int precision)
    {
        bitsPerDigit = 0;
        upper = false;
        precision = 0;
        if (format.IsEmpty || format.Length > 10 || format[0] is not ('X' or 'x' or 'B' or 'b')) return false;
        foreach (char c in format[1..])
        {
            if (!char.IsAsciiDigit(c)) return false;
            precision = precision * 10 + (c - '0');
        }
        bitsPerDigit = format[0] is 'X' or 'x' ? 4 : 1;
        upper = format[0] == 'X';
        return true;
    }

    private int BitsLength(int bitsPerDigit, int precision) =>
        Math.Max(Math.Max(1, (256 - LeadingZeros(this) + bitsPerDigit - 1) / bitsPerDigit), precision);

    // The digits of the 256-bit pattern, padded with zeros to the destination's length.
    private void WriteBits(Span<char> destination, int bitsPerDigit, bool upper)
    {
        string digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        var rest = this;
        int mask = (1 << bitsPerDigit) - 1;
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = digits[(int)rest._u0 & mask];
            rest >>>= bitsPerDigit;
        }
    }

    /// <summary>Parses an integer (style <see cref="NumberStyles.Integer"/>, current culture).</summary>
    /// <exception cref="FormatException">The text is not an integer.</exception>
    /// <exception cref="OverflowException">The integer is outside the range.</exception>
    public static Int256 Parse(string s) => Parse(s, NumberStyles.Integer, null);

    /// <summary>Parses an integer in the given style.</summary>
    /// <exception cref="FormatException">The text is not an integer in the style.</exception>
    /// <exception cref="OverflowException">The integer is outside the range.</exception>
    public static Int256 Parse(string s, NumberStyles style) => Parse(s, style, null);

    /// <summary>Parses an integer (style <see cref="NumberStyles.Integer"/>).</summary>
    /// <exception cref="FormatException">The text is not an integer.</exception>
    /// <exception cref="OverflowException">The integer is outside the range.</exception>
    public static Int256 Parse(string s, IFormatProvider? provider) => Parse(s, NumberStyles.Integer, provider);

    /// <summary>Parses an integer in the given style.</summary>
    /// <exception cref="FormatException">The text is not an integer in the style.</exception>
    /// <exception cref="OverflowException">The integer is outside the range.</exception>
    public static Int256 Parse(string s, NumberStyles style, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan(), style, provider);
    }

    /// <summary>Parses an integer (style <see cref="NumberStyles.Integer"/>).</summary>
    /// <exception cref="FormatException">The text is not an integer.</exception>
    /// <exception cref="OverflowException">The integer is outside the range.</exception>
    public static Int256 Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s, NumberStyles.Integer, provider);

    /// <summary>Parses an integer in the given style.</summary>
    /// <exception cref="FormatException">The text is not an integer in the style.</exception>
    /// <exception cref="OverflowException">The integer is outside the range.</exception>
    public static Int256 Parse(ReadOnlySpan<char> s, NumberStyles style = NumberStyles.Integer, IFormatProvider? provider = null)
    {
        if (IsBitsStyle(style))
        {
            var pattern = BigInteger.Parse(Unsigned(s, style), style, provider);
            if (pattern >= Modulus) ThrowOverflow();
            return FromBig(pattern, Conversion.Truncating);
        }
        if (!BigInteger.TryParse(s, style, provider, out var value))
        {
            // a number with a fraction is an overflow to Int128, a format error to BigInteger
            if ((style & NumberStyles.AllowDecimalPoint) != 0 && double.TryParse(s, style, provider, out _)) ThrowOverflow();
            throw new FormatException("The value could not be parsed as an Int256.");
        }
        if (!TryFromBig(value, out var result)) ThrowOverflow();
        return result;
    }

    /// <summary>Parses UTF-8 text as an integer in the given style.</summary>
    /// <exception cref="FormatException">The text is not an integer in the style.</exception>
    /// <exception cref="OverflowException">The integer is outside the range.</exception>
    public static Int256 Parse(ReadOnlySpan<byte> utf8Text, NumberStyles style = NumberStyles.Integer, IFormatProvider? provider = null) =>
        Parse(Encoding.UTF8.GetString(utf8Text), style, provider);

    /// <summary>Parses UTF-8 text as an integer (style <see cref="NumberStyles.Integer"/>).</summary>
    /// <exception cref="FormatException">The text is not an integer.</exception>
    /// <exception cref="OverflowException">The integer is outside the range.</exception>
    public static Int256 Parse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider) => Parse(utf8Text, NumberStyles.Integer, provider);

    /// <summary>Parses an integer; false when the text is not one or it is outside the range.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out Int256 result) => TryParse(s, NumberStyles.Integer, null, out result);

    /// <summary>Parses an integer; false when the text is not one or it is outside the range.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out Int256 result) => TryParse(s, NumberStyles.Integer, null, out result);

    /// <summary>Parses an integer; false when the text is not one or it is outside the range.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Int256 result) =>
        TryParse(s, NumberStyles.Integer, provider, out result);

    /// <summary>Parses an integer; false when the text is not one or it is outside the range.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Int256 result) =>
        TryParse(s, NumberStyles.Integer, provider, out result);

    /// <summary>Parses an integer in the given style; false when the text is not one or it is outside the range.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, NumberStyles style, IFormatProvider? provider, out Int256 result)
    {
        if (s is null)
        {
            result = Zero;
            return false;
        }
        return TryParse(s.AsSpan(), style, provider, out result);
    }

    /// <summary>Parses an integer in the given style; false when the text is not one or it is outside the range.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out Int256 result)
    {
        if (IsBitsStyle(style))
        {
            if (BigInteger.TryParse(Unsigned(s, style), style, provider, out var pattern) && pattern < Modulus)
            {
                result = FromBig(pattern, Conversion.Truncating);
                return true;
            }
        }
        else if (BigInteger.TryParse(s, style, provider, out var value) && TryFromBig(value, out result))
        {
            return true;
        }
        result = Zero;
        return false;
    }

    /// <summary>Parses UTF-8 text as an integer in the given style; false when it is not one or it is outside the range.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, NumberStyles style, IFormatProvider? provider, out Int256 result) =>
        TryParse(Encoding.UTF8.GetString(utf8Text), style, provider, out result);

    /// <summary>Parses UTF-8 text as an integer; false when it is not one or it is outside the range.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider, out Int256 result) =>
        TryParse(utf8Text, NumberStyles.Integer, provider, out result);

    /// <summary>Parses UTF-8 text as an integer; false when it is not one or it is outside the range.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out Int256 result) => TryParse(utf8Text, NumberStyles.Integer, null, out result);

    private static bool IsBitsStyle(NumberStyles style) => (style & (NumberStyles.AllowHexSpecifier | NumberStyles.AllowBinarySpecifier)) != 0;

    // Hexadecimal or binary digits as BigInteger reads them unsigned: a 0 in front (BigInteger takes a leading digit
    // with its top bit set as the sign), after the leading white space the style allows.
    private static string Unsigned(ReadOnlySpan<char> s, NumberStyles style)
    {
        if ((style & NumberStyles.AllowLeadingWhite) != 0) s = s.TrimStart("\t\n\v\f\r ");
        return !s.IsEmpty && char.IsAsciiHexDigit(s[0]) ? string.Concat("0", s) : s.ToString();
    }
}
