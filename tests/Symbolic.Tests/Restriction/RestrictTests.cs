using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Restriction;

namespace Verifier.Symbolic.Tests.Restriction;

public class RestrictTests
{
    private static Rational[] P(params string[] xs) => xs.Select(x => Rational.Parse(x)).ToArray();

    private static string Breaks(PiecewiseFunction g) => string.Join(" ", g.Breakpoints.Select(b => b.ToString()));

    [Theory]
    [InlineData("relu(relu(x1) - 1 - relu(x2))", "0 1/2 1")]
    [InlineData("relu(relu(x1 - 1) - relu(x2))", "0 1/3 1/2 1")]
    [InlineData("x1*x2", "0 1")]
    [InlineData("abs(x1 - 3/2) + max(x1, 2*x2)", "0 1/2 1")]
    [InlineData("min(x1 - 1, x2, 1/3)", "0 4/9 1")]
    [InlineData("leaky_relu(x1 - 2, 1/10)", "0 2/3 1")]
    [InlineData("step(x2 - 1/2)", "0 1/2 1")]
    public void ToSegment_FromOriginTo31_HasExactBreakpoints(string f, string expected)
    {
        var g = Restrict.ToSegment(ExprParser.Parse(f), P("0", "0"), P("3", "1"));
        Assert.Equal(expected, Breaks(g));
        Assert.All(g.Pieces, p => Assert.False(p.HasKinks));
    }

    [Fact]
    public void ToSegment_IssueExample_PiecesAreTheBranches()
    {
        var g = Restrict.ToSegment(ExprParser.Parse("relu(relu(x1 - 1) - relu(x2))"), P("0", "0"), P("3", "1"));
        Assert.Equal(new[] { Ex.Zero, Ex.Zero, ExprParser.Parse("2*t - 1") }, g.Pieces);
        Assert.Equal(Rational.Parse("1/4"), g.Integrate().Rational);
    }

    [Fact]
    public void ToSegment_NonAffineKinkWithRationalRoot_IsExact()
    {
        // relu(x1*x2 - 1) along (0,0) -> (2,2): t^2 * 4 - 1 = 0 at t = 1/2.
        var g = Restrict.ToSegment(ExprParser.Parse("relu(x1*x2 - 1)"), P("0", "0"), P("2", "2"));
        Assert.Equal("0 1/2 1", Breaks(g));
        // integral over [1/2, 1] of 4t^2 - 1 = 4/3 * 7/8 - 1/2 = 2/3
        Assert.Equal(Rational.Parse("2/3"), g.Integrate().Rational);
    }

    [Fact]
    public void ToSegment_NonAffineKinkWithIrrationalRoot_GivesAlgebraicBreakpointAndCertifiedEnclosure()
    {
        // relu(x1*x2 - 1) along (0,0) -> (1,2): 2t^2 - 1 = 0 at t = 1/sqrt(2).
        var g = Restrict.ToSegment(ExprParser.Parse("relu(x1*x2 - 1)"), P("0", "0"), P("1", "2"));
        Assert.Equal(3, g.Breakpoints.Count);
        var root = g.Breakpoints[1];
        Assert.False(root.IsExact);
        Assert.True(root.Enclosure.Contains(1 / Math.Sqrt(2)));
        var integral = g.Integrate();
        Assert.False(integral.IsExact);
        // exact value: integral_{1/sqrt2}^1 (2t^2 - 1) dt = 2/3 - 1 - (2/3 * 2^-1.5 - 2^-0.5) = -1/3 + (2/3) / sqrt 2
        double exact = -1.0 / 3 + 2.0 / 3 / Math.Sqrt(2);
        Assert.True(integral.Enclosure.Contains(exact), $"{integral.Enclosure} should contain {exact}");
        Assert.True(integral.Enclosure.Width < 1e-9, $"enclosure {integral.Enclosure} too wide");
    }

    [Fact]
    public void ToSegment_TwoKinksAtTheSameIrrationalPoint_AreOneBreakpoint()
    {
        // Both arguments vanish at t = 1/sqrt(2).
        var g = Restrict.ToSegment(ExprParser.Parse("relu(x1*x2 - 1) + abs(2*x1*x2 - 2)"), P("0", "0"), P("1", "2"));
        Assert.Equal(3, g.Breakpoints.Count);
    }

    [Fact]
    public void ToSegment_DimensionMismatch_IsAClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => Restrict.ToSegment(ExprParser.Parse("x1 + x3"), P("0", "0"), P("1", "1")));
        Assert.Contains("x3", ex.Message);
        Assert.Throws<ArgumentException>(() => Restrict.ToSegment(ExprParser.Parse("x1"), P("0"), P("1", "1")));
    }

    [Fact]
    public void ToSegment_SmoothFunction_IsOnePiece()
    {
        var g = Restrict.ToSegment(ExprParser.Parse("sigmoid(x1) * x2"), P("0", "0"), P("1", "1"));
        Assert.Single(g.Pieces);
        Assert.Equal("0 1", Breaks(g));
    }

    [Fact]
    public void Integrate_DirectionalDerivativeOfPiecewiseLinear_EqualsDifferenceOfEndValues()
    {
        // The fundamental theorem along one segment, by hand: F = max(x2 - x1, x1 - x2) (seed 004, Theorem 4).
        var f = ExprParser.Parse("max(x2 - x1, x1 - x2)");
        var p0 = P("0", "0"); var p1 = P("1", "21/20");
        var directional = Ex.Sum(f.Gradient(2).Select((d, i) => Ex.Product(Ex.Const(p1[i] - p0[i]), d)));
        var g = Restrict.ToSegment(directional, p0, p1);
        Assert.Equal(f.TryEvaluateRational(p1)!.Value - f.TryEvaluateRational(p0)!.Value, g.Integrate().Rational);
    }

    [Fact]
    public void ToSegment_SmoothKinkArgumentOfCertifiedSign_IsResolved()
    {
        var g = Restrict.ToSegment(ExprParser.Parse("relu(exp(x1) - 1/2) + abs(sigmoid(x2) - 1)"), P("0", "0"), P("1", "1"));
        Assert.Single(g.Pieces);
        Assert.False(g.Pieces[0].HasKinks);
    }

    [Fact]
    public void ToSegment_SmoothKinkArgumentWithARoot_IsAClearError()
    {
        var ex = Assert.Throws<RestrictionException>(() =>
            Restrict.ToSegment(ExprParser.Parse("relu(exp(x1) - 2)"), P("0"), P("1")));
        Assert.Contains("not a polynomial", ex.Message);
    }
}
