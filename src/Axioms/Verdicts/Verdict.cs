namespace Verifier.Axioms.Verdicts;

/// <summary>The four verdicts of an axiom check (CONTRACT.md, <c>verifier check</c>).</summary>
public enum VerdictStatus
{
    /// <summary>Established for every instance in the stated scope, by a symbolic argument or an unsat solver answer.</summary>
    Proved,
    /// <summary>No counterexample in the stated number of trials.</summary>
    Holds,
    /// <summary>An exact counterexample that re-checks by recomputation.</summary>
    Violated,
    /// <summary>Could not be decided; the reason says why.</summary>
    Undetermined,
}

/// <summary>The verdict of one method on one axiom.</summary>
/// <param name="Axiom">The axiom's command-line name (e.g. <c>completeness</c>).</param>
/// <param name="Status">The verdict.</param>
/// <param name="How">How it was reached, e.g. "property search, 200 trials (seed 42)" or "symbolic: ...".</param>
/// <param name="Counterexample">For <see cref="VerdictStatus.Violated"/>: the exact counterexample.</param>
/// <param name="Reason">For <see cref="VerdictStatus.Undetermined"/>: why.</param>
public sealed record Verdict(string Axiom, VerdictStatus Status, string How, Counterexample? Counterexample = null, string? Reason = null)
{
    /// <summary>The status as CONTRACT.md writes it: proved, holds, violated, undetermined.</summary>
    public string StatusName => Status.ToString().ToLowerInvariant();

    /// <summary>The proof scope or search description behind a proved/holds verdict (also for violated ones: what else was tried).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Trials where the method threw an exception that is not an input error; a verdict with errored trials is never
    /// <see cref="VerdictStatus.Holds"/> (nor proved): it is undetermined, unless an exact counterexample was found.</summary>
    public int Errored { get; init; }

    /// <summary>The first errored trial: its number, the exception's type and message; null when none errored.</summary>
    public string? FirstError { get; init; }

    /// <summary>The tolerance the identities were judged with (a method that answers in floats); null for exact
    /// comparisons.</summary>
    public Tolerance? Tolerance { get; init; }

    /// <summary>With a tolerance: the passing trial that came closest to it (its |lhs - rhs| and allowance), or null.</summary>
    public Margin? WorstPassing { get; init; }
}
