using System.Diagnostics;
using Verifier.Axioms.Catalogue;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Smt;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms;

/// <summary>The outcome of a solver-backed counterexample search (CONTRACT.md, <c>verifier counterexample</c>).</summary>
/// <param name="Status">Violated (an exact counterexample that re-checks), Proved (unsat: no violation for this function on
/// the box) or Undetermined (with the reason).</param>
/// <param name="How">What was asked and answered.</param>
/// <param name="Counterexample">The counterexample, re-checked exactly by the axiom's own test.</param>
/// <param name="Reason">Why undetermined.</param>
/// <param name="Solver">The solver and version, e.g. "z3 4.8.12".</param>
/// <param name="Seconds">Wall-clock time.</param>
/// <param name="Scripts">Every SMT-LIB script sent, in order (each re-runs with <c>z3 FILE</c>).</param>
public sealed record SolverVerdict(VerdictStatus Status, string How, Counterexample? Counterexample, string? Reason, string Solver,
    double Seconds, IReadOnlyList<string> Scripts)
{
    /// <summary>For completeness-gap queries: the largest gap found (exact), when known.</summary>
    public Rational? MaxGap { get; init; }

    /// <summary>The status as CONTRACT.md writes it.</summary>
    public string StatusName => Status.ToString().ToLowerInvariant();
}

/// <summary>
/// Counterexamples through the SMT layer for piecewise-linear functions: every solver answer is turned into an exact
/// instance of the axiom and re-checked with the axiom's own <see cref="Axiom.Test"/>, so a violated verdict never rests
/// on the solver alone.
/// </summary>
/// <remarks>Supported: implementation invariance of any method (z3 proves the two implementations equivalent on the box,
/// then the attributions are compared exactly), sensitivity(a) of the gradient and gradient x input, completeness of
/// gradient x input and of k-step Riemann IG (z3's optimisation gives the largest gap), and non-decreasing positivity of
/// path methods (a linear program over non-negative combinations of monomials).</remarks>
public static class SolverSearch
{
    /// <summary>Runs the solver query that fits the method and axiom.</summary>
    /// <param name="method">The method.</param>
    /// <param name="axiom">The axiom.</param>
    /// <param name="f">F (piecewise linear); not needed for non-decreasing positivity, which searches F itself.</param>
    /// <param name="g">For implementation invariance: the second implementation; null to try F's function-preserving rewrites.</param>
    /// <param name="box">The input box.</param>
    /// <param name="baseline">x' for methods with a baseline (default 0).</param>
    /// <param name="smt">Solver options.</param>
    /// <param name="riemannSteps">For completeness of Riemann IG: the number of left-rule steps; null for the method itself.</param>
    /// <param name="dimension">For non-decreasing positivity: the number of features of the polynomial family.</param>
    /// <param name="seed">Seed of the exact point search behind implementation invariance.</param>
    /// <param name="cancellationToken">Stops the search early (then the verdict is undetermined).</param>
    /// <remarks>
    /// The whole search, building the scripts, every solver run and the exact comparisons between them, is bounded by
    /// <see cref="SmtOptions.WallClockLimit"/> (the solver's <see cref="SmtOptions.Timeout"/> plus the kill grace), not
    /// only each solver run: when it runs out, the work in progress is abandoned and the verdict is undetermined with that
    /// reason. Each script still carries the per-query timeout, so a saved script re-runs as it was sent.
    /// </remarks>
    /// <exception cref="NotSupportedException">No solver query for this method and axiom (an <see cref="UnsupportedInputException"/>);
    /// the queries that apply to a method come from its registry entry (<see cref="MethodDescriptor.Solver"/>).</exception>
    /// <exception cref="NotPiecewiseLinearException">F is not piecewise linear.</exception>
    /// <exception cref="SolverNotFoundException">The solver is missing.</exception>
    /// <exception cref="SmtScriptTooLargeException">A script would exceed <see cref="SmtOptions.MaxScriptChars"/>.</exception>
    public static SolverVerdict Find(IAttributionMethod method, Axiom axiom, Subject? f, Subject? g, InputBox box,
        IReadOnlyList<Rational>? baseline, SmtOptions smt, int? riemannSteps = null, int dimension = 2, int seed = 42,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(axiom);
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(smt);
        var clock = Stopwatch.StartNew();
        var solver = MethodDescriptor.Of(method).Solver;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(smt.WallClockLimit);
        var token = deadline.Token;
        SolverVerdict v;
        try
        {
            v = axiom switch
            {
                ImplementationInvariance => ImplementationInvarianceSearch.Run(method, Need(f), g, box, baseline, smt, seed, token),
                SensitivityA when solver.GradientSensitivity => GradientSensitivity(method, Need(f), box, smt, token),
                Completeness when riemannSteps is { } k && solver.RiemannSteps is not null =>
                    CompletenessGap(method, Need(f), box, baseline, smt, GapMethod.RiemannLeft(k), k, token),
                Completeness when solver.CompletenessGap is { } gap => CompletenessGap(method, Need(f), box, baseline, smt, gap, null, token),
                NonDecreasingPositivity when method is IPathAttributionMethod p => Positivity(p, dimension, smt, token),
                _ => throw new UnsupportedInputException($"no solver query for {method.Name} x {axiom.Name}; {Supported()}"),
            };
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            v = new SolverVerdict(VerdictStatus.Undetermined, $"{smt.Solver}: {method.Name} x {axiom.Name} on {box}", null,
                cancellationToken.IsCancellationRequested ? "the search was cancelled"
                    : $"the time limit of the whole search ran out ({smt.WallClockLimit.TotalSeconds:0.###} s: the timeout plus {smt.KillGrace.TotalSeconds:0.###} s) " +
                      "while the queries were being built, run or re-checked", smt.Solver, 0, []);
        }
        if (token.IsCancellationRequested && v.Status != VerdictStatus.Violated && v.Reason is not null && !v.Reason.Contains("time limit", StringComparison.Ordinal)
            && !cancellationToken.IsCancellationRequested)
            v = v with { Reason = v.Reason + $"; the time limit of the whole search ran out ({smt.WallClockLimit.TotalSeconds:0.###} s)" };
        return v with { Seconds = clock.Elapsed.TotalSeconds };
    }

