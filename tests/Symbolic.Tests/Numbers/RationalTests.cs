using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Numbers;

public class RationalTests
{
    [Fact]
    public void Default_IsZeroNotZeroOverZero()
    {
        Rational r = default;
        Assert.True(r.IsZero);
        Assert.Equal(BigInteger.One, r.Denominator);
        Assert.Equal(Rational.Zero, r);
        Assert.Equal("0", r.ToString());
        Assert.Equal(Rational.One, r + 1);
    }

    [Theory]
    [InlineData("3", "3")]
    [InlineData("-2/3", "-2/3")]
    [InlineData("4/-6", "-2/3")]
    [InlineData("0.25", "1/4")]
    [InlineData("1e-3", "1/1000")]
    [InlineData("-1.5E+2", "-150")]
    [InlineData("+4", "4")]
    [InlineData(".5", "1/2")]
    [InlineData("0.1", "1/10")]
    [InlineData("2.50e-1/5", "1/20")]
    [InlineData("000.000", "0")]
    [InlineData(" 7/14 ", "1/2")]
    public void Parse_ExactSyntax_ReadsExactly(string text, string expected) =>
        Assert.Equal(expected, Rational.Parse(text).ToString());

    [Theory]
    [InlineData("", "empty")]
    [InlineData("1/0", "zero denominator")]
    [InlineData("abc", "expected digits")]
    [InlineData("1.2.3", "unexpected character")]
    [InlineData("1e", "exponent digits")]
    [InlineData("1e9999999999", "exponent too large")]
    [InlineData("--1", "expected digits")]
    public void Parse_BadText_NamesTheProblem(string text, string fragment)
    {
        Assert.False(Rational.TryParse(text, out _, out var error));
        Assert.Contains(fragment, error);
        Assert.Throws<FormatException>(() => Rational.Parse(text));
    }

    [Fact]
    public void Parse_BeyondDigitLimit_IsRefused()
    {
        Assert.False(Rational.TryParse("1e5000", out _, out var error, maxDigits: 1000));
        Assert.Contains("1000 digits", error);
    }

    [Fact]
    public void Arithmetic_SmallCases_AreExact()
    {
        var a = Rational.Parse("1/3"); var b = Rational.Parse("1/6");
        Assert.Equal(Rational.Half, a + b);
        Assert.Equal(Rational.Parse("1/6"), a - b);
        Assert.Equal(Rational.Parse("1/18"), a * b);
        Assert.Equal(new Rational(2), a / b);
        Assert.Equal(Rational.Parse("-8/27"), Rational.Parse("-2/3").Pow(3));
        Assert.Equal(Rational.Parse("9/4"), Rational.Parse("-2/3").Pow(-2));
        Assert.Throws<DivideByZeroException>(() => a / Rational.Zero);
        Assert.Equal(new BigInteger(-2), Rational.Parse("-3/2").Floor());
        Assert.Equal(new BigInteger(-1), Rational.Parse("-3/2").Ceiling());
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(-1e-300)]
    [InlineData(123456.789)]
    [InlineData(5e-324)]
    public void FromDouble_RoundTripsThroughToDouble(double x) => Assert.Equal(x, Rational.FromDouble(x).ToDouble());

    private static Arbitrary<Rational> Rationals() =>
        Gen.Choose(-1000, 1000).SelectMany(n => Gen.Choose(1, 60).Select(d => new Rational(n, d))).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property FieldAxioms_Hold() => Prop.ForAll(Rationals(), Rationals(), Rationals(), (a, b, c) =>
        a + b == b + a && a * (b + c) == a * b + a * c && (a - b) + b == a && (b.IsZero || a / b * b == a)
        && (a * b).CompareTo(b * a) == 0 && (a < b) == ((a - b).Sign < 0) && (a == b) == (a.GetHashCode() == b.GetHashCode() && a.Equals(b)));

    [Property(MaxTest = 300)]
    public Property ToString_ParsesBack() => Prop.ForAll(Rationals(), a => Rational.Parse(a.ToString()) == a);

    [Property(MaxTest = 300)]
    public Property LowestTerms_Always() => Prop.ForAll(Rationals(), Rationals(), (a, b) =>
    {
        var p = a * b + a;
        return BigInteger.GreatestCommonDivisor(p.Numerator, p.Denominator).IsOne || p.IsZero;
    });
}
