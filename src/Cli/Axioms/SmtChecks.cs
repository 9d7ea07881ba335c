using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Smt;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Axioms;

/// <summary>
/// <c>check --smt</c>: runs the solver query that fits the method and axiom (see <see cref="SolverSearch"/>) on a seeded
/// random ReLU network (or, for non-decreasing positivity, on the polynomial family) and folds the answer into the verdict:
/// a re-checked solver counterexample makes it violated; otherwise the answer is added as a note.
/// </summary>
internal static class SmtChecks
{
    public static Verdict Refine(IAttributionMethod method, Axiom axiom, Verdict verdict, CheckOptions options, TextWriter stderr)
    {
        if (verdict.Status == VerdictStatus.Undetermined && verdict.How == "not applicable") return verdict;
        var net = RandomNetworks.Create(new Random(options.Seed), [2, 6, 1]);
        var f = Subject.Of(net);
        var box = new InputBox([new Rational(-3), new Rational(-3)], [new Rational(3), new Rational(3)]);
        var baseline = new Rational[2];
        SolverVerdict s;
        try { s = SolverSearch.Find(method, axiom, f, null, box, baseline, SmtOptions.Default with { Seed = options.Seed }, dimension: 2, seed: options.Seed); }
        catch (NotSupportedException e) when (e is IInputError) { return verdict; } // no solver query for this pair
        catch (Exception e) when (e is IInputError)
        {
            return verdict with { Notes = [.. verdict.Notes, $"solver: not run ({e.Message})"] };
        }
        stderr.WriteLine($"[check] {method.Name} x {axiom.Name}: solver {s.StatusName} ({s.Seconds:F1} s)");
        var note = $"solver ({s.Solver}, {s.Seconds:F2} s): {s.StatusName}; {s.How}{(s.Reason is null ? "" : $" ({s.Reason})")}";
        if (s.Status == VerdictStatus.Violated && verdict.Status != VerdictStatus.Violated)
            return new Verdict(axiom.Name, VerdictStatus.Violated, "solver: " + s.How, s.Counterexample)
            {
                Notes = [.. verdict.Notes, "property search: " + verdict.How], Errored = verdict.Errored, FirstError = verdict.FirstError,
            };
        return verdict with { Notes = [.. verdict.Notes, note] };
    }
}
