using Verifier.Axioms.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms;

/// <summary>Whether an exact result depends on a convention at a kink or tie (CONTRACT.md, "Convention-dependent
/// results"), which convention it used, and why it depends on it.</summary>
/// <param name="Dependent">True when another convention would change the result.</param>
/// <param name="Convention">The conventions used, e.g. <c>relu'(0) = 0; the first maximal input wins a max tie</c>.</param>
/// <param name="Reason">Why it depends on them; null when it does not.</param>
/// <param name="Unchecked">Why part of the decision was not made (a check too large to run), or null when it was complete;
/// <paramref name="Dependent"/> is then false only as far as it was checked.</param>
public sealed record ConventionReport(bool Dependent, string Convention, string? Reason, string? Unchecked = null);

/// <summary>
/// Decides whether an exact attribution depends on a kink convention (DESIGN.md, policy 6): where the method looks at F
/// (its registry entry's <see cref="MethodDescriptor.Kinks"/> scope: along a whole piece of its path for path methods, at
/// x for gradient-type methods, at x and x' together for DeepLIFT, LRP's zero denominators) some unit sits on its kink,
/// and recomputing the query with relu'(0) = 1/2 and 1 changes the result; or a max/min ties where the method takes a
/// derivative (<see cref="MethodDescriptor.Ties"/>) between arguments whose gradients differ, so that the tie rule decides
/// it (<see cref="Kinks.TieMattersAt"/>). The one function that <c>attribute</c>,
/// the conformance suite and <c>conformance</c> use.
/// </summary>
public static class ConventionDependence
{
    private static readonly Rational[] Others = [Rational.Half, Rational.One, Rational.Zero];

    /// <summary>The report for a query of <paramref name="method"/> whose result is <paramref name="outcome"/>.</summary>
    /// <exception cref="IInputError">Recomputing under another convention failed on the input (it ran once already, so
    /// this does not happen for inputs that gave <paramref name="outcome"/>).</exception>
    public static ConventionReport Of(MethodDescriptor method, MethodQuery query, MethodOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(outcome);
        var relu = query.Convention?.ReluGradientAtZero ?? Rational.Zero;
        var used = method.Kinks == KinkScope.ZeroDenominators
            ? "a neuron with z_k = 0 passes no relevance (0/0 taken as 0); the first maximal input wins a max-pool tie"
            : $"relu'(0) = {relu}; abs'(0) = 0; the first maximal input wins a max/min tie";
        if (method.Kinks == KinkScope.ZeroDenominators)
        {
            // LRP names every neuron whose denominator was 0 in its derivation; only one that had relevance to pass lost it
            // to the 0/0 convention (LrpNetwork: "..., its relevance R is set to 0").
            if (outcome is AttributionOutcome lrp && lrp.Result.Derivation.Any(d => d.Title == "division by zero" && !d.Text.EndsWith("its relevance 0 is set to 0", StringComparison.Ordinal)))
                return new ConventionReport(true, used, "a neuron's denominator is 0 at x and it had relevance to pass: LRP's rule divides by 0 there");
        }
        else if (method.ConventionAware && method.Kinks != KinkScope.Never && !NoUnitOnKinkAlongPath(method.Kinks, query, outcome)
            && (RecomputingDecides(method.Kinks, query, outcome) || OnKinkSet(method.Kinks, query, outcome, ties: false)))
        {
            if (outcome is not AttributionOutcome a)
                return new ConventionReport(true, used, "a unit sits on its kink where the method takes its derivative");
            foreach (var c in Others.Where(c => c != relu))
            {
                var again = method.Run!(query with { Arguments = WithConvention(query.Arguments, c) });
                if (again is AttributionOutcome b && !Same(a, b))
                    return new ConventionReport(true, used, $"a unit sits on its kink where the method takes its derivative: with relu'(0) = {c} the result changes");
            }
        }
        if (method.Ties != KinkScope.Never && query.F.Network is { } big && TieCheckTooLarge(big))
            return new ConventionReport(false, used, null,
                $"max-pool ties were not checked: the check works on the expression form, and this network has {Units(big)} units (more than {MaxTieCheckUnits})");
        if (method.Ties != KinkScope.Never && OnKinkSet(method.Ties, query, outcome, ties: true))
            return new ConventionReport(true, used, "a max/min ties where the method takes its derivative (the tie rule decides it)");
        return new ConventionReport(false, used, null);
    }