    // The supported pairs, from the built-in registry's entries.
    private static string Supported()
    {
        string Names(Func<SolverQueries, bool> applies) =>
            string.Join(", ", MethodRegistry.BuiltIn.All.Where(d => applies(d.Solver)).Select(d => d.Name));
        return $"supported: implementation-invariance (any method), sensitivity-a ({Names(q => q.GradientSensitivity)}), completeness " +
            $"({Names(q => q.CompletenessGap is not null)}; {Names(q => q.RiemannSteps is not null)} with --param steps=K for K-step Riemann IG), " +
            "non-decreasing-positivity (path methods); 'verifier check' searches every pair without a solver";
    }

    private static Subject Need(Subject? f) => f ?? throw new InputArgumentException("this query needs F: give --function or --network");

    // z3 may answer with a point on a kink, where relu'(0) decides the gradient; the axiom's exact test leaves such
    // points out of scope. Nudge the witness off the kink (keeping x and x' equal off feature i) and re-check.
    private static SolverVerdict GradientSensitivity(IAttributionMethod method, Subject f, InputBox box, SmtOptions smt, CancellationToken token)
    {
        var r = SmtQueries.GradientSensitivityA(f, box, smt, token);
        string how = $"{r.Smt.SolverVersion}: x, x' in {box} differing in one feature with F(x) != F(x') and ∂_iF(x) = 0";
        if (r.Status != SmtStatus.Violated)
            return From(r.Status, how + (r.Status == SmtStatus.Proved ? ": unsat" : ""), null, r.Reason, r.Smt);
        int i = r.Feature!.Value - 1; // the SMT layer numbers features from 1
        var axiom = new Catalogue.SensitivityA();
        foreach (var (x, b) in Nudges(r.Input!, r.Baseline!, i, box))
        {
            token.ThrowIfCancellationRequested();
            var instance = new AxiomInstance(f, x, b) { Features = [i] };
            var outcome = axiom.Test(method, instance);
            if (outcome.Kind == TrialKind.Fail)
                return From(SmtStatus.Violated, how + ": sat, re-checked exactly", new Counterexample(instance, outcome.Attributions!, outcome.Detail!), null, r.Smt);
        }
        return From(SmtStatus.Undetermined, how + ": sat", null,
            "the solver's witness lies on a kink (where relu'(0) decides the gradient) and no kink-free witness was found next to it", r.Smt);
    }

