using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

public static partial class Attribute
{
    /// <summary>
    /// Expected Gradients by sampling, as published: draw (baseline k with probability w_k, alpha ~ U[0, 1]) pairs and
    /// average the samples (x - x'_k) * dF/dx(x'_k + alpha (x - x'_k)); report the mean and a 95% normal confidence interval.
    /// </summary>
    /// <remarks>
    /// Erion, Janizek, Sturmfels, Lundberg, Lee 2021 (seed 001). Deterministic given <paramref name="seed"/>: one
    /// <see cref="Random"/> draws k then alpha for each sample; alpha is the drawn double taken exactly as a rational, and
    /// each gradient is exact (rational, or the midpoint of the certified enclosure of a closed form; for a network by
    /// exact back-propagation) before the conversion to double. The exact value is
    /// <see cref="ExpectedGradients(Subject, IReadOnlyList{Rational}, IReadOnlyList{IReadOnlyList{Rational}}, IReadOnlyList{Rational}?, KinkConvention?)"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">No baselines, dimensions differ, the weights are invalid, or F does not fit x.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is less than 2.</exception>
    public static SampledAttributionResult SampledExpectedGradients(Subject f, IReadOnlyList<Rational> input,
        IReadOnlyList<IReadOnlyList<Rational>> baselines, IReadOnlyList<Rational>? weights, int samples, int seed, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(input);
        if (f.Network is { } network)
        {
            if (input.Count != network.Inputs) throw new ArgumentException($"the network has {network.Inputs} inputs but x has {input.Count} coordinates", nameof(input));
            return SampleEg(input, baselines, weights, samples, seed, p => network.Gradient(p, convention).Select(g => g.ToDouble()).ToArray());
        }
        var partials = FunctionOf(f, input.Count).Gradient(input.Count, convention ?? KinkConvention.Default);
        return SampleEg(input, baselines, weights, samples, seed, p =>
            partials.Select(d => Evaluate.Exactly(d, p) is { } e ? e.Rational?.ToDouble() ?? (e.Enclosure.Lo + e.Enclosure.Hi) / 2 : 0).ToArray());
    }

    private static SampledAttributionResult SampleEg(IReadOnlyList<Rational> input, IReadOnlyList<IReadOnlyList<Rational>> baselines,
        IReadOnlyList<Rational>? weights, int samples, int seed, Func<Rational[], double[]> gradient)
    {
        if (samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), samples, "sampling needs at least 2 samples for a standard error");
        var w = CheckWeights(baselines, weights);
        foreach (var b in baselines) CheckPoints(input, b);
        int n = input.Count;
        var sampler = new EgSampler([.. w.Select(v => v.ToDouble())]);
        var rng = new Random(seed);
        var moments = new SampleMoments(n);
        for (int s = 0; s < samples; s++)
        {
            var (k, alpha) = sampler.Next(rng);
            var b = baselines[k];
            var g = gradient(NetworkLine.PointAt(b, input, Rational.FromDouble(alpha)));
            for (int i = 0; i < n; i++) moments.Add(i, (input[i] - b[i]).ToDouble() * g[i]);
        }
        var (mean, se) = moments.Result(samples);
        return new SampledAttributionResult("eg-sampled", input.ToArray(), samples, seed, mean, se);
    }
}
