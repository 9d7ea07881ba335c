using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using Verifier.PathMethods.Methods;

namespace Verifier.NumericBridge.Methods;

public static partial class NumericAttribute
{
    /// <summary>
    /// Expected Gradients over a finite weighted set of baselines, deterministically: the weighted average of
    /// <see cref="IntegratedGradients"/> from each baseline. <see cref="NumericAttribution.FBaseline"/> is the weighted
    /// mean of F over the baselines, so completeness reads sum A_i = F(x) - E[F(x')].
    /// </summary>
    /// <remarks>
    /// Erion et al. 2021. The exact counterpart is <c>Verifier.PathMethods.Methods.Attribute.ExpectedGradients</c>, with
    /// the same conventions.
    /// </remarks>
    /// <param name="model">F.</param>
    /// <param name="input">x.</param>
    /// <param name="baselines">The baselines x'_1..x'_m.</param>
    /// <param name="weights">Their weights (non-negative, summing to 1 within 1e-12); uniform when null.</param>
    /// <param name="options">The quadrature of each IG.</param>
    /// <exception cref="ArgumentException">No baselines, a point has the wrong length or a non-finite entry, the weights are
    /// invalid, or a bad option.</exception>
    public static NumericAttribution ExpectedGradients(INumericModel model, IReadOnlyList<double> input, IReadOnlyList<IReadOnlyList<double>> baselines,
        IReadOnlyList<double>? weights = null, NumericIgOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var w = CheckWeights(baselines, weights);
        options ??= NumericIgOptions.Default;
        var attributions = new double[model.Inputs];
        double fInput = 0, fBaseline = 0;
        int evaluations = 0;
        for (int k = 0; k < baselines.Count; k++)
        {
            var ig = IntegratedGradients(model, input, baselines[k], options);
            for (int i = 0; i < attributions.Length; i++) attributions[i] += w[k] * ig.Attributions[i];
            fInput = ig.FInput;
            fBaseline += w[k] * ig.FBaseline;
            evaluations += ig.Evaluations;
        }
        return new NumericAttribution($"eg:{RuleName(options.Rule)}:{options.Steps}", attributions, fInput, fBaseline, evaluations);
    }

    /// <summary>
    /// Expected Gradients by sampling, as published: draw <paramref name="samples"/> pairs (baseline k with probability
    /// w_k, alpha ~ U[0, 1)) and average (x - x'_k) * dF/dx(x'_k + alpha (x - x'_k)); the gradients are taken in batches.
    /// Deterministic given <paramref name="seed"/>.
    /// </summary>
    /// <remarks>
    /// Erion, Janizek, Sturmfels, Lundberg, Lee 2021. Draws exactly as
    /// <c>Verifier.PathMethods.Methods.Attribute.SampledExpectedGradients</c> does (one <see cref="Random"/>(seed) draws
    /// the baseline's uniform, then alpha, per sample), so with equal seeds both average the same samples and differ only by
    /// the numeric gradients; the exact expectation is <c>Attribute.ExpectedGradients</c>.
    /// </remarks>
    /// <param name="model">F.</param>
    /// <param name="input">x.</param>
    /// <param name="baselines">The baselines x'_1..x'_m.</param>
    /// <param name="weights">Their weights (non-negative, summing to 1 within 1e-12); uniform when null.</param>
    /// <param name="samples">How many (baseline, alpha) pairs to draw, at least 2.</param>
    /// <param name="seed">The seed of the sampler.</param>
    /// <param name="batchSize">Points per gradient pass; null (the default) sizes the batch from the available memory, as
    /// <see cref="NumericIgOptions.BatchSize"/> does.</param>
    /// <exception cref="ArgumentException">No baselines, a point has the wrong length or a non-finite entry, the weights are
    /// invalid, or the batch size is below 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is less than 2.</exception>
    public static NumericSampledAttribution SampledExpectedGradients(INumericModel model, IReadOnlyList<double> input,
        IReadOnlyList<IReadOnlyList<double>> baselines, IReadOnlyList<double>? weights, int samples, int seed, int? batchSize = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), samples, "sampling needs at least 2 samples for a standard error");
        if (batchSize < 1) throw new ArgumentException($"batch size must be at least 1, not {batchSize}", nameof(batchSize));
        int perPass = BatchSizing.For(model, samples, batchSize);
        var w = CheckWeights(baselines, weights);
        var x = Point(model, input, nameof(input));
        var b = baselines.Select(p => Point(model, p, nameof(baselines))).ToArray();
        int n = model.Inputs;
        var sampler = new EgSampler(w);
        var rng = new Random(seed);
        var chosen = new int[samples];
        var points = new double[samples, n];
        for (int s = 0; s < samples; s++)
        {
            var (k, alpha) = sampler.Next(rng);
            chosen[s] = k;
            for (int i = 0; i < n; i++) points[s, i] = b[k][i] + alpha * (x[i] - b[k][i]);
        }
        var moments = new SampleMoments(n);
        for (int start = 0; start < samples; start += perPass)
        {
            int count = Math.Min(perPass, samples - start);
            var batch = new double[count, n];
            Buffer.BlockCopy(points, start * n * sizeof(double), batch, 0, count * n * sizeof(double));
            var grads = model.Gradients(batch);
            for (int r = 0; r < count; r++)
                for (int i = 0; i < n; i++) moments.Add(i, (x[i] - b[chosen[start + r]][i]) * grads[r, i]);
        }
        var (mean, se) = moments.Result(samples);
        return new NumericSampledAttribution("eg-sampled", mean, se, samples, seed);
    }

    private static double[] CheckWeights(IReadOnlyList<IReadOnlyList<double>> baselines, IReadOnlyList<double>? weights)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        if (baselines.Count == 0) throw new ArgumentException("expected gradients needs at least one baseline", nameof(baselines));
        if (weights is null) return Enumerable.Repeat(1.0 / baselines.Count, baselines.Count).ToArray();
        if (weights.Count != baselines.Count) throw new ArgumentException($"{weights.Count} weights for {baselines.Count} baselines", nameof(weights));
        for (int k = 0; k < weights.Count; k++)
            if (!(weights[k] >= 0) || !double.IsFinite(weights[k]))
                throw new ArgumentException($"weight {k + 1} is {weights[k]}; weights must be finite and non-negative", nameof(weights));
        double total = weights.Sum();
        if (Math.Abs(total - 1) > 1e-12) throw new ArgumentException($"the weights sum to {total}, not 1", nameof(weights));
        return [.. weights];
    }
}
