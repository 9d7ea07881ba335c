using FsCheck;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Proofs;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms;

/// <summary>
/// One attribution axiom: its precise definition and reference, the hypothesis generator for the property search, the
/// test of one instance, and (where the method has a symbolic form) a symbolic proof over generic polynomials. The
/// catalogue is <see cref="AxiomCatalogue"/>; <see cref="Check"/> runs one.
/// </summary>
public abstract class Axiom
{
    /// <summary>The command-line name (CONTRACT.md), e.g. <c>completeness</c>, <c>sensitivity-a-d</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The human name, e.g. "Completeness".</summary>
    public abstract string Title { get; }

    /// <summary>The precise definition, in the words of the reference.</summary>
    public abstract string Definition { get; }

    /// <summary>Where the definition comes from.</summary>
    public abstract string Reference { get; }

    /// <summary>True for the distributional versions (Lundstrom et al. 2022, section 5).</summary>
    public virtual bool IsDistributional => false;

    /// <summary>Why the axiom does not apply to the method at all, or null when it does.</summary>
    public virtual string? NotApplicable(IAttributionMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (IsDistributional && method.Traits.HasFlag(MethodTraits.ZeroBaselineOnly))
            return $"'{method.Name}' has no baseline argument (x' = 0 is fixed), so baseline distributions do not apply";
        return null;
    }

    /// <summary>Random instances of the axiom's hypothesis for the method.</summary>
    internal abstract Gen<AxiomInstance> Instances(IAttributionMethod method, SearchSpace space);

    /// <summary>Tests one instance: <see cref="TrialOutcome.Pass"/>, a failure with the computed attributions, or a skip
    /// when the instance does not meet the hypothesis, cannot be decided exactly, or fails only because of a kink
    /// convention: a failure of a convention-aware method (<see cref="IConventionAware"/>) counts only when it persists with
    /// relu'(0) = 0, 1/2 and 1 (DESIGN.md, exactness policy 6). With a <paramref name="tolerance"/> (a method that answers
    /// in floats), an identity fails only beyond it (<see cref="Judge"/>), and the outcome carries how far its worst
    /// comparison was from the tolerance (<see cref="TrialOutcome.Margin"/>).</summary>
    public TrialOutcome Test(IAttributionMethod method, AxiomInstance instance, Tolerance? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        var judge = new Judge(tolerance);
        var outcome = TestOnce(method, instance, judge) with { Margin = judge.Worst };
        if (outcome.Kind != TrialKind.Fail) return outcome;
        // Max/min ties where the method takes a derivative are decided by the tie rule, which no relu'(0) setting varies:
        // out of scope like kinks.
        if (Catalogue.Support.TieReason(method, instance) is { } tie) return TrialOutcome.Skip(tie);
        if (method is not IConventionAware aware) return outcome;
        foreach (var c in Conventions)
        {
            if (c == aware.ReluGradientAtZero) continue;
            var other = aware.WithReluGradientAtZero(c);
            if (ReferenceEquals(other, method)) break; // the method uses no convention
            var again = TestOnce(other, instance, new Judge(tolerance));
            if (again.Kind != TrialKind.Fail)
                return TrialOutcome.Skip($"the violation depends on the kink convention (it disappears with relu'(0) = {c})");
        }
        return outcome;
    }

    private static readonly Rational[] Conventions = [Rational.Zero, Rational.Half, Rational.One];

    /// <summary>Tests one instance with the method as given (see <see cref="Test"/>), making every comparison through
    /// <paramref name="judge"/> (exact, or with the tolerance).</summary>
    protected abstract TrialOutcome TestOnce(IAttributionMethod method, AxiomInstance instance, Judge judge);

    /// <summary>Smaller variants of an instance, for shrinking (each is re-tested; only failing ones are kept).</summary>
    internal virtual IEnumerable<AxiomInstance> Shrink(AxiomInstance instance) => InstanceShrinker.Default(instance);

    /// <summary>A symbolic proof over generic polynomials for methods with a symbolic form, or null when there is none
    /// (or the identity does not reduce to zero).</summary>
    internal virtual ProofOutcome? Prove(IAttributionMethod method) => null;

    /// <summary>Checks the method against this axiom: symbolic proof where possible, then property search.</summary>
    public Verdict Check(IAttributionMethod method, CheckOptions? options = null, IProgress<SearchProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        AxiomChecker.Check(this, method, options ?? CheckOptions.Default, progress, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The result of testing one instance.</summary>
/// <param name="Kind">Pass, fail, skip or error.</param>
/// <param name="Detail">For a failure, what fails; for a skip, why; for an error, the exception's type and message.</param>
/// <param name="Attributions">The attributions computed (for the counterexample).</param>
/// <param name="Attributions2">The attributions of the comparison computation, if any.</param>
public sealed record TrialOutcome(TrialKind Kind, string? Detail = null, IReadOnlyList<string>? Attributions = null,
    IReadOnlyList<string>? Attributions2 = null)
{
    /// <summary>With a tolerance: how far the trial's worst comparison was from it (for a failure, the failing one); null
    /// for exact comparisons.</summary>
    public Margin? Margin { get; init; }

    /// <summary>The instance satisfies the axiom.</summary>
    public static TrialOutcome Pass { get; } = new(TrialKind.Pass);

    /// <summary>The instance is outside the hypothesis or undecidable.</summary>
    public static TrialOutcome Skip(string reason) => new(TrialKind.Skip, reason);

    /// <summary>The instance violates the axiom.</summary>
    public static TrialOutcome Fail(string detail, IReadOnlyList<string> attributions, IReadOnlyList<string>? attributions2 = null) =>
        new(TrialKind.Fail, detail, attributions, attributions2);

    /// <summary>The method (or the check) threw an exception that is not an input error: a defect, counted and reported.</summary>
    public static TrialOutcome Error(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(TrialKind.Error, $"{exception.GetType().Name}: {exception.Message.Split('\n')[0].Trim()}");
    }
}

/// <summary>Pass, fail, skip or error.</summary>
public enum TrialKind
{
    /// <summary>The axiom holds on the instance.</summary>
    Pass,
    /// <summary>The axiom fails on the instance.</summary>
    Fail,
    /// <summary>The instance does not count.</summary>
    Skip,
    /// <summary>The method threw an exception that is not an input error (<see cref="Verifier.Symbolic.IInputError"/>): the
    /// trial errored; a check with errored trials is never <c>holds</c>.</summary>
    Error,
}

/// <summary>A symbolic proof's outcome.</summary>
/// <param name="Proved">True when every identity reduced to zero.</param>
/// <param name="Scope">What was proved (the instances covered and how).</param>
internal sealed record ProofOutcome(bool Proved, string Scope);
