using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms;
using Verifier.Axioms.Golden;
using Verifier.Axioms.Methods;
using Verifier.Cli.Axioms;
using Verifier.Cli.CommandLine;
using Verifier.PathMethods.Methods;

namespace Verifier.Cli.Golden;

/// <summary><c>verifier conformance --method-cmd CMD --as METHOD</c>: grades a numeric implementation of a known method against
/// the conformance suite's exact results (CONTRACT.md).</summary>
internal static class ConformanceCommand
{
    private static readonly int[] DefaultSweep = [4, 8, 16, 32, 64];

    /// <summary>The command's entry in the command table.</summary>
    public static Verb Definition(CliContext c) => new Verb("conformance", "grade an implementation of a known method against the suite's exact results")
    {
        UsageLines = ["verifier conformance --method-cmd \"CMD ARGS\" --as METHOD [--tol ABS[,REL]] [--rule R --steps N] [--steps-sweep N,N,...] [--plot FILE] [options]"],
        About = "Runs the conformance suite's queries of METHOD (those 'verifier golden' writes) through the method of --method-cmd "
            + "(verifier-method/1) and compares every answer with the exact result: the largest error per query, pass or fail at the "
            + "tolerance, the worst cases, the suite's tags and convention flags (a failure on a kink-dependent query may be a "
            + "convention, not a defect). For a quadrature IG, --rule and --steps give each query the rule's rigorous error bound, "
            + "so that an error outside it is a defect; the step sweep (default for ig: 4,8,16,32,64, sent as params.steps) gives "
            + "the error against n, its fitted order, and n times the median relative error (-1 for Captum's trapezoid weights, "
            + "which sum to (n-1)/n).",
    }.With(
        ExternalOptions.Command("the implementation to grade"),
        Opt.Text("--as", "METHOD", $"the method it implements: {string.Join(", ", Conformance.Methods(c.Registry))}").Completing(Conformance.Methods(c.Registry)),
        ExternalOptions.Tolerance("1e-9"),
        Opt.Choice("--rule", "R", "the quadrature rule the implementation uses, for the error bound", null, "left", "right", "middle", "trapezoid", "captum-trapezoid"),
        Opt.Int("--steps", "N", "the steps (nodes) to ask for, sent as params.steps; with --rule, the bound's n", 0, 1, 1_000_000),
        Opt.Text("--steps-sweep", "N,N,...", "step counts to run every query with (params.steps), or 'none' (default for ig: 4,8,16,32,64)"),
        Opt.Params("parameters sent with every request; those the graded method takes also set the exact reference (a peer's "
            + "convention, e.g. --param maxpool=argmax for Captum's DeepLIFT)"),
        Opt.Int("--seed", "S", "the suite's seed", GoldenSuite.DefaultSeed, 0, int.MaxValue),
        Opt.Int("--cases", "N", "the suite's random cases", GoldenSuite.DefaultCases, 0, 10_000),
        ExternalOptions.Timeout(),
        Opt.Text("--plot", "FILE", "draw the errors (PNG or SVG): against the step count when there is a sweep, else per query"),
        Opt.Text("--plot-size", "WxH", "the plot's size in pixels (default 800x500)"),
        Opt.Flag("--quiet", "no progress on standard error"),
        Opt.Choice("--format", "F", "the output", "json", "json", "text"))
        .Acting(p => Run(p, c.Stdout, c.Stderr, c.Registry));

    private static int Run(Parsed o, TextWriter stdout, TextWriter stderr, Verifier.Axioms.Methods.MethodRegistry registry)
    {
        var asMethod = (o.Get("--as") ?? throw new UsageException("missing --as METHOD (e.g. --as ig)")).Trim().ToLowerInvariant();
        if (!Conformance.Methods(registry).Contains(asMethod))
            throw new UsageException($"unknown --as '{Parsed.Shorten(asMethod)}'; expected one of {string.Join(", ", Conformance.Methods(registry))}");
        int? steps = o.Given("--steps") ? o.Value<int>("--steps") : null;
        var rule = o.Get("--rule") is { } r ? QuadratureBound.ParseRule(r) : (IgQuadratureRule?)null;
        if (rule is not null && steps is null) throw new UsageException("--rule needs --steps N (the bound depends on the step count)");
        var options = ConformanceOptions.Default with
        {
            Tolerance = ExternalOptions.ToleranceOf(o) ?? Tolerance.Default,
            Seed = o.Value<int>("--seed"),
            Cases = o.Value<int>("--cases"),
            Rule = rule,
            Steps = steps,
            StepsSweep = Sweep(o.Get("--steps-sweep"), registry.Query(asMethod)),
            Parameters = o.Params,
        };
        var size = o.Get("--plot") is null ? (0, 0) : Plots.PlotFile.Size(o.Get("--plot-size"));
        using var method = ExternalOptions.Start(o);
        var progress = o.Has("--quiet") ? null : new Progress(stderr);
        var report = Conformance.Run(method, asMethod, options, registry, progress: progress);
        if (o.Get("--plot") is { } file) Plots.ConformancePlot.Save(file, size.Item1, size.Item2, report);
        stdout.Write(o.Value<string>("--format") == "json" ? Json(report) + Environment.NewLine : ConformanceText.Write(report));
        return CliApp.Success;
    }

