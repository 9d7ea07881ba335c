using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Models;

/// <summary>
/// The value of <c>--input</c> or <c>--baseline</c>: comma-separated exact numbers, or <c>@FILE</c> (CONTRACT.md): a JSON array
/// of numbers or number strings (nested arrays flattened in C order), decimal numbers separated by whitespace or commas, or a
/// NumPy <c>.npy</c> file of float32 or float64, all read exactly (<see cref="PointFile"/>). The values follow the model's
/// input shape flattened in C order.
/// </summary>
internal static class PointArgument
{
    /// <summary>What the help says about <c>@FILE</c>.</summary>
    public const string FileHelp = "or @FILE: a JSON array, numbers separated by whitespace or commas, or a float32/float64 .npy, read exactly; values in the model's input shape flattened in C order";

    /// <summary>True when the value names a file (<c>@FILE</c>).</summary>
    public static bool IsFile(string text) => text.StartsWith('@');

    /// <summary>The point; a file must hold <paramref name="model"/>'s number of inputs when a model is given.</summary>
    /// <param name="text">The option's value.</param>
    /// <param name="option">The option's name, for messages (<c>--input</c>).</param>
    /// <param name="model">The model the point feeds, or null (a function: the count is checked later).</param>
    /// <param name="parse">The parser of an inline point (the command's own, e.g. with a range check).</param>
    public static Rational[] Read(string text, string option, ModelFile? model, Func<string, string, Rational[]> parse)
    {
        if (!IsFile(text)) return parse(text, option);
        var values = ReadFile(text[1..], option);
        if (model is not null && values.Length != model.Inputs)
            throw new UsageException($"dimension mismatch: {option} {text} holds {values.Length} number{(values.Length == 1 ? "" : "s")} but the model expects {model.Inputs} (input shape {model.ShapeText}, flattened in C order)");
        return values;
    }

    /// <summary>The numbers of the point file <paramref name="path"/>; every problem is a one-line usage error naming <paramref name="option"/>.</summary>
    public static Rational[] ReadFile(string path, string option)
    {
        if (path.Length == 0) throw new UsageException($"{option} @FILE needs a file name after '@'");
        if (Directory.Exists(path)) throw new UsageException($"cannot read {option} file '{path}': it is a directory");
        try { return PointFile.Read(path); }
        catch (PointFileException e) { throw new UsageException($"bad {option} file: {e.Message}"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"cannot read {option} file '{path}': {e.Message}"); }
    }
}