    /// <summary>The most units (node outputs) of a network with max-pool groups whose ties are checked: the check builds the
    /// network's expression form, which for a convolutional network of tens of thousands of units does not finish.</summary>
    public const int MaxTieCheckUnits = 4096;

    private static long Units(Network net) => net.Widths.Skip(1).Sum(w => (long)w);

    private static bool TieCheckTooLarge(Network net) =>
        net.Nodes.Any(n => n.Layer is MaxPoolLayer) && Units(net) > MaxTieCheckUnits;

    // For a network along a path, the kink pre-check (an exact forward pass at every piece's midpoint) costs far more than
    // recomputing the attribution under the other conventions with the piece kernel (MNIST 784-256-256-10, 246 pieces:
    // 108 s against about 2 s), and the recomputation alone decides: only a unit on its kink can make them differ.
    private static bool RecomputingDecides(KinkScope scope, MethodQuery q, MethodOutcome outcome) =>
        scope == KinkScope.AlongPath && q.F.Network is not null && outcome is AttributionOutcome;

    // When the piece kernel found no unit on its kink along any piece (it records every unit's region on every piece), no
    // convention can change the result, and nothing needs recomputing.
    private static bool NoUnitOnKinkAlongPath(KinkScope scope, MethodQuery q, MethodOutcome outcome) =>
        scope == KinkScope.AlongPath && q.F.Network is not null && outcome is AttributionOutcome { Result.UnitsOnKinksAlongPath: false };

    private static MethodArguments WithConvention(MethodArguments arguments, Rational c) =>
        arguments with { Values = new Dictionary<string, Rational>(arguments.Values) { [MethodParameter.ConventionName] = c } };

    private static bool Same(AttributionOutcome a, AttributionOutcome b) =>
        a.Result.Attributions.Count == b.Result.Attributions.Count
        && a.Result.Attributions.Zip(b.Result.Attributions).All(p => Exact.AreEqual(p.First, p.Second) != false);

    // Whether the kink set (or tie set) is where the method looks, for its scope.
    private static bool OnKinkSet(KinkScope scope, MethodQuery q, MethodOutcome outcome, bool ties)
    {
        var f = q.F;
        var x = q.Input;
        IReadOnlyList<IReadOnlyList<Rational>> baselines = q.Baselines ?? [q.Baseline];
        bool At(IReadOnlyList<Rational> p) => ties ? Kinks.TieMattersAt(f, p) : Kinks.AtPoint(f, p);
        switch (scope)
        {
            case KinkScope.AtInput:
                return At(x);
            case KinkScope.AtInputAndBaseline:
                if (!ties && f.Network is { } net)
                {
                    // an activation unit on its kink at both ends, by exact forward passes (ties are the tie check's)
                    var atX = net.KinksAt(x).Select(k => (k.Layer, k.Unit)).ToHashSet();
                    return atX.Count > 0 && baselines.Any(b => net.KinksAt(b).Any(k => atX.Contains((k.Layer, k.Unit))));
                }
                return baselines.Any(b => ties ? Kinks.TieAtBoth(f, x, b) && Kinks.TieMattersAt(f, x) : Kinks.AtBoth(f, x, b));
            case KinkScope.AtInputOrBaseline:
                return At(x) || baselines.Any(At);
            case KinkScope.AlongPath:
                IEnumerable<AttributionPath> paths = outcome is AttributionOutcome { Path: { } path } ? [path]
                    : outcome is AttributionOutcome { PathLabel: "straight" } or LayerOutcome ? baselines.Select(b => (AttributionPath)new StraightPath(b, x))
                    : [];
                var list = paths.ToList();
                if (list.Count == 0) return At(x) || baselines.Any(At); // a path not known here (guided IG): its ends
                // IG's own breakpoints of the straight path from x' to x: its pieces' midpoints, without a second restriction
                if (list is [StraightPath] && outcome is AttributionOutcome { Result.Pieces: { Count: >= 2 } pieces })
                    return Kinks.AlongSegment(f, q.Baseline, x, pieces, ties);
                return list.Any(p => ties ? Kinks.TieMattersAlongPath(f, p) : Kinks.AlongPath(f, p));
            default:
                return false;
        }
    }
}
