using System.Text.Json;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// Reads and writes the network file format <c>verifier-network/1</c> (CONTRACT.md, "Network file"):
/// <code>
/// {"format": "verifier-network/1", "inputs": 2,
///  "layers": [{"type": "dense", "weights": [["1", "0"], ["0", "1"]], "bias": ["0", "0"]}, {"type": "relu"}],
///  "output": 0}
/// </code>
/// </summary>
/// <remarks>
/// Numbers are JSON strings in the exact number syntax (<c>"-2/3"</c>, <c>"0.25"</c>, <c>"1e-3"</c>) or JSON
/// numbers, read exactly from their decimal text (<c>0.1</c> is 1/10, never the double nearest to it). Layer
/// types: <c>dense</c> (<c>weights[out][in]</c>, <c>bias</c>), <c>sparse</c> (<c>shape</c> [rows, columns] and the
/// compressed sparse rows <c>row_starts</c>, <c>columns</c>, <c>values</c>, as scipy's <c>csr_matrix</c>
/// <c>indptr</c>, <c>indices</c>, <c>data</c>; <c>bias</c>), <c>maxpool</c> (<c>groups</c> of 0-based input
/// indices), and every activation of the <see cref="ActivationCatalogue"/> by its name, with its parameters as required
/// number fields: <c>relu</c>, <c>leaky_relu</c> (<c>alpha</c>), <c>abs</c>, <c>identity</c>, ...
/// Any layer may have <c>inputs</c>, the values it reads concatenated in order: -1 for the network's input, k for the
/// output of layer k (0-based, earlier); without it a layer reads the layer before it (layer 0 the input), so files
/// without <c>inputs</c> are chains as before, and a chain is written without them.
/// <c>output</c> defaults to 0. Unknown fields are errors, so that a misspelt field is never silently ignored.
/// Every problem is a <see cref="NetworkFormatException"/> that names the layer (0-based) and its type.
/// </remarks>
public static partial class NetworkJson
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string FormatName = "verifier-network/1";

    /// <summary>The most decimal digits (digits plus exponent) a number in a network file may have.</summary>
    public const int MaxNumberDigits = 10_000;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Reads a network from its JSON text.</summary>
    /// <exception cref="NetworkFormatException">The text is not valid JSON or not a valid network; the message says where.</exception>
    public static Network Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            string detail = e.Message;
            int cut = detail.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut >= 0) detail = detail[..cut];
            throw new NetworkFormatException(
                $"malformed JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}: {detail}", e);
        }
        using (document) return FromElement(document.RootElement);
    }

    /// <summary>Reads a network from a file.</summary>
    /// <exception cref="NetworkFormatException">The file is not a valid network; the message starts with the path.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Network Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = File.ReadAllText(path);
        try
        {
            return Parse(text);
        }
        catch (NetworkFormatException e)
        {
            throw new NetworkFormatException($"{path}: {e.Message}", e.LayerIndex, e);
        }
    }

    /// <summary>Reads a network from a JSON object already parsed (e.g. the inline <c>network</c> of a batch query).</summary>
    /// <exception cref="NetworkFormatException">The object is not a valid network.</exception>
    public static Network FromElement(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new NetworkFormatException($"a network must be a JSON object, not {Describe(root)}");
        var fields = Fields(root, "the network", ["format", "inputs", "layers", "output"], null);
        if (!fields.TryGetValue("format", out var format)) throw new NetworkFormatException("missing field 'format'");
        if (format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
            throw new NetworkFormatException($"format must be \"{FormatName}\", not {format.GetRawText()}");
        if (!fields.TryGetValue("inputs", out var inputsElement)) throw new NetworkFormatException("missing field 'inputs'");
        int inputs = ReadIndex(inputsElement, "inputs", null, null);
        if (!fields.TryGetValue("layers", out var layersElement)) throw new NetworkFormatException("missing field 'layers'");
        if (layersElement.ValueKind != JsonValueKind.Array)
            throw new NetworkFormatException($"layers must be an array, not {Describe(layersElement)}");
        int output = fields.TryGetValue("output", out var outputElement) ? ReadIndex(outputElement, "output", null, null) : 0;

        var nodes = new List<NetworkNode>(layersElement.GetArrayLength());
        int index = 0;
        foreach (var layerElement in layersElement.EnumerateArray()) nodes.Add(ReadLayer(layerElement, index++));
        return Network.Graph(inputs, nodes, output);
    }

    private static NetworkNode ReadLayer(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw NetworkFormatException.AtLayer(index, null, $"a layer must be a JSON object, not {Describe(element)}");
        if (!element.TryGetProperty("type", out var typeElement))
            throw NetworkFormatException.AtLayer(index, null, "missing field 'type'");
        if (typeElement.ValueKind != JsonValueKind.String)
            throw NetworkFormatException.AtLayer(index, null, $"type must be a string, not {Describe(typeElement)}");
        string type = typeElement.GetString()!;
        var kind = type is "dense" or "maxpool" or "sparse" ? null : ActivationCatalogue.Find(type);
        string[] allowed = type switch
        {
            "dense" => ["type", "weights", "bias", "inputs"],
            "sparse" => ["type", "shape", "row_starts", "columns", "values", "bias", "inputs"],
            "maxpool" => ["type", "groups", "inputs"],
            _ when kind is not null => ["type", .. kind.ParameterNames, "inputs"],
            _ => throw NetworkFormatException.AtLayer(index, null,
                $"unknown layer type '{type}' (known: {string.Join(", ", ["dense", "sparse", .. ActivationCatalogue.Kinds.Select(k => k.Name), "maxpool"])})"),
        };
        var fields = Fields(element, NetworkFormatException.Where(index, type), allowed, index);
        JsonElement Required(string name) => fields.TryGetValue(name, out var value) ? value
            : throw NetworkFormatException.AtLayer(index, type, $"missing field '{name}'");
        int[] sources = fields.TryGetValue("inputs", out var inputsElement) ? ReadSources(inputsElement, index, type) : [index - 1];
        try
        {
            Layer layer = type switch
            {
                "dense" => new DenseLayer(ReadMatrix(Required("weights"), "weights", index, type), ReadVector(Required("bias"), "bias", index, type)),
                "sparse" => ReadSparse(Required, index, type),
                "maxpool" => new MaxPoolLayer(ReadGroups(Required("groups"), index, type)),
                _ => kind!.Create([.. kind.ParameterNames.Select(name => ReadNumber(Required(name), name, index, type))]),
            };
            return new NetworkNode(layer, sources);
        }
        catch (NetworkFormatException e) when (e.LayerIndex is null)
        {
            // The layer's own constructor does not know its index; drop its "dense layer: " prefix and add ours.
            string problem = e.Message;
            int colon = problem.IndexOf(": ", StringComparison.Ordinal);
            if (colon >= 0 && problem.StartsWith(type, StringComparison.Ordinal)) problem = problem[(colon + 2)..];
            throw NetworkFormatException.AtLayer(index, type, problem, e);
        }
    }

    // The object's fields by name; unknown and duplicate names are errors.
    private static Dictionary<string, JsonElement> Fields(JsonElement obj, string where, string[] allowed, int? layer)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
                throw new NetworkFormatException($"{where}: unknown field '{property.Name}' (allowed: {string.Join(", ", allowed)})", layer);
            if (!fields.TryAdd(property.Name, property.Value))
                throw new NetworkFormatException($"{where}: duplicate field '{property.Name}'", layer);
        }
        return fields;
    }

    private static SparseLayer ReadSparse(Func<string, JsonElement> required, int index, string type)
    {
        var shape = ReadIndices(required("shape"), "shape", index, type);
        if (shape.Length != 2) throw NetworkFormatException.AtLayer(index, type, $"shape must be [rows, columns], not {shape.Length} numbers");
        var starts = ReadIndices(required("row_starts"), "row_starts", index, type);
        if (starts.Length != shape[0] + 1)
            throw NetworkFormatException.AtLayer(index, type, $"row_starts has {starts.Length} entries but shape says {shape[0]} rows (row_starts needs rows + 1)");
        return new SparseLayer(shape[1], starts, ReadIndices(required("columns"), "columns", index, type),
            ReadVector(required("values"), "values", index, type), ReadVector(required("bias"), "bias", index, type));
    }

    private static int[] ReadIndices(JsonElement element, string name, int index, string type)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw NetworkFormatException.AtLayer(index, type, $"{name} must be an array of non-negative integers, not {Describe(element)}");
        var values = new int[element.GetArrayLength()];
        int j = 0;
        foreach (var item in element.EnumerateArray())
        {
            values[j] = ReadIndex(item, $"{name}[{j}]", index, type);
            j++;
        }
        return values;
    }

    // The layer's sources: -1 (the input) or earlier layers' indices, at least one.
    private static int[] ReadSources(JsonElement element, int index, string type)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
            throw NetworkFormatException.AtLayer(index, type, $"inputs must be a non-empty array of -1 (the network's input) and earlier layers' indices, not {Describe(element)}");
        var sources = new int[element.GetArrayLength()];
        int j = 0;
        foreach (var item in element.EnumerateArray())
        {
            var value = ReadNumber(item, $"inputs[{j}]", index, type);
            if (!value.IsInteger || value < -1 || value >= index)
                throw NetworkFormatException.AtLayer(index, type, $"inputs[{j}] must be -1 (the network's input) or the index of an earlier layer (0..{index - 1}), not {value}");
            sources[j++] = (int)value.Numerator;
        }
        return sources;
    }

    private static Rational[][] ReadMatrix(JsonElement element, string name, int index, string type)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw NetworkFormatException.AtLayer(index, type, $"{name} must be an array of rows, not {Describe(element)}");
        var rows = new Rational[element.GetArrayLength()][];
        int i = 0;
        foreach (var row in element.EnumerateArray())
        {
            rows[i] = ReadVector(row, $"{name}[{i}]", index, type);
            i++;
        }
        return rows;
    }

    private static Rational[] ReadVector(JsonElement element, string name, int index, string type)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw NetworkFormatException.AtLayer(index, type, $"{name} must be an array of numbers, not {Describe(element)}");
        var values = new Rational[element.GetArrayLength()];
        int j = 0;
        foreach (var item in element.EnumerateArray())
        {
            values[j] = ReadNumber(item, $"{name}[{j}]", index, type);
            j++;
        }
        return values;
    }

    private static int[][] ReadGroups(JsonElement element, int index, string type)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw NetworkFormatException.AtLayer(index, type, $"groups must be an array of arrays of input indices, not {Describe(element)}");
        var groups = new int[element.GetArrayLength()][];
        int k = 0;
        foreach (var group in element.EnumerateArray())
        {
            if (group.ValueKind != JsonValueKind.Array)
                throw NetworkFormatException.AtLayer(index, type, $"groups[{k}] must be an array of input indices, not {Describe(group)}");
            groups[k] = new int[group.GetArrayLength()];
            int m = 0;
            foreach (var item in group.EnumerateArray())
            {
                groups[k][m] = ReadIndex(item, $"groups[{k}][{m}]", index, type);
                m++;
            }
            k++;
        }
        return groups;
    }

    /// <summary>An exact number: a JSON string in the number syntax, or a JSON number read from its decimal text.</summary>
    private static Rational ReadNumber(JsonElement element, string name, int? index, string? type)
    {
        string? text = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            _ => null,
        };
        if (text is null) throw Problem(index, type, $"{name} must be a number (a string such as \"-2/3\" or a JSON number), not {Describe(element)}");
        if (!Rational.TryParse(text, out var value, out var error, MaxNumberDigits)) throw Problem(index, type, $"{name}: {error}");
        return value;
    }

    /// <summary>A non-negative integer that fits an <see cref="int"/> (any exact number syntax with an integer value).</summary>
    private static int ReadIndex(JsonElement element, string name, int? index, string? type)
    {
        var value = ReadNumber(element, name, index, type);
        if (!value.IsInteger || value.Sign < 0 || value.Numerator > int.MaxValue)
            throw Problem(index, type, $"{name} must be a non-negative integer, not {value}");
        return (int)value.Numerator;
    }

    private static NetworkFormatException Problem(int? index, string? type, string problem) =>
        index is int i ? NetworkFormatException.AtLayer(i, type, problem) : new NetworkFormatException(problem);

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {element.GetRawText()}",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
