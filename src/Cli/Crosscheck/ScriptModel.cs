using Verifier.NumericBridge;
using Verifier.NumericBridge.Models;

namespace Verifier.Cli.Crosscheck;

/// <summary>Loads the TorchScript file of <c>--model</c>, turning every way it can fail into a one-line usage error.</summary>
internal static class ScriptModel
{
    // Widths tried to tell the user which batch width a module does take after it fails on the one --input gives.
    private const int ProbeWidths = 64;

    /// <summary>The module as a model of <paramref name="inputs"/> inputs whose column <paramref name="output"/> is F.</summary>
    /// <param name="path">The TorchScript file.</param>
    /// <param name="inputs">n, from the reference.</param>
    /// <param name="output">The attributed column.</param>
    /// <param name="precision">The floating-point type.</param>
    /// <param name="reference">"the network" or "the function", for the messages.</param>
    /// <exception cref="UsageException">No file, not TorchScript, the wrong input width, the wrong output shape or column.</exception>
    public static TorchModel Load(string path, int inputs, int output, NumericPrecision precision, string reference)
    {
        try
        {
            return TorchModel.FromTorchScript(path, inputs, output, precision);
        }
        catch (FileNotFoundException)
        {
            throw new UsageException($"--model: no TorchScript file at '{path}'");
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"--model: {CliApp.OneLine(e.Message)}");
        }
        catch (ArgumentException e) when (e.ParamName == "inputs" && e.Message.Contains("fails on", StringComparison.Ordinal))
        {
            var takes = Enumerable.Range(1, ProbeWidths).Where(k => k != inputs).Cast<int?>().FirstOrDefault(k => Accepts(path, k!.Value, precision));
            throw new UsageException(
                $"shape mismatch: --model '{path}' does not take batches of shape [B, {inputs}] ({reference} and --input have {inputs} inputs)"
                + (takes is { } k ? $"; it takes [B, {k}]" : "") + $": {Reason(e)}");
        }
        catch (ArgumentException e) when (e.ParamName == "output")
        {
            throw new UsageException($"--model: {Plain(e)}; --output K picks the column (default: the network's output index, or 0)");
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--model: {Plain(e)}");
        }
    }

    private static bool Accepts(string path, int width, NumericPrecision precision)
    {
        try
        {
            using var m = TorchModel.FromTorchScript(path, width, 0, precision);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>
    /// libtorch's reason on one line: a TorchScript failure's message starts with "The following operation failed in the
    /// TorchScript interpreter" and a traceback, and ends with the line that matters, e.g. "RuntimeError: select(): index 2
    /// out of range for tensor of size [2, 2] at dimension 1".
    /// </summary>
    internal static string Reason(Exception e)
    {
        var full = (e as ArgumentException)?.InnerException?.Message ?? e.Message;
        var lines = full.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = lines.LastOrDefault(l => l.Contains("Error: ", StringComparison.Ordinal));
        if (error is not null) return error[(error.IndexOf("Error: ", StringComparison.Ordinal) + "Error: ".Length)..];
        return lines.Length > 0 ? lines[^1] : CliApp.OneLine(full);
    }

    private static string Plain(ArgumentException e) =>
        CliApp.OneLine(e.ParamName is { } p ? e.Message.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal) : e.Message);
}
