using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms.Methods;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic;

namespace Verifier.Axioms.External;

/// <summary>
/// One question to an external method (CONTRACT.md, <c>verifier-method/1</c>, requests): F (a function, sent as its text
/// in the function syntax, or a network, sent inline as a <c>verifier-network/1</c> object), x, and x' (or a finite
/// distribution of baselines with weights), all numbers as exact strings.
/// </summary>
public sealed partial record MethodRequest
{
    /// <summary>A request for A(x, x', F); x' defaults to 0.</summary>
    /// <exception cref="ArgumentException">A point's length is not F's dimension.</exception>
    public MethodRequest(Subject subject, IReadOnlyList<Rational> input, IReadOnlyList<Rational>? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Count != subject.Dimension)
            throw new ArgumentException($"the input has {input.Count} coordinates, F has {subject.Dimension} inputs", nameof(input));
        if (baseline is not null && baseline.Count != subject.Dimension)
            throw new ArgumentException($"the baseline has {baseline.Count} coordinates, F has {subject.Dimension} inputs", nameof(baseline));
        Subject = subject;
        Input = input.ToArray();
        Baseline = (baseline ?? Enumerable.Repeat(Rational.Zero, subject.Dimension)).ToArray();
    }

    /// <summary>A request for E(x, X', F) over a finite baseline distribution (sent as <c>baselines</c> and <c>weights</c>).</summary>
    /// <exception cref="ArgumentException">A point's length is not F's dimension.</exception>
    public MethodRequest(Subject subject, IReadOnlyList<Rational> input, BaselineDistribution baselines) : this(subject, input)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        if (baselines.Dimension != subject.Dimension)
            throw new ArgumentException($"the baselines have {baselines.Dimension} coordinates, F has {subject.Dimension} inputs", nameof(baselines));
        Baselines = baselines;
    }

    /// <summary>F.</summary>
    public Subject Subject { get; }

    /// <summary>x.</summary>
    public IReadOnlyList<Rational> Input { get; }

    /// <summary>x' (zeros unless given); not sent when <see cref="Baselines"/> is set.</summary>
    public IReadOnlyList<Rational> Baseline { get; }

    /// <summary>The baseline distribution of a distributional request, or null.</summary>
    public BaselineDistribution? Baselines { get; }

    /// <summary>The attributed output of a model with several outputs (<c>output</c>, 0-based), or null (not sent).</summary>
    public int? Output { get; init; }

    /// <summary>The path of an ONNX copy of the network (<c>network_onnx</c>), or null (not sent).</summary>
    public string? NetworkOnnx { get; init; }

    /// <summary>The method's parameters (<c>params</c>, each value a string), or null (not sent).</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The request as one JSON line (without the line break) with the given id.</summary>
    public string ToJsonLine(long id)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Compact))
        {
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteNumber("dim", Subject.Dimension);
            if (Subject.Network is { } network)
            {
                w.WritePropertyName("network");
                NetworkJson.Write(network, w);
            }
            else w.WriteString("function", Subject.Function!.ToString());
            if (NetworkOnnx is { } onnx) w.WriteString("network_onnx", onnx);
            WritePoint(w, "input", Input);
            if (Baselines is { } d)
            {
                w.WriteStartArray("baselines");
                foreach (var p in d.Points) WritePoint(w, null, p);
                w.WriteEndArray();
                WritePoint(w, "weights", d.Weights);
            }
            else WritePoint(w, "baseline", Baseline);
            if (Output is { } k) w.WriteNumber("output", k);
            if (Parameters is { Count: > 0 } parameters)
            {
                w.WriteStartObject("params");
                foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteString(name, value);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WritePoint(Utf8JsonWriter w, string? name, IReadOnlyList<Rational> point)
    {
        if (name is null) w.WriteStartArray(); else w.WriteStartArray(name);
        foreach (var v in point) w.WriteStringValue(v.ToString());
        w.WriteEndArray();
    }
}
