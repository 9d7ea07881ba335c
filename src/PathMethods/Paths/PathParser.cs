using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Paths;

/// <summary>
/// Parses the <c>--path</c> syntax of the command line: <c>straight</c>, <c>staircase:3,1,2</c>,
/// <c>polyline:P1;P2;...</c> (comma-separated exact numbers per point) and <c>curve:h1;h2;...;hn</c>.
/// </summary>
public static class PathParser
{
    /// <summary>Parses <paramref name="spec"/> into a path from <paramref name="baseline"/> to <paramref name="input"/>.</summary>
    /// <exception cref="FormatException">The syntax is wrong (unknown kind, a bad number or expression); the message names it.</exception>
    /// <exception cref="ArgumentException">The dimensions do not match, a staircase order is not a permutation, or a
    /// curve's h_i does not go from 0 to 1; the message names the problem.</exception>
    public static AttributionPath Parse(string spec, IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(input);
        if (baseline.Count != input.Count)
            throw new ArgumentException($"the baseline has {baseline.Count} coordinates but the input has {input.Count}");
        var s = spec.Trim();
        int colon = s.IndexOf(':');
        var kind = (colon < 0 ? s : s[..colon]).Trim().ToLowerInvariant();
        var body = colon < 0 ? null : s[(colon + 1)..].Trim();
        switch (kind)
        {
            case "straight":
                if (!string.IsNullOrEmpty(body)) throw new FormatException($"path 'straight' takes no argument, got '{body}'");
                return new StraightPath(baseline, input);
            case "staircase":
                if (string.IsNullOrEmpty(body)) throw new FormatException("path 'staircase' needs a feature order, e.g. staircase:2,1");
                return new StaircasePath(baseline, input, body.Split(',').Select(ParseFeature).ToArray());
            case "polyline":
                if (string.IsNullOrEmpty(body)) return new PolylinePath(baseline, input, []);
                var points = body.Split(';').Select((p, k) => ParsePoint(p, $"waypoint P{k + 1}")).ToList();
                return new PolylinePath(baseline, input, points);
            case "curve":
                if (string.IsNullOrEmpty(body)) throw new FormatException("path 'curve' needs one function h_i(t) per feature, e.g. curve:t^2;t");
                var h = body.Split(';').Select((e, i) => ParseH(e, i)).ToArray();
                return new CurvePath(baseline, input, h);
            default:
                throw new FormatException($"unknown path kind '{kind}'; expected straight, staircase:ORDER, polyline:P1;P2;... or curve:h1;...;hn");
        }
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

    private static int ParseFeature(string text)
    {
        var t = text.Trim();
        if (!int.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var f))
            throw new FormatException($"staircase feature '{t}' is not an integer");
        return f;
    }

    private static Expr ParseH(string text, int i)
    {
        try
        {
            return ExprParser.Parse(text.Trim());
        }
        catch (ParseException e)
        {
            throw new FormatException($"curve function h_{i + 1}: {e.Message}", e);
        }
    }
}
