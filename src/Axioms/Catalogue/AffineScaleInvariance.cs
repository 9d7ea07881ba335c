using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Proofs;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Catalogue;

/// <summary>Affine scale invariance: rescaling and shifting one feature, with the model adjusted, leaves the attributions unchanged.</summary>
public sealed class AffineScaleInvariance : Axiom
{
    /// <inheritdoc />
    public override string Name => "affine-scale-invariance";

    /// <inheritdoc />
    public override string Title => "Affine scale invariance";

    /// <inheritdoc />
    public override string Definition =>
        "For a given index i, c != 0, d, define T(x) = (x_1, ..., c x_i + d, ..., x_n). Then A(x, x', F) = A(T(x), T(x'), F ∘ T^-1).";

    /// <inheritdoc />
    public override string Reference => "Lundstrom et al. 2022, section 3.3, axiom 7 (Friedman 2004; Sundararajan and Najmi 2020)";

    internal override Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space) =>
        from n in space.Dimension
        from i in Gen.Choose(0, n - 1)
        from f in space.Function(n)
        from x in SubjectGen.Point(n)
        from b in space.Baseline(n)
        from c in SubjectGen.NonZeroRational
        from d in space.ZeroBaseline ? Gen.Constant(Rational.Zero) : SubjectGen.SmallRational
        select new AxiomInstance(f, x, b)
        {
            Features = [i],
            Parameters = new Dictionary<string, Rational> { ["c"] = c, ["d"] = d },
        };

    /// <inheritdoc />
    protected override TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        int i = instance.Features[0];
        var c = instance.Parameters["c"];
        var d = instance.Parameters["d"];
        if (c.IsZero) return TrialOutcome.Skip("c = 0");
        if (method.Traits.HasFlag(MethodTraits.ZeroBaselineOnly) && (!d.IsZero || instance.Baseline.Any(v => !v.IsZero)))
            return TrialOutcome.Skip("the method fixes x' = 0, so only d = 0 keeps T(x') = 0");
        var (x, b) = (instance.Input, instance.Baseline);
        var tx = x.ToArray();
        tx[i] = c * tx[i] + d;
        var tb = b.ToArray();
        tb[i] = c * tb[i] + d;
        var g = SubjectAlgebra.PrecomposeAffine(instance.F, i, c, d);
        var r = method.Attribute(instance.F, x, b);
        var rt = method.Attribute(g, tx, tb);
        for (int k = 0; k < x.Count; k++)
        {
            var equal = judge.Equal(r.Attributions[k], rt.Attributions[k]);
            if (equal is null) return TrialOutcome.Skip("an attribution cannot be compared exactly");
            if (equal == true) continue;
            if ((Support.KinkReason(method, instance.F, x, b) ?? Support.KinkReason(method, g, tx, tb)) is { } kink) return TrialOutcome.Skip(kink);
            return TrialOutcome.Fail(
                $"with T(x)_{i + 1} = {c} x{i + 1} + {d}: A_{k + 1}(x, x', F) = {Support.Format(r.Attributions[k])} != A_{k + 1}(T(x), T(x'), F∘T^-1) = {Support.Format(rt.Attributions[k])}" +
                $" (T(x) = {Support.Point(tx)}, T(x') = {Support.Point(tb)}, F∘T^-1 = {g})",
                Support.Format(r.Attributions), Support.Format(rt.Attributions));
        }
        return TrialOutcome.Pass;
    }

    // Quantifying over all F is quantifying over all G = F∘T^-1, and F = G∘T is a polynomial when G is: no division needed.
    internal override ProofOutcome? Prove(IAttributionMethod method) =>
        PolynomialProof.Run(method, 1, 3, 3, "A(x, x', G∘T) - A(T(x), T(x'), G) with generic c, d", (form, s) =>
        {
            for (int i = 0; i < s.N; i++)
            {
                var g = s.GenericPolynomial(3);
                var c = s.Fresh();
                var d = s.Fresh();
                var f = g.Substitute(new Dictionary<int, Expr> { [i + 1] = c * Ex.Var(i + 1) + d });
                var ta = s.Input.ToArray();
                ta[i] = c * ta[i] + d;
                var tb = s.Baseline.ToArray();
                tb[i] = c * tb[i] + d;
                var left = form(f, s.Input, s.Baseline);
                var right = form(g, ta, tb);
                if (!Enumerable.Range(0, s.N).All(k => Symbols.IsZero(left[k] - right[k]))) return false;
            }
            return true;
        });
}
