using Verifier.Axioms.Catalogue;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Smt;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms;

/// <summary>
/// An implementation-invariance counterexample on two implementations proved equivalent: the solver proves F ≡ G on the
/// box (unsat of F(x) != G(x)), then exact attributions of both are compared at seeded random points of the box until they
/// differ away from kinks. Without G, F's function-preserving rewrites are tried in turn.
/// </summary>
public static class ImplementationInvarianceSearch
{
    /// <summary>How many points of the box are compared per pair.</summary>
    public const int PointsPerPair = 64;

    /// <summary>Runs the search (see the class remarks).</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled (between queries and comparisons).</exception>
    public static SolverVerdict Run(IAttributionMethod method, Subject f, Subject? g, InputBox box, IReadOnlyList<Rational>? baseline,
        SmtOptions smt, int seed = 42, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(box);
        var b = (method.Traits.HasFlag(MethodTraits.ZeroBaselineOnly) ? null : baseline)?.ToArray() ?? new Rational[f.Dimension];
        if (b.Length != f.Dimension) throw new ArgumentException($"the baseline has {b.Length} coordinates, F has {f.Dimension} inputs");
        var pairs = g is not null ? [(Name: "the given implementation", G: g)] : Rewrites(f).ToList();
        if (pairs.Count == 0)
            throw new InputArgumentException("no function-preserving rewrite applies to F; give a second implementation with --network2");
        var scripts = new List<string>();
        string solver = smt.Solver;
        var axiom = new ImplementationInvariance();
        var rng = new Random(seed);
        int proved = 0, compared = 0, skipped = 0;
        string? lastSkip = null;
        foreach (var (name, other) in pairs)
        {
            var eq = SmtQueries.Equivalent(f, other, box, smt, cancellationToken);
            scripts.Add(eq.Smt.Script);
            solver = eq.Smt.SolverVersion;
            if (eq.Status == SmtStatus.Violated)
            {
                if (g is not null)
                    return new SolverVerdict(VerdictStatus.Undetermined, $"{solver}: F ≡ G on {box}? sat", null,
                        $"F and G are not the same function: at x = ({string.Join(", ", eq.Counterexample!)}) F = {eq.ValueA}, G = {eq.ValueB}", solver, 0, scripts);
                continue; // a rewrite that is not function-preserving on this box: skip it
            }
            if (eq.Status != SmtStatus.Proved) continue;
            proved++;
            foreach (var x in Points(box, rng))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var instance = new AxiomInstance(f, x, b) { G = other, Note = name };
                var outcome = axiom.Test(method, instance);
                if (outcome.Kind == TrialKind.Skip) { skipped++; lastSkip = outcome.Detail; continue; }
                compared++;
                if (outcome.Kind != TrialKind.Fail) continue;
                return new SolverVerdict(VerdictStatus.Violated,
                    $"{solver} proved F ≡ G on {box} (unsat, {eq.Smt.Seconds:F2} s; G: {name}); the exact attributions differ at x",
                    new Counterexample(instance, outcome.Attributions!, outcome.Detail!) { Attributions2 = outcome.Attributions2 }, null, solver, 0, scripts);
            }
        }
        return new SolverVerdict(VerdictStatus.Undetermined,
            $"{solver} proved {proved} of {pairs.Count} implementation pair{(pairs.Count == 1 ? "" : "s")} equivalent on {box}", null,
            proved == 0 ? "no pair was proved equivalent"
                : compared == 0 ? $"no point could be compared: all {skipped} were out of scope ({lastSkip})"
                : $"the attributions agree at all {compared} points compared ({skipped} out of scope{(lastSkip is null ? "" : $": {lastSkip}")})",
            solver, 0, scripts);
    }

    private static IEnumerable<(string Name, Subject G)> Rewrites(Subject f)
    {
        if (f.Network is { } net)
            foreach (var r in NetworkRewrites.All(net)) yield return (r.Name, Subject.Of(r.Result));
        else
            foreach (var r in ExprRewrites.All(f.Function!)) yield return (r.Name, Subject.Of(r.Result, f.Dimension));
    }

    // Seeded rational points of the box: corners' midpoint first, then random points with small denominators.
    private static IEnumerable<Rational[]> Points(InputBox box, Random rng)
    {
        int n = box.Dimension;
        yield return Enumerable.Range(0, n).Select(i => (box.Lower[i] + box.Upper[i]) / 2).ToArray();
        for (int k = 1; k < PointsPerPair; k++)
            yield return Enumerable.Range(0, n).Select(i =>
            {
                var t = new Rational(rng.Next(0, 97), 96);
                return box.Lower[i] + t * (box.Upper[i] - box.Lower[i]);
            }).ToArray();
    }
}
