using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

public static partial class Attribute
{
    // Integrated Gradients of a network (see the public entry in Attribute.Paths.cs), with the breakpoints along the line.
    private static AttributionResult NetworkIntegratedGradients(Network network, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention)
    {
        var result = NetworkPathCore(network, new StraightPath(baseline, input), convention, "ig");
        return result with { Pieces = NetworkLine.Restrict(network, baseline, input).Breakpoints };
    }

    // The path method of a network along a polyline, staircase or straight path (see Path in Attribute.Paths.cs).
    private static AttributionResult NetworkPathCore(Network network, AttributionPath path, KinkConvention? convention, string method)
    {
        if (path.Dimension != network.Inputs)
            throw new ArgumentException($"the network has {network.Inputs} inputs but the path has {path.Dimension} coordinates");
        if (path is not SegmentPath segments)
            throw new UnsupportedInputException($"path '{path.Spec}': curved paths are not supported for networks; use an expression (network.ToExpr()) or a polyline");
        int n = path.Dimension;
        var a = new Rational[n];
        var steps = new List<DerivationStep> { new("gamma(t)", string.Join(" -> ", segments.Waypoints.Select(ExactMath.Point))) };
        int k = 0;
        foreach (var (p, q) in segments.Segments)
        {
            k++;
            if (p.SequenceEqual(q)) continue;
            var line = NetworkLine.Restrict(network, p, q);
            for (int j = 0; j < line.Pieces; j++)
            {
                var g = NetworkLine.GradientOnPiece(network, p, q, line, j, convention);
                var length = line.End(j) - line.Start(j);
                for (int i = 0; i < n; i++) a[i] += g[i] * (q[i] - p[i]) * length;
                var (segment, start, end) = (k, line.Start(j), line.End(j)); // copies for the deferred text
                steps.Add(new("integrand", () => $"segment {segment}, t in [{start}, {end}]: gradient {ExactMath.Point(g)}"));
            }
        }
        var attributions = a.Select(ExactResult.FromRational).ToArray();
        steps.Add(new("value", $"A = {ExactMath.Values(attributions)}"));
        return new AttributionResult(method, path.Input, path.Baseline, attributions,
            ExactResult.FromRational(network.Evaluate(path.Input)), ExactResult.FromRational(network.Evaluate(path.Baseline)), null, steps);
    }
}
