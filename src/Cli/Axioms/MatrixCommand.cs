using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Verdicts;
using Verifier.Cli.CommandLine;

namespace Verifier.Cli.Axioms;

/// <summary><c>verifier matrix</c>: every built-in method against every axiom (CONTRACT.md).</summary>
internal static class MatrixCommand
{
    /// <summary>The command's entry in the command table.</summary>
    public static Verb Definition(CliContext c) => new Verb("matrix", "the methods x axioms table (the main demonstration)")
    {
        UsageLines = ["verifier matrix [options]", "verifier matrix --method-cmd \"CMD ARGS\" [--tol ABS[,REL]] [--method-timeout SEC] [options]"],
        About = "Runs 'verifier check' for every built-in method against every axiom, in parallel, and prints the methods x axioms "
            + "table followed by every counterexample (text), or {\"cells\": [...]} (--format json). --method-cmd adds a method in "
            + "another process (verifier-method/1) as one more row, judged with --tol when it answers in floats.",
    }.With(
        Opt.Text("--methods", "a,b,...", "restrict the rows (default: every matrix row: "
            + string.Join(", ", c.Registry.MatrixMethods.Select(m => m.Name)) + ")").Completing(c.Registry.CheckNames),
        MethodOptions.AxiomsOption(),
        Opt.Int("--trials", "N", "random instances per cell", Matrix.DefaultOptions.Trials, 1, 1_000_000),
        Opt.Int("--seed", "S", "the seed", Matrix.DefaultOptions.Seed, 0, int.MaxValue),
        Opt.Int("--max-dim", "N", "largest number of features", Matrix.DefaultOptions.MaxDimension, 1, 6),
        Opt.Seconds("--time-budget", "wall-clock budget of each cell's search", Matrix.DefaultOptions.TimeBudget),
        Opt.Flag("--no-proofs", "skip the symbolic proofs"),
        Opt.Flag("--quiet", "no progress on standard error"),
        Opt.Choice("--format", "F", "the output", "text", "text", "markdown", "json"),
        ExternalOptions.Command("a method in another process, added as one more row"),
        ExternalOptions.Tolerance("1e-9 for a method that answers in floats"),
        ExternalOptions.Timeout(),
        Opt.Text("--repro-dir", "DIR", "with --method-cmd: write the row's counterexamples' request lines to DIR/AXIOM.jsonl"))
        .Acting(p => Run(p, c.Stdout, c.Stderr, c.Registry));

