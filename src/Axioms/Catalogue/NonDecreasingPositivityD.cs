using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Catalogue;

/// <summary>Distributional NDP: a function non-decreasing from every baseline in the support to x gets non-negative attributions.</summary>
public sealed class NonDecreasingPositivityD : Axiom
{
    /// <inheritdoc />
    public override string Name => "non-decreasing-positivity-d";

    /// <inheritdoc />
    public override string Title => "Non-decreasing positivity (distributional)";

    /// <inheritdoc />
    public override string Definition => "If F is non-decreasing from every point on the support of D to x, then E(x, X', F) ≥ 0.";

    /// <inheritdoc />
    public override string Reference => "Lundstrom et al. 2022, section 5, item 4; Appendix K";

    /// <inheritdoc />
    public override bool IsDistributional => true;

    // All baselines lie in one orthant seen from x: b_k = x - s ⊙ r_k with r_k ≥ 0. With m = x - s ⊙ max_k r_k (the far
    // corner), F(y) = M(s ⊙ (y - m)) for M non-decreasing on the non-negative orthant is non-decreasing from every b_k to x.
    internal override Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space) =>
        from n in space.Dimension
        from m in space.Monotone(n)
        from x in SubjectGen.Point(n)
        from signs in Gen.ArrayOf(Gen.Elements(Rational.One, Rational.MinusOne), n)
        from k in Gen.Choose(1, 3)
        from offsets in Gen.ArrayOf(Gen.ArrayOf(SubjectGen.PositiveRational, n), k)
        from raw in Gen.ArrayOf(Gen.Choose(1, 4), k)
        let d = new BaselineDistribution(offsets.Select(r => x.Select((v, i) => v - signs[i] * r[i]).ToArray()).ToArray(), Distributions.Normalise(raw))
        select Build(new AxiomInstance(m, x, Distributions.Mean(d)) { Base = m, Baselines = d })!;

    private static AxiomInstance? Build(AxiomInstance inst)
    {
        var x = inst.Input;
        var d = inst.Baselines!;
        int n = x.Count;
        var s = new Rational[n];
        var corner = new Rational[n];
        for (int i = 0; i < n; i++)
        {
            // One orthant: every baseline on the same side of x_i (ties are allowed on either side).
            bool below = d.Points.All(p => p[i] <= x[i]);
            bool above = d.Points.All(p => p[i] >= x[i]);
            if (!below && !above) return null;
            s[i] = below ? Rational.One : Rational.MinusOne;
            corner[i] = below ? d.Points.Min(p => p[i]) : d.Points.Max(p => p[i]);
        }
        var shift = s.Select((v, i) => -(v * corner[i])).ToArray();
        return inst with { F = SubjectAlgebra.PrecomposeCoordinateMap(inst.Base!, s, shift), Baseline = Distributions.Mean(d), Rebuild = Build };
    }

    /// <inheritdoc />
    protected override TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Base is null || !NonDecreasingPositivity.IsMonotoneOnOrthant(instance.Base))
            return TrialOutcome.Skip("F is not built from a function non-decreasing on the orthant");
        var d = instance.Baselines!;
        var r = Distributional.Attribute(method, instance.F, instance.Input, d);
        for (int i = 0; i < r.Attributions.Count; i++)
        {
            var nonNegative = judge.IsNonNegative(r.Attributions[i]);
            if (nonNegative is null) return TrialOutcome.Skip("an attribution's sign cannot be decided exactly");
            if (nonNegative == true) continue;
            return Support.FailUnlessKink(Support.KinkReason(method, [instance.F], instance.Input, d.Points),
                $"F is non-decreasing from every baseline to x, but E_{i + 1} = {Support.Format(r.Attributions[i])} < 0", r);
        }
        return TrialOutcome.Pass;
    }

    internal override ProofOutcome? Prove(IAttributionMethod method)
    {
        var single = NonDecreasingPositivity.StructuralProof(method);
        if (single is not { Proved: true }) return single;
        return new ProofOutcome(true, $"E = Σ_k w_k A(x, x'_k, F) with w_k ≥ 0, and each term is ≥ 0 by NDP of the single-baseline method: {single.Scope} (Lundstrom et al. 2022, Appendix K)");
    }
}
