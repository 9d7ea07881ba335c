using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Integration;

public class DefiniteIntegralTests
{
    private static Rational Q(string s) => Rational.Parse(s);
    private static Expr C(string s) => Ex.Const(Q(s));
    private static Expr U(int a, int b) => Ex.Sum(Ex.Const(a), Ex.Product(Ex.Const(b), Ex.T)); // a + b t
    private static Expr At(Expr f, string t) => f.Substitute(new Dictionary<int, Expr> { [0] = C(t) });

    [Fact]
    public void Definite_TSquaredOnUnitInterval_IsOneThird()
    {
        var r = Integrate.Definite(Ex.Pow(Ex.T, 2), 0, 1);
        Assert.Equal(Q("1/3"), r.Rational);
        Assert.True(r.IsExact);
        Assert.Equal(C("1/3"), r.ClosedForm);
        Assert.True(r.Enclosure.Contains(Q("1/3")));
    }

    [Fact]
    public void Definite_QuadraticOnMinusOneToTwo_IsNine()
    {
        // [t^3 - t^2 + t] from -1 to 2 = 6 - (-3)
        var r = Integrate.Definite(ExprParser.Parse("3*t^2 - 2*t + 1"), -1, 2);
        Assert.Equal(Q("9"), r.Rational);
    }

    [Fact]
    public void Definite_ReversedEndpoints_IsNegated() =>
        Assert.Equal(Q("-9"), Integrate.Definite(ExprParser.Parse("3*t^2 - 2*t + 1"), 2, -1).Rational);

    [Fact]
    public void Definite_TTimesExp2T_IsEPlusOneOverFourExactly()
    {
        var r = Integrate.Definite(Ex.Product(Ex.T, Ex.Exp(U(0, 2))), 0, 1);
        Assert.True(r.IsExact);
        Assert.Null(r.Rational);
        Assert.Equal(Ex.Sum(Ex.Product(C("1/4"), Ex.Exp(Ex.Const(2))), C("1/4")), r.ClosedForm);
        // (e^2 + 1)/4 = 2.0972640247326625568076... (mpmath, 40 digits)
        Assert.True(r.Enclosure.Contains(Q("2.0972640247326625568076068651437519533")));
        Assert.True(r.Enclosure.Width <= 1e-12);
    }

    [Fact]
    public void Definite_SigmoidOfAffine_IsSoftplusDifferenceOverSlope()
    {
        var r = Integrate.Definite(Ex.Sigmoid(U(1, 2)), 0, 1);
        var expected = Ex.Product(C("1/2"), Ex.Sum(Ex.Softplus(Ex.Const(3)), Ex.Negate(Ex.Softplus(Ex.Const(1)))));
        Assert.Equal(expected, r.ClosedForm);
    }

    [Theory]
    [InlineData("sigmoid(2*t + 1)")]
    [InlineData("tanh(2*t + 1)")]
    [InlineData("exp(2*t + 1)")]
    [InlineData("softplus(2*t + 1)")]
    [InlineData("log(2*t + 1)")]
    [InlineData("sigmoid(1 - 3*t)^2 + tanh(t/2)^3")]
    [InlineData("t^3*exp(-t) + 5*log(3 - t)")]
    public void Definite_OfDerivative_IsDifferenceOfValuesExactly(string function)
    {
        var f = ExprParser.Parse(function);
        var r = Integrate.Definite(f.Differentiate(0), 0, 1);
        Assert.True(r.IsExact);
        Assert.Equal(Ex.Sum(At(f, "1"), Ex.Negate(At(f, "0"))), r.ClosedForm);
    }

    [Fact]
    public void Definite_SigmoidDerivative_IsSigmoid3MinusSigmoid1()
    {
        var r = Integrate.Definite(Ex.Sigmoid(U(1, 2)).Differentiate(0), 0, 1);
        Assert.Equal(Ex.Sum(Ex.Sigmoid(Ex.Const(3)), Ex.Negate(Ex.Sigmoid(Ex.Const(1)))), r.ClosedForm);
    }

    [Fact]
    public void Definite_ReciprocalOfTPlusOne_IsLog2()
    {
        var r = Integrate.Definite(Ex.Pow(U(1, 1), -1), 0, 1);
        Assert.Equal(Ex.Log(Ex.Const(2)), r.ClosedForm);
        Assert.True(r.Enclosure.Contains(Math.Log(2)));
    }

