using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Proofs;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic.Expressions;

namespace Verifier.Axioms.Catalogue;

/// <summary>Sensitivity(a): a feature that alone changes F gets a nonzero attribution.</summary>
public sealed class SensitivityA : Axiom
{
    /// <inheritdoc />
    public override string Name => "sensitivity-a";

    /// <inheritdoc />
    public override string Title => "Sensitivity(a)";

    /// <inheritdoc />
    public override string Definition =>
        "Suppose x, x' vary in one component, so that x_i != x'_i and x_j = x'_j for all j != i. Further suppose F(x) != F(x'). Then A_i(x, x', F) != 0.";

    /// <inheritdoc />
    public override string Reference => "Lundstrom et al. 2022, section 2.2, axiom 1 (Sundararajan et al. 2017, section 2.1)";

    internal override Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space) =>
        from n in space.Dimension
        from i in Gen.Choose(0, n - 1)
        from f in space.Function(n)
        from b in space.Baseline(n)
        from x in Support.ChangeOne(b, i)
        select new AxiomInstance(f, x, b) { Features = [i] };

    /// <inheritdoc />
    protected override TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        int i = instance.Features[0];
        var (x, b) = (instance.Input, instance.Baseline);
        for (int j = 0; j < x.Count; j++)
            if ((j == i) == (x[j] == b[j])) return TrialOutcome.Skip("x and x' do not differ in exactly feature i");
        var change = Exact.Subtract(instance.F.ValueAt(x), instance.F.ValueAt(b));
        var changes = judge.IsNonZero(change);
        if (changes is null) return TrialOutcome.Skip("F(x) - F(x') cannot be decided exactly");
        if (changes == false) return TrialOutcome.Skip(judge.Tolerance is null ? "F(x) = F(x'): the hypothesis does not hold" : "|F(x) - F(x')| is within the tolerance: the hypothesis does not hold beyond it");
        var r = method.Attribute(instance.F, x, b);
        var ai = judge.IsNonZero(r.Attributions[i]);
        if (ai is null) return TrialOutcome.Skip("A_i cannot be decided exactly");
        if (ai == true) return TrialOutcome.Pass;
        var value = judge.Tolerance is null ? "0" : $"{Support.Format(r.Attributions[i])}, zero at the tolerance";
        return Support.FailUnlessKink(Support.KinkReason(method, instance.F, x, b),
            $"x and x' differ only in x{i + 1} and F(x) - F(x') = {Support.Format(change)} != 0, but A_{i + 1} = {value}", r);
    }

    internal override ProofOutcome? Prove(IAttributionMethod method) =>
        PolynomialProof.Run(method, 1, 3, 3, "with x_j = x'_j for j != i: A_i - (F(x) - F(x')), so A_i != 0 whenever F(x) != F(x'),", (form, s) =>
        {
            var f = s.GenericPolynomial(3);
            for (int i = 0; i < s.N; i++)
            {
                var b = s.Input.Select((v, j) => j == i ? s.Baseline[j] : v).ToArray();
                var a = form(f, s.Input, b);
                if (!Symbols.IsZero(a[i] - (SymbolicForm.At(f, s.Input) - SymbolicForm.At(f, b)))) return false;
            }
            return true;
        });
}
