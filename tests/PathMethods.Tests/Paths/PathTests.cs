using Verifier.PathMethods.Paths;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Paths;

public class PathTests
{
    [Fact]
    public void StaircasePath_Order312_VisitsAxisCorners()
    {
        var path = new StaircasePath(P(0, 0, 0), P(1, 2, 3), [3, 1, 2]);
        Assert.Equal([P(0, 0, 0), P(0, 0, 3), P(1, 0, 3), P(1, 2, 3)], path.Waypoints.Select(p => p.ToArray()).ToList());
        Assert.True(path.IsMonotone);
        Assert.Equal("staircase:3,1,2", path.Spec);
    }

    [Theory]
    [InlineData(new[] { 1, 1 }, "appears more than once")]
    [InlineData(new[] { 1 }, "feature 2 is missing")]
    [InlineData(new[] { 1, 3 }, "out of range")]
    public void StaircasePath_BadOrder_ThrowsNamingFeature(int[] order, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => new StaircasePath(P(0, 0), P(1, 1), order));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void PolylinePath_DuplicateConsecutivePoints_Allowed()
    {
        var path = new PolylinePath(P(0, 0), P(1, 1), [P(0, 0), P(1, 0), P(1, 0)]);
        Assert.Equal(5, path.Waypoints.Count);
        Assert.True(path.IsMonotone);
    }

    [Fact]
    public void PolylinePath_WaypointWrongDimension_ThrowsNamingWaypoint()
    {
        var e = Assert.Throws<ArgumentException>(() => new PolylinePath(P(0, 0), P(1, 1), [P(1, 0), P(1)]));
        Assert.Contains("P2", e.Message);
    }

    [Theory]
    [InlineData("t^2 + 1", "h_1(0) = 1")]
    [InlineData("2*t", "h_1(1) = 2")]
    public void CurvePath_BadEnds_ThrowsNamingIndexAndValue(string h1, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => new CurvePath(P(0, 0), P(1, 1), [F(h1), F("t")]));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void CurvePath_HUsesFeatureVariable_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new CurvePath(P(0), P(1), [F("t*x1")]));
        Assert.Contains("function of t only", e.Message);
    }

    [Theory]
    [InlineData("straight", "straight")]
    [InlineData("staircase:2,1", "staircase:2,1")]
    [InlineData("polyline:0,1;1,1", "polyline:0,1;1,1")]
    [InlineData("polyline:1/2,0.25", "polyline:1/2,1/4")]
    [InlineData("curve:t^2;t", "curve:t^2;t")]
    public void Parse_ValidSpec_RoundTrips(string spec, string expected)
    {
        Assert.Equal(expected, PathParser.Parse(spec, P(0, 0), P(1, 1), PathCoordinates.Absolute).Spec);
    }

    [Theory]
    [InlineData("zigzag", "unknown path kind 'zigzag'")]
    [InlineData("staircase:", "needs a feature order")]
    [InlineData("staircase:1,a", "'a' is not an integer")]
    [InlineData("polyline:1,x", "coordinate 2")]
    [InlineData("curve:", "one function h_i(t)")]
    [InlineData("straight:1", "takes no argument")]
    public void Parse_BadSyntax_ThrowsFormatNamingProblem(string spec, string problem)
    {
        var e = Assert.ThrowsAny<FormatException>(() => PathParser.Parse(spec, P(0, 0), P(1, 1), PathCoordinates.Absolute));
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("polyline:1,1,1", "3 coordinates")]
    [InlineData("curve:t", "1 functions h_i")]
    [InlineData("curve:t;t^2+1", "h_2(0) = 1")]
    [InlineData("staircase:1", "feature 2 is missing")]
    public void Parse_DimensionOrValueProblem_ThrowsArgumentNamingIt(string spec, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => PathParser.Parse(spec, P(0, 0), P(1, 1), PathCoordinates.Absolute));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Parse_BaselineInputMismatch_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => PathParser.Parse("straight", P(0), P(1, 1), PathCoordinates.Absolute));
        Assert.Contains("baseline has 1", e.Message);
    }

    [Fact]
    public void PathEnsemble_WeightsNotOne_ThrowsNamingSum()
    {
        var s = new StraightPath(P(0), P(1));
        var e = Assert.Throws<ArgumentException>(() => new PathEnsemble([(s, Rational.Half)]));
        Assert.Contains("sum to 1/2", e.Message);
    }

    [Fact]
    public void PathEnsemble_DifferentEnds_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new PathEnsemble([(new StraightPath(P(0), P(1)), Rational.Half), (new StraightPath(P(0), P(2)), Rational.Half)]));
        Assert.Contains("path 2", e.Message);
    }
}
