using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Proofs;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;

namespace Verifier.Axioms.Catalogue;

/// <summary>Sensitivity(b), or dummy: a feature F does not depend on gets zero attribution.</summary>
public sealed class SensitivityB : Axiom
{
    /// <inheritdoc />
    public override string Name => "sensitivity-b";

    /// <inheritdoc />
    public override string Title => "Sensitivity(b) / Dummy";

    /// <inheritdoc />
    public override string Definition => "For all F, if ∂_i F ≡ 0, then A_i(x, x', F) = 0.";

    /// <inheritdoc />
    public override string Reference => "Lundstrom et al. 2022, section 2.2, axiom 5 (Friedman 2004: dummy)";

    internal override Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space) =>
        from n in space.Dimension
        from i in Gen.Choose(0, n - 1)
        from f in space.Function(n)
        from x in SubjectGen.Point(n)
        from b in space.Baseline(n)
        select new AxiomInstance(Support.Dummy(f, i), x, b) { Features = [i] };

    /// <inheritdoc />
    protected override TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        int i = instance.Features[0];
        if (!Support.IsDummy(instance.F, i)) return TrialOutcome.Skip("F depends on feature i");
        var r = method.Attribute(instance.F, instance.Input, instance.Baseline);
        var zero = judge.IsZero(r.Attributions[i]);
        if (zero is null) return TrialOutcome.Skip("A_i cannot be decided exactly");
        if (zero == true) return TrialOutcome.Pass;
        return Support.FailUnlessKink(Support.KinkReason(method, instance.F, instance.Input, instance.Baseline),
            $"F does not depend on x{i + 1}, but A_{i + 1} = {Support.Format(r.Attributions[i])} != 0", r);
    }

    internal override ProofOutcome? Prove(IAttributionMethod method) =>
        PolynomialProof.Run(method, 1, 3, 3, "A_i for F free of x_i", (form, s) =>
        {
            for (int i = 0; i < s.N; i++)
            {
                var others = Enumerable.Range(1, s.N).Where(k => k != i + 1).ToArray();
                var f = s.GenericPolynomial(3, others);
                if (!Symbols.IsZero(form(f, s.Input, s.Baseline)[i])) return false;
            }
            return true;
        });
}
