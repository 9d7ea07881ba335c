using TorchSharp;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using Verifier.Symbolic.Numbers;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Methods;

public static partial class NumericAttribute
{
    /// <summary>
    /// Integrated Gradients with no discretisation error for a piecewise-linear tensor model in float64, the one
    /// exact-line entry point of every model kind: the model gives the breakpoints of the straight segment from
    /// <paramref name="baseline"/> to <paramref name="input"/> (<see cref="TensorModel.LineBreakpoints"/>: a network's
    /// layers, a CNN's convolutions and pools, an ONNX graph's operations), F is affine on each piece, and one batched
    /// gradient at the piece midpoints gives A_i = (x_i - x'_i) sum_p |piece p| dF/dx_i(midpoint p), the points formed
    /// and the sum accumulated on the model's device. <see cref="NumericAttribution.Evaluations"/> is the number of
    /// pieces of positive length.
    /// </summary>
    /// <remarks>
    /// Sotoudeh and Thakur 2019, "Computing Linear Restrictions of Neural Networks" (ExactLine). Breakpoints are
    /// computed in float64, so the result equals the exact IG up to rounding, not exactly; the exact rational
    /// version is <c>Verifier.PathMethods.Methods.Attribute.IntegratedGradients</c>.
    /// </remarks>
    /// <param name="model">A float64 piecewise-linear model (<see cref="TensorModel.IsPiecewiseLinear"/>).</param>
    /// <param name="input">x.</param>
    /// <param name="baseline">x'.</param>
    /// <param name="batchSize">Points per gradient pass; null: from the available memory.</param>
    /// <param name="maxPieces">The budget of pieces; null: <see cref="NumericIgOptions.DefaultMaxPieces"/>.</param>
    /// <exception cref="ArgumentException">The model is not float64 or not piecewise linear, a point has the wrong length or a non-finite entry, or the batch size is below 1.</exception>
    /// <exception cref="Verifier.Symbolic.Expressions.SymbolicLimitException">The segment has more than <paramref name="maxPieces"/> pieces.</exception>
    public static NumericAttribution ExactLineIntegratedGradients(TensorModel model, IReadOnlyList<double> input, IReadOnlyList<double> baseline, int? batchSize = null,
        int? maxPieces = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ExactLine(model, input, baseline, batchSize, maxPieces, model.LineBreakpoints);
    }

    /// <summary>
    /// The exact line with the breakpoints given by <paramref name="breakpoints"/> (x0, direction, budget) instead of the
    /// model's own (a CNN's scan with a fixed chunk, for tests).
    /// </summary>
    internal static NumericAttribution ExactLine(TensorModel model, IReadOnlyList<double> input, IReadOnlyList<double> baseline, int? batchSize, int? maxPieces,
        Func<Tensor, Tensor, int, Tensor> breakpoints)
    {
        int budget = maxPieces ?? NumericIgOptions.DefaultMaxPieces;
        if (model.Precision != NumericPrecision.Float64)
            throw new ArgumentException("exact-line IG needs a float64 model (breakpoints in float32 are too coarse)", nameof(model));
        if (batchSize < 1) throw new ArgumentException($"batch size must be at least 1, not {batchSize}", nameof(batchSize));
        var ends = model.Batch([input, baseline], nameof(input));

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var endTensor = model.ToTensor(ends);
        var x = endTensor.select(0, 0);
        var x0 = endTensor.select(0, 1);
        var direction = x - x0;
        var t = breakpoints(x0, direction, budget);
        // Two units may switch at the same float, and chunked scans share their ends: each t once.
        if (t.shape[0] > 1) t = t.masked_select(cat([ones(1, ScalarType.Bool, device: t.device), t[1..] > t[..^1]]));
        var lengths = t[1..] - t[..^1];
        var mids = (t[1..] + t[..^1]) / 2;
        var sum = model.Float64Zeros(model.Inputs);
        long pieces = lengths.shape[0];
        int batch = BatchSizing.For(model, (int)Math.Min(pieces, int.MaxValue), batchSize);
        for (long start = 0; start < pieces; start += batch)
        {
            using var inner = NewDisposeScope();
            long count = Math.Min(pieces, start + batch) - start;
            var points = x0.unsqueeze(0) + mids.narrow(0, start, count).unsqueeze(1) * direction.unsqueeze(0);
            var grads = model.GradientTensor(points);
            sum.add_(lengths.narrow(0, start, count).matmul(grads));
        }
        var attributions = TensorModel.ToDoubles(sum * direction);
        var f = model.EvaluateBatch(ends);
        return new NumericAttribution("ig:exact-line", attributions, f[0], f[1], (int)pieces);
    }

