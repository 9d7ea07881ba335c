using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Integration;

public class AntiderivativeTests
{
    private static Expr U(int a, int b) => Ex.Sum(Ex.Const(a), Ex.Product(Ex.Const(b), Ex.T)); // a + b t

    [Theory]
    [InlineData("3*t^2 - 2*t + 1")]
    [InlineData("t^-2")]
    [InlineData("t^-5 + 7")]
    [InlineData("(2*t + 1)^-3")]
    [InlineData("t*exp(2*t)")]
    [InlineData("t^3*exp(1 - t/2) - 4*exp(t)")]
    [InlineData("exp(3)*t")]
    [InlineData("log(2)*t^2*exp(-t)")]
    [InlineData("sigmoid(2*t + 1)")]
    [InlineData("sigmoid(1 - 3*t)^2")]
    [InlineData("sigmoid(t/2)^5")]
    [InlineData("sigmoid(t)^-2")]
    [InlineData("t*sigmoid(2*t)^-1")]
    [InlineData("tanh(2*t - 1)")]
    [InlineData("tanh(t)^2")]
    [InlineData("tanh(3*t)^5")]
    [InlineData("tanh(1 - t)^4")]
    [InlineData("log(2*t + 1)")]
    [InlineData("5*log(t)")]
    public void TryFind_KnownPattern_DerivativeIsIntegrand(string integrand)
    {
        var g = ExprParser.Parse(integrand);
        var f = Antiderivative.TryFind(g);
        Assert.NotNull(f);
        var df = f.Differentiate(0);
        // F' equals g as a function; tolerance 1e-12 relative (the two sides are different canonical forms, e.g.
        // 1 - 2 sigmoid(-2u) for tanh(u)).
        foreach (double t in new[] { 0.1, 0.37, 0.9, 1.3, 2.0 })
        {
            double expected = g.EvalDouble([t]), actual = df.EvalDouble([t]);
            Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"at t = {t}: F' = {actual}, g = {expected}");
        }
    }

    [Theory]
    [InlineData("softplus(t)")]
    [InlineData("exp(t^2)")]
    [InlineData("t*sigmoid(t)")]
    [InlineData("(t^2 + 1)^-1")]
    [InlineData("t^-1")]
    [InlineData("(3*t - 1)^-1 + t")]
    [InlineData("relu(t)")]
    [InlineData("abs(t - 1)")]
    [InlineData("max(t, 1/2)")]
    [InlineData("sigmoid(t^2)")]
    [InlineData("x1*t")]
    public void TryFind_NoPatternOrNeedsLogAbs_ReturnsNull(string integrand) =>
        Assert.Null(Antiderivative.TryFind(ExprParser.Parse(integrand)));

    [Fact]
    public void TryFind_PolynomialTimesExp_IsIntegrationByPartsClosedForm()
    {
        // int t exp(2t) = exp(2t) (t/2 - 1/4)
        var f = Antiderivative.TryFind(Ex.Product(Ex.T, Ex.Exp(U(0, 2))));
        var expected = Ex.Product(Ex.Exp(U(0, 2)), Ex.Sum(Ex.Product(Ex.Const(Rational.Half), Ex.T), Ex.Const(new Rational(-1, 4))));
        Assert.Equal(expected, f);
    }

    [Fact]
    public void TryFind_Sigmoid_IsSoftplusOverSlope()
    {
        var f = Antiderivative.TryFind(Ex.Sigmoid(U(1, 2)));
        Assert.Equal(Ex.Product(Ex.Const(Rational.Half), Ex.Softplus(U(1, 2))), f);
    }

    [Fact]
    public void TryFind_Tanh_IsLogCoshOverSlopeUpToConstant()
    {
        // log cosh(u) = u + softplus(-2u) - log 2, so int tanh(2t + 1) dt = t + softplus(-4t - 2)/2 + C
        var f = Antiderivative.TryFind(Ex.Tanh(U(1, 2)));
        Assert.Equal(Ex.Sum(Ex.T, Ex.Product(Ex.Const(Rational.Half), Ex.Softplus(U(-2, -4)))), f);
        double u = 2 * 0.3 + 1;
        Assert.Equal(Math.Log(Math.Cosh(u)), u + Interval.SoftplusD(-2 * u) - Math.Log(2), 1e-14);
    }

    public static TheoryData<string> SmoothFunctions => new()
    {
        "sigmoid(2*t + 1)", "tanh(2*t + 1)", "exp(2*t + 1)", "softplus(2*t + 1)", "3*sigmoid(1/2 - t)^3",
        "tanh(t)^3 - 2*sigmoid(3*t)", "exp(3)*t^2*exp(-t)",
    };

    [Theory]
    [MemberData(nameof(SmoothFunctions))]
    public void TryFind_DerivativeOfSmoothFunction_GivesItBackUpToConstant(string function)
    {
        var f = ExprParser.Parse(function);
        var back = Antiderivative.TryFind(f.Differentiate(0));
        Assert.NotNull(back);
        var difference = Ex.Sum(back, Ex.Negate(f));
        Assert.True(difference.IsConstant, $"F - f = {difference} should be a constant");
    }

    [Fact]
    public void TryFind_SigmoidDerivative_IsSigmoidExactly()
    {
        var f = Ex.Sigmoid(U(1, 2));
        Assert.Equal(f, Antiderivative.TryFind(f.Differentiate(0)));
    }

    [Fact]
    public void Indefinite_IsTryFind()
    {
        var g = Ex.Pow(Ex.T, 3);
        Assert.Equal(Antiderivative.TryFind(g), Integrate.Indefinite(g));
        Assert.Equal(Ex.Product(Ex.Const(new Rational(1, 4)), Ex.Pow(Ex.T, 4)), Integrate.Indefinite(g));
    }
}
