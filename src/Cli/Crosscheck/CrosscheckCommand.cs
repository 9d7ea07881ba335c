using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Cli.Attribution;
using Verifier.NumericBridge;
using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Crosscheck;

/// <summary>
/// <c>verifier crosscheck</c> (CONTRACT.md): the numeric method through the numeric bridge (TorchSharp) against the exact
/// result: absolute and relative errors, the completeness delta, and over a sweep of step counts the fitted order.
/// </summary>
internal static class CrosscheckCommand
{
    private static readonly string[] Valued =
        ["--network", "--function", "--input", "--baseline", "--method", "--rule", "--steps", "--steps-sweep", "--device", "--dtype", "--format", "--plot", "--plot-size"];

    private static readonly Dictionary<string, QuadratureRule?> Rules = new()
    {
        ["left"] = QuadratureRule.Left, ["right"] = QuadratureRule.Right, ["middle"] = QuadratureRule.Middle,
        ["trapezoid"] = QuadratureRule.Trapezoid, ["captum-trapezoid"] = QuadratureRule.CaptumTrapezoid,
        ["gausslegendre"] = QuadratureRule.GaussLegendre, ["exactline"] = null,
    };

    public static int Run(string[] args, TextWriter stdout)
    {
        var o = new OptionReader("crosscheck", args, Valued, ["--help", "-h"]);
        if (o.Has("--help") || o.Has("-h"))
        {
            stdout.Write(Usage.Crosscheck);
            return CliApp.Success;
        }
        var format = o.Format("json", "json", "text");
        if (o.Get("--function") is not null && o.Get("--network") is not null) throw new UsageException("give either --function or --network, not both");
        Network? net = null;
        Verifier.Symbolic.Expressions.Expr? expr = null;
        if (o.Get("--function") is { } text)
        {
            try { expr = Verifier.Symbolic.Expressions.Parsing.ExprParser.Parse(text); }
            catch (Verifier.Symbolic.Expressions.Parsing.ParseException e) { throw new UsageException($"malformed --function: {e.Message}"); }
        }
        else
        {
            var file = o.Get("--network") ?? throw new UsageException("give --network FILE or --function EXPR");
            try { net = NetworkJson.Load(file); }
            catch (NetworkFormatException e) { throw new UsageException($"bad network file: {e.Message}"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"cannot read network file '{file}': {e.Message}"); }
        }
        var method = (o.Get("--method") ?? "ig").Trim().ToLowerInvariant();
        if (method != "ig") throw new UsageException($"crosscheck supports --method ig so far, not '{method}'");
        var x = AttributeCommand.Point(o.Get("--input") ?? throw new UsageException("missing --input"), "--input");
        int inputs = net?.Inputs ?? x.Length;
        if (expr is not null && x.Length < expr.Dimension)
            throw new UsageException($"dimension mismatch: the function uses x{expr.Dimension} but --input has {x.Length} coordinates");
        var b = o.Get("--baseline") is { } bt ? AttributeCommand.Point(bt, "--baseline") : new Rational[inputs];
        if (x.Length != inputs) throw new UsageException($"dimension mismatch: the network has {inputs} inputs but --input has {x.Length} coordinates");
        if (b.Length != inputs) throw new UsageException($"dimension mismatch: F has {inputs} inputs but --baseline has {b.Length} coordinates");
        var ruleName = (o.Get("--rule") ?? "gausslegendre").Trim().ToLowerInvariant();
        if (!Rules.TryGetValue(ruleName, out var rule))
            throw new UsageException($"unknown --rule '{ruleName}'; expected {string.Join(", ", Rules.Keys)}");
        var device = (o.Get("--device") ?? "cpu").Trim().ToLowerInvariant();
        if (device == "cuda") throw new UsageException("--device cuda is not available in this build (the CUDA back end is a separate issue); use --device cpu");
        if (device != "cpu") throw new UsageException($"unknown --device '{device}'; expected cpu or cuda");
        var dtype = (o.Get("--dtype") ?? "float64").Trim().ToLowerInvariant();
        var precision = dtype switch
        {
            "float64" => NumericPrecision.Float64,
            "float32" => NumericPrecision.Float32,
            _ => throw new UsageException($"unknown --dtype '{dtype}'; expected float32 or float64"),
        };
        if (rule is null && precision != NumericPrecision.Float64) throw new UsageException("--rule exactline runs in float64; leave out --dtype float32");
        if (rule is null && net is null) throw new UsageException("--rule exactline needs a piecewise-linear network (--network FILE)");
        if (o.Contains("--steps") && o.Contains("--steps-sweep")) throw new UsageException("give either --steps or --steps-sweep, not both");
        int[] steps = o.Get("--steps-sweep") is { } sweep
            ? sweep.Split(',').Select(s => int.TryParse(s.Trim(), out var k) && k >= 1 && k <= 1_000_000 ? k
                : throw new UsageException($"bad --steps-sweep '{sweep}': comma-separated integers in [1, 1000000]")).ToArray()
            : [o.Int("--steps", 50, 1, 1_000_000)];
        if (rule is null && o.Contains("--steps-sweep")) throw new UsageException("--rule exactline has no steps to sweep");
        if (!TorchRuntime.TryInitialize(out var trace))
            throw new InvalidOperationException("the numeric bridge (TorchSharp) could not be loaded: " + CliApp.OneLine(trace));

        var exact = net is not null ? Attribute.IntegratedGradients(net, x, b) : Attribute.IntegratedGradients(expr!, x, b);
        // Exact values as doubles: rationals rounded once, closed forms from their certified enclosures (width 1e-12).
        var exactValues = exact.Attributions.Select(Output.Values.Approx).ToArray();
        var xd = x.Select(v => v.ToDouble()).ToArray();
        var bd = b.Select(v => v.ToDouble()).ToArray();
        var runs = new List<SweepRun>();
        using (var model = net is not null ? TorchModel.FromNetwork(net, precision) : TorchModel.FromExpression(expr!, inputs, precision))
        {
            foreach (var n in steps)
            {
                var clock = Stopwatch.StartNew();
                var numeric = rule is { } q
                    ? NumericAttribute.IntegratedGradients(model, xd, bd, new NumericIgOptions { Rule = q, Steps = n })
                    : NumericAttribute.ExactLineIntegratedGradients(model, xd, bd);
                runs.Add(new SweepRun(rule is null ? numeric.Evaluations : n, numeric, clock.Elapsed.TotalSeconds, exactValues));
            }
        }
        double? order = runs.Count >= 2 ? FittedOrder(runs) : null;
        if (o.Get("--plot") is { } plot)
        {
            if (runs.Count < 2) throw new UsageException("--plot for crosscheck draws error against steps: give --steps-sweep");
            var (w, h) = Plots.PlotFile.Size(o.Get("--plot-size"));
            Plots.ErrorPlot.Save(plot, w, h, ruleName, runs.Select(r => (r.Steps, r.MaxAbsError)).ToArray(), order);
        }
        stdout.Write(format == "json" ? Json(exact, runs, ruleName, dtype, order) : Text(exact, runs, ruleName, dtype, order));
        return CliApp.Success;
    }

