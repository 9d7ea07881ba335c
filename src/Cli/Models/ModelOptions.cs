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

    /// <summary>What the help says about <c>--network</c>.</summary>
    public const string NetworkHelp = "a verifier-network/1 JSON file, or an ONNX model (FILE.onnx, imported exactly)";

    /// <summary><c>--output K</c>.</summary>
    public static Option<string> OutputOption() => Opt.Text(Output, "K",
        "the attributed output of a model with several, 0-based, in its outputs flattened in C order and concatenated (an ONNX "
        + "model, or a verifier-network/1 file, whose own 'output' field it overrides); default 0, or the file's 'output'");

    /// <summary><c>--max-model-bytes N</c>.</summary>
    public static Option<string> MaxBytesOption() => Opt.Text(MaxBytes, "N",
        $"the largest ONNX file read, in bytes (default {NetworkFile.DefaultMaxModelBytes}, 512 MiB; external data counts too)");

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
    public static ModelFile Load(Parsed p, string file) => NetworkFile.Load(file, OutputOf(p), MaxBytesOf(p));

    /// <summary>A usage error when <c>--output</c> or <c>--max-model-bytes</c> is given without a model file.</summary>
    public static void RequireModel(Parsed p, bool hasModel)
    {
        if (hasModel) return;
        foreach (var option in new[] { Output, MaxBytes })
            if (p.Given(option)) throw new UsageException($"{option} applies to a model file; give --network FILE");
    }
}
