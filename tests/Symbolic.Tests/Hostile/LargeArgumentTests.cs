using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Hostile;

/// <summary>
/// Issue 13, item 4 (closed forms with large arguments) and item 6 (the approximation of exp(-10^6)): huge and tiny
/// exponentials are enclosed at their own scale, and a certified enclosure that would need more digits than the budget
/// is refused with a note, not computed for minutes.
/// </summary>
public class LargeArgumentTests
{
    private static Rational Q(string s) => Rational.Parse(s);
    private static RationalInterval P(string s) => RationalInterval.Point(Q(s));

    // The reference has 45 significant digits (mpmath, mp.dps = 60): the true value lies within 1e-43 of it, relatively.
    // Only products with small rationals and comparisons are formed (O(n) on numbers of 10^6 digits); a difference of
    // two such numbers would cost seconds.
    private static void AssertEnclosesRelative(RationalInterval r, string reference, int bits)
    {
        var v = Q(reference);
        var (below, above) = (v * (Rational.One - Q("1e-43")), v * (Rational.One + Q("1e-43")));
        Assert.True(r.Lo <= above && below <= r.Hi, $"the enclosure should contain {reference}");
        var relative = Rational.One + new Rational(System.Numerics.BigInteger.One, System.Numerics.BigInteger.One << (bits - 4));
        Assert.True(r.Hi <= r.Lo * relative, $"the enclosure is wider than 2^-{bits - 4} relative");
    }

    [Theory]
    [InlineData("10000", "8.80681822566292158726149600764456100352000409e+4342")]
    [InlineData("-10000", "1.13548386531473609854093887506624840195743161e-4343")]
    [InlineData("12345/7", "8.1159594933078492509779869492744017740745765e+765")]
    [InlineData("1000000", "3.03321539680208754508640214141811432708397379e+434294")]
    [InlineData("-1000000", "3.29683147808855857896890796910772420856140151e-434295")]
    public void Exp_LargeArgument_EnclosesMpmathValueAtRelativePrecision(string x, string reference) =>
        AssertEnclosesRelative(Elementary.Exp(P(x), 160), reference, 160);

    [Fact]
    public void Sigmoid_VeryNegative_IsExpAtRelativePrecision() =>
        // sigmoid(-10^4) = exp(-10^4) / (1 + exp(-10^4)), equal to exp(-10^4) in its first 4343 digits.
        AssertEnclosesRelative(Elementary.Sigmoid(P("-10000"), 160), "1.13548386531473609854093887506624840195743161e-4343", 160);

    [Fact]
    public void Softplus_MinusMillion_IsExpAtRelativePrecision() =>
        // softplus(-10^6) = log1p(exp(-10^6)), equal to exp(-10^6) in its first 434294 digits.
        AssertEnclosesRelative(Elementary.Softplus(P("-1000000"), 160), "3.29683147808855857896890796910772420856140151e-434295", 160);

    [Fact]
    public void Softplus_Million_IsTheArgumentPlusATinyPositivePart()
    {
        var r = Elementary.Softplus(P("1000000"), 128);
        Assert.True(r.Lo <= Q("1000000") + Q("1e-40") && Q("1000000") <= r.Hi, r.ToString());
        Assert.True(r.Width <= Q("1e-30"), $"width {r.Width.ToDouble():G3}");
    }

    [Fact]
    public void Tanh_VeryNegative_IsMinusOneAtAbsolutePrecision()
    {
        var r = Elementary.Tanh(P("-1000000"), 128);
        Assert.True(r.Lo == Rational.MinusOne && r.Hi <= Rational.MinusOne + Q("1e-37"), r.ToString());
    }

    [Fact]
    public void Log_OfAHugeInteger_EnclosesMpmathValue()
    {
        // log(10^4000 + 1) = 9210.34037197618273607196581873745683040440595...
        var r = Elementary.Log(RationalInterval.Point(new Rational(System.Numerics.BigInteger.Pow(10, 4000) + 1)), 160);
        AssertEnclosesRelative(r, "9210.34037197618273607196581873745683040440595", 140);
    }

    [Fact]
    public void FromClosedForm_ExpOfTenThousand_HasAPreciseEnclosureOfTheRequestedWidth()
    {
        var r = ExactResult.FromClosedForm(Ex.Sum(Ex.Exp(Ex.Const(10000)), Ex.Const(-1)));
        Assert.True(r.IsExact);
        var p = Assert.NotNull(r.PreciseEnclosure);
        Assert.True(p.Width <= Rational.FromDouble(1e-12), $"width {p.Width.ToDouble():G3}");
        AssertEnclosesRelative(p, "8.80681822566292158726149600764456100352000409e+4342", 100);
    }

    [Theory]
    [InlineData("1000000")]
    [InlineData("300000")]
    public void FromClosedForm_ExpBeyondTheDigitBudget_IsExactWithANoteAndNoPreciseEnclosure(string x)
    {
        var r = ExactResult.FromClosedForm(Ex.Sum(Ex.Exp(Ex.Const(Q(x))), Ex.Const(-1)));
        Assert.True(r.IsExact);
        Assert.Null(r.PreciseEnclosure);
        Assert.Contains("ExactOptions.MaxDigits", r.Note);
        Assert.Equal(double.PositiveInfinity, r.ToDouble());
        Assert.True(r.Enclosure.Lo >= 1e308 && double.IsPositiveInfinity(r.Enclosure.Hi), r.Enclosure.ToString());
    }

    [Fact]
    public void FromClosedForm_SmallerDigitBudget_RefusesEarlier()
    {
        var r = ExactResult.FromClosedForm(Ex.Exp(Ex.Const(1000)), new ExactOptions(MaxDigits: 100));
        Assert.Null(r.PreciseEnclosure);
        Assert.Contains("beyond the limit of 100", r.Note);
    }

    [Theory]
    [InlineData("-1000000")]
    [InlineData("-800")]
    public void ToDouble_ExpBelowTheSubnormals_IsZero(string x) =>
        Assert.Equal(0.0, ExactResult.FromClosedForm(Ex.Exp(Ex.Const(Q(x)))).ToDouble());

    [Theory]
    [InlineData("-700", 9.85967654375977e-305)]
    [InlineData("-740", 4.2e-322)]
    [InlineData("3", 20.085536923187668)]
    public void ToDouble_Exp_IsTheNearestDouble(string x, double expected) =>
        Assert.Equal(expected, ExactResult.FromClosedForm(Ex.Exp(Ex.Const(Q(x)))).ToDouble());

    [Fact]
    public void ToDouble_ProductOfMillionAndExpMillion_IsInfinity() =>
        Assert.Equal(double.PositiveInfinity,
            ExactResult.FromClosedForm(Ex.Product(Ex.Const(1000000), Ex.Exp(Ex.Const(1000000)))).ToDouble());
}
