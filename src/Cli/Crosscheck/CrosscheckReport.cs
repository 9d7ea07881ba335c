using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.NumericBridge;
using Verifier.PathMethods.Methods;

namespace Verifier.Cli.Crosscheck;

/// <summary>The output of <c>verifier crosscheck</c>: JSON (CONTRACT.md) or a table for people.</summary>
/// <param name="Setup">The request.</param>
/// <param name="Exact">The exact result (for conductance, the exact conductance of every neuron of the layer).</param>
/// <param name="Runs">The numeric runs, one per step count.</param>
/// <param name="Kinks">For the gradient methods, the kinks of F at the input (empty when none); null for ig and eg.</param>
/// <param name="Order">The fitted order of a sweep, or null.</param>
/// <param name="Dependence">Whether the exact result depends on a kink convention (CONTRACT.md), or null when not decided.</param>
internal sealed record CrosscheckReport(CrosscheckSetup Setup, AttributionResult Exact, List<SweepRun> Runs, IReadOnlyList<string>? Kinks, double? Order,
    Verifier.Axioms.ConventionReport? Dependence = null)
{
    /// <summary>The kink convention of both sides, as the JSON states it.</summary>
    public string Convention =>
        "relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = alpha, the first maximal (minimal) argument of a max (min) takes the gradient: "
        + (Setup.ModelPath is not null ? "PyTorch autograd's on the exact side; the --model's own autograd on the numeric side"
            : "PyTorch autograd's, on both sides");

    /// <summary>
    /// The absolute tolerance of the verdict: 1e-9 (float64) or 1e-4 (float32) times max(1, largest exact attribution).
    /// Only the methods without discretisation error have one: gradient, gradient x input, and exact-line ig / eg.
    /// </summary>
    public double? Tolerance => Setup.OneGradient || Setup.IsExactLine
        ? (Setup.Precision == NumericPrecision.Float64 ? 1e-9 : 1e-4) * Math.Max(1, Runs[^1].Exact.Select(Math.Abs).DefaultIfEmpty(0).Max())
        : null;

    /// <summary>
    /// agrees, mismatch, or on-kink (a difference at a kink, where the gradient is a convention: not a mismatch); null without
    /// a tolerance. Exact-line ig and eg must also be complete within the tolerance: with a --model, whose pieces are the
    /// reference's, a kink the model has and the reference lacks can leave every midpoint gradient right but not F.
    /// </summary>
    public string? Verdict => Tolerance is not { } tol ? null
        : Runs[^1].MaxAbsError <= tol && (!Setup.IsExactLine || Math.Abs(Runs[^1].Numeric.CompletenessDelta) <= tol) ? "agrees"
        : Kinks is { Count: > 0 } || Dependence is { Dependent: true } ? "on-kink"
        : "mismatch";

    private string? KinkNote => Kinks is not { Count: > 0 } ? null
        : "the input lies exactly on a kink of F, where the gradient is a convention rather than a derivative; "
          + (Verdict == "on-kink"
              ? "the numeric pass landed on another side of the kink (rounding, or another one-sided convention), so this difference is not a mismatch of the implementation"
              : "both sides took the same convention here");

    /// <summary>The JSON object, indented, with a final newline.</summary>
    public string Json()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var last = Runs[^1];
            bool gradient = !Setup.Form.HasCompleteness;
            w.WriteStartObject();
            w.WriteString("method", Setup.Name);
            if (Setup.Layer is { } layer) w.WriteNumber("layer", layer);
            if (Setup.RuleName is { } rule) w.WriteString("rule", rule); else w.WriteNull("rule");
            if (Setup.OneGradient) w.WriteNull("steps"); else w.WriteNumber("steps", last.Steps);
            w.WriteString("device", Setup.Device.ToString());
            w.WriteString("dtype", Setup.Dtype);
            if (Setup.ModelPath is { } model)
            {
                w.WriteString("model", model);
                w.WriteNumber("output", Setup.Output);
            }
            if (Setup.Baselines is { } list) w.WriteNumber("baselines", list.Length);
            w.WriteStartArray("exact");
            foreach (var a in Exact.Attributions) w.WriteStringValue(Output.Values.Text(a));
            w.WriteEndArray();
            w.WriteStartArray("exact_approx");
            foreach (var a in Exact.Attributions) w.WriteNumberValue(Output.Values.Approx(a));
            w.WriteEndArray();
            w.WriteStartArray("numeric");
            foreach (var a in last.Numeric.Attributions) Number(w, a);
            w.WriteEndArray();
            Number(w, "max_abs_error", last.MaxAbsError);
            Number(w, "max_rel_error", last.MaxRelError);
            // A method without completeness (the plain gradient: its attributions are not a decomposition of F(x) - F(x')).
            Number(w, "completeness_delta", gradient ? null : last.Numeric.CompletenessDelta);
            Number(w, "exact_completeness_delta", gradient ? null : 0.0 - Output.Values.Approx(Exact.CompletenessGap));
            w.WriteString("convention", Convention);
            if (Dependence is { Dependent: true } d)
            {
                w.WriteBoolean("convention_dependent", true);
                w.WriteString("convention_reason", d.Reason);
            }
            if (Kinks is not null)
            {
                if (Kinks.Count == 0) w.WriteNull("kink");
                else
                {
                    w.WriteStartObject("kink");
                    w.WriteStartArray("at");
                    foreach (var k in Kinks) w.WriteStringValue(k);
                    w.WriteEndArray();
                    w.WriteString("note", KinkNote);
                    w.WriteEndObject();
                }
            }
            if (Verdict is { } verdict) w.WriteString("verdict", verdict); else w.WriteNull("verdict");
            Number(w, "tolerance", Tolerance);
            w.WriteNumber("seconds", Math.Round(Runs.Sum(r => r.Seconds), 4));
            if (Runs.Count > 1)
            {
                w.WriteStartArray("sweep");
                foreach (var r in Runs)
                {
                    w.WriteStartObject();
                    w.WriteNumber("steps", r.Steps);
                    Number(w, "max_abs_error", r.MaxAbsError);
                    Number(w, "max_rel_error", r.MaxRelError);
                    Number(w, "completeness_delta", r.Numeric.CompletenessDelta);
                    w.WriteNumber("seconds", Math.Round(r.Seconds, 4));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (Order is { } p) w.WriteNumber("fitted_order", Math.Round(p, 3)); else w.WriteNull("fitted_order");
            }
            if (Exact.Pieces is { } pieces) w.WriteNumber("pieces", pieces.Count - 1);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    /// <summary>The table for people.</summary>
    public string Text()
    {
        var sb = new StringBuilder();
        var how = (Setup.Layer is { } layer ? $" of layer {layer} (per neuron)" : "") + (Setup.RuleName is { } rule ? $", rule {rule}" : "");
        var what = Setup.ModelPath is { } model ? $"--model {model} (output {Setup.Output})" : "the reference on tensors";
        sb.AppendLine($"{Setup.Name}{how}, {Setup.Dtype} on {Setup.Device}, {what}: exact ({string.Join(", ", Exact.Attributions.Select(Output.Values.Text))})");
        if (Setup.OneGradient)
        {
            var r = Runs[^1];
            sb.AppendLine($"numeric ({string.Join(", ", r.Numeric.Attributions.Select(a => a.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))})");
            sb.AppendLine($"max abs error {r.MaxAbsError:E3}, max rel error {r.MaxRelError:E3}"
                + (!Setup.Form.HasCompleteness ? $", no completeness for {Setup.Name}" : $", completeness delta {r.Numeric.CompletenessDelta:E3}"));
        }
        else
        {
            sb.AppendLine("steps   max abs error   max rel error   completeness delta   seconds");
            foreach (var r in Runs)
                sb.AppendLine($"{r.Steps,5}   {r.MaxAbsError,13:E3}   {r.MaxRelError,13:E3}   {r.Numeric.CompletenessDelta,18:E3}   {r.Seconds,7:F4}");
            if (Order is { } p) sb.AppendLine($"fitted order: {p:F2} (error ~ steps^-{p:F2})");
        }
        if (Kinks is { Count: > 0 } kinks) sb.AppendLine($"on a kink: {string.Join("; ", kinks)}; {KinkNote}");
        if (Dependence is { Dependent: true } d) sb.AppendLine($"convention-dependent: {d.Reason} (a numeric pass may differ by convention, not by a defect)");
        if (Verdict is { } v) sb.AppendLine($"verdict: {v} (tolerance {Tolerance:E1})");
        return sb.ToString();
    }

    // JSON has no NaN or infinity: a non-finite value (a model that returns NaN) is written as null.
    private static void Number(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } d && double.IsFinite(d)) w.WriteNumber(name, d); else w.WriteNull(name);
    }

    private static void Number(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue();
    }
}
