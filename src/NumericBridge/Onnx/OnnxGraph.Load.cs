using Google.Protobuf;
using Onnx;

namespace Verifier.NumericBridge.Onnx;

public sealed partial class OnnxGraph
{
    /// <summary>The oldest default-domain opset the importer reads.</summary>
    public const int MinOpset = 7;

    /// <summary>The newest default-domain opset the importer reads.</summary>
    public const int MaxOpset = 21;

    /// <summary>
    /// Reads an ONNX model file into a checked graph: weights as exact rationals, operators normalised, shapes inferred,
    /// constant subgraphs folded, Identity and Dropout removed. External-data files are looked up next to the model
    /// unless <see cref="OnnxImportOptions.ExternalDataDirectory"/> says otherwise.
    /// </summary>
    /// <exception cref="OnnxModelException">The file is truncated or not ONNX, uses an unsupported operator (named with its
    /// node), has a dynamic dimension without a value, misses an external-data file, or is beyond a limit of
    /// <paramref name="options"/>.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static OnnxGraph Load(string path, OnnxImportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= OnnxImportOptions.Default;
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"no ONNX file at '{path}'", path);
        if (info.Length > options.MaxFileBytes)
            throw new OnnxModelException($"'{path}' has {info.Length} bytes, more than OnnxImportOptions.MaxFileBytes ({options.MaxFileBytes})");
        var directory = options.ExternalDataDirectory ?? Path.GetDirectoryName(Path.GetFullPath(path));
        try
        {
            return Parse(File.ReadAllBytes(path), options with { ExternalDataDirectory = directory });
        }
        catch (OnnxModelException e)
        {
            throw e.InFile(path);
        }
    }

    /// <summary>Reads an ONNX model from its bytes (see <see cref="Load"/>); external data only from <see cref="OnnxImportOptions.ExternalDataDirectory"/>.</summary>
    /// <exception cref="OnnxModelException">As for <see cref="Load"/>.</exception>
    public static OnnxGraph Parse(byte[] bytes, OnnxImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        options ??= OnnxImportOptions.Default;
        if (bytes.Length > options.MaxFileBytes)
            throw new OnnxModelException($"the model has {bytes.Length} bytes, more than OnnxImportOptions.MaxFileBytes ({options.MaxFileBytes})");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxModelException($"not an ONNX model, or a truncated one: {e.Message}", e);
        }
        if (model.Graph is null || model.IrVersion <= 0 || model.OpsetImport.Count == 0)
            throw new OnnxModelException("not an ONNX model: it has no graph, IR version or opset");
        return new OnnxImporter(model, options).Import();
    }

    /// <summary>The default-domain opset of <paramref name="model"/>, checked against <see cref="MinOpset"/>..<see cref="MaxOpset"/>.</summary>
    internal static int DefaultOpset(ModelProto model)
    {
        var entry = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")
            ?? throw new OnnxModelException("the model imports no version of the default ONNX operator set");
        if (entry.Version < MinOpset || entry.Version > MaxOpset)
            throw new OnnxModelException($"the model uses opset {entry.Version}; supported are opsets {MinOpset} to {MaxOpset}");
        return (int)entry.Version;
    }
}
