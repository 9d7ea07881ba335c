using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Expressions;

public class EvaluateTests
{
    private static Rational[] P(params string[] xs) => xs.Select(x => Rational.Parse(x)).ToArray();

    [Theory]
    [InlineData("x1*x2 - 3*x1 + 1/2", "2,5", "9/2")]
    [InlineData("relu(relu(x1 - 1) - relu(x2))", "3,1", "1")]
    [InlineData("max(x1, x2, 1/3) + abs(x1 - x2)", "-1,-2", "4/3")]
    [InlineData("leaky_relu(x1, 0.01)", "-3", "-3/100")]
    [InlineData("sigmoid(x1 - x1) + tanh(0) + exp(0) + log(1)", "7", "3/2")]
    [InlineData("1/(x1 + 1)^2", "1/2", "4/9")]
    public void Exactly_RationalValues_AreExact(string f, string at, string expected)
    {
        var r = Evaluate.Exactly(ExprParser.Parse(f), P(at.Split(',')));
        Assert.True(r.IsExact);
        Assert.Equal(Rational.Parse(expected), r.Rational);
    }

    [Fact]
    public void Exactly_NonRationalValue_IsAClosedFormWithACertifiedEnclosure()
    {
        var r = Evaluate.Exactly(ExprParser.Parse("2*sigmoid(x1) - 1"), P("3"));
        Assert.True(r.IsExact);
        Assert.Null(r.Rational);
        Assert.Equal("2*sigmoid(3) - 1", r.ClosedForm!.ToString());
        Assert.True(r.Enclosure.Contains(Math.Tanh(1.5)), r.Enclosure.ToString());
        Assert.True(r.Enclosure.Width < 1e-12);
    }

    [Fact]
    public void Exactly_TooFewCoordinates_NamesTheVariable()
    {
        var ex = Assert.Throws<ArgumentException>(() => Evaluate.Exactly(ExprParser.Parse("x1 + x3"), P("1", "2")));
        Assert.Contains("x3", ex.Message);
        Assert.Contains("2 coordinates", ex.Message);
    }

    [Fact]
    public void Approximately_AgreesWithExact()
    {
        var f = ExprParser.Parse("x1^3/7 - softplus(x2) * max(x1, x2)");
        double exact = Evaluate.Exactly(f, P("1/4", "-2")).Enclosure.Mid;
        Assert.Equal(exact, Evaluate.Approximately(f, 0.25, -2), 12);
    }
}
