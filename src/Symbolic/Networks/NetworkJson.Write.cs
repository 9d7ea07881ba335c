using System.Text;
using System.Text.Json;

namespace Verifier.Symbolic.Networks;

public static partial class NetworkJson
{
    private const int IndentSize = 2;
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, IndentSize = IndentSize };

    /// <summary>
    /// The network as indented <c>verifier-network/1</c> JSON, every number a string in lowest terms
    /// (<c>"-2/3"</c>), so that <see cref="Parse"/> gives back an equal network.
    /// </summary>
    public static string ToJson(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions)) Write(network, writer);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes the network as a JSON object (e.g. inside a larger document, or on one line of JSON Lines when the writer does not indent).</summary>
    public static void Write(Network network, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("format", FormatName);
        writer.WriteNumber("inputs", network.Inputs);
        writer.WriteStartArray("layers");
        for (int i = 0; i < network.LayerCount; i++) WriteLayer(network.Nodes[i], i, writer);
        writer.WriteEndArray();
        writer.WriteNumber("output", network.Output);
        writer.WriteEndObject();
    }

    private static void WriteLayer(NetworkNode node, int index, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", node.Layer.TypeName);
        node.Layer.Accept(new LayerFields(writer));
        if (!node.IsChainedAt(index))
        {
            writer.WritePropertyName("inputs");
            writer.WriteRawValue(InlineArray(node.Sources, quoted: false));
        }
        writer.WriteEndObject();
    }

    // The fields of one layer after its type.
    private sealed class LayerFields(Utf8JsonWriter writer) : ILayerVisitor<bool>
    {
        public bool VisitDense(DenseLayer layer)
        {
            writer.WritePropertyName("weights");
            writer.WriteRawValue(RowsArray(layer.Weights.Select(row => InlineArray(row, quoted: true)), writer));
            writer.WritePropertyName("bias");
            writer.WriteRawValue(InlineArray(layer.Bias, quoted: true));
            return true;
        }

        public bool VisitActivation(ActivationLayer layer)
        {
            for (int i = 0; i < layer.Parameters.Count; i++) writer.WriteString(layer.Kind.ParameterNames[i], layer.Parameters[i].ToString());
            return true;
        }

        public bool VisitSparse(SparseLayer layer)
        {
            writer.WritePropertyName("shape");
            writer.WriteRawValue(InlineArray([layer.OutputCount, layer.InputCount], quoted: false));
            writer.WritePropertyName("row_starts");
            writer.WriteRawValue(InlineArray(layer.RowStarts, quoted: false));
            writer.WritePropertyName("columns");
            writer.WriteRawValue(InlineArray(layer.Columns, quoted: false));
            writer.WritePropertyName("values");
            writer.WriteRawValue(InlineArray(layer.Values, quoted: true));
            writer.WritePropertyName("bias");
            writer.WriteRawValue(InlineArray(layer.Bias, quoted: true));
            return true;
        }

        public bool VisitMaxPool(MaxPoolLayer layer)
        {
            writer.WritePropertyName("groups");
            writer.WriteRawValue(RowsArray(layer.Groups.Select(group => InlineArray(group, quoted: false)), writer));
            return true;
        }
    }

    // An array of rows, one row a line, indented to sit inside the writer's indentation at the given depth.
    // A writer that does not indent (JSON Lines) gets the rows on one line.
    private static string RowsArray(IEnumerable<string> rows, Utf8JsonWriter writer)
    {
        if (!writer.Options.Indented) return "[" + string.Join(",", rows) + "]";
        int depth = writer.CurrentDepth;
        string inner = "\n" + new string(' ', IndentSize * (depth + 1));
        return "[" + inner + string.Join("," + inner, rows) + "\n" + new string(' ', IndentSize * depth) + "]";
    }

    // One array on one line, e.g. ["1", "-2/3"] or [0, 1]: rows stay readable in the indented file. The
    // items are lowest-terms rationals or integers, which need no escaping.
    private static string InlineArray<T>(IEnumerable<T> items, bool quoted) where T : notnull
    {
        var sb = new StringBuilder("[");
        foreach (var item in items)
        {
            if (sb.Length > 1) sb.Append(", ");
            if (quoted) sb.Append('"').Append(item).Append('"'); else sb.Append(item);
        }
        return sb.Append(']').ToString();
    }
}
