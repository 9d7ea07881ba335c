using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Hostile;

/// <summary>
/// Issue 13, item 6: x1/x1 reported F(0) = 1 (the canonical form cancels the factor); the denominators of the text are
/// kept as domain conditions. Integrands undefined on the interval are domain errors, and an integrand that cannot be
/// bounded is a limit error, never an infinite enclosure.
/// </summary>
public class DomainConditionTests
{
    private static Rational Q(string s) => Rational.Parse(s);

    [Theory]
    [InlineData("x1/x1", "0")]
    [InlineData("1/(1/x1)", "0")]
    [InlineData("x1*x2^(-1)*x2", "3,0")]
    [InlineData("(x1^2-1)/(x1-1)", "1")]
    [InlineData("sigmoid(1/(x1 - 1/2))", "1/2")]
    public void CheckDefinedAt_ZeroDenominatorOfTheText_IsADomainError(string f, string point)
    {
        var parsed = ExprParser.ParseFunction(f);
        var e = Assert.Throws<SymbolicDomainException>(() => parsed.CheckDefinedAt(point.Split(',').Select(Q).ToArray(), "x'"));
        Assert.Contains("undefined at x'", e.Message);
        Assert.IsAssignableFrom<IInputError>(e);
    }

    [Fact]
    public void ParseFunction_CancelledQuotient_KeepsItsDenominator()
    {
        var parsed = ExprParser.ParseFunction("x1/x1 + 3/x2");
        Assert.Equal(ExprParser.Parse("1 + 3/x2"), parsed.Function);
        Assert.Equal([Ex.Var(1), Ex.Var(2)], parsed.Denominators);
        parsed.CheckDefinedAt([Q("1"), Q("2")], "x"); // defined there: no exception
    }

    [Theory]
    [InlineData("sigmoid(1/(2*t - 1))", "0", "1")]        // bounded but undefined at t = 1/2
    [InlineData("exp(t)/(exp(t) - 2)", "0", "1")]         // a pole at log 2, found by a certified change of sign
    [InlineData("softplus(t)*log(t - 1/3)", "0", "1")]   // log of negative numbers on [0, 1/3)
    public void Definite_UndefinedInsideTheInterval_IsADomainError(string g, string a, string b) =>
        Assert.Throws<SymbolicDomainException>(() => Integrate.Definite(ExprParser.Parse(g), Q(a), Q(b)));

    [Fact]
    public void Definite_IntegrandBeyondTheDoubleRange_IsALimitErrorNotAnInfiniteEnclosure()
    {
        var e = Assert.Throws<SymbolicLimitException>(() => Integrate.Definite(ExprParser.Parse("800*exp(800*t)*sigmoid(800*t)"), Q("0"), Q("1")));
        Assert.Contains("could not be enclosed", e.Message);
    }

    [Fact]
    public void PoleCheck_LogVanishingAtAnEnd_IsNotADomainError() =>
        // int_0^1 softplus(t) log(t) dt converges (t log t -> 0): a log argument that vanishes at an isolated point is
        // not an undefined point of the integral (no exception).
        Poles.Check(ExprParser.Parse("softplus(t)*log(t)"), Q("0"), Q("1"));
}
