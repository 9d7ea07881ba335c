using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Methods;

public class SeedExampleTests
{
    [Fact]
    public void Path_AppendixCNonMonotonePolyline_GivesOneMinusOne()
    {
        var path = new PolylinePath(P(0, 0), P(1, 0), [P(0, 1), P(1, 1)]);
        var r = Attribute.Path(F("x1*x2"), path);
        Assert.Equal(P(1, -1), Values(r));
        Assert.False(path.IsMonotone);
        Assert.Equal(Rational.Zero, r.CompletenessGap.Rational);
    }

    [Fact]
    public void Path_AppendixE1Loop_GivesMinusTwoThirdsFiveThirds()
    {
        var path = new PolylinePath(P(0, 0), P(1, 1), [P(1, 0), P(1, 1), P(0, 1), P(0, 0)]);
        var r = Attribute.Path(F("x1*x2^2"), path);
        Assert.Equal(new[] { R("-2/3"), R("5/3") }, Values(r));
        Assert.True(r.Exact);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Path_AppendixFClockwiseLoops_GivesHalfPlusN(int n)
    {
        // Clockwise: (0,0) -> (0,1) -> (1,1) -> (1,0) -> (0,0), n times, then the diagonal (seed 004, Appendix F).
        var loop = new[] { P(0, 1), P(1, 1), P(1, 0), P(0, 0) };
        var path = new PolylinePath(P(0, 0), P(1, 1), Enumerable.Repeat(loop, n).SelectMany(l => l));
        var r = Attribute.Path(F("x1*x2"), path);
        Assert.Equal(new[] { R("1/2") + n, R("1/2") - n }, Values(r));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Path_AppendixFCounterClockwiseLoops_GivesHalfMinusN(int n)
    {
        // Counterclockwise: (0,0) -> (1,0) -> (1,1) -> (0,1) -> (0,0), n times, then the diagonal.
        var loop = new[] { P(1, 0), P(1, 1), P(0, 1), P(0, 0) };
        var path = new PolylinePath(P(0, 0), P(1, 1), Enumerable.Repeat(loop, n).SelectMany(l => l));
        var r = Attribute.Path(F("x1*x2"), path);
        Assert.Equal(new[] { R("1/2") - n, R("1/2") + n }, Values(r));
    }

    [Theory]
    [InlineData("1/10")]
    [InlineData("1/1000")]
    [InlineData("1/1000000000")]
    public void IntegratedGradients_Theorem4AbsOfDifference_JumpsByExactlyTwo(string eps)
    {
        var e = R(eps);
        var f = F("max(x2 - x1, x1 - x2)");
        var above = Attribute.IntegratedGradients(f, [1, 1 + e / 2], P(0, 0));
        var below = Attribute.IntegratedGradients(f, [1, 1 - e / 2], P(0, 0));
        // Above the diagonal F = x2 - x1 along the whole line, so IG_1 = -1; below it F = x1 - x2 and IG_1 = 1.
        Assert.Equal(Rational.MinusOne, above.Attributions[0].Rational);
        Assert.Equal(Rational.One, below.Attributions[0].Rational);
        Assert.Equal((Rational)2, below.Attributions[0].Rational!.Value - above.Attributions[0].Rational!.Value);
    }

    [Fact]
    public void Gradient_SaturatedRelu_IsZeroWhileIntegratedGradientsIsOne()
    {
        var f = F("1 - relu(1 - x1)");
        Assert.Equal(Rational.Zero, Attribute.Gradient(f, P(2)).Attributions[0].Rational);
        var ig = Attribute.IntegratedGradients(f, P(2), P(0));
        Assert.Equal(Rational.One, ig.Attributions[0].Rational);
        Assert.Equal(new[] { Rational.Zero, Rational.Half, Rational.One }, ig.Pieces);
    }

    [Fact]
    public void IntegratedGradients_ProductAtOneThree_SplitsEvenly()
    {
        var r = Attribute.IntegratedGradients(F("x1*x2"), P(1, 3), P(0, 0));
        Assert.Equal(new[] { R("3/2"), R("3/2") }, Values(r));
        Assert.Equal(new[] { Rational.Zero, Rational.One }, r.Pieces);
    }

    [Fact]
    public void BaselineShapley_ProductAtOneThree_SplitsEvenly()
    {
        var r = Attribute.BaselineShapley(F("x1*x2"), P(1, 3), P(0, 0));
        Assert.Equal(new[] { R("3/2"), R("3/2") }, Values(r));
    }

    [Theory]
    [InlineData("staircase:1,2", 0, 3)]
    [InlineData("staircase:2,1", 3, 0)]
    public void Path_ProductStaircase_GivesAllToTheLastFeature(string spec, int a1, int a2)
    {
        var path = PathParser.Parse(spec, P(0, 0), P(1, 3), PathCoordinates.Absolute);
        Assert.Equal(P(a1, a2), Values(Attribute.Path(F("x1*x2"), path)));
    }
}
