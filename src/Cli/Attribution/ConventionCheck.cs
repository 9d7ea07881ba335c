using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Attribution;

/// <summary>
/// Whether an exact result depends on the kink convention, relu'(0) (CONTRACT.md, "Convention-dependent results";
/// <see cref="KinkConvention"/>): first structurally, where the method's registry entry says kinks matter
/// (<see cref="MethodDescriptor.Kinks"/>: a unit at its kink along a whole piece of the path for path methods, the input
/// on a kink for gradient-type methods, x and x' both on one for DeepLIFT), then exactly: the method is run again with
/// another relu'(0), and the result depends on the convention when the attributions differ. Only convention-aware methods
/// (those with the <c>relu_grad_at_zero</c> parameter) are judged; ties of max/min follow the fixed first-argument rule.
/// </summary>
internal static class ConventionCheck
{
    /// <summary>True when the attributions of <paramref name="outcome"/> change with relu'(0).</summary>
    /// <param name="method">The method's registry entry.</param>
    /// <param name="query">The query that gave the outcome.</param>
    /// <param name="outcome">Its outcome.</param>
    /// <param name="convention">The relu'(0) the outcome was computed with.</param>
    public static bool Dependent(MethodDescriptor method, MethodQuery query, AttributionOutcome outcome, Rational convention)
    {
        if (!method.ConventionAware || method.Run is null) return false;
        var x = query.Input;
        if (!Dependent(method, query.F, x, query.Baseline, outcome.Path, outcome.Baselines)) return false;
        var other = convention == Rational.One ? Rational.Zero : Rational.One;
        var values = query.Arguments.Values.ToDictionary(kv => kv.Key, kv => kv.Value);
        values[MethodParameter.ConventionName] = other;
        var again = method.Run(query with { Arguments = method.Bind(values) });
        return again is not AttributionOutcome a
            || !a.Result.Attributions.Select(Output.Values.Text).SequenceEqual(outcome.Result.Attributions.Select(Output.Values.Text));
    }

    /// <summary>True when the query touches a kink where the method's registry entry says kinks matter (structural).</summary>
    /// <param name="method">The method's registry entry.</param>
    /// <param name="f">F.</param>
    /// <param name="x">The input.</param>
    /// <param name="b">The baseline.</param>
    /// <param name="path">The method's path in input space, when it has one.</param>
    /// <param name="baselines">For a distributional method, its baselines (each with the straight path to x).</param>
    private static bool Dependent(MethodDescriptor method, Subject f, IReadOnlyList<Rational> x, IReadOnlyList<Rational> b,
        AttributionPath? path = null, IReadOnlyList<IReadOnlyList<Rational>>? baselines = null)
    {
        if (!HasKinks(f)) return false;
        IReadOnlyList<IReadOnlyList<Rational>> ends = baselines ?? [b];
        foreach (var baseline in ends)
        {
            if (Kink(method.Kinks, f, x, baseline, baselines is null ? path : null)) return true;
        }
        return false;
    }

    private static bool Kink(KinkScope scope, Subject f, IReadOnlyList<Rational> x, IReadOnlyList<Rational> b, AttributionPath? path) => scope switch
    {
        KinkScope.Never => false,
        KinkScope.ZeroDenominators => f.Network is { } net && Kinks.ZeroDenominator(net, x),
        KinkScope.AtInput => Kinks.AtPoint(f, x),
        KinkScope.AtInputAndBaseline => Kinks.AtBoth(f, x, b),
        KinkScope.AtInputOrBaseline => Kinks.AtPoint(f, x) || Kinks.AtPoint(f, b),
        KinkScope.AlongPath => Kinks.AlongPath(f, path ?? new StraightPath(b, x)),
        _ => false,
    };

    // F has kinks at all: a network with an activation other than the identity or a max-pool; an expression with a kink node.
    private static bool HasKinks(Subject f) => f.Network is { } net
        ? net.Layers.Any(l => l.Match(dense: _ => false, activation: a => a.TypeName != "identity", maxPool: _ => true))
        : f.Function!.HasKinks;
}