    // Without --steps-sweep: the default sweep for a method whose numeric form is the straight-path integral (its step
    // count is what a quadrature implementation varies), none otherwise.
    private static IReadOnlyList<int> Sweep(string? text, MethodDescriptor asMethod)
    {
        if (text is null) return asMethod.Numeric?.Kind == NumericFormKind.StraightPathIntegral ? DefaultSweep : [];
        if (text.Trim() == "none") return [];
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var steps = new List<int>();
        foreach (var p in parts)
            steps.Add(int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= 1_000_000
                ? n : throw new UsageException($"bad --steps-sweep '{Parsed.Shorten(text)}': step counts in [1, 1000000], or 'none'"));
        if (steps.Count == 0) throw new UsageException("--steps-sweep is empty");
        return steps;
    }

    private static string Json(ConformanceReport r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("as", r.As);
            w.WriteString("method", r.Method);
            VerdictJson.WriteTolerance(w, r.Tolerance);
            w.WriteNumber("queries", r.Queries);
            w.WriteNumber("passed", r.Passed);
            w.WriteNumber("failed", r.Failed);
            w.WriteNumber("errored", r.Errored);
            w.WriteNumber("skipped", r.Skipped);
            w.WriteNumber("failed_convention_dependent", r.FailedConventionDependent);
            if (r.Rule is { } rule)
            {
                w.WriteString("rule", QuadratureBound.Name(rule));
                w.WriteString("bound", QuadratureBound.Formula(rule));
            }
            if (r.Steps is { } n) w.WriteNumber("steps", n);
            if (r.OutsideBound is { } outside) w.WriteNumber("outside_bound", outside);
            w.WriteStartArray("worst");
            foreach (var x in r.Worst(5)) w.WriteStringValue(x.Id);
            w.WriteEndArray();
            w.WriteStartArray("results");
            foreach (var x in r.Results) Result(w, x);
            w.WriteEndArray();
            if (r.Sweep is { } s) Sweep(w, s);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Result(Utf8JsonWriter w, ConformanceResult x)
    {
        w.WriteStartObject();
        w.WriteString("id", x.Id);
        if (x.MaxAbsError is { } e) w.WriteNumber("max_abs_error", e); else w.WriteNull("max_abs_error");
        if (x.Pass is { } pass) w.WriteBoolean("pass", pass); else w.WriteNull("pass");
        if (x.Skipped) w.WriteBoolean("skipped", true);
        if (x.Error is { } error) w.WriteString("error", error);
        w.WriteStartArray("tags");
        foreach (var t in x.Tags) w.WriteStringValue(t);
        w.WriteEndArray();
        w.WriteBoolean("convention_dependent", x.ConventionDependent);
        w.WriteStartArray("exact");
        foreach (var v in x.Exact) w.WriteStringValue(v);
        w.WriteEndArray();
        Numbers(w, "exact_approx", x.ExactApprox);
        if (x.Numeric is { } numeric) Numbers(w, "numeric", numeric);
        if (x.QuadratureBound is { } bound) w.WriteNumber("quadrature_bound", bound);
        if (x.WithinBound is { } within) w.WriteBoolean("within_bound", within);
        w.WriteEndObject();
    }

    private static void Sweep(Utf8JsonWriter w, StepSweep s)
    {
        w.WriteStartObject("sweep");
        w.WriteStartArray("steps");
        foreach (var n in s.Steps) w.WriteNumberValue(n);
        w.WriteEndArray();
        Numbers(w, "max_error", s.MaxError);
        Numbers(w, "median_error", s.MedianError);
        Numbers(w, "n_times_median_relative_error", s.MedianScaledRelativeError);
        if (s.MedianOrder is { } order) w.WriteNumber("median_order", Math.Round(order, 4)); else w.WriteNull("median_order");
        w.WriteStartObject("median_order_by_tag");
        foreach (var (tag, p) in s.MedianOrderByTag.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteNumber(tag, Math.Round(p, 4));
        w.WriteEndObject();
        w.WriteStartArray("queries");
        foreach (var q in s.Queries)
        {
            w.WriteStartObject();
            w.WriteString("id", q.Id);
            Numbers(w, "errors", q.Errors);
            if (q.Order is { } p) w.WriteNumber("order", Math.Round(p, 4)); else w.WriteNull("order");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    // Non-finite values (an errored step) as null.
    private static void Numbers(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) { if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue(); }
        w.WriteEndArray();
    }

    private sealed class Progress(TextWriter stderr) : IProgress<string>
    {
        public void Report(string value) => stderr.WriteLine(value);
    }
}
