using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Paths;

/// <summary>
/// Parses the <c>--path</c> syntax of the command line: <c>straight</c>, <c>staircase:3,1,2</c>,
/// <c>polyline:P1;P2;...</c> (comma-separated exact numbers per point) and <c>curve:h1;h2;...;hn</c>, with polyline
/// waypoints read in <see cref="PathCoordinates"/> (absolute points, or fractions of x - x').
/// </summary>
public static class PathParser
{
    /// <summary>Parses <paramref name="spec"/> into a path from <paramref name="baseline"/> to <paramref name="input"/>.</summary>
    /// <param name="spec">The <c>--path</c> text.</param>
    /// <param name="baseline">x'.</param>
    /// <param name="input">x.</param>
    /// <param name="coordinates">How polyline waypoints are read: absolute points, or reference coordinates
    /// (<see cref="ReferencePath.Parse"/>, then <see cref="ReferencePath.For"/>).</param>
    /// <exception cref="FormatException">The syntax is wrong (unknown kind, a bad number or expression, a curve function
    /// of more than t); the message names it.</exception>
    /// <exception cref="ArgumentException">The dimensions do not match, a staircase order is not a permutation, or a
    /// curve's h_i does not go from 0 to 1; the message names the problem.</exception>
    public static AttributionPath Parse(string spec, IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input, PathCoordinates coordinates)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(input);
        if (baseline.Count != input.Count)
            throw new ArgumentException($"the baseline has {baseline.Count} coordinates but the input has {input.Count}");
        var syntax = Read(spec, coordinates);
        if (coordinates == PathCoordinates.Reference) return ReferencePath.From(syntax).For(baseline, input);
        return syntax.Kind switch
        {
            PathKind.Straight => new StraightPath(baseline, input),
            PathKind.Staircase => new StaircasePath(baseline, input, syntax.Order!),
            PathKind.Polyline => new PolylinePath(baseline, input, syntax.Waypoints!),
            _ => new CurvePath(baseline, input, syntax.H!),
        };
    }

    /// <summary>Parses a comma-separated point of exact numbers (e.g. <c>1/2,-3,0.25</c>).</summary>
    /// <exception cref="FormatException">A coordinate is not a number; the message names it and <paramref name="what"/>.</exception>
    public static Rational[] ParsePoint(string text, string what = "point")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException($"{what} is empty");
        var parts = text.Split(',');
        var p = new Rational[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!Rational.TryParse(parts[i], out p[i], out var error, 10_000))
                throw new FormatException($"{what}, coordinate {i + 1}: {error}");
        }
        return p;
    }

    // The one reader of the syntax. The coordinate mode decides what needs the points and what an empty argument means:
    // in reference coordinates a staircase may omit its order (features 1..n) but its features must be distinct 1-based
    // indices, an empty polyline is the straight line, and the waypoints must have one length.
    internal static PathSyntax Read(string spec, PathCoordinates coordinates)
    {
        ArgumentNullException.ThrowIfNull(spec);
        bool reference = coordinates == PathCoordinates.Reference;
        var s = spec.Trim();
        int colon = s.IndexOf(':');
        var kind = (colon < 0 ? s : s[..colon]).Trim().ToLowerInvariant();
        var body = colon < 0 ? null : s[(colon + 1)..].Trim();
        switch (kind)
        {
            case "straight":
                if (!string.IsNullOrEmpty(body)) throw new FormatException($"path 'straight' takes no argument, got '{body}'");
                return new(PathKind.Straight);
            case "staircase":
                if (string.IsNullOrEmpty(body))
                    return reference ? new(PathKind.Staircase) : throw new FormatException("path 'staircase' needs a feature order, e.g. staircase:2,1");
                var order = body.Split(',').Select(ParseFeature).ToArray();
                if (reference)
                {
                    foreach (var k in order)
                        if (k < 1) throw new FormatException($"staircase feature {k} is not a 1-based index");
                    if (order.Distinct().Count() != order.Length) throw new FormatException("a staircase feature appears more than once");
                }
                return new(PathKind.Staircase, Order: order);
            case "polyline":
                if (string.IsNullOrEmpty(body)) return reference ? new(PathKind.Straight) : new(PathKind.Polyline, Waypoints: []);
                var points = body.Split(';').Select((p, k) => ParsePoint(p, $"waypoint P{k + 1}")).ToArray();
                if (reference && points.Any(p => p.Length != points[0].Length)) throw new FormatException("the waypoints have different numbers of coordinates");
                return new(PathKind.Polyline, Waypoints: points);
            case "curve":
                if (string.IsNullOrEmpty(body)) throw new FormatException("path 'curve' needs one function h_i(t) per feature, e.g. curve:t^2;t");
                return new(PathKind.Curve, H: body.Split(';').Select(ParseH).ToArray());
            default:
                throw new FormatException($"unknown path kind '{kind}'; expected straight, {(reference ? "staircase[:ORDER]" : "staircase:ORDER")}, polyline:P1;P2;... or curve:h1;...;hn");
        }
    }

    private static int ParseFeature(string text)
    {
        var t = text.Trim();
        if (!int.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var f))
            throw new FormatException($"staircase feature '{t}' is not an integer");
        return f;
    }

    private static Expr ParseH(string text, int i)
    {
        Expr h;
        try { h = ExprParser.Parse(text.Trim()); }
        catch (ParseException e) { throw new FormatException($"curve function h_{i + 1}: {e.Message}", e); }
        if (h.MaxVariableIndex > 0) throw new FormatException($"h_{i + 1} = {h} must be a function of t only");
        return h;
    }
}

/// <summary>The kinds of path the <c>--path</c> syntax names.</summary>
internal enum PathKind { Straight, Staircase, Polyline, Curve }

/// <summary>A parsed <c>--path</c>: its kind and argument (a null order or no waypoints where the syntax allows them to be left out).</summary>
internal sealed record PathSyntax(PathKind Kind, int[]? Order = null, Rational[][]? Waypoints = null, Expr[]? H = null);
