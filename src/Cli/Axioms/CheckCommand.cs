using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;
using Verifier.Cli.CommandLine;

namespace Verifier.Cli.Axioms;

/// <summary><c>verifier check</c>: one method against a list of axioms (CONTRACT.md).</summary>
internal static class CheckCommand
{
    /// <summary>The command's entry in the command table.</summary>
    public static Verb Definition(CliContext c) => new Verb("check", "check a method against the axioms (symbolic proofs, property search)")
    {
        UsageLines = ["verifier check --method M [--path SPEC] [--param NAME=VALUE] [options]"],
        About = "Checks one method against the axioms (Lundstrom et al. 2022, sections 2.2, 4 and 5). Each verdict is proved (symbolic "
            + "proof over generic polynomials, or an unsat solver answer), holds (no counterexample in the trials), violated (an exact, "
            + "shrunk counterexample that re-checks), or undetermined (with reason). A method that throws (other than on bad input) on "
            + "some trials is never holds: the trials are counted as errored (\"errored\" in JSON) and the verdict is undetermined, "
            + "unless an exact counterexample was found.",
    }.With(
        MethodOptions.MethodOption(c.Registry, $"one of: {string.Join(", ", Usage.CheckNames(c.Registry))}", c.Registry.CheckNames),
        Opt.Text("--path", "SPEC", $"for {MethodRegistry.Names(c.Registry.All.Where(d => d.Reads(QueryInputs.Path)).Select(d => d.Name))}: "
            + "straight, staircase[:ORDER], polyline:P1;P2;..., curve:h1;...;hn.\nHere a polyline's waypoints are in reference "
            + "coordinates: fractions of the way from x'_i to x_i (the path for x' = 0, x = 1, carried by T(y) = x' + (x - x') * y), "
            + "so polyline:1,0;1,1;0,1;0,0 is the non-monotone path of Lundstrom et al. 2022, App. E.1"),
        Opt.Params("the method's parameters (see 'verifier attribute --help'); without them, the defaults: "
            + string.Join("; ", c.Registry.All.Where(d => d.Create is not null && d.OwnParameters.Count > 0)
                .Select(d => $"{d.Name}: {string.Join(", ", d.OwnParameters)}"))),
        MethodOptions.AxiomsOption(),
        Opt.Int("--trials", "N", "random instances per axiom", CheckOptions.Default.Trials, 1, 1_000_000),
        Opt.Int("--seed", "S", "the seed; the same seed and trials give the same verdicts", CheckOptions.Default.Seed, 0, int.MaxValue),
        Opt.Int("--max-dim", "N", "largest number of features of generated instances", CheckOptions.Default.MaxDimension, 1, 6),
        Opt.Seconds("--time-budget", "wall-clock budget of each search", CheckOptions.Default.TimeBudget),
        Opt.Flag("--no-proofs", "skip the symbolic proofs (search only)"),
        Opt.Flag("--smt", "also run the SMT queries that apply (needs z3; see 'verifier counterexample')"),
        Opt.Flag("--quiet", "no progress on standard error"),
        Opt.Choice("--format", "F", "the output", "json", "json", "text", "markdown"),
        Budgets.MaxSmtCharsOption())
        .Acting(p => Run(p, c.Stdout, c.Stderr, c.Registry));

    private static int Run(Parsed o, TextWriter stdout, TextWriter stderr, MethodRegistry registry)
    {
        var format = o.Value<string>("--format");
        var method = MethodOptions.Method(o, registry);
        var axioms = MethodOptions.Axioms(o);
        var options = MethodOptions.Check(o, CheckOptions.Default);
        var verdicts = new List<(Verdict Verdict, double Seconds)>();
        var progress = o.Has("--quiet") ? null : new ThrottledProgress(stderr);
        foreach (var axiom in axioms)
        {
            var clock = Stopwatch.StartNew();
            var verdict = axiom.Check(method, options, progress);
            if (o.Has("--smt")) verdict = SmtChecks.Refine(method, axiom, verdict, options, stderr, o.Value<long>(Budgets.MaxSmtChars));
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
