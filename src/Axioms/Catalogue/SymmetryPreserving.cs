using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Proofs;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Catalogue;

/// <summary>Symmetry preserving: symmetric features with equal values get equal attributions.</summary>
public sealed class SymmetryPreserving : Axiom, ISearchSpaceShaper
{
    /// <inheritdoc />
    public override string Name => "symmetry-preserving";

    /// <inheritdoc />
    public override string Title => "Symmetry preserving";

    /// <inheritdoc />
    public override string Definition =>
        "For a given (i, j), define x* by swapping the values of x_i and x_j. Suppose that F(x) = F(x*) for all x. Then whenever x_i = x_j and x'_i = x'_j, A_i(x, x', F) = A_j(x, x', F).";

    /// <inheritdoc />
    public override string Reference => "Lundstrom et al. 2022, section 2.2, axiom 6 (Sundararajan et al. 2017, section 3)";

    SearchSpace ISearchSpaceShaper.Space(IAttributionMethod method, CheckOptions options) => new(method, options, minDimension: 2);

    internal override Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space) =>
        from n in space.Dimension
        from i in Gen.Choose(0, n - 2)
        from j in Gen.Choose(i + 1, n - 1)
        from f in space.Function(n)
        from x in SubjectGen.Point(n)
        from b in space.Baseline(n)
        select Build(new AxiomInstance(f, Tie(x, i, j), Tie(b, i, j)) { Base = f, Features = [i, j] });

    private static Rational[] Tie(IReadOnlyList<Rational> p, int i, int j)
    {
        var q = p.ToArray();
        q[j] = q[i];
        return q;
    }

    // F = Base + Base∘swap(i, j), symmetric in x_i, x_j; the points are tied again after shrinking.
    private static AxiomInstance Build(AxiomInstance inst)
    {
        var (i, j) = (inst.Features[0], inst.Features[1]);
        return inst with
        {
            F = SubjectAlgebra.Symmetrize(inst.Base!, i, j),
            Input = Tie(inst.Input, i, j),
            Baseline = Tie(inst.Baseline, i, j),
            Rebuild = Build,
        };
    }

    /// <inheritdoc />
    protected override TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        var (i, j) = (instance.Features[0], instance.Features[1]);
        var (x, b) = (instance.Input, instance.Baseline);
        if (x[i] != x[j] || b[i] != b[j]) return TrialOutcome.Skip("x_i != x_j or x'_i != x'_j");
        if (!IsSymmetric(instance.F, i, j)) return TrialOutcome.Skip("F is not symmetric in x_i, x_j");
        var r = method.Attribute(instance.F, x, b);
        var equal = judge.Equal(r.Attributions[i], r.Attributions[j]);
        if (equal is null) return TrialOutcome.Skip("A_i - A_j cannot be decided exactly");
        if (equal == true) return TrialOutcome.Pass;
        return Support.FailUnlessKink(Support.KinkReason(method, instance.F, x, b),
            $"F is symmetric in x{i + 1}, x{j + 1} and x{i + 1} = x{j + 1}, x'{i + 1} = x'{j + 1}, but A_{i + 1} = {Support.Format(r.Attributions[i])} != A_{j + 1} = {Support.Format(r.Attributions[j])}", r);
    }

    /// <summary>True when F(x) = F(x*) identically: the canonical expression is invariant under the swap.</summary>
    internal static bool IsSymmetric(Subject f, int i, int j)
    {
        var e = f.ToExpr();
        return Symbols.Swap(e, i + 1, j + 1).Equals(e);
    }

    internal override ProofOutcome? Prove(IAttributionMethod method) =>
        PolynomialProof.Run(method, 2, 3, 3, "A_i - A_j for F = G + G∘swap(i, j), x_i = x_j, x'_i = x'_j", (form, s) =>
        {
            for (int i = 0; i < s.N; i++)
                for (int j = i + 1; j < s.N; j++)
                {
                    var g = s.GenericPolynomial(3);
                    var f = g + Symbols.Swap(g, i + 1, j + 1);
                    var a = s.Input.ToArray();
                    a[j] = a[i];
                    var b = s.Baseline.ToArray();
                    b[j] = b[i];
                    var attr = form(f, a, b);
                    if (!Symbols.IsZero(attr[i] - attr[j])) return false;
                }
            return true;
        });
}
