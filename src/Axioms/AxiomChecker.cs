using System.Diagnostics;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;

namespace Verifier.Axioms;

/// <summary>Runs one axiom check: the symbolic proof where the method has a symbolic form, then the property search, and
/// combines them into a verdict.</summary>
internal static class AxiomChecker
{
    public static Verdict Check(Axiom axiom, IAttributionMethod method, CheckOptions options, IProgress<SearchProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(axiom);
        ArgumentNullException.ThrowIfNull(method);
        if (axiom.NotApplicable(method) is { } why)
            return new Verdict(axiom.Name, VerdictStatus.Undetermined, "not applicable", Reason: why);

        var notes = new List<string>();
        ProofOutcome? proof = null;
        if (options.Prove)
        {
            var clock = Stopwatch.StartNew();
            try { proof = axiom.Prove(method); }
            catch (Exception e) when (e is ArithmeticException or InvalidOperationException or ArgumentException)
            {
                notes.Add($"symbolic proof not attempted: {e.Message}");
            }
            if (proof is { Proved: false }) notes.Add($"symbolic identity does not reduce to 0: {proof.Scope}");
        }

        var space = axiom is ISearchSpaceShaper shaper ? shaper.Space(method, options) : new SearchSpace(method, options);
        if (space.IsEmpty)
        {
            if (proof is { Proved: true })
                return new Verdict(axiom.Name, VerdictStatus.Proved, "symbolic: " + proof.Scope) { Notes = notes };
            return new Verdict(axiom.Name, VerdictStatus.Undetermined, "no search space",
                Reason: $"'{method.Name}' accepts none of the function families searched") { Notes = notes };
        }
        var search = PropertySearch.Run(axiom, method, options, space, progress, cancellationToken);
        string searchText = SearchText(search, options.Tolerance);
        if (search.Counterexample is { } ce)
        {
            if (proof is { Proved: true })
                notes.Add("note: the symbolic proof covers polynomials only; this counterexample lies outside that scope");
            return new Verdict(axiom.Name, VerdictStatus.Violated, searchText, ce)
            { Notes = notes, Errored = search.Errored, FirstError = search.FirstError, Tolerance = options.Tolerance, WorstPassing = search.WorstPassing };
        }
        if (search.Errored > 0)
        {
            // A method that throws on instances it accepts gives no attribution there: neither holds nor proved.
            if (proof is { Proved: true }) notes.Add($"symbolic: {proof.Scope} (not reported as proved: trials errored)");
            return new Verdict(axiom.Name, VerdictStatus.Undetermined, searchText,
                Reason: $"{search.Errored} trial{(search.Errored == 1 ? "" : "s")} errored: the method threw an exception that is not an input error (first: {search.FirstError})")
            { Notes = notes, Errored = search.Errored, FirstError = search.FirstError, Tolerance = options.Tolerance, WorstPassing = search.WorstPassing };
        }
        int counted = search.Trials - search.Skipped;
        if (proof is { Proved: true })
            return new Verdict(axiom.Name, VerdictStatus.Proved, $"symbolic: {proof.Scope}; {searchText}") { Notes = notes };
        if (counted == 0)
        {
            var reason = search.SkipReasons.Count > 0 ? $"no instance counted: {search.SkipReasons[0].Reason}" : "no trial ran";
            return new Verdict(axiom.Name, VerdictStatus.Undetermined, searchText, Reason: reason) { Notes = notes, Tolerance = options.Tolerance };
        }
        return new Verdict(axiom.Name, VerdictStatus.Holds, searchText) { Notes = notes, Tolerance = options.Tolerance, WorstPassing = search.WorstPassing };
    }

    private static string SearchText(SearchResult s, Tolerance? tolerance)
    {
        int counted = s.Trials - s.Skipped - s.Errored;
        var text = s.Counterexample is { } ce
            ? $"property search (seed {s.Seed}): counterexample at trial {s.FailingTrial + 1}, shrunk in {ce.ShrinkSteps} step{(ce.ShrinkSteps == 1 ? "" : "s")}"
            : $"property search (seed {s.Seed}): {counted} trial{(counted == 1 ? "" : "s")}, no counterexample";
        if (s.Skipped > 0)
            text += $" ({s.Skipped} instance{(s.Skipped == 1 ? "" : "s")} skipped: {string.Join("; ", s.SkipReasons.Select(r => $"{r.Count}x {r.Reason}"))})";
        if (s.Errored > 0) text += $" ({s.Errored} trial{(s.Errored == 1 ? "" : "s")} errored, first: {s.FirstError})";
        if (s.OutOfTime) text += " (time budget reached)";
        if (tolerance is not null)
        {
            text += $"; tolerance {tolerance.Describe()}";
            if (s.Counterexample?.Margin is { } failing) text += $", failing: {failing}";
            if (s.WorstPassing is { } worst) text += $", worst passing trial: {worst}";
        }
        return text;
    }
}

/// <summary>An axiom that needs its own search space (e.g. at least two features).</summary>
internal interface ISearchSpaceShaper
{
    SearchSpace Space(IAttributionMethod method, CheckOptions options);
}
