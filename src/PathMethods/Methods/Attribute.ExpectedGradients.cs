using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

public static partial class Attribute
{
    /// <summary>
    /// Expected Gradients over a finite weighted set of baselines, exactly: the weighted average of Integrated
    /// Gradients from each baseline. The result's baseline is the weighted mean baseline and its F(x') the weighted
    /// mean of F over the baselines, so completeness reads sum A_i = F(x) - E[F(x')].
    /// </summary>
    /// <remarks>Erion et al. 2021; seed 004, section 5 (distributional attributions).</remarks>
    /// <param name="f">F, an expression or a network.</param>
    /// <param name="input">x.</param>
    /// <param name="baselines">The baselines x'_1..x'_m.</param>
    /// <param name="weights">Their weights (non-negative, summing to exactly 1); uniform when null.</param>
    /// <param name="convention">The kink convention (default PyTorch's).</param>
    /// <exception cref="ArgumentException">No baselines, dimensions differ, or the weights are negative, of the wrong
    /// count, or do not sum to 1.</exception>
    public static AttributionResult ExpectedGradients(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<IReadOnlyList<Rational>> baselines,
        IReadOnlyList<Rational>? weights = null, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        var w = CheckWeights(baselines, weights);
        var parts = baselines.Select((b, k) => (IntegratedGradients(f, input, b, convention), w[k])).ToList();
        return Average("eg", parts);
    }

    private static Rational[] CheckWeights(IReadOnlyList<IReadOnlyList<Rational>> baselines, IReadOnlyList<Rational>? weights)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        if (baselines.Count == 0) throw new InputArgumentException("expected gradients needs at least one baseline");
        if (weights is null) return Enumerable.Repeat(new Rational(1, baselines.Count), baselines.Count).ToArray();
        if (weights.Count != baselines.Count)
            throw new InputArgumentException($"{weights.Count} weights for {baselines.Count} baselines");
        Rational total = Rational.Zero;
        for (int k = 0; k < weights.Count; k++)
        {
            if (weights[k].Sign < 0) throw new InputArgumentException($"weight {k + 1} is {weights[k]}; weights must be non-negative");
            total += weights[k];
        }
        if (total != Rational.One) throw new InputArgumentException($"the weights sum to {total}, not 1");
        return [.. weights];
    }
}
