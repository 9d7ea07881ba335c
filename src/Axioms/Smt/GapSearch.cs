using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

/// <summary>
/// The search behind <see cref="SmtQueries.MaxCompletenessGap"/>: relaxed optimisation, linear programs on single pieces,
/// and exact threshold checks, keeping the best attained gap, the best approached value and the proved upper bound.
/// </summary>
internal sealed class GapSearch(Subject f, IReadOnlyList<Rational> baseline, InputBox box, GapMethod method, SmtOptions options,
                                CancellationToken cancellationToken)
{
    private readonly List<SmtResult> _runs = [];
    private readonly string[] _names = SmtQueries.InputNames("x", box.Dimension);
    private Rational[]? _best;
    private Rational _bestGap;
    private GapApproach? _approach;
    private Rational? _upper;
    private string? _problem;

    public MaxGapResult Run(int rounds)
    {
        if (!options.IsZ3) return Result(GapBoundKind.Unknown, $"{options.Solver} has no optimisation; use z3, or CompletenessGapExceeds");

        // 1. The relaxed optimum: an upper-bound candidate and a first point.
        var (w, _, gap) = SmtQueries.GapEncoding(f, baseline, box, method, options, relax: true,
            "verifier: maximal completeness gap, relaxed at kinks (either branch on a kink): an upper bound on the supremum", cancellationToken);
        w.Maximize(gap);
        var optimum = SmtQueries.Run(w.Finish(), options, cancellationToken);
        _runs.Add(optimum);
        if (optimum.Status != SmtStatus.Violated)
            return Result(GapBoundKind.Unknown, optimum.Reason ?? "the relaxed optimisation has no solution (is the box empty?)");
        Rational? candidate = optimum.Objective is { Infinity.IsZero: true } o ? o.Value
                            : optimum.Model.TryGetValue("gap", out var g) ? g : null;
        Consider(optimum.Point(_names));
        if (_problem is not null) return Result(GapBoundKind.Unknown, _problem);

        // 2. Exact threshold checks: prove the candidate, or find a better point and polish it on its piece.
        for (int round = 0; round < rounds && _problem is null; round++)
        {
            var target = _approach?.Value ?? _bestGap;
            var threshold = round == 0 && candidate is { } c && c > target ? c : target;
            var check = SmtQueries.GapThresholdRun(f, baseline, box, method, threshold, absolute: false, options, cancellationToken);
            _runs.Add(check);
            switch (check.Status)
            {
                case SmtStatus.Proved:
                    _upper = _upper is { } u && u < threshold ? u : threshold;
                    if (threshold == _bestGap) return Result(GapBoundKind.Maximum, null);
                    if (_approach is { } a && threshold == a.Value) return Attained(a);
                    break;
                case SmtStatus.Violated:
                    var x = check.Point(_names);
                    if (SmtRecheck.Gap(f, x, baseline, method) <= threshold)
                        _problem = $"the solver's point {SmtRecheck.Point(x)} does not re-check: its exact gap does not exceed {threshold}";
                    else Consider(x);
                    break;
                default:
                    _problem = check.Reason;
                    break;
            }
        }
        if (_problem is not null) return Result(_upper is null ? GapBoundKind.LowerBound : GapBoundKind.Bracket, _problem);
        return _upper is null
            ? Result(GapBoundKind.LowerBound, $"no upper bound was proved in {rounds} rounds")
            : Result(GapBoundKind.Bracket, $"the supremum lies in [{_bestGap}, {_upper}] ({rounds} rounds)");
    }

    /// <summary>The supremum is the approached value; is it also attained somewhere else?</summary>
    private MaxGapResult Attained(GapApproach approach)
    {
        var (w, _, gap) = SmtQueries.GapEncoding(f, baseline, box, method, options, relax: false,
            $"verifier: is the supremum {approach.Value} of the gap attained? sat: a point with gap >= {approach.Value}", cancellationToken);
        w.Assert(w.Compare(">=", gap, approach.Value));
        var check = SmtQueries.Run(w.Finish(), options, cancellationToken);
        _runs.Add(check);
        if (check.Status == SmtStatus.Proved)
            return Result(GapBoundKind.Supremum, $"the supremum {approach.Value} is approached towards {SmtRecheck.Point(approach.Limit)} but not attained");
        if (check.Status == SmtStatus.Violated)
        {
            var x = check.Point(_names);
            if (SmtRecheck.Gap(f, x, baseline, method) == approach.Value)
            {
                (_best, _bestGap) = (x, approach.Value);
                return Result(GapBoundKind.Maximum, null);
            }
            return Result(GapBoundKind.Bracket, $"the solver's point {SmtRecheck.Point(x)} does not re-check");
        }
        return Result(GapBoundKind.Bracket, check.Reason);
    }

    /// <summary>Records a point's exact gap, then maximises the gap on the closure of the point's linear piece.</summary>
    private void Consider(Rational[] x)
    {
        var gap = SmtRecheck.Gap(f, x, baseline, method);
        if (_best is null || gap > _bestGap) (_best, _bestGap) = (x, gap);

        var (w, _, gapTerm) = SmtQueries.GapEncoding(f, baseline, box, method, options, relax: true,
            $"verifier: the largest gap on the linear piece of x = {SmtRecheck.Point(x)} (pinned activation pattern, closed)", cancellationToken);
        var inputs = Inputs(x);
        var encoded = w.Evaluate(gapTerm, inputs);
        if (encoded != gap)
        {
            _problem = $"the encoding's gap {encoded} at {SmtRecheck.Point(x)} differs from the exact gap {gap} (an encoding error)";
            return;
        }
        var pattern = w.PatternAt(inputs);
        w.AssertPattern(pattern);
        w.Maximize(gapTerm);
        var lp = SmtQueries.Run(w.Finish(), options, cancellationToken);
        _runs.Add(lp);
        if (lp.Status != SmtStatus.Violated) return; // the piece's optimum is a refinement only
        var star = lp.Point(_names);
        if (!box.Contains(star) || w.EvaluateOnPattern(gapTerm, Inputs(star), pattern) is not { } onPiece) return;
        var exact = SmtRecheck.Gap(f, star, baseline, method);
        if (exact > _bestGap) (_best, _bestGap) = (star, exact);
        // On [x, star) the pattern holds and the gap is affine, from gap(x) to onPiece: onPiece is approached.
        if (onPiece > _bestGap && (_approach is null || onPiece > _approach.Value)) _approach = new GapApproach(x, star, onPiece);
    }

    private Dictionary<string, Rational> Inputs(Rational[] x)
    {
        var d = new Dictionary<string, Rational>(StringComparer.Ordinal);
        for (int i = 0; i < x.Length; i++) d[_names[i]] = x[i];
        return d;
    }

    private MaxGapResult Result(GapBoundKind kind, string? reason) =>
        new(kind, _best is null ? null : _bestGap, _upper, _best, _approach, _runs, reason);
}