    /// <summary>The witness itself, then small moves of it inside the box (x and x' moved together off feature i).</summary>
    internal static IEnumerable<(Rational[] X, Rational[] B)> Nudges(Rational[] x, Rational[] b, int i, InputBox box)
    {
        yield return (x, b);
        var rng = new Random(17);
        foreach (var eps in new[] { new Rational(1, 64), new Rational(1, 1024), new Rational(1, 16384) })
            for (int k = 0; k < 24; k++)
            {
                var dx = x.ToArray();
                var db = b.ToArray();
                for (int j = 0; j < x.Length; j++)
                {
                    var step = eps * new Rational(rng.Next(-3, 4));
                    dx[j] += step;
                    if (j != i) db[j] = dx[j];
                }
                if (box.Contains(dx) && box.Contains(db)) yield return (dx, db);
            }
    }

    // The largest completeness gap of gapMethod: the method's own form (riemannSteps null: re-checked by the axiom's exact
    // test) or its K-step Riemann sum (re-checked with exact gradients at the nodes).
    private static SolverVerdict CompletenessGap(IAttributionMethod method, Subject f, InputBox box, IReadOnlyList<Rational>? baseline,
        SmtOptions smt, GapMethod gapMethod, int? riemannSteps, CancellationToken token)
    {
        var b = (baseline ?? new Rational[f.Dimension]).ToArray();
        var r = SmtQueries.MaxCompletenessGap(f, b, box, gapMethod, smt, cancellationToken: token);
        var scripts = r.Runs.Select(s => s.Script).ToArray();
        string solver = r.Smt?.SolverVersion ?? smt.Solver;
        string how = $"{solver}: maximise F(x) - F(x') - Σ_i A_i over x in {box} for {gapMethod.Name}, x' = ({string.Join(", ", b)})";
        if (r.Kind == GapBoundKind.Unknown || r.Lower is null)
            return new SolverVerdict(VerdictStatus.Undetermined, how, null, r.Reason ?? "the solver gave no bound", solver, 0, scripts);
        if (r.Kind == GapBoundKind.Maximum && r.Lower.Value.IsZero)
        {
            // The largest gap is 0; completeness needs |gap| = 0, so ask whether |gap| > 0 anywhere.
            var two = SmtQueries.CompletenessGapExceeds(f, b, box, gapMethod, Rational.Zero, smt, token);
            scripts = [.. scripts, two.Smt.Script];
            if (two.Status == SmtStatus.Proved)
                return new SolverVerdict(VerdictStatus.Proved, how + ": the largest gap is 0 and |gap| > 0 is unsat", null, null, solver, 0, scripts) { MaxGap = Rational.Zero };
            if (two.Status == SmtStatus.Violated && two.Input is { } xn && riemannSteps is null)
            {
                var instance = new AxiomInstance(f, xn, b);
                var outcome = new Completeness().Test(method, instance);
                if (outcome.Kind == TrialKind.Fail)
                    return new SolverVerdict(VerdictStatus.Violated, how + $": the gap is never positive but is {two.Gap} at x = ({string.Join(", ", xn)}), re-checked exactly",
                        new Counterexample(instance, outcome.Attributions!, outcome.Detail!), null, solver, 0, scripts) { MaxGap = Rational.Zero };
            }
            return new SolverVerdict(VerdictStatus.Undetermined, how + ": the largest gap is 0", null, two.Reason ?? "|gap| > 0 was not decided", solver, 0, scripts) { MaxGap = Rational.Zero };
        }
        if (r.Lower.Value.Sign > 0 && r.Maximiser is { } x && riemannSteps is null)
        {
            var instance = new AxiomInstance(f, x, b);
            var outcome = new Completeness().Test(method, instance);
            if (outcome.Kind == TrialKind.Fail)
                return new SolverVerdict(VerdictStatus.Violated, how + $": largest gap {Describe(r)}, attained at x = ({string.Join(", ", x)}), re-checked exactly",
                    new Counterexample(instance, outcome.Attributions!, outcome.Detail!), null, solver, 0, scripts) { MaxGap = r.Maximum };
        }
        if (r.Lower.Value.Sign > 0 && r.Maximiser is { } xr && riemannSteps is not null)
        {
            // Riemann IG is not one of the exact methods: the gap is re-checked with exact gradients at the nodes.
            var attributions = RiemannAttributions(f, xr, b, riemannSteps.Value);
            var change = f.ValueAt(xr).Rational!.Value - f.ValueAt(b).Rational!.Value;
            var sum = attributions.Aggregate(Rational.Zero, (p, q) => p + q);
            if (sum != change)
            {
                var instance = new AxiomInstance(f, xr, b);
                return new SolverVerdict(VerdictStatus.Violated,
                    how + $": largest gap {Describe(r)}, attained at x = ({string.Join(", ", xr)}), re-checked exactly",
                    new Counterexample(instance, attributions.Select(a => a.ToString()).ToArray(),
                        $"{riemannSteps}-step left Riemann IG: sum {sum} != F(x) - F(x') = {change}"), null, solver, 0, scripts)
                { MaxGap = r.Maximum };
            }
        }
        return new SolverVerdict(VerdictStatus.Undetermined, how + $": largest gap {Describe(r)}", null,
            "the maximiser does not re-check as a violation away from kinks", solver, 0, scripts) { MaxGap = r.Maximum };
    }

