using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

/// <summary>
/// The outcome of one <see cref="SmtQueries"/> question: <see cref="SmtStatus.Proved"/> (unsat: no counterexample in
/// the box), <see cref="SmtStatus.Violated"/> (a counterexample that was re-checked exactly, without the solver), or
/// <see cref="SmtStatus.Undetermined"/> with the reason (the solver's, or a model that did not re-check).
/// </summary>
/// <param name="Status">The verdict of the query.</param>
/// <param name="Smt">The solver run (script, model, solver version, seconds).</param>
/// <param name="Reason">For <see cref="SmtStatus.Undetermined"/>: why.</param>
public abstract record SmtQueryResult(SmtStatus Status, SmtResult Smt, string? Reason)
{
    /// <summary>The status as CONTRACT.md writes it: <c>proved</c>, <c>violated</c>, <c>undetermined</c>.</summary>
    public string StatusName => Status.ToString().ToLowerInvariant();

    /// <summary>A one-line account of the counterexample for people (empty unless violated).</summary>
    public string Detail { get; init; } = "";
}

/// <summary>The answer of <see cref="SmtQueries.Equivalent"/>.</summary>
/// <param name="Status">Proved: F = G on the box; violated: F(x) != G(x) at <paramref name="Counterexample"/>.</param>
/// <param name="Smt">The solver run.</param>
/// <param name="Reason">Why undetermined.</param>
/// <param name="Counterexample">The point x (violated, or a model that did not re-check).</param>
/// <param name="ValueA">F(x), exactly.</param>
/// <param name="ValueB">G(x), exactly.</param>
public sealed record EquivalenceResult(SmtStatus Status, SmtResult Smt, string? Reason,
    Rational[]? Counterexample = null, Rational? ValueA = null, Rational? ValueB = null) : SmtQueryResult(Status, Smt, Reason);

/// <summary>The answer of <see cref="SmtQueries.GradientSensitivityA"/>.</summary>
/// <param name="Status">Proved: sensitivity(a) holds for the gradient on the box; violated: see the points.</param>
/// <param name="Smt">The solver run.</param>
/// <param name="Reason">Why undetermined.</param>
/// <param name="Input">x.</param>
/// <param name="Baseline">x', equal to x except in <paramref name="Feature"/>.</param>
/// <param name="Feature">The 1-based feature i in which x and x' differ.</param>
/// <param name="ValueAtInput">F(x).</param>
/// <param name="ValueAtBaseline">F(x'), different from F(x).</param>
/// <param name="Partial">∂_i F(x) = 0, the attribution of feature i.</param>
public sealed record SensitivityResult(SmtStatus Status, SmtResult Smt, string? Reason,
    Rational[]? Input = null, Rational[]? Baseline = null, int? Feature = null,
    Rational? ValueAtInput = null, Rational? ValueAtBaseline = null, Rational? Partial = null) : SmtQueryResult(Status, Smt, Reason);

/// <summary>The answer of <see cref="SmtQueries.CompletenessGapExceeds"/>.</summary>
/// <param name="Status">Proved: |gap| &lt;= threshold on the whole box; violated: |gap(x)| &gt; threshold at <paramref name="Input"/>.</param>
/// <param name="Smt">The solver run.</param>
/// <param name="Reason">Why undetermined.</param>
/// <param name="Input">The input x.</param>
/// <param name="Gap">F(x) - F(x') - sum of the attributions at x, exactly.</param>
public sealed record GapResult(SmtStatus Status, SmtResult Smt, string? Reason,
    Rational[]? Input = null, Rational? Gap = null) : SmtQueryResult(Status, Smt, Reason);

