using System.CommandLine;
using System.Globalization;
using Verifier.Cli.CommandLine;

namespace Verifier.Cli.Models;

/// <summary>The options every command that reads <c>--network FILE</c> shares (CONTRACT.md, "Models from other frameworks"):
/// their definitions, so that the help of each command reads the same text, and their parsing.</summary>
internal static class ModelOptions
{
    /// <summary>The attributed output.</summary>
    public const string Output = "--output";

    /// <summary>The size limit of ONNX files.</summary>
    public const string MaxBytes = "--max-model-bytes";

    /// <summary>Values of symbolic dimensions.</summary>
    public const string DimValues = "--dim-value";

    /// <summary>What the help says about <c>--network</c>.</summary>
    public const string NetworkHelp = "a verifier-network/1 JSON file, or an ONNX model (FILE.onnx, imported exactly)";

    /// <summary><c>--output K</c>.</summary>
    public static Option<string> OutputOption() => Opt.Text(Output, "K",
        "the attributed output of a model with several, 0-based, in its outputs flattened in C order and concatenated (an ONNX "
        + "model, or a verifier-network/1 file, whose own 'output' field it overrides); default 0, or the file's 'output'");

    /// <summary><c>--max-model-bytes N</c>.</summary>
    public static Option<string> MaxBytesOption() => Opt.Text(MaxBytes, "N",
        $"the largest ONNX file read, in bytes (default {NetworkFile.DefaultMaxModelBytes}, 512 MiB; external data counts too)");

    /// <summary><c>--dim-value NAME=N[,NAME=N...]</c>.</summary>
    public static Option<string> DimValuesOption() => Opt.Text(DimValues, "NAME=N,...",
        "values of symbolic (dim_param) dimensions of the ONNX model's input, by name; a symbolic first dimension of an input of rank 2 or more is the batch and reads as 1");

    /// <summary>How an ONNX file is read: <c>--max-model-bytes</c> and <c>--dim-value</c>.</summary>
    public static ModelLimits LimitsOf(Parsed p) =>
        new(MaxBytesOf(p), DimensionsOf(p), p.Value<long>(CommandLine.Budgets.MaxFileSize, CommandLine.Budgets.DefaultMaxFileBytes));

    /// <summary>The <c>--dim-value</c> values, or null when it was not given.</summary>
    public static IReadOnlyDictionary<string, int>? DimensionsOf(Parsed p)
    {
        if (p.Get(DimValues) is not { } text) return null;
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in text.Split(','))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || !int.TryParse(part[(eq + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1)
                throw new UsageException($"bad {DimValues} '{Parsed.Shorten(part.Trim())}': NAME=N with N a positive integer, several separated by commas");
            values[part[..eq].Trim()] = n;
        }
        return values;
    }

    /// <summary>The <c>--output</c> value, or null when it was not given.</summary>
    public static int? OutputOf(Parsed p) => p.Get(Output) is { } t ? Attribution.AttributeCommand.Index(t, Output, 0) : null;

    /// <summary>The <c>--max-model-bytes</c> value, or null when it was not given.</summary>
    public static long? MaxBytesOf(Parsed p)
    {
        if (p.Get(MaxBytes) is not { } t) return null;
        return long.TryParse(t.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new UsageException($"bad number: {MaxBytes} must be a positive number of bytes, got '{Parsed.Shorten(t)}'");
    }

    /// <summary>The model in <paramref name="file"/> with the command's <c>--output</c> and <c>--max-model-bytes</c>.</summary>
    public static ModelFile Load(Parsed p, string file) => NetworkFile.Load(file, OutputOf(p), LimitsOf(p));

    /// <summary>A usage error when <c>--output</c> or <c>--max-model-bytes</c> is given without a model file.</summary>
    public static void RequireModel(Parsed p, bool hasModel)
    {
        if (hasModel) return;
        foreach (var option in new[] { Output, MaxBytes, DimValues })
            if (p.Given(option)) throw new UsageException($"{option} applies to a model file; give --network FILE");
    }
}
