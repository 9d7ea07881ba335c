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
        UsageLines =
        [
            "verifier check --method M [--path SPEC] [--param NAME=VALUE] [options]",
            "verifier check --method-cmd \"CMD ARGS\" [--tol ABS[,REL]] [--method-timeout SEC] [--repro-dir DIR] [--param NAME=VALUE] [options]",
        ],
        About = "Checks one method against the axioms (Lundstrom et al. 2022, sections 2.2, 4 and 5). Each verdict is proved (symbolic "
            + "proof over generic polynomials, or an unsat solver answer), holds (no counterexample in the trials), violated (an exact, "
            + "shrunk counterexample that re-checks), or undetermined (with reason). A method that throws (other than on bad input) on "
            + "some trials is never holds: the trials are counted as errored (\"errored\" in JSON) and the verdict is undetermined, "
            + "unless an exact counterexample was found. With --method-cmd the method runs in another process (any language, "
            + "verifier-method/1): every axiom applies, a method that answers in floats is judged with --tol, counterexamples are "
            + "shrunk through the protocol and come with the request lines and a command that replays them, and a crash, hang or "
            + "garbage makes the trials errored, never holds.",
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
        ExternalOptions.Command("the method to check, in another process, instead of --method (--param values are sent to it as params)"),
        ExternalOptions.Tolerance("1e-9 for a method that answers in floats; exact comparisons for one that declares exact results"),
        ExternalOptions.Timeout(),
        Opt.Text("--repro-dir", "DIR", "with --method-cmd: write each counterexample's request lines to DIR/AXIOM.jsonl (replay them with "
            + "'verifier replay --method-cmd CMD --query FILE', or 'CMD < FILE')"))
        .Acting(p => Run(p, c.Stdout, c.Stderr, c.Registry));

    private static int Run(Parsed o, TextWriter stdout, TextWriter stderr, MethodRegistry registry)
    {
        var format = o.Value<string>("--format");
        bool external = o.Given("--method-cmd");
        if (external && o.Given("--method")) throw new UsageException("give --method M or --method-cmd CMD, not both");
        if (external && o.Has("--smt")) throw new UsageException("--smt applies to built-in methods, not to --method-cmd");
        if (external && o.Given("--path")) throw new UsageException("--path applies to built-in path methods, not to --method-cmd");
        if (!external && (o.Given("--repro-dir") || o.Given("--method-timeout")))
            throw new UsageException($"{(o.Given("--repro-dir") ? "--repro-dir" : "--method-timeout")} applies to --method-cmd only");
        var axioms = MethodOptions.Axioms(o);
        var requested = ExternalOptions.ToleranceOf(o);
        using var started = external ? ExternalOptions.Start(o) : null;
        IAttributionMethod method = started is null ? MethodOptions.Method(o, registry)
            : o.Params.Count > 0 ? started.WithParameters(o.Params) : started;
        var options = MethodOptions.Check(o, CheckOptions.Default);
        options = options with { Tolerance = Check.ToleranceFor(method, requested) };
        if (started is { IsExact: true } && o.Given("--tol") && !o.Has("--quiet"))
            stderr.WriteLine($"[check] {started.Name} declares exact results: --tol is not used, every comparison is exact");
        var verdicts = new List<(Verdict Verdict, double Seconds)>();
        var progress = o.Has("--quiet") ? null : new ThrottledProgress(stderr);
        foreach (var axiom in axioms)
        {
            var clock = Stopwatch.StartNew();
            var verdict = Check.Run(axiom, method, options, progress);
            if (o.Has("--smt")) verdict = SmtChecks.Refine(method, axiom, verdict, options, stderr);
            verdicts.Add((verdict, clock.Elapsed.TotalSeconds));
            if (!o.Has("--quiet")) stderr.WriteLine($"[check] {method.Name} x {axiom.Name}: {verdict.StatusName} ({clock.Elapsed.TotalSeconds:F1} s)");
        }
        var files = o.Get("--repro-dir") is { } dir ? Reproductions.Write(dir, verdicts.Select(v => v.Verdict)) : new Dictionary<string, string>();
        stdout.Write(format == "json" ? Json(method.Name, options, verdicts.Select(v => v.Verdict), files) + Environment.NewLine : Text(method.Name, options, verdicts, format, files));
        return CliApp.Success;
    }

    private static string Json(string method, CheckOptions options, IEnumerable<Verdict> verdicts, IReadOnlyDictionary<string, string> files)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("method", method);
            w.WriteNumber("seed", options.Seed);
            w.WriteNumber("trials", options.Trials);
            if (options.Tolerance is { } t) VerdictJson.WriteTolerance(w, t);
            w.WriteStartArray("verdicts");
            foreach (var v in verdicts) VerdictJson.Write(w, v, files.GetValueOrDefault(v.Axiom));
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Text(string method, CheckOptions options, List<(Verdict Verdict, double Seconds)> verdicts, string format,
        IReadOnlyDictionary<string, string> files)
    {
        var sb = new StringBuilder();
        bool md = format == "markdown";
        sb.AppendLine(md ? $"### {method}: axiom check (seed {options.Seed}, {options.Trials} trials)" : $"{method}: axiom check (seed {options.Seed}, {options.Trials} trials)");
        if (options.Tolerance is { } t) sb.AppendLine($"tolerance: {t.Describe()}");
        sb.AppendLine();
        foreach (var (v, seconds) in verdicts)
        {
            sb.AppendLine(md ? $"- **{v.Axiom}**: {v.StatusName} ({seconds:F1} s)" : $"{v.Axiom}: {v.StatusName} ({seconds:F1} s)");
            sb.AppendLine($"    how: {v.How}");
            if (v.Reason is { } r) sb.AppendLine($"    reason: {r}");
            if (v.Errored > 0) sb.AppendLine($"    errored: {v.Errored} trial{(v.Errored == 1 ? "" : "s")}, first: {v.FirstError}");
            if (v.Counterexample is { } ce) AppendCounterexample(sb, ce, files.GetValueOrDefault(v.Axiom));
            foreach (var n in v.Notes) sb.AppendLine($"    note: {n}");
        }
        return sb.ToString();
    }

    /// <summary>A counterexample for people, indented under its verdict.</summary>
    internal static void AppendCounterexample(StringBuilder sb, Counterexample ce, string? file = null)
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
        if (ce.Margin is { } m) sb.AppendLine($"      |lhs - rhs| = {m}");
        if (ce.Reproduction is { } rep)
        {
            sb.AppendLine($"      replay{(rep.Replayed ? "" : " (the method answered differently when asked again)")}: {rep.ShellCommand}");
            if (file is not null) sb.AppendLine($"      or: {rep.ReplayCommand(file)}");
        }
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
