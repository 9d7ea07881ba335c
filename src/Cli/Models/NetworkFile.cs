using System.Collections.Immutable;
using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic.Networks;

namespace Verifier.Cli.Models;

/// <summary>
/// A model named by <c>--network FILE</c> (or a batch query's <c>network_file</c>), read by <see cref="NetworkFile"/>: its
/// exact network when it has one, and for an ONNX file also the imported graph (the numeric side of crosscheck, inspect).
/// </summary>
/// <param name="Path">The file as the user named it.</param>
/// <param name="Network">The exact network attributing the selected output, or null when the model has none (a smooth ONNX model).</param>
/// <param name="Graph">The imported ONNX graph, or null for a verifier-network/1 file.</param>
/// <param name="NotExact">Why there is no exact network (one line), or null.</param>
/// <param name="InputShape">The model's input shape (points are it flattened in C order): <c>[n]</c> for a network file.</param>
/// <param name="Output">The attributed output, 0-based in the flattened, concatenated outputs.</param>
internal sealed record ModelFile(string Path, Network? Network, OnnxGraph? Graph, string? NotExact, ImmutableArray<int> InputShape, int Output)
{
    /// <summary>The number of input features n.</summary>
    public int Inputs => InputShape.Aggregate(1, (a, d) => a * d);

    /// <summary>The input shape for messages: <c>[1, 1, 1, 5]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", InputShape) + "]";

    /// <summary>The exact network, or the one-line reason it has none as a usage error (exit code 2).</summary>
    public Network Exact => Network ?? throw new UsageException(NotExact!);
}

/// <summary>How a model file is read: <c>--max-model-bytes</c> and <c>--dim-value</c> for ONNX, <c>--max-file-size</c> for JSON.</summary>
/// <param name="MaxBytes">The largest ONNX file accepted, or null for <see cref="NetworkFile.DefaultMaxModelBytes"/>.</param>
/// <param name="Dimensions">Values of symbolic input dimensions by name, or null for none.</param>
/// <param name="MaxJsonBytes">The largest verifier-network/1 file read, or null for <c>--max-file-size</c>'s default.</param>
internal sealed record ModelLimits(long? MaxBytes = null, IReadOnlyDictionary<string, int>? Dimensions = null, long? MaxJsonBytes = null);

/// <summary>
/// The one loader of <c>--network FILE</c> for every command (CONTRACT.md, "Models from other frameworks"): a file ending in
/// <c>.onnx</c> is an ONNX model, imported exactly (<see cref="OnnxGraph.Load"/>, then the exact network of its selected
/// output); anything else is a <c>verifier-network/1</c> JSON file. <c>--output K</c> picks the attributed output of either;
/// without it a network file keeps its own <c>output</c> field and an ONNX model attributes output 0. Every failure is a
/// one-line input error (exit code 2).
/// </summary>
internal static class NetworkFile
{
    /// <summary>The default of <c>--max-model-bytes</c>: the importer's own limit (512 MiB).</summary>
    public static readonly long DefaultMaxModelBytes = OnnxImportOptions.Default.MaxFileBytes;

    /// <summary>True when the file is read as ONNX (its extension is <c>.onnx</c>, in any case).</summary>
    public static bool IsOnnx(string path) => System.IO.Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The exact network of the file (for the exact commands): a smooth ONNX model is a usage error that says which
    /// operator and node make it so, and that the numeric commands accept it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="output">The attributed output (<c>--output</c>), or null for the file's default.</param>
    /// <param name="limits">How an ONNX file is read (<c>--max-model-bytes</c>, <c>--dim-value</c>), or null for the defaults.</param>
    public static Network LoadNetwork(string path, int? output = null, ModelLimits? limits = null) => Load(path, output, limits).Exact;

    /// <summary>The model in the file: its exact network when it has one, and the imported graph of an ONNX file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="output">The attributed output (<c>--output</c>), or null for the file's default.</param>
    /// <param name="limits">How an ONNX file is read (<c>--max-model-bytes</c>, <c>--dim-value</c>), or null for the defaults.</param>
    public static ModelFile Load(string path, int? output = null, ModelLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) throw new UsageException("--network: the file name is empty");
        if (!File.Exists(path))
            throw new UsageException(Directory.Exists(path) ? $"cannot read network file '{path}': it is a directory" : $"cannot read network file '{path}': no such file");
        return IsOnnx(path) ? LoadOnnx(path, output, limits) : LoadJson(path, output, limits?.MaxJsonBytes ?? CommandLine.Budgets.DefaultMaxFileBytes);
    }

    private static ModelFile LoadJson(string path, int? output, long maxBytes)
    {
        // the size limit of --max-file-size, the file read once (a FIFO or a device is not read without end)
        var network = Input.InputFiles.Network(path, "--network", maxBytes);
        if (output is { } k)
        {
            CheckOutput(path, k, network.OutputWidth);
            network = network.WithOutput(k);
        }
        return new ModelFile(path, network, null, null, [network.Inputs], network.Output);
    }

    private static ModelFile LoadOnnx(string path, int? output, ModelLimits? limits)
    {
        var graph = Graph(path, limits);
        int k = output ?? 0;
        CheckOutput(path, k, graph.OutputCount);
        var shape = graph.Input.Shape;
        if (!graph.IsPiecewiseLinear)
        {
            var smooth = graph.Operations.First(o => !o.Op.IsPiecewiseLinear);
            return new ModelFile(path, null, graph, NotPiecewiseLinear(path, smooth), shape, k);
        }
        try
        {
            return new ModelFile(path, ToNetwork(graph, k), graph, null, shape, k);
        }
        catch (OnnxModelException e)
        {
            return new ModelFile(path, null, graph, $"'{path}' has no exact network form: {e.Message}", shape, k);
        }
    }

    /// <summary>The ONNX graph in the file, read with <paramref name="limits"/>.</summary>
    public static OnnxGraph Graph(string path, ModelLimits? limits)
    {
        var options = OnnxImportOptions.Default with
        {
            MaxFileBytes = limits?.MaxBytes ?? DefaultMaxModelBytes,
            Dimensions = limits?.Dimensions ?? OnnxImportOptions.Default.Dimensions,
        };
        try { return OnnxGraph.Load(path, options); }
        catch (OnnxModelException e) when (e.Message.Contains(nameof(OnnxImportOptions.MaxFileBytes), StringComparison.Ordinal))
        {
            throw new UsageException($"'{path}' is larger than --max-model-bytes ({options.MaxFileBytes} bytes); raise the limit to read it");
        }
        catch (OnnxModelException e) when (e.Message.Contains("has no value", StringComparison.Ordinal))
        {
            throw new UsageException(e.Message + "; give it with --dim-value NAME=N");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"cannot read network file '{path}': {e.Message}"); }
    }

    // The exact network of a piecewise-linear graph, attributing output k.
    private static Network ToNetwork(OnnxGraph graph, int k) => OnnxImport.ToNetwork(graph, k);

    private static string NotPiecewiseLinear(string path, OnnxOperation op) =>
        $"'{path}' is not piecewise linear: operator {op.OpType} at {op.Name} has no exact rational value, so exact attributions "
        + "do not exist; the numeric commands accept it (verifier crosscheck --model FILE.onnx against a --function or --network "
        + "reference; verifier inspect)";

    private static void CheckOutput(string path, int k, int count)
    {
        if (k < 0 || k >= count)
            throw new UsageException($"--output {k} is out of range: '{path}' has {count} output{(count == 1 ? "" : "s")} (0-based, 0..{count - 1})");
    }
}
