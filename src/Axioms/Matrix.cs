using System.Collections.Concurrent;
using System.Diagnostics;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;

namespace Verifier.Axioms;

/// <summary>One cell of the methods x axioms matrix.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Seconds">Wall-clock time of the check.</param>
public sealed record MatrixCell(string Method, Verdict Verdict, double Seconds)
{
    /// <summary>The axiom's name.</summary>
    public string Axiom => Verdict.Axiom;
}

/// <summary>The methods x axioms matrix (CONTRACT.md, <c>verifier matrix</c>).</summary>
/// <param name="Methods">Row names.</param>
/// <param name="Axioms">Column names.</param>
/// <param name="Cells">Row-major cells.</param>
/// <param name="Seconds">Total wall-clock time.</param>
/// <param name="Options">The options every cell ran with.</param>
public sealed record MatrixResult(IReadOnlyList<string> Methods, IReadOnlyList<string> Axioms, IReadOnlyList<MatrixCell> Cells,
    double Seconds, CheckOptions Options)
{
    /// <summary>The cell of a method and axiom.</summary>
    public MatrixCell this[string method, string axiom] => Cells.First(c => c.Method == method && c.Axiom == axiom);
}

/// <summary>Progress of the matrix: cells done out of all.</summary>
/// <param name="Done">Cells finished.</param>
/// <param name="Total">All cells.</param>
/// <param name="Last">The cell just finished.</param>
public sealed record MatrixProgress(int Done, int Total, MatrixCell Last);

/// <summary>Runs <see cref="Check.Run"/> for every method against every axiom, in parallel over the machine's cores; the
/// cells are independent and seeded, so the result does not depend on the order they finish in. A method that answers in
/// floats (an external method with <c>"exact": false</c>) is judged with the options' tolerance, or the default one
/// (<see cref="Check.ToleranceFor"/>).</summary>
public static class Matrix
{
    /// <summary>The options the matrix uses by default: 200 trials per cell, 8 s per search, seed 42.</summary>
    public static readonly CheckOptions DefaultOptions = CheckOptions.Default with
    {
        Trials = 200, TimeBudget = TimeSpan.FromSeconds(8), ShrinkBudget = TimeSpan.FromSeconds(5),
    };

    /// <summary>The matrix of the given methods (default all built-in) and axioms (default all).</summary>
    public static MatrixResult Run(IReadOnlyList<IAttributionMethod>? methods = null, IReadOnlyList<Axiom>? axioms = null,
        CheckOptions? options = null, IProgress<MatrixProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        methods ??= BuiltInMethods.All;
        axioms ??= AxiomCatalogue.All;
        options ??= DefaultOptions;
        var clock = Stopwatch.StartNew();
        var jobs = methods.SelectMany(m => axioms.Select(a => (Method: m, Axiom: a))).ToArray();
        var cells = new MatrixCell[jobs.Length];
        int done = 0;
        // Longest-first is unknown in advance; interleave methods so slow rows spread over the workers.
        var order = Enumerable.Range(0, jobs.Length).OrderBy(k => k % axioms.Count).ThenBy(k => k / axioms.Count).ToArray();
        Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            k =>
            {
                var (m, a) = jobs[k];
                var cellClock = Stopwatch.StartNew();
                var verdict = Check.Run(a, m, options with { Tolerance = Check.ToleranceFor(m, options.Tolerance) }, null, cancellationToken);
                cells[k] = new MatrixCell(m.Name, verdict, cellClock.Elapsed.TotalSeconds);
                progress?.Report(new MatrixProgress(Interlocked.Increment(ref done), jobs.Length, cells[k]));
            });
        return new MatrixResult(methods.Select(m => m.Name).ToArray(), axioms.Select(a => a.Name).ToArray(), cells,
            clock.Elapsed.TotalSeconds, options);
    }
}
