using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;

namespace Verifier.NumericBridge.Methods;

public static partial class NumericAttribute
{
    /// <summary>
    /// The path method along the polyline <paramref name="waypoints"/>[0] (the baseline) -&gt; ... -&gt; the last waypoint
    /// (the input): A_i = sum over segments p -&gt; q of (q_i - p_i) sum_k w_k dF/dx_i(p + alpha_k (q - p)), with
    /// <see cref="NumericIgOptions.Rule"/> and <see cref="NumericIgOptions.Steps"/> nodes on every segment of non-zero
    /// length. Non-monotone polylines and repeated waypoints are allowed.
    /// </summary>
    /// <remarks>
    /// Friedman 2004 path methods; seed 004, Appendix C. The exact counterpart is
    /// <c>Verifier.PathMethods.Methods.Attribute.Path(f, new PolylinePath(baseline, input, intermediate))</c>.
    /// </remarks>
    /// <exception cref="ArgumentException">Fewer than two waypoints, a waypoint has the wrong length or a NaN or infinite
    /// entry, or a bad option.</exception>
    public static NumericAttribution PolylineIntegratedGradients(INumericModel model, IReadOnlyList<IReadOnlyList<double>> waypoints, NumericIgOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(waypoints);
        if (waypoints.Count < 2) throw new ArgumentException($"a polyline needs at least two waypoints (baseline and input), not {waypoints.Count}", nameof(waypoints));
        options ??= NumericIgOptions.Default;
        CheckBatchSize(options.BatchSize);
        var points = waypoints.Select(w => Point(model, w, nameof(waypoints))).ToArray();
        var (nodes, weights) = Quadrature.NodesAndWeights(options.Rule, options.Steps);
        int batchSize = BatchSizing.For(model, nodes.Length, options.BatchSize);
        var attributions = new double[model.Inputs];
        int evaluations = 0;
        for (int s = 0; s + 1 < points.Length; s++)
        {
            var delta = Difference(points[s + 1], points[s]);
            if (delta.All(d => d == 0)) continue;
            var sum = WeightedGradientSum(model, points[s], points[s + 1], nodes, weights, batchSize);
            for (int i = 0; i < attributions.Length; i++) attributions[i] += sum[i] * delta[i];
            evaluations += nodes.Length;
        }
        var f = model.EvaluateBatch(Rows(points[^1], points[0]));
        return new NumericAttribution($"path:{RuleName(options.Rule)}:{options.Steps}", attributions, f[0], f[1], evaluations);
    }
}
