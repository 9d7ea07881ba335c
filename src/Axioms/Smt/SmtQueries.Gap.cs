using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

public static partial class SmtQueries
{
    /// <summary>
    /// Is there an input x in the box whose completeness gap exceeds the threshold in absolute value,
    /// |F(x) - F(x') - sum_i A_i(x)| &gt; threshold, for a gradient-quadrature method (<see cref="GapMethod"/>) and a fixed
    /// baseline x'? Proved (unsat): |gap| &lt;= threshold on the whole box (threshold 0: completeness holds there);
    /// violated: such an x, with its gap re-checked exactly.
    /// </summary>
    /// <remarks>The sum of attributions is a directional derivative along v = x - x', encoded by tangent propagation with
    /// seed v (linear, since x' is fixed); relu'(0) = 0. Sundararajan, Taly, Yan 2017, proposition 1 (completeness).</remarks>
    /// <exception cref="ArgumentException">Dimensions differ, or the threshold is negative.</exception>
    /// <exception cref="NotPiecewiseLinearException">F is an expression that is not piecewise linear.</exception>
    /// <exception cref="SolverNotFoundException">The solver cannot be found or started.</exception>
    public static GapResult CompletenessGapExceeds(Subject f, IReadOnlyList<Rational> baseline, InputBox box, GapMethod method,
                                                   Rational threshold, SmtOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckGapArguments(f, baseline, box, method);
        if (threshold.Sign < 0) throw new ArgumentException($"the threshold must not be negative, not {threshold}", nameof(threshold));
        options ??= SmtOptions.Default;
        var run = GapThresholdRun(f, baseline, box, method, threshold, absolute: true, options, cancellationToken);
        if (run.Status != SmtStatus.Violated) return new GapResult(run.Status, run, run.Reason);
        var x = run.Point(InputNames("x", box.Dimension));
        var gap = SmtRecheck.Gap(f, x, baseline, method);
        if (!box.Contains(x) || gap.Abs() <= threshold)
            return new GapResult(SmtStatus.Undetermined, run,
                $"the solver's point x = {SmtRecheck.Point(x)} does not re-check: the exact gap there is {gap}", x, gap);
        return new GapResult(SmtStatus.Violated, run, null, x, gap)
        {
            Detail = $"{method.Name} at x = {SmtRecheck.Point(x)}, x' = {SmtRecheck.Point(baseline)}: F(x) - F(x') - sum of attributions = {gap}",
        };
    }

    /// <summary>
    /// The largest completeness gap F(x) - F(x') - sum_i A_i(x) over the box, with exact bounds. A relaxed optimisation
    /// (<c>(maximize gap)</c>, z3 only) proposes a candidate; every point found is improved by a linear program on its own
    /// linear piece; exact threshold checks ("is there x with gap &gt; T?") prove the upper bound. Lower bounds are attained
    /// at points re-checked without the solver; a supremum that is only approached (at a kink) is reported as such.
    /// </summary>
    /// <param name="f">A piecewise-linear function or network.</param>
    /// <param name="baseline">The fixed baseline x'.</param>
    /// <param name="box">The box of inputs x.</param>
    /// <param name="method">Gradient x input, or a Riemann rule of Integrated Gradients.</param>
    /// <param name="options">Solver options (z3 is required for the optimisation).</param>
    /// <param name="rounds">The most exact threshold checks (default 8); each that finds a better point is followed by a linear program.</param>
    /// <param name="cancellationToken">Cancels the solver runs.</param>
    /// <remarks>
    /// z3 4.8.11 to 4.8.13 report suboptimal objective values under strict inequalities (z3 issues 5314 and 5720), and a
    /// gradient is discontinuous at kinks, where the supremum may not be attained. So optimisation runs only on problems
    /// with closed conditions: the relaxation of the kinks (<see cref="SmtWriter.RelaxKinks"/>, an upper bound), and the
    /// closure of one activation pattern (a linear program). Nothing they say is taken on trust: <see cref="MaxGapResult.Upper"/>
    /// comes only from an unsat answer on the exact encoding, and values only from exact recomputation.
    /// </remarks>
    /// <exception cref="ArgumentException">Dimensions differ, or rounds is negative.</exception>
    /// <exception cref="NotPiecewiseLinearException">F is an expression that is not piecewise linear.</exception>
    /// <exception cref="SolverNotFoundException">The solver cannot be found or started.</exception>
    public static MaxGapResult MaxCompletenessGap(Subject f, IReadOnlyList<Rational> baseline, InputBox box, GapMethod method,
                                                  SmtOptions? options = null, int rounds = 8, CancellationToken cancellationToken = default)
    {
        CheckGapArguments(f, baseline, box, method);
        if (rounds < 0) throw new ArgumentOutOfRangeException(nameof(rounds), rounds, "rounds must not be negative");
        options ??= SmtOptions.Default;
        var search = new GapSearch(f, baseline, box, method, options, cancellationToken);
        return search.Run(rounds);
    }

