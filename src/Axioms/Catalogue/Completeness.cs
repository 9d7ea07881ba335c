using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Proofs;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic.Expressions;

namespace Verifier.Axioms.Catalogue;

/// <summary>Completeness: the attributions add up to the change in F.</summary>
public sealed class Completeness : Axiom
{
    /// <inheritdoc />
    public override string Name => "completeness";

    /// <inheritdoc />
    public override string Title => "Completeness";

    /// <inheritdoc />
    public override string Definition => "For all F, x, x': Σ_i A_i(x, x', F) = F(x) - F(x').";

    /// <inheritdoc />
    public override string Reference => "Lundstrom et al. 2022, section 2.2, axiom 3 (Sundararajan et al. 2017, section 3)";

    internal override Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space) =>
        from n in space.Dimension
        from f in space.Function(n)
        from x in SubjectGen.Point(n)
        from b in space.Baseline(n)
        select new AxiomInstance(f, x, b);

    /// <inheritdoc />
    protected override TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        var r = method.Attribute(instance.F, instance.Input, instance.Baseline);
        var change = Exact.Subtract(r.FInput, r.FBaseline);
        var complete = judge.IsZeroDifference(r.CompletenessGap, change);
        if (complete is null) return TrialOutcome.Skip("the completeness gap cannot be decided exactly");
        if (complete == true) return TrialOutcome.Pass;
        return Support.FailUnlessKink(Support.KinkReason(method, instance.F, instance.Input, instance.Baseline),
            $"sum {Support.Format(r.Sum)} != F(x) - F(x') = {Support.Format(change)}", r);
    }

    internal override ProofOutcome? Prove(IAttributionMethod method) =>
        PolynomialProof.Run(method, 1, 3, 3, "Σ_i A_i - (F(x) - F(x'))", (form, s) =>
        {
            var f = s.GenericPolynomial(3);
            var a = form(f, s.Input, s.Baseline);
            return Symbols.IsZero(Ex.Sum(a) - (SymbolicForm.At(f, s.Input) - SymbolicForm.At(f, s.Baseline)));
        });
}