    /// <summary>One numeric run against the exact attributions.</summary>
    internal sealed record SweepRun(int Steps, NumericAttribution Numeric, double Seconds, double[] Exact)
    {
        public double MaxAbsError => Numeric.Attributions.Select((a, i) => Math.Abs(a - Exact[i])).DefaultIfEmpty(0).Max();

        // Relative to the largest exact attribution (at least 1e-300), so a zero attribution does not divide by zero.
        public double MaxRelError => MaxAbsError / Math.Max(1e-300, Exact.Select(Math.Abs).DefaultIfEmpty(0).Max());
    }

    /// <summary>The slope p of log(error) = c - p log(steps), least squares over the runs with a nonzero error.</summary>
    internal static double? FittedOrder(IReadOnlyList<SweepRun> runs)
    {
        var pts = runs.Where(r => r.MaxAbsError > 0).Select(r => (X: Math.Log(r.Steps), Y: Math.Log(r.MaxAbsError))).ToArray();
        if (pts.Length < 2) return null;
        double mx = pts.Average(p => p.X), my = pts.Average(p => p.Y);
        double sxx = pts.Sum(p => (p.X - mx) * (p.X - mx));
        if (sxx == 0) return null;
        return -pts.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
    }

    private static string Json(PathMethods.Methods.AttributionResult exact, List<SweepRun> runs, string rule, string dtype, double? order)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var last = runs[^1];
            w.WriteStartObject();
            w.WriteString("method", "ig");
            w.WriteString("rule", rule);
            w.WriteNumber("steps", last.Steps);
            w.WriteString("device", "cpu");
            w.WriteString("dtype", dtype);
            w.WriteStartArray("exact");
            foreach (var a in exact.Attributions) w.WriteStringValue(Output.Values.Text(a));
            w.WriteEndArray();
            w.WriteStartArray("exact_approx");
            foreach (var a in exact.Attributions) w.WriteNumberValue(Output.Values.Approx(a));
            w.WriteEndArray();
            w.WriteStartArray("numeric");
            foreach (var a in last.Numeric.Attributions) w.WriteNumberValue(a);
            w.WriteEndArray();
            w.WriteNumber("max_abs_error", last.MaxAbsError);
            w.WriteNumber("max_rel_error", last.MaxRelError);
            w.WriteNumber("completeness_delta", last.Numeric.CompletenessDelta);
            w.WriteNumber("seconds", Math.Round(runs.Sum(r => r.Seconds), 4));
            if (runs.Count > 1)
            {
                w.WriteStartArray("sweep");
                foreach (var r in runs)
                {
                    w.WriteStartObject();
                    w.WriteNumber("steps", r.Steps);
                    w.WriteNumber("max_abs_error", r.MaxAbsError);
                    w.WriteNumber("max_rel_error", r.MaxRelError);
                    w.WriteNumber("completeness_delta", r.Numeric.CompletenessDelta);
                    w.WriteNumber("seconds", Math.Round(r.Seconds, 4));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (order is { } p) w.WriteNumber("fitted_order", Math.Round(p, 3)); else w.WriteNull("fitted_order");
            }
            if (exact.Pieces is { } pieces) w.WriteNumber("pieces", pieces.Count - 1);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    private static string Text(PathMethods.Methods.AttributionResult exact, List<SweepRun> runs, string rule, string dtype, double? order)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"IG, rule {rule}, {dtype} on cpu: exact ({string.Join(", ", exact.Attributions.Select(Output.Values.Text))})");
        sb.AppendLine("steps   max abs error   max rel error   completeness delta   seconds");
        foreach (var r in runs)
            sb.AppendLine($"{r.Steps,5}   {r.MaxAbsError,13:E3}   {r.MaxRelError,13:E3}   {r.Numeric.CompletenessDelta,18:E3}   {r.Seconds,7:F4}");
        if (order is { } p) sb.AppendLine($"fitted order: {p:F2} (error ~ steps^-{p:F2})");
        return sb.ToString();
    }
}
