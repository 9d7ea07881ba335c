using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

public static partial class Attribute
{
    /// <summary>
    /// The path method along a polyline, staircase or straight path for a piecewise-linear network, exactly: on each
    /// affine piece [t_j, t_{j+1}] of each segment P -&gt; Q, A_i += dF/dx_i(piece) (Q - P)_i (t_{j+1} - t_j).
    /// </summary>
    /// <remarks>
    /// Pieces come from <see cref="NetworkLine.Restrict"/> (ExactLine, Sotoudeh and Thakur 2019); the gradient on a
    /// piece is <see cref="NetworkLine.GradientOnPiece"/>, whose <paramref name="convention"/> can matter only for
    /// components across a segment where a neuron sits at its kink along a whole piece.
    /// </remarks>
    /// <exception cref="ArgumentException">The path's dimension is not the network's input count.</exception>
    /// <exception cref="NotSupportedException">The path is a <see cref="CurvePath"/>.</exception>
    public static AttributionResult Path(Network network, AttributionPath path, KinkConvention? convention = null) =>
        NetworkPathCore(network, path, convention, "path");

    /// <summary>Integrated Gradients of a network, exactly, with the breakpoints of F along the line in <see cref="AttributionResult.Pieces"/>.</summary>
    /// <exception cref="ArgumentException">x or x' does not have the network's input count.</exception>
    public static AttributionResult IntegratedGradients(Network network, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var result = NetworkPathCore(network, new StraightPath(baseline, input), convention, "ig");
        return result with { Pieces = NetworkLine.Restrict(network, baseline, input).Breakpoints };
    }

    /// <summary>The weighted average of the path methods of an ensemble for a network, exactly.</summary>
    public static AttributionResult Ensemble(Network network, PathEnsemble ensemble, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var parts = ensemble.Members.Select(m => (Path(network, m.Path, convention), m.Weight)).ToList();
        return Average("path-ensemble", parts);
    }

    private static AttributionResult NetworkPathCore(Network network, AttributionPath path, KinkConvention? convention, string method)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        if (path.Dimension != network.Inputs)
            throw new ArgumentException($"the network has {network.Inputs} inputs but the path has {path.Dimension} coordinates");
        if (path is not SegmentPath segments)
            throw new NotSupportedException($"path '{path.Spec}': curved paths are not supported for networks; use an expression (network.ToExpr()) or a polyline");
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
