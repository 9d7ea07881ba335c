namespace Verifier.PathMethods.Methods;

/// <summary>
/// Draws the (baseline, alpha) pairs of sampled Expected Gradients (Erion et al. 2021): baseline k with probability
/// w_k / sum w, then alpha uniform in [0, 1), in that order from one <see cref="Random"/>, so that a seed gives the same
/// pairs to the exact and the numeric implementation.
/// </summary>
public sealed class EgSampler
{
    private readonly double[] _cumulative;

    /// <summary>A sampler over baselines with the given non-negative <paramref name="weights"/>.</summary>
    public EgSampler(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _cumulative = new double[weights.Count];
        double acc = 0;
        for (int k = 0; k < weights.Count; k++) _cumulative[k] = acc += weights[k];
    }

    /// <summary>The next pair: a baseline index and alpha.</summary>
    public (int Baseline, double Alpha) Next(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double u = rng.NextDouble() * _cumulative[^1];
        int k = Array.FindIndex(_cumulative, c => u < c);
        if (k < 0) k = _cumulative.Length - 1;
        return (k, rng.NextDouble());
    }
}

/// <summary>Per-feature running sums of a sample, for its mean and the standard error of the mean.</summary>
public sealed class SampleMoments(int features)
{
    private readonly double[] _sum = new double[features];
    private readonly double[] _sumSq = new double[features];

    /// <summary>Adds <paramref name="value"/> to feature <paramref name="feature"/>'s sample.</summary>
    public void Add(int feature, double value)
    {
        _sum[feature] += value;
        _sumSq[feature] += value * value;
    }

    /// <summary>
    /// The mean per feature over <paramref name="samples"/> values, and its standard error: the sample standard deviation
    /// (n - 1 in the denominator) over sqrt(n).
    /// </summary>
    public (double[] Mean, double[] StandardError) Result(int samples)
    {
        var mean = _sum.Select(v => v / samples).ToArray();
        var se = new double[_sum.Length];
        for (int i = 0; i < se.Length; i++)
            se[i] = Math.Sqrt(Math.Max(0, (_sumSq[i] - samples * mean[i] * mean[i]) / (samples - 1)) / samples);
        return (mean, se);
    }
}
