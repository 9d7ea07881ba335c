using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Integration;

namespace Verifier.Cli.Output;

/// <summary>The JSON result of <c>verifier attribute</c> (CONTRACT.md), by the outcome's type: for attributions, the
/// example's fields in its order, then <c>enclosures</c> when not exact, <c>baselines</c> for a baseline list, the other
/// values' <c>*_approx</c> and, with <c>--explain</c>, <c>derivation</c>; a layer's conductances; a patch's attribution.</summary>
internal static class JsonOutput
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The JSON of an outcome; <paramref name="dependence"/>, when the result depends on a kink convention, adds
    /// <c>"convention_dependent": true</c>, <c>"convention"</c> (the conventions used) and <c>"convention_reason"</c>
    /// (CONTRACT.md, "Convention-dependent results").</summary>
    public static string Write(MethodOutcome outcome, bool explain, bool indented, ConventionReport? dependence = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = Encoder }))
        {
            switch (outcome)
            {
                case LayerOutcome layer: WriteLayer(w, layer, dependence); break;
                case PatchOutcome patch: WritePatch(w, patch); break;
                case AttributionOutcome a: WriteAttribution(w, a, explain, dependence); break;
                default: throw new InvalidOperationException($"no JSON form for an outcome of type {outcome.GetType().Name}");
            }
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteAttribution(Utf8JsonWriter w, AttributionOutcome outcome, bool explain, ConventionReport? dependence)
    {
        var r = outcome.Result;
        w.WriteStartObject();
        w.WriteString("method", r.Method);
        if (outcome.PathLabel is null) w.WriteNull("path"); else w.WriteString("path", outcome.PathLabel);
        Strings(w, "input", r.Input.Select(v => v.ToString()));
        Strings(w, "baseline", r.Baseline.Select(v => v.ToString()));
        w.WriteStartArray("attributions");
        foreach (var a in r.Attributions) ExactString(w, a);
        w.WriteEndArray();
        w.WriteStartArray("attributions_approx");
        foreach (var a in r.Attributions) Number(w, Values.Approx(a));
        w.WriteEndArray();
        w.WriteBoolean("exact", r.Exact);
        w.WritePropertyName("f_input"); ExactString(w, r.FInput);
        w.WritePropertyName("f_baseline"); ExactString(w, r.FBaseline);
        w.WritePropertyName("sum"); ExactString(w, r.Sum);
        w.WritePropertyName("completeness_gap"); ExactString(w, r.CompletenessGap);
        if (r.Pieces is { } pieces) Strings(w, "pieces", pieces.Select(p => p.ToString()));
        if (r.Attributions.Any(a => !a.IsExact))
        {
            w.WriteStartArray("enclosures");
            foreach (var a in r.Attributions)
            {
                var (lo, hi) = Values.Enclosure(a);
                w.WriteStartArray(); w.WriteStringValue(lo); w.WriteStringValue(hi); w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        if (outcome.Baselines is { } list)
        {
            w.WriteStartArray("baselines");
            foreach (var b in list) { w.WriteStartArray(); foreach (var v in b) w.WriteStringValue(v.ToString()); w.WriteEndArray(); }
            w.WriteEndArray();
        }
        w.WritePropertyName("f_input_approx"); Number(w, Values.Approx(r.FInput));
        w.WritePropertyName("f_baseline_approx"); Number(w, Values.Approx(r.FBaseline));
        w.WritePropertyName("sum_approx"); Number(w, Values.Approx(r.Sum));
        w.WritePropertyName("completeness_gap_approx"); Number(w, Values.Approx(r.CompletenessGap));
        if (outcome.WaypointsCount is { } count) w.WriteNumber("waypoints_count", count);
        foreach (var v in outcome.Reported) Reported(w, v);
        Dependence(w, dependence);
        if (explain)
        {
            w.WriteStartArray("derivation");
            foreach (var step in r.Derivation)
            {
                w.WriteStartObject(); w.WriteString("title", step.Title); w.WriteString("text", step.Text); w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    // A reported value: "name" exact (a string, null when only enclosed) and "name_approx", each an array for a vector.
    private static void Reported(Utf8JsonWriter w, ReportedValue v)
    {
        w.WritePropertyName(v.Name);
        if (v.IsVector) { w.WriteStartArray(); foreach (var x in v.Values) ExactString(w, x); w.WriteEndArray(); }
        else ExactString(w, v.Values[0]);
        w.WritePropertyName(v.Name + "_approx");
        if (v.IsVector) { w.WriteStartArray(); foreach (var x in v.Values) Number(w, Values.Approx(x)); w.WriteEndArray(); }
        else Number(w, Values.Approx(v.Values[0]));
    }

    // conductance without --neuron: the layer's conductances and the feature-by-neuron flows.
    private static void WriteLayer(Utf8JsonWriter w, LayerOutcome outcome, ConventionReport? dependence)
    {
        var c = outcome.Layer;
        w.WriteStartObject();
        w.WriteString("method", outcome.Method);
        w.WriteString("path", outcome.PathLabel);
        w.WriteNumber("layer", c.Layer);
        Strings(w, "input", c.Input.Select(v => v.ToString()));
        Strings(w, "baseline", c.Baseline.Select(v => v.ToString()));
        Strings(w, "neurons", c.Neurons.Select(v => v.ToString()));
        w.WriteStartArray("neurons_approx");
        foreach (var v in c.Neurons) Number(w, v.ToDouble());
        w.WriteEndArray();
        w.WriteStartArray("flows");
        foreach (var row in c.Flows) { w.WriteStartArray(); foreach (var v in row) w.WriteStringValue(v.ToString()); w.WriteEndArray(); }
        w.WriteEndArray();
        w.WriteBoolean("exact", true);
        w.WriteString("f_input", c.FInput.ToString());
        w.WriteString("f_baseline", c.FBaseline.ToString());
        w.WriteString("sum", c.Sum.ToString());
        w.WriteString("completeness_gap", c.CompletenessGap.ToString());
        Strings(w, "pieces", c.Pieces.Select(p => p.ToString()));
        Dependence(w, dependence);
        w.WriteEndObject();
    }

    // "convention_dependent": true, the conventions used and why, when the result depends on one (absent otherwise); and
    // "convention_unchecked" with the reason when part of that decision was too large to make.
    private static void Dependence(Utf8JsonWriter w, ConventionReport? dependence)
    {
        if (dependence is { Dependent: false, Unchecked: { } why }) w.WriteString("convention_unchecked", why);
        if (dependence is not { Dependent: true } d) return;
        w.WriteBoolean("convention_dependent", true);
        w.WriteString("convention", d.Convention);
        if (d.Reason is { } reason) w.WriteString("convention_reason", reason);
    }

    // patch: the exact IG_{S,j}, the neuron's conductance, and the paper's speedup with its error.
    private static void WritePatch(Utf8JsonWriter w, PatchOutcome outcome)
    {
        var r = outcome.Patch;
        w.WriteStartObject();
        w.WriteString("method", outcome.Method);
        w.WriteNumber("layer", r.Layer);
        w.WriteNumber("neuron", r.Neuron);
        w.WriteStartArray("patch");
        foreach (var i in r.Patch) w.WriteNumberValue(i + 1);
        w.WriteEndArray();
        w.WriteString("exact", r.Exact.ToString());
        JsonNumbers.Write(w, "exact_approx", r.Exact.ToDouble());
        w.WriteString("conductance", r.Conductance.ToString());
        w.WriteNumber("steps", r.Steps);
        if (r.SpeedupExact is { } se) w.WriteString("speedup", se.ToString()); else w.WriteNull("speedup");
        JsonNumbers.Write(w, "speedup_approx", r.Speedup);
        if (r.ErrorExact is { } ee) w.WriteString("error", ee.ToString()); else w.WriteNull("error");
        JsonNumbers.Write(w, "error_approx", r.Error);
        w.WriteEndObject();
    }

    /// <summary>A JSON string literal.</summary>
    public static string Quote(string text)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = Encoder })) w.WriteStringValue(text);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The compact one-line <c>{"error": message}</c> of a bad batch line.</summary>
    public static string Error(string message)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = Encoder }))
        {
            w.WriteStartObject(); w.WriteString("error", message); w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    // An exact value as its string; null when it is known only through an enclosure.
    private static void ExactString(Utf8JsonWriter w, ExactResult r)
    {
        if (Values.Exact(r) is { } s) w.WriteStringValue(s); else w.WriteNullValue();
    }

    private static void Number(Utf8JsonWriter w, double x) => JsonNumbers.Write(w, x);
}
