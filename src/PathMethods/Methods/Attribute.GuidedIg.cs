using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

/// <summary>Guided IG's attributions with the path it took: the point reached after each of the K steps (the last is x).</summary>
/// <param name="Attribution">The attributions; F(x) - F(x') - sum is the Riemann error along the guided path, not 0 in general.</param>
/// <param name="Waypoints">The points after steps 1..K, exactly.</param>
public sealed record GuidedIgResult(AttributionResult Attribution, IReadOnlyList<IReadOnlyList<Rational>> Waypoints);

public static partial class Attribute
{
    /// <summary>
    /// Guided Integrated Gradients (Kapishnikov et al. 2021, Algorithm 1, as in their reference implementation
    /// <c>guided_ig_impl</c>), exactly: the path is data-dependent but every step is rational arithmetic.
    /// </summary>
    /// <remarks>
    /// Start at x = x'. For step s = 1..K with alpha = s/K: (1) take the gradient g at x; (2) clamp every feature whose
    /// progress (x_i - x'_i)/(x_i^in - x'_i) is below alpha - <paramref name="maxDistance"/> up to that bound; (3) the target
    /// L1 distance to the input is L1(x^in, x') (1 - alpha); while it is not reached, select the features with the smallest
    /// |g_i| (those at or below the lower <paramref name="fraction"/>-quantile of |g|, features already at the bound
    /// x'+(alpha + maxDistance)(x^in - x') excluded), and move them towards that bound, all the way or by the fraction gamma
    /// that lands exactly on the target; (4) accumulate g_i (x_i - x_i^old). The last step ends exactly at the input.
    /// The sum of the attributions is a Riemann sum of the guided path integral, so completeness is not exact in general;
    /// for F linear it is, and then A_i = w_i (x_i - x'_i). Gradients must be rational at rational points.
    /// </remarks>
    /// <param name="f">F, an expression or a network.</param>
    /// <param name="input">x.</param>
    /// <param name="baseline">x'.</param>
    /// <param name="steps">K &gt;= 1 (the paper uses 200).</param>
    /// <param name="fraction">p in (0, 1] (the paper uses 0.25).</param>
    /// <param name="maxDistance">The anchor bound in [0, 1] on how far a feature's progress may deviate from alpha (the paper uses 0.02; 1 is unbounded).</param>
    /// <param name="convention">The kink convention (default PyTorch's).</param>
    /// <exception cref="ArgumentException">Dimensions differ, a parameter is out of range, or a gradient is not rational.</exception>
    public static GuidedIgResult GuidedIntegratedGradients(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline,
        int steps, Rational fraction, Rational maxDistance, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckPoints(input, baseline);
        if (f.Network is { } network)
        {
            if (input.Count != network.Inputs) throw new ArgumentException($"the network has {network.Inputs} inputs but x has {input.Count} coordinates", nameof(input));
            return GuidedCore(input, baseline, steps, fraction, maxDistance, p => network.Gradient(p, convention),
                ExactResult.FromRational(network.Evaluate(input)), ExactResult.FromRational(network.Evaluate(baseline)));
        }
        var e = FunctionOf(f, input.Count);
        var partials = e.Gradient(input.Count, convention ?? KinkConvention.Default);
        return GuidedCore(input, baseline, steps, fraction, maxDistance, p => partials.Select(d =>
            Evaluate.Exactly(d, p).Rational ?? throw new InputArgumentException($"Guided IG needs rational gradients; {d} is not rational at {ExactMath.Point(p)}")).ToArray(),
            Evaluate.Exactly(e, input), Evaluate.Exactly(e, baseline));
    }

