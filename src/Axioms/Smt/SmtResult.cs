using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

/// <summary>Our words for a solver's answer to "is there a counterexample?".</summary>
public enum SmtStatus
{
    /// <summary>unsat: no point satisfies the assertions (the property holds on the whole box).</summary>
    Proved,
    /// <summary>sat: the solver gave a model (a candidate counterexample, re-checked exactly by the query).</summary>
    Violated,
    /// <summary>unknown, a timeout, a crash or unreadable output; <see cref="SmtResult.Reason"/> says which.</summary>
    Undetermined,
}

/// <summary>
/// The outcome of one solver run: the mapped status, the model's values (exact rationals), the reason when
/// undetermined, the solver and its version, the time taken, and the complete script that reproduces it.
/// </summary>
/// <param name="Status">The mapped answer (see <see cref="SmtAnswer.Map"/>).</param>
/// <param name="Model">For <see cref="SmtStatus.Violated"/>: the requested symbols' values; empty otherwise.</param>
/// <param name="Reason">For <see cref="SmtStatus.Undetermined"/>: the solver's <c>:reason-unknown</c> or the failure; null otherwise.</param>
/// <param name="SolverVersion">E.g. <c>z3 4.8.12</c>.</param>
/// <param name="Seconds">Wall-clock seconds from sending the script to the decoded answer.</param>
/// <param name="Script">The self-contained SMT-LIB2 script (ends with <c>(check-sat)</c> and the model request); re-run it with <c>z3 FILE</c>.</param>
public sealed record SmtResult(
    SmtStatus Status,
    IReadOnlyDictionary<string, Rational> Model,
    string? Reason,
    string SolverVersion,
    double Seconds,
    string Script)
{
    /// <summary>For optimisation scripts answered sat: the objective value the solver reported, or null.</summary>
    public SmtObjective? Objective { get; init; }

    /// <summary>The status as CONTRACT.md writes it: <c>proved</c>, <c>violated</c>, <c>undetermined</c>.</summary>
    public string StatusName => Status.ToString().ToLowerInvariant();

    /// <summary>Writes <see cref="Script"/> to <paramref name="path"/> (UTF-8, no byte-order mark).</summary>
    public void WriteScript(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        File.WriteAllText(path, Script, new System.Text.UTF8Encoding(false));
    }

    /// <summary>The values of <paramref name="names"/> from the model, in order.</summary>
    /// <exception cref="KeyNotFoundException">A name has no value in the model.</exception>
    public Rational[] Point(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.Select(n => Model.TryGetValue(n, out var v) ? v : throw new KeyNotFoundException($"the model has no value for {n}")).ToArray();
    }
}