    private static int Run(Parsed o, TextWriter stdout, TextWriter stderr, MethodRegistry registry)
    {
        var format = o.Value<string>("--format");
        var axioms = MethodOptions.Axioms(o);
        IReadOnlyList<IAttributionMethod> methods = registry.MatrixMethods;
        if (o.Get("--methods") is { } list)
        {
            methods = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => registry.Method(n)).ToArray();
            if (methods.Count == 0) throw new UsageException("--methods is empty");
        }
        if (!o.Given("--method-cmd") && (o.Given("--repro-dir") || o.Given("--method-timeout") || o.Given("--tol")))
            throw new UsageException("--tol, --method-timeout and --repro-dir apply to --method-cmd only");
        var requested = ExternalOptions.ToleranceOf(o);
        using var external = o.Given("--method-cmd") ? ExternalOptions.Start(o) : null;
        if (external is not null)
        {
            if (methods.Any(m => m.Name == external.Name)) throw new UsageException($"the method of --method-cmd is named '{external.Name}', like a row of the matrix");
            methods = [.. methods, external];
        }
        var options = MethodOptions.Check(o, Matrix.DefaultOptions) with { Tolerance = requested };
        var lockObject = new object();
        IProgress<MatrixProgress>? progress = o.Has("--quiet") ? null : new SyncProgress(p =>
        {
            lock (lockObject)
                stderr.WriteLine($"[matrix {p.Done,3}/{p.Total}] {p.Last.Method} x {p.Last.Axiom}: {p.Last.Verdict.StatusName} ({p.Last.Seconds:F1} s)");
        });
        var result = Matrix.Run(methods, axioms, options, progress);
        var files = external is not null && o.Get("--repro-dir") is { } dir
            ? Reproductions.Write(dir, result.Cells.Where(c => c.Method == external.Name).Select(c => c.Verdict), external.Name)
            : new Dictionary<string, string>();
        stdout.Write(format == "json" ? Json(result, files) + Environment.NewLine : Table(result, format == "markdown"));
        if (!o.Has("--quiet")) stderr.WriteLine($"[matrix] {result.Cells.Count} cells in {result.Seconds:F1} s on {Environment.ProcessorCount} cores");
        return CliApp.Success;
    }

    private static string Json(MatrixResult m, IReadOnlyDictionary<string, string> files)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("seed", m.Options.Seed);
            w.WriteNumber("trials", m.Options.Trials);
            w.WriteNumber("seconds", Math.Round(m.Seconds, 2));
            w.WriteStartArray("methods");
            foreach (var x in m.Methods) w.WriteStringValue(x);
            w.WriteEndArray();
            w.WriteStartArray("axioms");
            foreach (var x in m.Axioms) w.WriteStringValue(x);
            w.WriteEndArray();
            w.WriteStartArray("cells");
            foreach (var c in m.Cells)
            {
                w.WriteStartObject();
                w.WriteString("method", c.Method);
                w.WriteString("axiom", c.Axiom);
                w.WriteString("status", c.Verdict.StatusName);
                w.WriteString("how", c.Verdict.How);
                if (c.Verdict.Reason is { } r) w.WriteString("reason", r);
                VerdictJson.WriteErrored(w, c.Verdict);
                VerdictJson.WriteMargins(w, c.Verdict);
                if (c.Verdict.Counterexample is { } ce)
                {
                    w.WritePropertyName("counterexample");
                    VerdictJson.Write(w, ce, ce.Reproduction is null ? null : files.GetValueOrDefault(c.Axiom));
                }
                w.WriteNumber("seconds", Math.Round(c.Seconds, 3));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Table(MatrixResult m, bool markdown)
    {
        var sb = new StringBuilder();
        var headers = m.Axioms.Select(Abbreviation).ToArray();
        int first = Math.Max(6, m.Methods.Max(x => x.Length));
        int width = Math.Max(8, headers.Max(h => h.Length));
        if (markdown)
        {
            sb.AppendLine("| method | " + string.Join(" | ", headers) + " |");
            sb.AppendLine("|---|" + string.Concat(headers.Select(_ => "---|")));
            foreach (var method in m.Methods)
                sb.AppendLine($"| {method} | " + string.Join(" | ", m.Axioms.Select(a => MethodOptions.Short(m[method, a].Verdict))) + " |");
        }
        else
        {
            sb.AppendLine("method".PadRight(first) + "  " + string.Join(" ", headers.Select(h => h.PadRight(width))));
            foreach (var method in m.Methods)
                sb.AppendLine(method.PadRight(first) + "  " + string.Join(" ", m.Axioms.Select(a => MethodOptions.Short(m[method, a].Verdict).PadRight(width))));
        }
        sb.AppendLine();
        sb.AppendLine($"Columns: {string.Join(", ", m.Axioms.Select(a => $"{Abbreviation(a)} = {a}"))}.");
        sb.AppendLine($"proved: symbolic proof or unsat solver answer; holds: no counterexample in the trials (seed {m.Options.Seed}, {m.Options.Trials} trials per cell); VIOLATED: exact counterexample below; undet.: not applicable or undecided.");
        sb.AppendLine($"{m.Cells.Count} cells in {m.Seconds:F1} s.");
        sb.AppendLine();
        sb.AppendLine(markdown ? "#### Counterexamples" : "Counterexamples:");
        foreach (var c in m.Cells.Where(c => c.Verdict.Status == VerdictStatus.Violated))
        {
            sb.AppendLine($"  {c.Method} x {c.Axiom}: {c.Verdict.How}");
            CheckCommand.AppendCounterexample(sb, c.Verdict.Counterexample!);
        }
        var undetermined = m.Cells.Where(c => c.Verdict.Status == VerdictStatus.Undetermined).ToList();
        if (undetermined.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(markdown ? "#### Undetermined" : "Undetermined:");
            foreach (var c in undetermined) sb.AppendLine($"  {c.Method} x {c.Axiom}: {c.Verdict.Reason}");
        }
        return sb.ToString();
    }

    /// <summary>Short column names.</summary>
    internal static string Abbreviation(string axiom) => axiom switch
    {
        "completeness" => "compl",
        "sensitivity-a" => "sens-a",
        "sensitivity-b" => "sens-b",
        "implementation-invariance" => "impl-inv",
        "linearity" => "linear",
        "symmetry-preserving" => "symm",
        "affine-scale-invariance" => "asi",
        "non-decreasing-positivity" => "ndp",
        "completeness-d" => "compl-d",
        "sensitivity-a-d" => "sens-a-d",
        "symmetry-preserving-d" => "symm-d",
        "non-decreasing-positivity-d" => "ndp-d",
        _ => axiom,
    };

    private sealed class SyncProgress(Action<MatrixProgress> report) : IProgress<MatrixProgress>
    {
        public void Report(MatrixProgress value) => report(value);
    }
}
