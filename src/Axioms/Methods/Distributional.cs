using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Methods;

/// <summary>Distributional attributions E(x, X', F) (Lundstrom et al. 2022, section 5).</summary>
public static class Distributional
{
    /// <summary>
    /// E(x, X', F): the method's own distributional form when it has one, otherwise the expectation of the single-baseline
    /// method over the baselines, E = Σ_k w_k A(x, x'_k, F) (distributional IG is exactly this lift of IG). F(x') in the
    /// result is E F(X').
    /// </summary>
    public static AttributionResult Attribute(IAttributionMethod method, Subject f, IReadOnlyList<Rational> input, BaselineDistribution baselines)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(baselines);
        if (method is IDistributionalAttributionMethod d) return d.Attribute(f, input, baselines);
        var parts = baselines.Points.Select((b, k) => (method.Attribute(f, input, b), baselines.Weights[k])).ToList();
        return Average(method.Name, parts);
    }

    /// <summary>The weighted average of attribution results over the same input (baseline value averaged too).</summary>
    internal static AttributionResult Average(string method, IReadOnlyList<(AttributionResult Result, Rational Weight)> parts)
    {
        int n = parts[0].Result.Attributions.Count;
        var attributions = new ExactResult[n];
        for (int i = 0; i < n; i++)
            attributions[i] = Exact.Sum(parts.Select(p => Exact.Scale(p.Result.Attributions[i], p.Weight)));
        var fBaseline = Exact.Sum(parts.Select(p => Exact.Scale(p.Result.FBaseline, p.Weight)));
        var mean = new Rational[n];
        foreach (var (r, w) in parts)
            for (int i = 0; i < n; i++) mean[i] += w * r.Baseline[i];
        return new AttributionResult(method, parts[0].Result.Input, mean, attributions, parts[0].Result.FInput, fBaseline, null, []);
    }
}
