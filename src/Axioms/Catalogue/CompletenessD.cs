using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Proofs;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic.Expressions;

namespace Verifier.Axioms.Catalogue;

/// <summary>Distributional completeness: the attributions add up to F(x) minus the expected baseline value.</summary>
public sealed class CompletenessD : Axiom
{
    /// <inheritdoc />
    public override string Name => "completeness-d";

    /// <inheritdoc />
    public override string Title => "Completeness (distributional)";

    /// <inheritdoc />
    public override string Definition => "Σ_i E_i(x, X', F) = F(x) - E F(X').";

    /// <inheritdoc />
    public override string Reference => "Lundstrom et al. 2022, section 5, item 2; Appendix K";

    /// <inheritdoc />
    public override bool IsDistributional => true;

    internal override Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space) =>
        from n in space.Dimension
        from f in space.Function(n)
        from x in SubjectGen.Point(n)
        from d in Distributions.Any(n)
        select new AxiomInstance(f, x, Distributions.Mean(d)) { Baselines = d };

    /// <inheritdoc />
    protected override TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        var d = instance.Baselines!;
        var r = Distributional.Attribute(method, instance.F, instance.Input, d);
        var expected = Distributions.ExpectedValue(instance.F, d);
        var change = Exact.Subtract(instance.F.ValueAt(instance.Input), expected);
        var gap = Exact.Subtract(change, r.Sum);
        var complete = judge.IsZeroDifference(gap, change);
        if (complete is null) return TrialOutcome.Skip("the completeness gap cannot be decided exactly");
        if (complete == true) return TrialOutcome.Pass;
        return Support.FailUnlessKink(Support.KinkReason(method, [instance.F], instance.Input, d.Points),
            $"sum {Support.Format(r.Sum)} != F(x) - E F(X') = {Support.Format(change)}", r);
    }

    internal override ProofOutcome? Prove(IAttributionMethod method) =>
        PolynomialProof.Run(method, 1, 3, 3, "Σ_i E_i - (F(x) - E F(X')) for X' = b w.p. w, b2 w.p. 1 - w (so, E being linear in the distribution, for every finite X')", (form, s) =>
        {
            var f = s.GenericPolynomial(3);
            var w = s.Fresh();
            var e = Lift(form, f, s.Input, s.Baseline, s.Baseline2, w);
            var expected = w * SymbolicForm.At(f, s.Baseline) + (Ex.One - w) * SymbolicForm.At(f, s.Baseline2);
            return Symbols.IsZero(Ex.Sum(e) - (SymbolicForm.At(f, s.Input) - expected));
        });

    /// <summary>E = w A(a, b) + (1 - w) A(a, b2), the lift of a single-baseline method to a two-point distribution.</summary>
    internal static Expr[] Lift(SymbolicAttribution form, Expr f, Expr[] a, Expr[] b, Expr[] b2, Expr w)
    {
        var a1 = form(f, a, b);
        var a2 = form(f, a, b2);
        return a1.Select((v, i) => w * v + (Ex.One - w) * a2[i]).ToArray();
    }
}
