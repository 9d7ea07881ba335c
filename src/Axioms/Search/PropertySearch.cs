using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;

namespace Verifier.Axioms.Search;

/// <summary>The outcome of a property search.</summary>
/// <param name="Trials">Trials run.</param>
/// <param name="Skipped">Trials whose instance did not count (outside the hypothesis, on a kink set, undecidable).</param>
/// <param name="Counterexample">The shrunk counterexample, or null.</param>
/// <param name="FailingTrial">The 0-based trial that failed first.</param>
/// <param name="SkipReasons">The most frequent skip reasons with their counts.</param>
/// <param name="Seed">The seed used.</param>
/// <param name="OutOfTime">True when the time budget stopped the trials early.</param>
/// <param name="Errored">Trials where the method threw an exception that is not an input error (a defect).</param>
/// <param name="FirstError">The first such exception's type and message, with its trial, or null.</param>
/// <param name="WorstPassing">With a tolerance: the passing trial that came closest to it (the largest deviation relative
/// to its allowance), or null.</param>
internal sealed record SearchResult(int Trials, int Skipped, Counterexample? Counterexample, int FailingTrial,
    IReadOnlyList<(string Reason, int Count)> SkipReasons, int Seed, bool OutOfTime, int Errored = 0, string? FirstError = null,
    Margin? WorstPassing = null);

/// <summary>
/// Property-based counterexample search: draws instances from the axiom's FsCheck generator with a reproducible seed per
/// trial (trial k of seed S is always the same instance), tests them exactly, and shrinks the first failure greedily to a
/// minimal one (fewest features, then the smallest function, then the smallest numbers; every accepted step strictly
/// decreases this measure, so shrinking terminates).
/// </summary>
internal static class PropertySearch
{
    public static SearchResult Run(Axiom axiom, IAttributionMethod method, CheckOptions options, SearchSpace space,
        IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        var gen = axiom.Instances(method, space);
        var clock = Stopwatch.StartNew();
        var skips = new Dictionary<string, int>();
        int skipped = 0, errored = 0, trial = 0;
        string? firstError = null;
        Margin? worst = null;
        bool outOfTime = false;
        for (; trial < options.Trials; trial++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (clock.Elapsed > options.TimeBudget) { outOfTime = true; break; }
            var instance = Draw(gen, options.Seed, trial, options.Trials);
            var outcome = SafeTest(axiom, method, instance, options.Tolerance);
            progress?.Report(new SearchProgress(axiom.Name, method.Name, trial + 1, options.Trials, false));
            if (outcome.Kind == TrialKind.Skip)
            {
                skipped++;
                var reason = outcome.Detail ?? "skipped";
                skips[reason] = skips.GetValueOrDefault(reason) + 1;
                continue;
            }
            if (outcome.Kind == TrialKind.Error)
            {
                errored++;
                firstError ??= $"trial {trial + 1}: {outcome.Detail}";
                continue;
            }
            if (outcome.Kind == TrialKind.Pass)
            {
                if (outcome.Margin is { } m && (worst is null || m.Ratio > worst.Ratio || (m.Ratio == worst.Ratio && m.Deviation > worst.Deviation))) worst = m;
                continue;
            }
            var counterexample = ShrinkFailure(axiom, method, instance, outcome, options, progress, cancellationToken);
            return new SearchResult(trial + 1, skipped, counterexample, trial, Top(skips), options.Seed, false, errored, firstError, worst);
        }
        return new SearchResult(trial, skipped, null, -1, Top(skips), options.Seed, outOfTime, errored, firstError, worst);
    }

    /// <summary>The instance of trial k: FsCheck's generator at a size growing with k, seeded by (seed, k).</summary>
    public static AxiomInstance Draw(Gen<AxiomInstance> gen, int seed, int trial, int trials)
    {
        int size = 1 + (int)(30L * trial / Math.Max(1, trials));
        ulong s = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)trial * 0xBF58476D1CE4E5B9UL + 1);
        return gen.Sample(1, new Rnd(s), size)[0];
    }

    /// <summary>Tests an instance. An input error (<see cref="IInputError"/>: a domain error or a documented limit of the
    /// exact machinery, e.g. a pole on the path, a digit limit) makes the instance not count, with the reason; any other
    /// exception is a defect of the method (or of the check): the trial errored (<see cref="TrialKind.Error"/>), and it is
    /// counted and reported, never skipped.</summary>
    public static TrialOutcome SafeTest(Axiom axiom, IAttributionMethod method, AxiomInstance instance, Tolerance? tolerance = null)
    {
        try { return axiom.Test(method, instance, tolerance); }
        catch (OperationCanceledException) { throw; }
        catch (Exception e) when (e is IInputError)
        {
            return TrialOutcome.Skip($"not computable exactly ({e.GetType().Name}: {FirstLine(e.Message)})");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return TrialOutcome.Error(e);
        }
    }

    private static Counterexample ShrinkFailure(Axiom axiom, IAttributionMethod method, AxiomInstance instance, TrialOutcome outcome,
        CheckOptions options, IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var current = instance;
        var currentOutcome = outcome;
        var currentSize = InstanceShrinker.Measure(current);
        int steps = 0;
        bool improved = true;
        while (improved && clock.Elapsed < options.ShrinkBudget && steps < 500)
        {
            improved = false;
            foreach (var candidate in axiom.Shrink(current).Take(400))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (clock.Elapsed >= options.ShrinkBudget) break;
                var size = InstanceShrinker.Measure(candidate);
                if (size.CompareTo(currentSize) >= 0) continue;
                var o = SafeTest(axiom, method, candidate, options.Tolerance);
                if (o.Kind != TrialKind.Fail) continue; // an error is never a failure: only exact violations are kept
                current = candidate;
                currentOutcome = o;
                currentSize = size;
                steps++;
                improved = true;
                progress?.Report(new SearchProgress(axiom.Name, method.Name, steps, 0, true));
                break;
            }
        }
        return new Counterexample(current, currentOutcome.Attributions ?? [], currentOutcome.Detail ?? "")
        {
            Attributions2 = currentOutcome.Attributions2,
            ShrinkSteps = steps,
            Margin = currentOutcome.Margin,
        };
    }

    private static List<(string, int)> Top(Dictionary<string, int> skips) =>
        skips.OrderByDescending(kv => kv.Value).Take(3).Select(kv => (kv.Key, kv.Value)).ToList();

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
