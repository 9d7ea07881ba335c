using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Paths;

/// <summary>The one <c>--path</c> parser in its two coordinate modes, and the reference paths it builds.</summary>
public class ReferencePathTests
{
    [Fact]
    public void Parse_PolylineInBothModes_ReadsWaypointsAsPointsOrAsFractions()
    {
        // From x' = (0, 0) to x = (2, 4): the waypoint (1/2, 1) is a point, or half of x1's way and all of x2's.
        var absolute = (SegmentPath)PathParser.Parse("polyline:1/2,1", P(0, 0), P(2, 4), PathCoordinates.Absolute);
        var reference = (SegmentPath)PathParser.Parse("polyline:1/2,1", P(0, 0), P(2, 4), PathCoordinates.Reference);
        Assert.Equal(new[] { R("1/2"), R("1") }, absolute.Waypoints[1]);
        Assert.Equal(P(1, 4), reference.Waypoints[1]);
    }

    [Fact]
    public void Parse_E1Spec_GivesTheNonMonotoneReferencePath()
    {
        var parsed = ReferencePath.Parse("polyline:1,0;1,1;0,1;0,0");
        Assert.Equal(ReferencePath.NonMonotoneE1.Spec, parsed.Spec);
        Assert.False(parsed.IsMonotone(2));
        var path = (SegmentPath)parsed.For(P(1, 1), P(3, 2));
        Assert.Equal([P(1, 1), P(3, 1), P(3, 2), P(1, 2), P(1, 1), P(3, 2)], path.Waypoints.Select(p => p.ToArray()).ToList());
    }

    [Theory]
    [InlineData("staircase", "staircase")]
    [InlineData("polyline:", "straight")]
    [InlineData("staircase:2,1", "staircase:2,1")]
    [InlineData(" Curve : t^2;t ", "curve:t^2;t")]
    public void ParseReference_ValidSpec_HasItsSpec(string spec, string expected) =>
        Assert.Equal(expected, ReferencePath.Parse(spec).Spec);

    [Theory]
    [InlineData("staircase", PathCoordinates.Absolute, "needs a feature order")]
    [InlineData("staircase:0,1", PathCoordinates.Reference, "1-based index")]
    [InlineData("staircase:1,1", PathCoordinates.Reference, "more than once")]
    [InlineData("staircase:1,a", PathCoordinates.Reference, "'a' is not an integer")]
    [InlineData("polyline:1,0;1", PathCoordinates.Reference, "different numbers of coordinates")]
    [InlineData("curve:t;x1", PathCoordinates.Absolute, "function of t only")]
    [InlineData("curve:t;x1", PathCoordinates.Reference, "function of t only")]
    [InlineData("curve:t;(", PathCoordinates.Reference, "curve function h_2")]
    [InlineData("zigzag", PathCoordinates.Reference, "staircase[:ORDER]")]
    [InlineData("zigzag", PathCoordinates.Absolute, "staircase:ORDER")]
    public void Parse_BadSyntax_ThrowsFormatNamingProblemInEachMode(string spec, PathCoordinates mode, string problem)
    {
        var e = Assert.ThrowsAny<FormatException>(() => PathParser.Parse(spec, P(0, 0), P(1, 1), mode));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Parse_EmptyPolyline_IsAnEmptyPolylineOrTheStraightLine()
    {
        Assert.Equal("polyline:", PathParser.Parse("polyline:", P(0), P(1), PathCoordinates.Absolute).Spec);
        Assert.IsType<StraightPath>(PathParser.Parse("polyline:", P(0), P(1), PathCoordinates.Reference));
    }

    [Fact]
    public void For_StaircaseOfAnotherDimension_Throws()
    {
        var e = Assert.Throws<InputArgumentException>(() => ReferencePath.Parse("staircase:2,1").For(P(0, 0, 0), P(1, 1, 1)));
        Assert.Contains("1..3", e.Message);
    }
}
