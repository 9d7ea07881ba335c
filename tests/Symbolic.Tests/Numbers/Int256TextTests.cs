using System.Globalization;
using System.Numerics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Numbers;
using static Verifier.Symbolic.Tests.Numbers.Int256Values;

namespace Verifier.Symbolic.Tests.Numbers;

/// <summary><see cref="Int256"/> formatting and parsing: BigInteger's text, except hexadecimal and binary as Int128's.</summary>
public class Int256TextTests
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // the 256-bit pattern's digits, shortest, padded to the precision
    private static string Pattern(BigInteger x, int bitsPerDigit, bool upper, int precision)
    {
        var u = Unsigned(x);
        var digits = new StringBuilder();
        do
        {
            digits.Insert(0, (upper ? "0123456789ABCDEF" : "0123456789abcdef")[(int)(u & ((1 << bitsPerDigit) - 1))]);
            u >>= bitsPerDigit;
        } while (!u.IsZero);
        return digits.ToString().PadLeft(precision, '0');
    }

    [Property(MaxTest = 1000)]
    public Property Format_DecimalAndOtherFormats_AreBigIntegersText() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        var x = Draw(rng);
        var a = Of(x);
        Assert.Equal(x.ToString(), a.ToString());
        var chars = new char[200];
        var utf8 = new byte[200];
        foreach (var format in new[] { null, "", "D", "D80", "N0", "E5", "G", "R", "#,##0" })
        {
            Assert.Equal(x.ToString(format, Invariant), a.ToString(format, Invariant));
            Assert.True(a.TryFormat(chars, out int written, format, Invariant));
            Assert.Equal(x.ToString(format, Invariant), new string(chars, 0, written));
            Assert.True(a.TryFormat(utf8, out int bytes, format, Invariant));
            Assert.Equal(x.ToString(format, Invariant), Encoding.UTF8.GetString(utf8[..bytes]));
        }
        Assert.False(a.TryFormat(new char[1], out _, "D80", Invariant));
    });

    [Property(MaxTest = 1000)]
    public Property Format_HexAndBinary_AreThe256BitPatternAsInt128Does() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        var x = Draw(rng);
        var a = Of(x);
        foreach (var (format, bits, upper, precision) in new[] { ("X", 4, true, 0), ("x", 4, false, 0), ("X70", 4, true, 70), ("x3", 4, false, 3), ("B", 1, true, 0), ("b260", 1, true, 260) })
        {
            string expected = Pattern(x, bits, upper, precision);
            Assert.Equal(expected, a.ToString(format, Invariant));
            var chars = new char[300];
            Assert.True(a.TryFormat(chars, out int written, format, Invariant));
            Assert.Equal(expected, new string(chars, 0, written));
            // and back
            var style = bits == 4 ? NumberStyles.HexNumber : NumberStyles.BinaryNumber;
            Assert.Equal(a, Int256.Parse(expected, style, Invariant));
            Assert.True(Int256.TryParse(expected, style, Invariant, out var back));
            Assert.Equal(a, back);
        }
        Assert.False(a.TryFormat(new char[Pattern(x, 4, true, 0).Length - 1], out int none, "X", Invariant));
        Assert.Equal(0, none);
    });

    [Fact]
    public void Format_HexOfSmallValues_MatchesInt128()
    {
        foreach (long v in new long[] { 0, 1, 255, 4096, long.MaxValue })
            foreach (var format in new[] { "X", "x", "X5", "B", "b12" })
                Assert.Equal(((Int128)v).ToString(format, Invariant), ((Int256)v).ToString(format, Invariant));
        Assert.Equal(new string('F', 64), Int256.NegativeOne.ToString("X", Invariant));
        Assert.Equal(new string('F', 32), Int128.NegativeOne.ToString("X", Invariant));
    }

    [Property(MaxTest = 1000)]
    public Property Parse_DecimalText_RoundTripsAndRefusesOutOfRange() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        var x = DrawBits(rng, 260);
        string text = x.ToString(Invariant);
        if (InRange(x))
        {
            Assert.Equal(Of(x), Int256.Parse(text, Invariant));
            Assert.Equal(Of(x), Int256.Parse(text.AsSpan(), NumberStyles.Integer, Invariant));
            Assert.Equal(Of(x), Int256.Parse(Encoding.UTF8.GetBytes(text), NumberStyles.Integer, Invariant));
            Assert.True(Int256.TryParse(text, Invariant, out var r1));
            Assert.True(Int256.TryParse(Encoding.UTF8.GetBytes(text), out var r2));
            Assert.Equal(Of(x), r1);
            Assert.Equal(Of(x), r2);
        }
        else
        {
            Assert.Throws<OverflowException>(() => Int256.Parse(text, Invariant));
            Assert.False(Int256.TryParse(text, Invariant, out var none));
            Assert.Equal(Int256.Zero, none);
        }
    });

    [Theory]
    [InlineData("F", NumberStyles.HexNumber, "15")]
    [InlineData(" 1F ", NumberStyles.HexNumber, "31")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", NumberStyles.HexNumber, "-1")]
    [InlineData("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", NumberStyles.HexNumber, "-1")]
    [InlineData("8000000000000000000000000000000000000000000000000000000000000000", NumberStyles.HexNumber, "-57896044618658097711785492504343953926634992332820282019728792003956564819968")]
    [InlineData("11", NumberStyles.BinaryNumber, "3")]
    [InlineData(" -12 ", NumberStyles.Integer, "-12")]
    [InlineData("1.0", NumberStyles.Number, "1")]
    [InlineData("1e3", NumberStyles.Float, "1000")]
    [InlineData("1,234", NumberStyles.Number, "1234")]
    [InlineData("-57896044618658097711785492504343953926634992332820282019728792003956564819968", NumberStyles.Integer, "-57896044618658097711785492504343953926634992332820282019728792003956564819968")]
    public void Parse_Styles_ReadAsInt128WouldAtThisWidth(string text, NumberStyles style, string expected)
    {
        Assert.Equal(BigInteger.Parse(expected, Invariant), (BigInteger)Int256.Parse(text, style, Invariant));
        Assert.True(Int256.TryParse(Encoding.UTF8.GetBytes(text), style, Invariant, out var utf8));
        Assert.Equal(BigInteger.Parse(expected, Invariant), (BigInteger)utf8);
    }

    [Theory]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", NumberStyles.HexNumber)] // 65 digits
    [InlineData("57896044618658097711785492504343953926634992332820282019728792003956564819968", NumberStyles.Integer)] // 2^255
    [InlineData("1.5", NumberStyles.Number)]
    public void Parse_OutOfRange_ThrowsOverflow(string text, NumberStyles style)
    {
        Assert.Throws<OverflowException>(() => Int256.Parse(text, style, Invariant));
        Assert.False(Int256.TryParse(text, style, Invariant, out _));
    }

    [Theory]
    [InlineData("", NumberStyles.Integer)]
    [InlineData("", NumberStyles.HexNumber)]
    [InlineData("   ", NumberStyles.HexNumber)]
    [InlineData("abc", NumberStyles.Integer)]
    [InlineData("G", NumberStyles.HexNumber)]
    [InlineData(" 1F", NumberStyles.AllowHexSpecifier)]
    [InlineData("12", NumberStyles.BinaryNumber)]
    public void Parse_NotANumber_ThrowsFormat(string text, NumberStyles style)
    {
        Assert.Throws<FormatException>(() => Int256.Parse(text, style, Invariant));
        Assert.False(Int256.TryParse(text, style, Invariant, out _));
        Assert.False(Int256.TryParse((string?)null, out _));
    }
}
