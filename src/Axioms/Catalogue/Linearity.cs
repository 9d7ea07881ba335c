using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Proofs;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Catalogue;

/// <summary>Linearity: the attribution of a linear combination of functions is the combination of their attributions.</summary>
public sealed class Linearity : Axiom
{
    /// <inheritdoc />
    public override string Name => "linearity";

    /// <inheritdoc />
    public override string Title => "Linearity";

    /// <inheritdoc />
    public override string Definition => "For α, β ∈ R: A_i(x, x', αF + βG) = α A_i(x, x', F) + β A_i(x, x', G).";

    /// <inheritdoc />
    public override string Reference => "Lundstrom et al. 2022, section 2.2, axiom 4 (Sundararajan et al. 2017, section 2.2)";

    internal override Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space) =>
        from n in space.Dimension
        from f in space.Function(n)
        from g in space.Function(n).Where(g => g.IsNetwork == f.IsNetwork)
        from alpha in SubjectGen.NonZeroRational
        from beta in SubjectGen.NonZeroRational
        from x in SubjectGen.Point(n)
        from b in space.Baseline(n)
        select new AxiomInstance(f, x, b)
        {
            G = g,
            Parameters = new Dictionary<string, Rational> { ["alpha"] = alpha, ["beta"] = beta },
        };

    /// <inheritdoc />
    protected override TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        var (f, g) = (instance.F, instance.G!);
        if (f.IsNetwork != g.IsNetwork || f.Dimension != g.Dimension) return TrialOutcome.Skip("F and G are not of one kind");
        var alpha = instance.Parameters["alpha"];
        var beta = instance.Parameters["beta"];
        var h = SubjectAlgebra.LinearCombination(alpha, f, beta, g);
        var (x, b) = (instance.Input, instance.Baseline);
        var rh = method.Attribute(h, x, b);
        var rf = method.Attribute(f, x, b);
        var rg = method.Attribute(g, x, b);
        for (int i = 0; i < x.Count; i++)
        {
            var combined = ExactResult.Add(Exact.Scale(rf.Attributions[i], alpha), Exact.Scale(rg.Attributions[i], beta));
            var equal = judge.Equal(rh.Attributions[i], combined);
            if (equal is null) return TrialOutcome.Skip("an attribution cannot be compared exactly");
            if (equal == false)
            {
                if (Support.KinkReason(method, [h, f, g], x, [b]) is { } kink) return TrialOutcome.Skip(kink);
                var combination = rf.Attributions.Select((v, k) => ExactResult.Add(Exact.Scale(v, alpha), Exact.Scale(rg.Attributions[k], beta))).ToArray();
                return TrialOutcome.Fail(
                    $"A_{i + 1}(αF + βG) = {Support.Format(rh.Attributions[i])} != α A_{i + 1}(F) + β A_{i + 1}(G) = {Support.Format(combined)} " +
                    $"(α = {alpha}, β = {beta}; A(F) = ({string.Join(", ", Support.Format(rf.Attributions))}), A(G) = ({string.Join(", ", Support.Format(rg.Attributions))}))",
                    Support.Format(rh.Attributions), Support.Format(combination));
            }
        }
        return TrialOutcome.Pass;
    }

    internal override ProofOutcome? Prove(IAttributionMethod method) =>
        PolynomialProof.Run(method, 1, 3, 3, "A(αF + βG) - α A(F) - β A(G) with generic α, β", (form, s) =>
        {
            var f = s.GenericPolynomial(3);
            var g = s.GenericPolynomial(3);
            var alpha = s.Fresh();
            var beta = s.Fresh();
            var ah = form(alpha * f + beta * g, s.Input, s.Baseline);
            var af = form(f, s.Input, s.Baseline);
            var ag = form(g, s.Input, s.Baseline);
            return Enumerable.Range(0, s.N).All(i => Symbols.IsZero(ah[i] - alpha * af[i] - beta * ag[i]));
        });
}
