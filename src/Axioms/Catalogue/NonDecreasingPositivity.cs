using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Catalogue;

/// <summary>Non-decreasing positivity (NDP): a function non-decreasing from x' to x gets non-negative attributions.</summary>
public sealed class NonDecreasingPositivity : Axiom
{
    /// <inheritdoc />
    public override string Name => AxiomName;

    /// <summary>The command-line name, for registry entries that state a structural argument for it.</summary>
    internal const string AxiomName = "non-decreasing-positivity";

    /// <inheritdoc />
    public override string Title => "Non-decreasing positivity (NDP)";

    /// <inheritdoc />
    public override string Definition =>
        "F is non-decreasing from x' to x if F(γ(t)) is non-decreasing for every monotone path γ from x' to x. A satisfies NDP if A(x, x', F) ≥ 0 whenever F is non-decreasing from x' to x.";

    /// <inheritdoc />
    public override string Reference => "Lundstrom et al. 2022, section 4, Definition 6";

    // F(y) = M(s ⊙ (y - x')) with s = sign(x - x') and M non-decreasing in every input on the non-negative orthant: along any
    // monotone path from x' to x, s ⊙ (y - x') is non-negative and non-decreasing, so F is non-decreasing from x' to x.
    internal override Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space) =>
        from n in space.Dimension
        from m in space.Monotone(n)
        from x in SubjectGen.Point(n)
        from b in space.Baseline(n)
        select Build(new AxiomInstance(m, x, b) { Base = m });

    internal static Rational[] Signs(IReadOnlyList<Rational> x, IReadOnlyList<Rational> b) =>
        x.Select((v, i) => v < b[i] ? Rational.MinusOne : Rational.One).ToArray();

    private static AxiomInstance Build(AxiomInstance inst)
    {
        var s = Signs(inst.Input, inst.Baseline);
        var shift = s.Select((v, i) => -(v * inst.Baseline[i])).ToArray();
        return inst with { F = SubjectAlgebra.PrecomposeCoordinateMap(inst.Base!, s, shift), Rebuild = Build };
    }

    /// <inheritdoc />
    protected override TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Base is null || !IsMonotoneOnOrthant(instance.Base))
            return TrialOutcome.Skip("F is not built from a function non-decreasing on the orthant");
        var r = method.Attribute(instance.F, instance.Input, instance.Baseline);
        for (int i = 0; i < r.Attributions.Count; i++)
        {
            var nonNegative = judge.IsNonNegative(r.Attributions[i]);
            if (nonNegative is null) return TrialOutcome.Skip("an attribution's sign cannot be decided exactly");
            if (nonNegative == true) continue;
            return Support.FailUnlessKink(Support.KinkReason(method, instance.F, instance.Input, instance.Baseline),
                $"F is non-decreasing from x' to x, but A_{i + 1} = {Support.Format(r.Attributions[i])} < 0", r);
        }
        return TrialOutcome.Pass;
    }

    /// <summary>A structural certificate that M is non-decreasing in every input where all inputs are ≥ 0: a polynomial with
    /// non-negative coefficients, or a network (chain or graph) whose weights are all ≥ 0 and whose activations are monotone.</summary>
    internal static bool IsMonotoneOnOrthant(Subject m)
    {
        if (m.Network is { } net)
            return net.Nodes.All(n => n.Layer.Match(
                dense: d => d.Weights.All(row => row.All(w => w.Sign >= 0)),
                activation: a => a.Function.IsNonDecreasing,
                maxPool: _ => true,
                sparse: s => s.Values.All(w => w.Sign >= 0)));
        var f = m.Function!;
        if (!f.IsPolynomial) return false;
        IReadOnlyList<Expr> terms = f is Sum s ? s.Terms : [f];
        return terms.All(t => Coefficient(t).Sign >= 0);
    }

    private static Rational Coefficient(Expr term) => term switch
    {
        Constant c => c.Value,
        Product p => p.Factors.OfType<Constant>().Aggregate(Rational.One, (a, c) => a * c.Value),
        _ => Rational.One,
    };

    internal override ProofOutcome? Prove(IAttributionMethod method) => StructuralProof(method);

    /// <summary>NDP by argument, for methods whose structure gives it: monotone path methods (each A_i is an integral of
    /// ∂_iF(γ) γ_i' ≥ 0, Lundstrom et al. 2022, Theorem 2, 2 ⇒ 1), and methods whose registry entry states the argument
    /// (<see cref="MethodDescriptor.StructuralArguments"/>: baseline Shapley, gradient x input).</summary>
    internal static ProofOutcome? StructuralProof(IAttributionMethod method)
    {
        if (method is IPathAttributionMethod p)
        {
            for (int n = 1; n <= 8; n++)
            {
                var monotone = p.ReferencePath.IsMonotone(n);
                if (monotone != true) return monotone == false ? new ProofOutcome(false, $"the reference path {p.ReferencePath.Spec} is not monotone") : null;
            }
            return new ProofOutcome(true,
                $"the reference path {p.ReferencePath.Spec} is monotone (every y_i(t) checked non-decreasing exactly, n ≤ 8), so for F non-decreasing from x' to x each A_i = ∫ ∂_iF(γ(t)) γ_i'(t) dt has a non-negative integrand (Lundstrom et al. 2022, Theorem 2, 2 ⇒ 1)");
        }
        if (MethodDescriptor.Of(method).StructuralArguments.TryGetValue(AxiomName, out var argument))
            return new ProofOutcome(true, argument);
        return null;
    }
}