    /// <summary>One exact run: "is there x with gap &gt; threshold" (or |gap| &gt; threshold).</summary>
    internal static SmtResult GapThresholdRun(Subject f, IReadOnlyList<Rational> baseline, InputBox box, GapMethod method,
                                             Rational threshold, bool absolute, SmtOptions options, CancellationToken cancellationToken)
    {
        string sense = absolute ? "|gap|" : "gap";
        var (w, _, gap) = GapEncoding(f, baseline, box, method, options, relax: false,
            $"verifier: is there x with {sense} > {threshold}? sat: such an x; unsat: {sense} <= {threshold} on the box", cancellationToken);
        var t = LinearTerm.Const(threshold);
        w.Assert(absolute ? SmtWriter.Or(w.Compare(">", gap, t), w.Compare("<", gap, -t)) : w.Compare(">", gap, t));
        return Run(w.Finish(), options, cancellationToken);
    }

    /// <summary>Declares x in the box and defines F (F(x)), S (the sum of attributions) and gap = F - F(x') - S.</summary>
    internal static (SmtWriter Writer, LinearTerm[] X, LinearTerm Gap) GapEncoding(Subject f, IReadOnlyList<Rational> baseline,
        InputBox box, GapMethod method, SmtOptions options, bool relax, string question, CancellationToken cancellationToken = default)
    {
        var w = new SmtWriter(options, relaxKinks: relax, title:
            $"{question}\nF = {SmtRecheck.Describe(f)}\nmethod {method.Name}, baseline x' = {SmtRecheck.Point(baseline)}, box {box}\n" +
            "gap = F(x) - F(x') - sum_s w_s D_v F(x' + tau_s v), v = x - x' (relu'(0) = 0)", cancellationToken: cancellationToken);
        var x = w.DeclareInputs("x", box.Dimension);
        w.AssertBox(x, box);
        var xb = baseline.Select(LinearTerm.Const).ToArray();
        var v = x.Zip(xb, (a, b) => a - b).ToArray();
        var fx = w.Define("F", w.Value(f, x));
        var fBaseline = w.Value(f, xb);
        var sum = LinearTerm.Zero;
        foreach (var (tau, weight) in method.Nodes)
        {
            var p = xb.Zip(v, (b, d) => b + tau * d).ToArray();
            sum += weight * w.Directional(f, p, v);
        }
        var s = w.Define("S", sum);
        var gap = w.Define("gap", fx - fBaseline - s);
        return (w, x, gap);
    }

    private static void CheckGapArguments(Subject f, IReadOnlyList<Rational> baseline, InputBox box, GapMethod method)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(method);
        CheckDimension(f, box);
        CheckPoint(f, baseline, nameof(baseline));
        if (method.Nodes.Count == 0) throw new ArgumentException("the method has no quadrature nodes", nameof(method));
        SmtRecheck.RequirePiecewiseLinear(f);
    }
}