    private static string Describe(MaxGapResult r) => r.Kind switch
    {
        GapBoundKind.Maximum => r.Lower!.Value.ToString(),
        GapBoundKind.Bracket => $"in [{r.Lower}, {r.Upper}]",
        GapBoundKind.Supremum => $"{r.Upper} (a supremum approached towards a kink, not attained)",
        _ => $">= {r.Lower}",
    };

    /// <summary>K-step left Riemann IG, (x_i - x'_i)/K Σ_s ∂_iF(x' + s/K (x - x')), exactly (relu'(0) = 0).</summary>
    internal static Rational[] RiemannAttributions(Subject f, IReadOnlyList<Rational> x, IReadOnlyList<Rational> b, int steps)
    {
        var a = new Rational[x.Count];
        for (int s = 0; s < steps; s++)
        {
            var t = new Rational(s, steps);
            var p = x.Select((v, i) => b[i] + t * (v - b[i])).ToArray();
            var grad = BuiltInMethods.Gradient.Attribute(f, p, p).Attributions;
            for (int i = 0; i < x.Count; i++) a[i] += grad[i].Rational!.Value * (x[i] - b[i]) / steps;
        }
        return a;
    }

    // A_i of every monomial of degree ≤ 3 at x = 1, x' = 0 (exact path integrals); the LP asks for a non-negative
    // combination, non-decreasing on the box [0, 1]^n, with a negative attribution.
    private static SolverVerdict Positivity(IPathAttributionMethod method, int n, SmtOptions smt, CancellationToken token)
    {
        var monomials = Monomials(n, 3).ToList();
        var ones = Enumerable.Repeat(Rational.One, n).ToArray();
        var zeros = new Rational[n];
        var columns = monomials.Select(m => method.Attribute(Subject.Of(m, n), ones, zeros).Attributions.Select(a => a.Rational!.Value).ToArray()).ToList();
        var matrix = Enumerable.Range(0, n).Select(i => (IReadOnlyList<Rational>)columns.Select(c => c[i]).ToArray()).ToArray();
        var r = SmtQueries.NonDecreasingPositivityViolation(matrix, monomials.Select(m => m.ToString()).ToArray(), smt, token);
        string how = $"{r.Smt.SolverVersion}: F = Σ c_α x^α over the {monomials.Count} monomials of degree ≤ 3 in {n} features, c ≥ 0 (non-decreasing on [0, 1]^{n}), x' = 0, x = 1, some A_i < 0";
        if (r.Status != SmtStatus.Violated)
            return From(r.Status, how + (r.Status == SmtStatus.Proved ? ": unsat (no such F)" : ""), null, r.Reason, r.Smt);
        var f = Ex.Sum(monomials.Select((m, k) => Ex.Scale(r.Coefficients![k], m)));
        var subject = Subject.Of(f, n);
        var instance = new AxiomInstance(subject, ones, zeros) { Base = subject };
        var outcome = new NonDecreasingPositivity().Test(method, instance);
        if (outcome.Kind != TrialKind.Fail)
            return From(SmtStatus.Undetermined, how, null, $"the solver's F = {f} does not re-check exactly ({outcome.Detail ?? "passes"})", r.Smt);
        return From(SmtStatus.Violated, how + ": sat, re-checked exactly", new Counterexample(instance, outcome.Attributions!, outcome.Detail!), null, r.Smt);
    }

    private static IEnumerable<Expr> Monomials(int n, int degree) =>
        Proofs.Symbols.Exponents(n, degree)
            .Where(ex => ex.Any(e => e > 0)) // constants have zero attributions
            .Select(ex => Ex.Product(ex.Select((e, i) => e == 0 ? (Expr)Ex.One : Ex.Pow(Ex.Var(i + 1), e))));

    internal static SolverVerdict From(SmtStatus status, string how, Counterexample? ce, string? reason, SmtResult smt) =>
        new(status switch { SmtStatus.Proved => VerdictStatus.Proved, SmtStatus.Violated => VerdictStatus.Violated, _ => VerdictStatus.Undetermined },
            how, ce, reason, smt.SolverVersion, 0, [smt.Script]);
}