    [Fact]
    public void Definite_ReciprocalOfTOnNegativeInterval_UsesAbsoluteValue()
    {
        // int_{-3}^{-2} dt/t = log 2 - log 3
        var r = Integrate.Definite(Ex.Pow(Ex.T, -1), -3, -2);
        Assert.Equal(Ex.Sum(Ex.Log(Ex.Const(2)), Ex.Negate(Ex.Log(Ex.Const(3)))), r.ClosedForm);
    }

    [Theory]
    [InlineData("(2*t - 1)^-1", "0", "1", "1/2")]
    [InlineData("(t - 1)^-2", "0", "1", "1")]
    [InlineData("t^-3 + 1", "-1", "1", "0")]
    [InlineData("3*(1 - 4*t)^-1", "0", "1", "1/4")]
    public void Definite_PoleInInterval_ThrowsNamingThePole(string integrand, string a, string b, string pole)
    {
        var ex = Assert.Throws<SymbolicDomainException>(() => Integrate.Definite(ExprParser.Parse(integrand), Q(a), Q(b)));
        Assert.Contains($"integrand has a pole at t = {pole}", ex.Message);
    }

    [Fact]
    public void Definite_LogOnIntervalEndingAtZero_IsImproperIntegralMinusOne() =>
        Assert.Equal(Q("-1"), Integrate.Definite(Ex.Log(Ex.T), 0, 1).Rational);

    [Fact]
    public void Definite_LogOfNegativeArgument_Throws() =>
        Assert.Throws<SymbolicDomainException>(() => Integrate.Definite(Ex.Log(Ex.T), -1, 1));

    [Fact]
    public void Definite_ClosedFormConstantCoefficient_IsKeptExact()
    {
        var r = Integrate.Definite(Ex.Product(Ex.Exp(Ex.Const(3)), Ex.T), 0, 1);
        Assert.Equal(Ex.Product(C("1/2"), Ex.Exp(Ex.Const(3))), r.ClosedForm);
    }

    [Fact]
    public void Definite_EmptyInterval_IsZero() => Assert.Equal(Q("0"), Integrate.Definite(Ex.Exp(Ex.Pow(Ex.T, 2)), 3, 3).Rational);

    [Fact]
    public void Definite_OtherVariable_Throws() =>
        Assert.Throws<ArgumentException>(() => Integrate.Definite(Ex.Product(Ex.Var(1), Ex.T), 0, 1));

    [Fact]
    public void Definite_DigitLimit_IsEnforced() =>
        Assert.Throws<SymbolicLimitException>(() => Integrate.Definite(Ex.Pow(Ex.T, 400), 0, Q("123456789/1000"), new ExactOptions(MaxDigits: 100)));

    // True values from mpmath (40 digits): quad(exp(t^2), [0, 1]) and quad(log(1 + exp(t)), [0, 1]).
    [Theory]
    [InlineData("exp(t^2)", "1.462651745907181608804048586856988155121")]
    [InlineData("softplus(t)", "0.9838190370206610384147938435960863849485")]
    public void Definite_NoClosedForm_IsCertifiedNarrowEnclosure(string integrand, string trueValue)
    {
        var r = Integrate.Definite(ExprParser.Parse(integrand), 0, 1);
        Assert.False(r.IsExact);
        Assert.Null(r.ClosedForm);
        Assert.NotNull(r.Note);
        Assert.True(r.Enclosure.Width <= 1e-12, $"width {r.Enclosure.Width}");
        Assert.True(r.Enclosure.Contains(Q(trueValue)), $"{r.Enclosure} should contain {trueValue}");
    }

    [Fact]
    public void Definite_NoClosedFormWithNonDyadicEndpoints_ContainsTrueValue()
    {
        // mpmath: quad(exp(t^2), [1/3, 2/3]) = 0.43402244381830964145882...
        var r = Integrate.Definite(ExprParser.Parse("exp(t^2)"), Q("1/3"), Q("2/3"));
        Assert.True(r.Enclosure.Width <= 1e-12, $"width {r.Enclosure.Width}");
        Assert.True(r.Enclosure.Contains(Q("0.4340224438183096414588210489799949993858")), r.Enclosure.ToString());
    }
}
