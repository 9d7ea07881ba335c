using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Proofs;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Catalogue;

/// <summary>Distributional sensitivity(a): baselines that vary only in feature i and change F on average give it a nonzero attribution.</summary>
public sealed class SensitivityAD : Axiom
{
    /// <inheritdoc />
    public override string Name => "sensitivity-a-d";

    /// <inheritdoc />
    public override string Title => "Sensitivity(a) (distributional)";

    /// <inheritdoc />
    public override string Definition =>
        "Suppose X' varies in exactly one input, X'_i, so that X'_j = x_j for all j != i, and E F(X') != F(x). Then E_i(x, X', F) != 0.";

    /// <inheritdoc />
    public override string Reference => "Lundstrom et al. 2022, section 5, item 1; Appendix K";

    /// <inheritdoc />
    public override bool IsDistributional => true;

    internal override Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space) =>
        from n in space.Dimension
        from i in Gen.Choose(0, n - 1)
        from f in space.Function(n)
        from x in SubjectGen.Point(n)
        from k in Gen.Choose(1, 3)
        from values in Gen.ArrayOf(SubjectGen.SmallRational, k)
        from raw in Gen.ArrayOf(Gen.Choose(1, 4), k)
        let d = new BaselineDistribution(values.Select(v => { var p = x.ToArray(); p[i] = v; return p; }).ToArray(), Distributions.Normalise(raw))
        select new AxiomInstance(f, x, Distributions.Mean(d)) { Baselines = d, Features = [i] };

    /// <inheritdoc />
    protected override TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        int i = instance.Features[0];
        var d = instance.Baselines!;
        var x = instance.Input;
        if (d.Points.Any(p => p.Where((v, j) => j != i && v != x[j]).Any()))
            return TrialOutcome.Skip("X' varies in more than feature i");
        var change = Exact.Subtract(instance.F.ValueAt(x), Distributions.ExpectedValue(instance.F, d));
        var changes = judge.IsNonZero(change);
        if (changes is null) return TrialOutcome.Skip("F(x) - E F(X') cannot be decided exactly");
        if (changes == false) return TrialOutcome.Skip(judge.Tolerance is null ? "E F(X') = F(x): the hypothesis does not hold" : "|F(x) - E F(X')| is within the tolerance: the hypothesis does not hold beyond it");
        var r = Distributional.Attribute(method, instance.F, x, d);
        var ei = judge.IsNonZero(r.Attributions[i]);
        if (ei is null) return TrialOutcome.Skip("E_i cannot be decided exactly");
        if (ei == true) return TrialOutcome.Pass;
        var value = judge.Tolerance is null ? "0" : $"{Support.Format(r.Attributions[i])}, zero at the tolerance";
        return Support.FailUnlessKink(Support.KinkReason(method, [instance.F], x, d.Points),
            $"X' varies only in x{i + 1} and F(x) - E F(X') = {Support.Format(change)} != 0, but E_{i + 1} = {value}", r);
    }

    internal override ProofOutcome? Prove(IAttributionMethod method) =>
        PolynomialProof.Run(method, 1, 3, 3, "with X' = b w.p. w, b2 w.p. 1 - w, both equal to x off feature i: E_i - (F(x) - E F(X'))", (form, s) =>
        {
            var f = s.GenericPolynomial(3);
            var w = s.Fresh();
            for (int i = 0; i < s.N; i++)
            {
                var b = s.Input.Select((v, j) => j == i ? s.Baseline[j] : v).ToArray();
                var b2 = s.Input.Select((v, j) => j == i ? s.Baseline2[j] : v).ToArray();
                var e = CompletenessD.Lift(form, f, s.Input, b, b2, w);
                var expected = w * SymbolicForm.At(f, b) + (Ex.One - w) * SymbolicForm.At(f, b2);
                if (!Symbols.IsZero(e[i] - (SymbolicForm.At(f, s.Input) - expected))) return false;
            }
            return true;
        });
}
