using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Proofs;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Catalogue;

/// <summary>Distributional symmetry preserving: symmetric features with equal inputs and exchangeable baselines get equal attributions.</summary>
public sealed class SymmetryPreservingD : Axiom, ISearchSpaceShaper
{
    /// <inheritdoc />
    public override string Name => "symmetry-preserving-d";

    /// <inheritdoc />
    public override string Title => "Symmetry preserving (distributional)";

    /// <inheritdoc />
    public override string Definition =>
        "For a given i, j, define x* by swapping x_i and x_j, and suppose F(x) = F(x*) for all x. Then whenever X'_i and X'_j are exchangeable and x_i = x_j, E_i(x, X', F) = E_j(x, X', F).";

    /// <inheritdoc />
    public override string Reference => "Lundstrom et al. 2022, section 5, item 3; Appendix K";

    /// <inheritdoc />
    public override bool IsDistributional => true;

    SearchSpace ISearchSpaceShaper.Space(IAttributionMethod method, CheckOptions options) => new(method, options, minDimension: 2);

    internal override Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space) =>
        from n in space.Dimension
        from i in Gen.Choose(0, n - 2)
        from j in Gen.Choose(i + 1, n - 1)
        from f in space.Function(n)
        from x in SubjectGen.Point(n)
        from k in Gen.Choose(1, 2)
        from points in Gen.ArrayOf(SubjectGen.Point(n), k)
        from raw in Gen.ArrayOf(Gen.Choose(1, 4), k)
        select Build(new AxiomInstance(f, x, x) { Base = f, Features = [i, j], Baselines = new BaselineDistribution(points, Distributions.Normalise(raw)) });

    // F = Base + Base∘swap; x_j := x_i; the distribution is closed under the swap: each point p with weight w becomes p and
    // p* with weight w/2 each.
    private static AxiomInstance Build(AxiomInstance inst)
    {
        var (i, j) = (inst.Features[0], inst.Features[1]);
        var x = inst.Input.ToArray();
        x[j] = x[i];
        var d = Exchangeable(inst.Baselines!, i, j);
        return inst with
        {
            F = SubjectAlgebra.Symmetrize(inst.Base!, i, j), Input = x, Baselines = d, Baseline = Distributions.Mean(d), Rebuild = Build,
        };
    }

    private static BaselineDistribution Exchangeable(BaselineDistribution d, int i, int j)
    {
        var weights = new Dictionary<string, (Rational[] Point, Rational Weight)>();
        void Add(Rational[] p, Rational w)
        {
            var key = string.Join(",", p);
            weights[key] = weights.TryGetValue(key, out var e) ? (p, e.Weight + w) : (p, w);
        }
        for (int k = 0; k < d.Points.Count; k++)
        {
            var p = d.Points[k].ToArray();
            var q = Swap(p, i, j);
            Add(p, d.Weights[k] / 2);
            Add(q, d.Weights[k] / 2);
        }
        var list = weights.Values.ToList();
        return new BaselineDistribution(list.Select(e => e.Point).ToArray(), list.Select(e => e.Weight).ToArray());
    }

    private static Rational[] Swap(IReadOnlyList<Rational> p, int i, int j)
    {
        var q = p.ToArray();
        (q[i], q[j]) = (q[j], q[i]);
        return q;
    }

    /// <inheritdoc />
    protected override TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        var (i, j) = (instance.Features[0], instance.Features[1]);
        var x = instance.Input;
        var d = instance.Baselines!;
        if (x[i] != x[j]) return TrialOutcome.Skip("x_i != x_j");
        if (!SymmetryPreserving.IsSymmetric(instance.F, i, j)) return TrialOutcome.Skip("F is not symmetric in x_i, x_j");
        // Exchangeable: the distribution is invariant under swapping features i and j.
        for (int k = 0; k < d.Points.Count; k++)
        {
            var q = Swap(d.Points[k], i, j);
            var mass = d.Points.Select((p, m) => p.SequenceEqual(q) ? d.Weights[m] : Rational.Zero).Aggregate(Rational.Zero, (a, b) => a + b);
            var own = d.Points.Select((p, m) => p.SequenceEqual(d.Points[k]) ? d.Weights[m] : Rational.Zero).Aggregate(Rational.Zero, (a, b) => a + b);
            if (mass != own) return TrialOutcome.Skip("X'_i and X'_j are not exchangeable");
        }
        var r = Distributional.Attribute(method, instance.F, x, d);
        var equal = judge.Equal(r.Attributions[i], r.Attributions[j]);
        if (equal is null) return TrialOutcome.Skip("E_i - E_j cannot be decided exactly");
        if (equal == true) return TrialOutcome.Pass;
        return Support.FailUnlessKink(Support.KinkReason(method, [instance.F], x, d.Points),
            $"F is symmetric in x{i + 1}, x{j + 1}, x{i + 1} = x{j + 1} and X'{i + 1}, X'{j + 1} are exchangeable, but E_{i + 1} = {Support.Format(r.Attributions[i])} != E_{j + 1} = {Support.Format(r.Attributions[j])}", r);
    }

    internal override ProofOutcome? Prove(IAttributionMethod method) =>
        PolynomialProof.Run(method, 2, 3, 3,
            "E_i - E_j for F = G + G∘swap(i, j), x_i = x_j, X' = b or b* with probability 1/2 each (every finite exchangeable X' is a mixture of these, and E is linear in the distribution)",
            (form, s) =>
            {
                for (int i = 0; i < s.N; i++)
                    for (int j = i + 1; j < s.N; j++)
                    {
                        var g = s.GenericPolynomial(3);
                        var f = g + Symbols.Swap(g, i + 1, j + 1);
                        var a = s.Input.ToArray();
                        a[j] = a[i];
                        var b = s.Baseline.ToArray();
                        var bs = b.ToArray();
                        (bs[i], bs[j]) = (bs[j], bs[i]);
                        var e = CompletenessD.Lift(form, f, a, b, bs, Symbolic.Expressions.Ex.Const(Rational.Half));
                        if (!Symbols.IsZero(e[i] - e[j])) return false;
                    }
                return true;
            });
}
