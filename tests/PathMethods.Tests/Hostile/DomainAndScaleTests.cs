using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Tests.Hostile;

/// <summary>
/// Issue 13, items 4 and 6: a pole or an undefined point on the path is a domain error (an input error), never an
/// internal error or an infinite enclosure; a removable singularity is handled exactly; a degree beyond the polynomial
/// limit is still integrated exactly; and many features cost linear, not quadratic, time.
/// </summary>
public class DomainAndScaleTests
{
    private static Rational[] P(string s) => s.Split(',').Select(t => Rational.Parse(t)).ToArray();

    private static AttributionResult Ig(string f, string input, string baseline) =>
        Verifier.PathMethods.Methods.Attribute.IntegratedGradients(ExprParser.Parse(f), P(input), P(baseline));

    [Theory]
    [InlineData("1/(x1-1)", "2", "0")]         // a pole at x1 = 1
    [InlineData("log(x1)", "1", "-1")]         // log of negative numbers, and a pole of the integrand 1/x1
    [InlineData("1/relu(x1)", "1", "0")]       // 1/0 at the baseline
    [InlineData("exp(log(x1))", "1", "-1")]    // log of a negative number at the baseline
    [InlineData("1/(x1^2-1)", "2", "0")]       // a pole across x1 = 1
    [InlineData("sigmoid(1/x1)", "1", "-1")]   // bounded, but undefined at x1 = 0 on the path
    [InlineData("x2/(x1 - x2)", "2,1", "0,1")] // a pole at x1 = x2 = 1 on the path, in two dimensions
    public void Ig_UndefinedOnThePath_IsADomainError(string f, string input, string baseline)
    {
        var e = Assert.Throws<SymbolicDomainException>(() => Ig(f, input, baseline));
        Assert.IsAssignableFrom<IInputError>(e);
    }

    [Theory]
    [InlineData("(x1^2-1)/(x1-1)", "2", "0", "2")]   // x1 + 1 away from 1: IG = F(2) - F(0) = 3 - 1
    [InlineData("(x1^3-1)/(x1-1)", "2", "0", "6")]   // x1^2 + x1 + 1: 7 - 1
    [InlineData("x1/x1", "1", "-1", "0")]            // F = 1 wherever defined
    public void Ig_RemovableSingularityInsideThePath_IsExact(string f, string input, string baseline, string expected) =>
        Assert.Equal(Rational.Parse(expected), Ig(f, input, baseline).Attributions[0].Rational);

    [Fact]
    public void Ig_DegreeBeyondThePolynomialLimit_IsStillExact()
    {
        // x1^1000 used to fail with an internal error (degree 999 beyond the polynomial limit of 200).
        var a = Ig("x1^1000", "2", "0").Attributions[0];
        Assert.Equal(new Rational(System.Numerics.BigInteger.Pow(2, 1000)), a.Rational);
    }

    [Fact]
    public void Ig_LinearFunctionOfTenThousandFeatures_IsExactAndLinearInTime()
    {
        // 10,000 features took 29 s (a substitution map over every feature for every partial derivative).
        const int n = 10_000;
        var x = Enumerable.Repeat(Rational.One, n).ToArray();
        var b = new Rational[n];
        var r = Verifier.PathMethods.Methods.Attribute.IntegratedGradients(ExprParser.Parse("x1 + 2*x10000"), x, b);
        Assert.Equal(Rational.One, r.Attributions[0].Rational);
        Assert.Equal(new Rational(2), r.Attributions[n - 1].Rational);
        Assert.All(r.Attributions.Skip(1).Take(n - 2), a => Assert.Equal(Rational.Zero, a.Rational));
    }
}