    private static GuidedIgResult GuidedCore(IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, int steps,
        Rational fraction, Rational maxDistance, Func<Rational[], Rational[]> gradient, ExactResult fInput, ExactResult fBaseline)
    {
        if (steps < 1) throw new ArgumentException($"Guided IG needs at least 1 step, not {steps}", nameof(steps));
        if (fraction.Sign <= 0 || fraction > Rational.One) throw new ArgumentException($"the fraction must lie in (0, 1], not {fraction}", nameof(fraction));
        if (maxDistance.Sign < 0 || maxDistance > Rational.One) throw new ArgumentException($"the maximum distance must lie in [0, 1], not {maxDistance}", nameof(maxDistance));
        int n = input.Count;
        var x = baseline.ToArray();
        var attr = new Rational[n];
        var waypoints = new List<IReadOnlyList<Rational>>();
        Rational l1Total = Rational.Zero;
        for (int i = 0; i < n; i++) l1Total += (input[i] - baseline[i]).Abs();
        for (int s = 1; s <= steps && !l1Total.IsZero; s++)
        {
            Cancellation.ThrowIfRequested();
            var g = gradient(x);
            var alpha = new Rational(s, steps);
            var xMin = NetworkLine.PointAt(baseline, input, Rational.Max(alpha - maxDistance, Rational.Zero));
            var xMax = NetworkLine.PointAt(baseline, input, Rational.Min(alpha + maxDistance, Rational.One));
            var target = l1Total * (Rational.One - alpha);
            var done = new bool[n];
            while (true)
            {
                var old = (Rational[])x.Clone();
                for (int i = 0; i < n; i++)
                    if (input[i] != baseline[i] && (x[i] - baseline[i]) / (input[i] - baseline[i]) < alpha - maxDistance) x[i] = xMin[i];
                Rational current = Rational.Zero;
                for (int i = 0; i < n; i++) current += (x[i] - input[i]).Abs();
                if (current == target) { Accumulate(attr, g, x, old); break; }
                for (int i = 0; i < n; i++) if (x[i] == xMax[i]) done[i] = true;
                // The lower fraction-quantile of |g| over all features, those done counting as +infinity (numpy 'lower').
                var order = Enumerable.Range(0, n).OrderBy(i => done[i]).ThenBy(i => g[i].Abs()).ToArray();
                int q = (int)((n - 1) * fraction).Floor();
                bool thresholdInfinite = done[order[q]];
                var threshold = g[order[q]].Abs();
                var selected = Enumerable.Range(0, n).Where(i => !done[i] && (thresholdInfinite || g[i].Abs() <= threshold)).ToArray();
                Rational l1Selected = Rational.Zero;
                foreach (int i in selected) l1Selected += (x[i] - xMax[i]).Abs();
                var gamma = l1Selected.IsZero ? (Rational?)null : (current - target) / l1Selected;
                if (gamma is { } gm && gm.Sign <= 0) throw new InvalidOperationException($"Guided IG overshot its L1 target at step {s} (gamma = {gm})");
                bool full = gamma is null || gamma > Rational.One;
                foreach (int i in selected) x[i] = full ? xMax[i] : x[i] + (xMax[i] - x[i]) * gamma!.Value;
                Accumulate(attr, g, x, old);
                if (!full) break;
                if (selected.Length == 0) throw new InvalidOperationException($"Guided IG cannot reach its L1 target at step {s}");
            }
            waypoints.Add(x.ToArray());
        }
        var a = ExactResult.FromRationals(attr);
        var steps2 = new List<DerivationStep>
        {
            new("algorithm", $"Guided IG (Kapishnikov et al. 2021), K = {steps}, p = {fraction}, max distance = {maxDistance}"),
            new("value", $"A = {ExactMath.Values(a)}"),
        };
        return new GuidedIgResult(new AttributionResult("guided-ig", input.ToArray(), baseline.ToArray(), a,
            fInput, fBaseline, null, steps2), waypoints);
    }

    private static void Accumulate(Rational[] attr, Rational[] g, Rational[] x, Rational[] old)
    {
        for (int i = 0; i < attr.Length; i++)
            if (x[i] != old[i]) attr[i] += g[i] * (x[i] - old[i]);
    }
}
