using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;

namespace Verifier.Axioms.Catalogue;

/// <summary>Implementation invariance: two implementations of one function get the same attributions.</summary>
/// <remarks>Pairs come from function-preserving rewrites: of networks (split a neuron into scaled halves, add cancelling
/// neurons relu(z) - relu(-z) = z, permute neurons, scale through relu, insert identity layers) and of expressions
/// (algebraic identities such as relu(z) = z + relu(-z), max(a, b) = a + relu(b - a)).</remarks>
public sealed class ImplementationInvariance : Axiom
{
    /// <inheritdoc />
    public override string Name => "implementation-invariance";

    /// <inheritdoc />
    public override string Title => "Implementation invariance";

    /// <inheritdoc />
    public override string Definition =>
        "A is not a function of model implementation, but solely of the mathematical mapping of the model's domain to the range: if F(y) = G(y) for all y, then A(x, x', F) = A(x, x', G).";

    /// <inheritdoc />
    public override string Reference => "Lundstrom et al. 2022, section 2.2, axiom 2 (Sundararajan et al. 2017, section 2.2)";

    internal override Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space) =>
        from n in space.Dimension
        from f in space.Function(n)
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from x in SubjectGen.Point(n)
        from b in space.Baseline(n)
        select Build(new AxiomInstance(f, x, b) { Base = f }, seed);

    private static AxiomInstance Build(AxiomInstance inst, int seed)
    {
        var rewritten = Rewrite(inst.Base!, seed);
        return inst with
        {
            F = inst.Base!,
            G = rewritten?.Result,
            Note = rewritten?.Name,
            Rebuild = i => Build(i, seed) is { G: not null } r ? r : null,
        };
    }

    /// <summary>One function-preserving rewrite of F chosen by the seed, or null when none applies (a constant).</summary>
    internal static (string Name, Subject Result)? Rewrite(Subject f, int seed)
    {
        var rng = new Random(seed);
        if (f.Network is { } net)
        {
            var r = NetworkRewrites.Random(net, rng);
            return (r.Name, Subject.Of(r.Result));
        }
        var e = ExprRewrites.Rewrite(f.Function!, rng);
        return e is null ? null : (e.Value.Name, Subject.Of(e.Value.Result, f.Dimension));
    }

    // Equal values at x and x' (decided exactly, or by equal normal forms of the closed forms, e.g. sigmoid(2) and
    // 1 - sigmoid(-2)), or equal normal forms of the two expressions.
    private static bool SameFunction(Subject f, Subject g, IReadOnlyList<Symbolic.Numbers.Rational> x, IReadOnlyList<Symbolic.Numbers.Rational> b)
    {
        if (f.Function is { } ef && g.Function is { } eg && ExprRewrites.NormalForm(ef).Equals(ExprRewrites.NormalForm(eg))) return true;
        foreach (var p in new[] { x, b })
        {
            var (vf, vg) = (f.ValueAt(p), g.ValueAt(p));
            var equal = Exact.AreEqual(vf, vg);
            if (equal == false) return false;
            if (equal is null && !(vf.ClosedForm is { } cf && vg.ClosedForm is { } cg && ExprRewrites.NormalForm(cf).Equals(ExprRewrites.NormalForm(cg))))
                return false;
        }
        return true;
    }

    /// <inheritdoc />
    protected override TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.G is not { } g) return TrialOutcome.Skip("no function-preserving rewrite applies to F");
        var f = instance.F;
        var (x, b) = (instance.Input, instance.Baseline);
        if (!SameFunction(f, g, x, b)) return TrialOutcome.Skip("F and G differ (the rewrite is not function-preserving here)");
        var rf = method.Attribute(f, x, b);
        var rg = method.Attribute(g, x, b);
        for (int i = 0; i < x.Count; i++)
        {
            var equal = judge.Equal(rf.Attributions[i], rg.Attributions[i]);
            if (equal is null) return TrialOutcome.Skip("an attribution cannot be compared exactly");
            if (equal == true) continue;
            if (Support.KinkReason(method, [f, g], x, [b]) is { } kink) return TrialOutcome.Skip(kink);
            return TrialOutcome.Fail(
                $"F and G compute the same function (G: {instance.Note ?? "rewrite"} of F), but A_{i + 1}(F) = {Support.Format(rf.Attributions[i])} != A_{i + 1}(G) = {Support.Format(rg.Attributions[i])}",
                Support.Format(rf.Attributions), Support.Format(rg.Attributions));
        }
        return TrialOutcome.Pass;
    }
}
