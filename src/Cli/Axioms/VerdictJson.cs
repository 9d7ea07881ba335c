using System.Text.Json;
using Verifier.Axioms;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;

namespace Verifier.Cli.Axioms;

/// <summary>Verdicts and counterexamples as JSON (CONTRACT.md, <c>verifier check</c>).</summary>
internal static class VerdictJson
{
    public static void Write(Utf8JsonWriter w, Verdict v)
    {
        w.WriteStartObject();
        w.WriteString("axiom", v.Axiom);
        w.WriteString("status", v.StatusName);
        w.WriteString("how", v.How);
        if (v.Reason is { } reason) w.WriteString("reason", reason);
        WriteErrored(w, v);
        if (v.Counterexample is { } ce)
        {
            w.WritePropertyName("counterexample");
            Write(w, ce);
        }
        if (v.Notes.FirstOrDefault(n => n.StartsWith(SmtChecks.ConflictPrefix, StringComparison.Ordinal)) is { } conflict)
            w.WriteString("conflict", conflict[SmtChecks.ConflictPrefix.Length..]);
        if (v.Notes.Count > 0)
        {
            w.WriteStartArray("notes");
            foreach (var n in v.Notes) w.WriteStringValue(n);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary><c>"errored": N</c> and <c>"first_error"</c> when trials errored (the method threw on instances it accepts).</summary>
    public static void WriteErrored(Utf8JsonWriter w, Verdict v)
    {
        if (v.Errored == 0) return;
        w.WriteNumber("errored", v.Errored);
        if (v.FirstError is { } first) w.WriteString("first_error", first);
    }

    public static void Write(Utf8JsonWriter w, Counterexample ce)
    {
        var i = ce.Instance;
        w.WriteStartObject();
        Subject(w, "function", "network", i.F);
        if (i.G is { } g) Subject(w, "function2", "network2", g);
        if (i.Note is { } note) w.WriteString("rewrite", note);
        w.WriteNumber("dim", i.Dimension);
        Strings(w, "input", i.Input.Select(x => x.ToString()));
        if (i.Baselines is { } d)
        {
            w.WriteStartArray("baselines");
            foreach (var p in d.Points) { w.WriteStartArray(); foreach (var x in p) w.WriteStringValue(x.ToString()); w.WriteEndArray(); }
            w.WriteEndArray();
            Strings(w, "weights", d.Weights.Select(x => x.ToString()));
        }
        else Strings(w, "baseline", i.Baseline.Select(x => x.ToString()));
        if (i.Features.Count > 0)
        {
            w.WriteStartArray("features");
            foreach (var f in i.Features) w.WriteNumberValue(f + 1);
            w.WriteEndArray();
        }
        if (i.Parameters.Count > 0)
        {
            w.WriteStartObject("parameters");
            foreach (var (k, x) in i.Parameters) w.WriteString(k, x.ToString());
            w.WriteEndObject();
        }
        Strings(w, "attributions", ce.Attributions);
        if (ce.Attributions2 is { } a2) Strings(w, "attributions2", a2);
        w.WriteString("detail", ce.Detail);
        w.WriteNumber("shrink_steps", ce.ShrinkSteps);
        w.WriteEndObject();
    }

    private static void Subject(Utf8JsonWriter w, string functionName, string networkName, Subject s)
    {
        if (s.Network is { } net)
        {
            w.WritePropertyName(networkName);
            NetworkJson.Write(net, w);
        }
        else w.WriteString(functionName, s.Function!.ToString());
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
