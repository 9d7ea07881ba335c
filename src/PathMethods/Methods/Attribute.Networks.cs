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
        IReadOnlyList<Rational>? pieces = null;
        var result = NetworkPathCore(network, new StraightPath(baseline, input), convention, "ig", line => pieces = line.Breakpoints);
        return result with { Pieces = pieces ?? NetworkLine.Restrict(network, baseline, input).Breakpoints };
    }

    // The path method of a network along a polyline, staircase or straight path (see Path in Attribute.Paths.cs): on each
    // segment the integral of the gradient by NetworkLine.IntegratedGradients (incremental back-propagation between
    // pieces); the gradient of each piece is only computed, from its midpoint, when the derivation is read.
    private static AttributionResult NetworkPathCore(Network network, AttributionPath path, KinkConvention? convention, string method,
        Action<LinePartition>? straight = null)
    {
        if (path.Dimension != network.Inputs)
            throw new ArgumentException($"the network has {network.Inputs} inputs but the path has {path.Dimension} coordinates");
        if (path is not SegmentPath segments)
            throw new UnsupportedInputException($"path '{path.Spec}': curved paths are not supported for networks; use an expression (network.ToExpr()) or a polyline");
        int n = path.Dimension;
        var a = new Rational[n];
        var steps = new List<DerivationStep> { new("gamma(t)", string.Join(" -> ", segments.Waypoints.Select(ExactMath.Point))) };
        int k = 0;
        Rational? fInput = null, fBaseline = null;
        bool onKinks = false;
        foreach (var (p, q) in segments.Segments)
        {
            k++;
            if (p.SequenceEqual(q)) continue;
            var integral = NetworkLine.IntegratedGradients(network, p, q, convention);
            var line = integral.Partition;
            onKinks |= integral.UnitsOnKinks;
            if (straight is not null)
            {
                straight(line);
                (fBaseline, fInput) = (line.Values[0], line.Values[^1]);
            }
            for (int i = 0; i < n; i++) a[i] += integral.Attributions[i];
            for (int j = 0; j < line.Pieces; j++)
            {
                var (segment, piece, start, end, from, to) = (k, j, line.Start(j), line.End(j), p, q); // copies for the deferred text
                steps.Add(new("integrand", () =>
                    $"segment {segment}, t in [{start}, {end}]: gradient {ExactMath.Point(NetworkLine.GradientOnPiece(network, from, to, line, piece, convention))}"));
            }
        }
        var attributions = ExactResult.FromRationals(a);
        steps.Add(new("value", () => $"A = {ExactMath.Values(attributions)}"));
        return new AttributionResult(method, path.Input, path.Baseline, attributions,
            ExactResult.FromRational(fInput ?? network.Evaluate(path.Input)), ExactResult.FromRational(fBaseline ?? network.Evaluate(path.Baseline)), null, steps)
        {
            UnitsOnKinksAlongPath = onKinks,
        };
    }
}
