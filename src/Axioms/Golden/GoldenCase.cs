using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Golden;

/// <summary>
/// One query of the conformance suite (<c>verifier golden</c>), in the <c>attribute --batch</c> format: F (a function's
/// text, with its dimension for the random cases, or a network), x, x' (absent for methods without a baseline), the
/// method, and its path, baselines and parameters where it takes them.
/// </summary>
public sealed record GoldenCase
{
    /// <summary>The query's id, e.g. <c>random-3-ig</c>.</summary>
    public required string Id { get; init; }

    /// <summary>F's text in the function syntax, as written in the query; null for a network.</summary>
    public string? Function { get; init; }

    /// <summary>F's dimension as written in the query (<c>dim</c>), or null (then the input's length).</summary>
    public int? Dim { get; init; }

    /// <summary>The network, or null for a function.</summary>
    public Network? Network { get; init; }

    /// <summary>x.</summary>
    public required IReadOnlyList<Rational> Input { get; init; }

    /// <summary>x', or null when the query has none (methods without a baseline, or a baseline list).</summary>
    public IReadOnlyList<Rational>? Baseline { get; init; }

    /// <summary>The method's name.</summary>
    public required string Method { get; init; }

    /// <summary>The <c>--path</c> text (absolute coordinates), or null.</summary>
    public string? Path { get; init; }

    /// <summary>The baseline list of a distributional method, or null.</summary>
    public IReadOnlyList<IReadOnlyList<Rational>>? Baselines { get; init; }

    /// <summary>Parameters, name to value text, in the order written.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>F.</summary>
    public Subject Subject => Network is { } n ? Subject.Of(n) : Subject.Of(ExprParser.Parse(Function!), Dim ?? Input.Count);

    /// <summary>The query as its registry entry runs it (as <c>attribute --batch</c> reads the line).</summary>
    /// <exception cref="InputArgumentException">An unknown method or parameter.</exception>
    public MethodQuery ToQuery(MethodRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var method = registry.Query(Method);
        var arguments = method.Bind(Parameters.ToDictionary(p => p.Key, p => p.Value), query: true);
        var f = Subject;
        var baseline = Baseline ?? new Rational[f.Dimension];
        var baselines = method.Baseline == BaselineUse.Distribution ? Baselines ?? [baseline] : null;
        return new MethodQuery(f, Input, baseline, baselines, null, Path, arguments);
    }

    /// <summary>The exact result of the query, by its registry entry.</summary>
    public MethodOutcome Run(MethodRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Query(Method).Run!(ToQuery(registry));
    }

    /// <summary>The query line of <c>queries.jsonl</c> (fields in the order id, function or network, dim, input, baseline,
    /// method, path, baselines, params).</summary>
    public string ToJsonLine()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("id", Id);
            if (Network is { } net)
            {
                w.WritePropertyName("network");
                NetworkJson.Write(net, w);
            }
            else w.WriteString("function", Function);
            if (Dim is { } d) w.WriteNumber("dim", d);
            Point(w, "input", Input);
            if (Baseline is { } b) Point(w, "baseline", b);
            w.WriteString("method", Method);
            if (Path is { } p) w.WriteString("path", p);
            if (Baselines is { } list)
            {
                w.WriteStartArray("baselines");
                foreach (var point in list) Point(w, null, point);
                w.WriteEndArray();
            }
            if (Parameters.Count > 0)
            {
                w.WriteStartObject("params");
                foreach (var (name, value) in Parameters) w.WriteString(name, value);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Point(Utf8JsonWriter w, string? name, IEnumerable<Rational> values)
    {
        if (name is null) w.WriteStartArray(); else w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v.ToString());
        w.WriteEndArray();
    }
}
