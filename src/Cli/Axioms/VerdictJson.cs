using System.Text.Json;
using Verifier.Axioms;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;

namespace Verifier.Cli.Axioms;

/// <summary>Verdicts and counterexamples as JSON (CONTRACT.md, <c>verifier check</c>).</summary>
internal static class VerdictJson
{
    public static void Write(Utf8JsonWriter w, Verdict v, string? reproductionFile = null)
    {
        w.WriteStartObject();
        w.WriteString("axiom", v.Axiom);
        w.WriteString("status", v.StatusName);
        w.WriteString("how", v.How);
        if (v.Reason is { } reason) w.WriteString("reason", reason);
        WriteErrored(w, v);
        WriteMargins(w, v);
        if (v.Counterexample is { } ce)
        {
            w.WritePropertyName("counterexample");
            Write(w, ce, reproductionFile);
        }
        if (v.Notes.Count > 0)
        {
            w.WriteStartArray("notes");
            foreach (var n in v.Notes) w.WriteStringValue(n);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary><c>"tolerance": [ABS, REL]</c>.</summary>
    public static void WriteTolerance(Utf8JsonWriter w, Tolerance t)
    {
        w.WriteStartArray("tolerance");
        foreach (var x in t.ToDoubles()) w.WriteNumberValue(x);
        w.WriteEndArray();
    }

    /// <summary>With a tolerance: <c>"tolerance"</c> and <c>"worst_passing": {"deviation", "allowance"}</c>, the passing trial
    /// closest to it.</summary>
    public static void WriteMargins(Utf8JsonWriter w, Verdict v)
    {
        if (v.Tolerance is not { } t) return;
        WriteTolerance(w, t);
        if (v.WorstPassing is { } m) Margin(w, "worst_passing", m);
    }

    private static void Margin(Utf8JsonWriter w, string name, Margin m)
    {
        w.WriteStartObject(name);
        w.WriteNumber("deviation", m.Deviation);
        w.WriteNumber("allowance", m.Allowance);
        w.WriteEndObject();
    }

    /// <summary><c>"errored": N</c> and <c>"first_error"</c> when trials errored (the method threw on instances it accepts).</summary>
    public static void WriteErrored(Utf8JsonWriter w, Verdict v)
    {
        if (v.Errored == 0) return;
        w.WriteNumber("errored", v.Errored);
        if (v.FirstError is { } first) w.WriteString("first_error", first);
    }

    public static void Write(Utf8JsonWriter w, Counterexample ce, string? reproductionFile = null)
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
        if (ce.Margin is { } m) Margin(w, "margin", m);
        if (ce.Reproduction is { } rep)
        {
            w.WriteStartObject("reproduction");
            Strings(w, "requests", rep.Requests);
            w.WriteString("shell", rep.ShellCommand);
            if (reproductionFile is not null)
            {
                w.WriteString("file", reproductionFile);
                w.WriteString("replay", rep.ReplayCommand(reproductionFile));
            }
            w.WriteBoolean("replayed", rep.Replayed);
            w.WriteStartArray("answers");
            foreach (var a in rep.Answers) { w.WriteStartArray(); foreach (var x in a) w.WriteStringValue(x); w.WriteEndArray(); }
            w.WriteEndArray();
            w.WriteEndObject();
        }
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
