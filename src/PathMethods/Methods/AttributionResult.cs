using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

/// <summary>
/// One step of a derivation, for teaching: a title (e.g. <c>dF/dx_i</c>, <c>integrand</c>, <c>antiderivative</c>) and
/// its text. The text may be given as a factory, so that derivations nobody reads (no <c>--explain</c>) cost nothing:
/// printing expressions and finding antiderivatives again for every piece would otherwise sit on the hot path.
/// </summary>
public sealed class DerivationStep
{
    private readonly Lazy<string> _text;

    /// <summary>A step with its text.</summary>
    public DerivationStep(string title, string text)
    {
        Title = title;
        _text = new Lazy<string>(text);
    }

    /// <summary>A step whose text is computed on first use.</summary>
    public DerivationStep(string title, Func<string> text)
    {
        Title = title;
        _text = new Lazy<string>(text);
    }

    /// <summary>The step's title.</summary>
    public string Title { get; }

    /// <summary>The step's text (computed on first use when given as a factory).</summary>
    public string Text => _text.Value;

    /// <summary>"Title: text".</summary>
    public override string ToString() => $"{Title}: {Text}";
}

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
    /// <summary>
    /// For a network's path method computed piece by piece: whether some activation unit sat on one of its kinks along a
    /// whole piece (only then can the result depend on the kink convention); null when not known.
    /// </summary>
    public bool? UnitsOnKinksAlongPath { get; init; }

    /// <summary>The sum of the attributions.</summary>
    public ExactResult Sum => ExactMath.Sum(Attributions);

    /// <summary>F(x) - F(x') - sum of attributions; exactly 0 when the method is complete here.</summary>
    public ExactResult CompletenessGap =>
        ExactResult.Add(ExactResult.Add(FInput, FBaseline.Negate()), ExactMath.Sum(Attributions).Negate());

    /// <summary>True when every attribution and both values of F are exact (rational or closed form).</summary>
    public bool Exact => Attributions.All(a => a.IsExact) && FInput.IsExact && FBaseline.IsExact;
}
