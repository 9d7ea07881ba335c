using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;

namespace Verifier.Cli.Axioms;

/// <summary><c>verifier check</c>: one method against a list of axioms (CONTRACT.md).</summary>
internal static class CheckCommand
{
    private static readonly string[] Valued = ["--method", "--path", "--param", "--axioms", "--trials", "--seed", "--format", "--max-dim", "--time-budget"];
    private static readonly string[] Flags = ["--smt", "--quiet", "--no-proofs", "--help", "-h"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, MethodRegistry registry)
    {
        var o = new OptionReader("check", args, Valued, Flags);
        if (o.Has("--help") || o.Has("-h"))
        {
            stdout.Write(Usage.Check(registry));
            return CliApp.Success;
        }
        var format = o.Format("json", "json", "text", "markdown");
        var method = MethodOptions.Method(o, registry);
        var axioms = MethodOptions.Axioms(o);
        var options = MethodOptions.Check(o, CheckOptions.Default);
        var verdicts = new List<(Verdict Verdict, double Seconds)>();
        var progress = o.Has("--quiet") ? null : new ThrottledProgress(stderr);
        foreach (var axiom in axioms)
        {
            var clock = Stopwatch.StartNew();
            var verdict = axiom.Check(method, options, progress);
            if (o.Has("--smt")) verdict = SmtChecks.Refine(method, axiom, verdict, options, stderr);
            verdicts.Add((verdict, clock.Elapsed.TotalSeconds));
            if (!o.Has("--quiet")) stderr.WriteLine($"[check] {method.Name} x {axiom.Name}: {verdict.StatusName} ({clock.Elapsed.TotalSeconds:F1} s)");
        }
        stdout.Write(format == "json" ? Json(method.Name, options, verdicts.Select(v => v.Verdict)) + Environment.NewLine : Text(method.Name, options, verdicts, format));
        return CliApp.Success;
    }

    private static string Json(string method, CheckOptions options, IEnumerable<Verdict> verdicts)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("method", method);
            w.WriteNumber("seed", options.Seed);
            w.WriteNumber("trials", options.Trials);
            w.WriteStartArray("verdicts");
            foreach (var v in verdicts) VerdictJson.Write(w, v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Text(string method, CheckOptions options, List<(Verdict Verdict, double Seconds)> verdicts, string format)
    {
        var sb = new StringBuilder();
        bool md = format == "markdown";
        sb.AppendLine(md ? $"### {method}: axiom check (seed {options.Seed}, {options.Trials} trials)" : $"{method}: axiom check (seed {options.Seed}, {options.Trials} trials)");
        sb.AppendLine();
        foreach (var (v, seconds) in verdicts)
        {
            sb.AppendLine(md ? $"- **{v.Axiom}**: {v.StatusName} ({seconds:F1} s)" : $"{v.Axiom}: {v.StatusName} ({seconds:F1} s)");
            sb.AppendLine($"    how: {v.How}");
            if (v.Reason is { } r) sb.AppendLine($"    reason: {r}");
            if (v.Errored > 0) sb.AppendLine($"    errored: {v.Errored} trial{(v.Errored == 1 ? "" : "s")}, first: {v.FirstError}");
            if (v.Counterexample is { } ce) AppendCounterexample(sb, ce);
            foreach (var n in v.Notes) sb.AppendLine($"    note: {n}");
        }
        return sb.ToString();
    }

    /// <summary>A counterexample for people, indented under its verdict.</summary>
    internal static void AppendCounterexample(StringBuilder sb, Counterexample ce)
    {
        var i = ce.Instance;
        sb.AppendLine($"    counterexample: {(i.F.IsNetwork ? "network " : "F = ")}{i.F}");
        if (i.G is { } g) sb.AppendLine($"      G = {g}{(i.Note is null ? "" : $"  ({i.Note})")}");
        sb.AppendLine($"      x = ({string.Join(", ", i.Input)})");
        if (i.Baselines is { } d) sb.AppendLine($"      X' = {d}");
        else sb.AppendLine($"      x' = ({string.Join(", ", i.Baseline)})");
        if (i.Parameters.Count > 0) sb.AppendLine($"      {string.Join(", ", i.Parameters.Select(kv => $"{kv.Key} = {kv.Value}"))}");
        sb.AppendLine($"      A = ({string.Join(", ", ce.Attributions)}){(ce.Attributions2 is { } a2 ? $" vs ({string.Join(", ", a2)})" : "")}");
        sb.AppendLine($"      {ce.Detail}");
    }

    /// <summary>Search progress on standard error, at most twice a second.</summary>
    private sealed class ThrottledProgress(TextWriter stderr) : IProgress<SearchProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _last = TimeSpan.FromSeconds(-1);

        public void Report(SearchProgress value)
        {
            if (_clock.Elapsed - _last < TimeSpan.FromSeconds(0.5)) return;
            _last = _clock.Elapsed;
            stderr.WriteLine(value.Shrinking
                ? $"[check] {value.Method} x {value.Axiom}: shrinking, step {value.Trial}"
                : $"[check] {value.Method} x {value.Axiom}: trial {value.Trial}/{value.Trials}");
        }
    }
}