/// <summary>The answer of <see cref="SmtQueries.NonDecreasingPositivityViolation"/>.</summary>
/// <param name="Status">Proved: every convex combination of the monomials gets non-negative attributions; violated: see the coefficients.</param>
/// <param name="Smt">The solver run.</param>
/// <param name="Reason">Why undetermined.</param>
/// <param name="Coefficients">c_alpha &gt;= 0 with sum 1.</param>
/// <param name="Attributions">A_i = sum_alpha c_alpha M[i][alpha], exactly.</param>
/// <param name="Feature">The 1-based feature i with A_i &lt; 0.</param>
public sealed record PositivityResult(SmtStatus Status, SmtResult Smt, string? Reason,
    Rational[]? Coefficients = null, Rational[]? Attributions = null, int? Feature = null) : SmtQueryResult(Status, Smt, Reason);

/// <summary>How far <see cref="SmtQueries.MaxCompletenessGap"/> got.</summary>
public enum GapBoundKind
{
    /// <summary>The maximum: <see cref="MaxGapResult.Lower"/> = <see cref="MaxGapResult.Upper"/>, attained at the maximiser.</summary>
    Maximum,
    /// <summary>The supremum <see cref="MaxGapResult.Upper"/> is not attained: it is approached along the segment of
    /// <see cref="MaxGapResult.Approach"/> (towards a kink, where the gradient jumps), and no point reaches it.</summary>
    Supremum,
    /// <summary>The supremum lies in [Lower, Upper]: Lower is attained at the maximiser, Upper is proved (no point exceeds it).</summary>
    Bracket,
    /// <summary>Only <see cref="MaxGapResult.Lower"/> (attained) is known; the solver did not bound the gap from above in time.</summary>
    LowerBound,
    /// <summary>Nothing is known; see <see cref="MaxGapResult.Reason"/>.</summary>
    Unknown,
}

/// <summary>The answer of <see cref="SmtQueries.MaxCompletenessGap"/>: exact bounds on sup_x gap(x) over the box.</summary>
/// <param name="Kind">What is established.</param>
/// <param name="Lower">The largest gap found, attained exactly at <paramref name="Maximiser"/> (re-checked without the solver).</param>
/// <param name="Upper">A proved upper bound: the solver answered unsat to "gap(x) &gt; Upper" on the exact encoding.</param>
/// <param name="Maximiser">The input x attaining <paramref name="Lower"/>.</param>
/// <param name="Approach">For <see cref="GapBoundKind.Supremum"/> (and when found otherwise): a segment on which the gap
/// tends to a value above <paramref name="Lower"/>.</param>
/// <param name="Runs">Every solver run, in order: the relaxed optimisation first, then the linear programs on single pieces
/// and the exact threshold checks.</param>
/// <param name="Reason">Why the bounds are not tighter, or null for a maximum.</param>
public sealed record MaxGapResult(GapBoundKind Kind, Rational? Lower, Rational? Upper, Rational[]? Maximiser, GapApproach? Approach,
    IReadOnlyList<SmtResult> Runs, string? Reason)
{
    /// <summary>The maximum when it was established (attained), otherwise null.</summary>
    public Rational? Maximum => Kind == GapBoundKind.Maximum ? Lower : null;

    /// <summary>The supremum when it was established (a maximum, or a supremum that is not attained), otherwise null.</summary>
    public Rational? Supremum => Kind is GapBoundKind.Maximum or GapBoundKind.Supremum ? Upper : null;

    /// <summary>The first run (the optimisation), whose script is the one to publish; null when no run happened.</summary>
    public SmtResult? Smt => Runs.Count > 0 ? Runs[0] : null;

    /// <summary>The objective z3 reported in the optimisation run, if any.</summary>
    public SmtObjective? ReportedObjective => Smt?.Objective;
}

/// <summary>
/// A segment [From, Limit) inside one linear piece of the gap: the gap is affine on it, exact at From, and tends to
/// <see cref="Value"/> at Limit, where the piece ends (the gap at Limit itself belongs to another piece). Checked exactly:
/// From lies in the piece, Limit in its closure, and Value is the piece's affine gap at Limit.
/// </summary>
/// <param name="From">A point inside the piece.</param>
/// <param name="Limit">The boundary point approached.</param>
/// <param name="Value">The limit of the gap along the segment.</param>
public sealed record GapApproach(Rational[] From, Rational[] Limit, Rational Value);
