using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

/// <summary>One step of a derivation, for teaching: a short title and its text.</summary>
/// <param name="Title">What the step computes (e.g. "dF/dx_i", "gamma(t)", "integrand", "value").</param>
/// <param name="Text">The step itself, in plain text.</param>
public sealed record DerivationStep(string Title, string Text);

/// <summary>
/// The attributions of one method to one input, exactly: rationals, closed forms, or (marked not exact) certified
/// enclosures, with F at both ends, the completeness gap and the derivation.
/// </summary>
/// <param name="Method">The method's name in the <c>--method</c> syntax (e.g. <c>ig</c>, <c>path</c>, <c>shapley</c>).</param>
/// <param name="Input">The input x.</param>
/// <param name="Baseline">The baseline x' (for Expected Gradients, the weighted mean baseline; for the plain gradient, 0).</param>
/// <param name="Attributions">A_1..A_n.</param>
/// <param name="FInput">F(x).</param>
/// <param name="FBaseline">F(x') (for Expected Gradients, the weighted mean of F over the baselines).</param>
/// <param name="Pieces">The breakpoints in t of F restricted to the straight path (IG only; null otherwise, or when a
/// breakpoint is irrational).</param>
/// <param name="Derivation">The derivation steps.</param>
public sealed record AttributionResult(
    string Method,
    IReadOnlyList<Rational> Input,
    IReadOnlyList<Rational> Baseline,
    IReadOnlyList<ExactResult> Attributions,
    ExactResult FInput,
    ExactResult FBaseline,
    IReadOnlyList<Rational>? Pieces,
    IReadOnlyList<DerivationStep> Derivation)
{
    /// <summary>The sum of the attributions.</summary>
    public ExactResult Sum { get; } = ExactMath.Sum(Attributions);

    /// <summary>F(x) - F(x') - sum of attributions; exactly 0 when the method is complete here.</summary>
    public ExactResult CompletenessGap { get; } =
        ExactResult.Add(ExactResult.Add(FInput, FBaseline.Negate()), ExactMath.Sum(Attributions).Negate());

    /// <summary>True when every attribution and both values of F are exact (rational or closed form).</summary>
    public bool Exact { get; } = Attributions.All(a => a.IsExact) && FInput.IsExact && FBaseline.IsExact;
}