    /// <summary>
    /// Exact-line IG of a model that cannot split a segment itself (a TorchScript module) at the breakpoints of a
    /// reference (the exact breakpoints of the network it is meant to implement, <c>NetworkLine.Restrict(...).Breakpoints</c>):
    /// the model's gradient at each piece's midpoint, weighted by the piece's length. If the model implements the
    /// reference, F is affine on every piece and the sum has no discretisation error; if not, the comparison shows it.
    /// </summary>
    /// <param name="model">Any numeric model.</param>
    /// <param name="input">x, exactly.</param>
    /// <param name="baseline">x', exactly.</param>
    /// <param name="breakpoints">0 = t_0 &lt; ... &lt; t_P = 1.</param>
    /// <exception cref="ArgumentException">The points' lengths differ from the model's inputs, or the breakpoints do not run from 0 to 1 in increasing order.</exception>
    public static NumericAttribution IntegratedGradientsAtBreakpoints(INumericModel model, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline,
        IReadOnlyList<Rational> breakpoints)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(breakpoints);
        int n = model.Inputs;
        if (input.Count != n || baseline.Count != n)
            throw new ArgumentException($"the model has {n} inputs but the points have {input.Count} and {baseline.Count} coordinates", nameof(input));
        if (breakpoints.Count < 2 || !breakpoints[0].IsZero || breakpoints[^1] != Rational.One
            || Enumerable.Range(1, breakpoints.Count - 1).Any(k => breakpoints[k] <= breakpoints[k - 1]))
            throw new ArgumentException("breakpoints must run from 0 to 1 in increasing order", nameof(breakpoints));
        int pieces = breakpoints.Count - 1;
        var points = new double[pieces, n];
        for (int k = 0; k < pieces; k++)
        {
            var mid = (breakpoints[k] + breakpoints[k + 1]) / new Rational(2);
            for (int i = 0; i < n; i++) points[k, i] = (baseline[i] + mid * (input[i] - baseline[i])).ToDouble();
        }
        var grads = model.Gradients(points);
        var a = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int k = 0; k < pieces; k++) sum += (breakpoints[k + 1] - breakpoints[k]).ToDouble() * grads[k, i];
            a[i] = (input[i] - baseline[i]).ToDouble() * sum;
        }
        var f = model.EvaluateBatch(Rows([.. input.Select(v => v.ToDouble())], [.. baseline.Select(v => v.ToDouble())]));
        return new NumericAttribution("ig:exact-line:reference-breakpoints", a, f[0], f[1], pieces);
    }

    /// <summary>
    /// Expected Gradients with no discretisation error: the weighted average over the baselines of exact-line IG
    /// (<see cref="ExactLineIntegratedGradients(TensorModel, IReadOnlyList{double}, IReadOnlyList{double}, int?, int?)"/>);
    /// <see cref="NumericAttribution.Evaluations"/> is the total number of pieces.
    /// </summary>
    /// <param name="model">A float64 piecewise-linear model.</param>
    /// <param name="input">x.</param>
    /// <param name="baselines">The baselines x'^(k).</param>
    /// <param name="weights">Their probabilities (summing to 1); null: uniform.</param>
    /// <param name="batchSize">Points per gradient pass; null: from the available memory.</param>
    /// <param name="maxPieces">The budget of pieces of each line.</param>
    /// <exception cref="ArgumentException">No baseline, a weight count that differs from the baselines', or what exact-line IG refuses.</exception>
    public static NumericAttribution ExactLineExpectedGradients(TensorModel model, IReadOnlyList<double> input, IReadOnlyList<IReadOnlyList<double>> baselines,
        IReadOnlyList<double>? weights = null, int? batchSize = null, int? maxPieces = null)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        return ExpectedOverBaselines(baselines.Count, weights, k => ExactLineIntegratedGradients(model, input, baselines[k], batchSize, maxPieces));
    }

    /// <summary>
    /// The weighted average of one exact-line IG per baseline (<paramref name="igFrom"/>(k) for baseline k): the
    /// attributions and F(x') averaged, F(x) from the last run, the pieces added. Used with the model's own breakpoints or a
    /// reference's.
    /// </summary>
    /// <exception cref="ArgumentException">No baseline, or a weight count that differs from <paramref name="count"/>.</exception>
    public static NumericAttribution ExpectedOverBaselines(int count, IReadOnlyList<double>? weights, Func<int, NumericAttribution> igFrom)
    {
        ArgumentNullException.ThrowIfNull(igFrom);
        if (count < 1) throw new ArgumentException("expected gradients needs at least one baseline", nameof(count));
        if (weights is not null && weights.Count != count)
            throw new ArgumentException($"{weights.Count} weights for {count} baselines", nameof(weights));
        double[]? a = null;
        double fInput = 0, fBaseline = 0;
        int pieces = 0;
        for (int k = 0; k < count; k++)
        {
            var ig = igFrom(k);
            double w = weights?[k] ?? 1.0 / count;
            a ??= new double[ig.Attributions.Length];
            for (int i = 0; i < a.Length; i++) a[i] += w * ig.Attributions[i];
            fInput = ig.FInput;
            fBaseline += w * ig.FBaseline;
            pieces += ig.Evaluations;
        }
        return new NumericAttribution("eg:exact-line", a!, fInput, fBaseline, pieces);
    }
}
