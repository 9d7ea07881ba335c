using System.Globalization;
using System.Text;
using System.Text.Json;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>A point file cannot be read: not found, malformed (the message says where), or of the wrong length.</summary>
public sealed class PointFileException(string message, Exception? inner = null) : FormatException(message, inner), IInputError;

/// <summary>
/// Reads the numbers of an input or baseline point from a file (<c>--input @FILE</c>, <c>--baseline @FILE</c>), exactly:
/// a JSON array of numbers or number strings (nested arrays are flattened in C order), decimal numbers separated by
/// whitespace or commas, or a NumPy <c>.npy</c> file of float32 or float64 (C order). Values follow the model's input shape
/// flattened in C order.
/// </summary>
/// <remarks>
/// Text numbers use the exact number syntax (<c>0.1</c> is 1/10, <c>-2/3</c>, <c>1e-3</c>); JSON numbers are read from their
/// decimal text, never through a double. An <c>.npy</c> value is the exact dyadic rational of its float. A file is taken as
/// <c>.npy</c> when it starts with NumPy's magic bytes, as JSON when its first non-blank character is <c>[</c>.
/// </remarks>
public static class PointFile
{
    /// <summary>The most numbers a point file may hold.</summary>
    public const int MaxValues = 1 << 24;

    /// <summary>The most digits of one number in a text file.</summary>
    public const int MaxDigits = 10_000;

    /// <summary>The numbers in the file at <paramref name="path"/>.</summary>
    /// <exception cref="PointFileException">The file does not exist or is malformed; the message names the file and the place.</exception>
    public static Rational[] Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new PointFileException($"'{path}': no such file");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new PointFileException($"'{path}': {e.Message}", e);
        }
        try
        {
            return Parse(bytes);
        }
        catch (PointFileException e)
        {
            throw new PointFileException($"'{path}': {e.Message}", e);
        }
    }

    /// <summary>The numbers in the file, which must be <paramref name="count"/> (the model's inputs).</summary>
    /// <exception cref="PointFileException">As for <see cref="Read(string)"/>, or the file holds another number of values.</exception>
    public static Rational[] Read(string path, int count)
    {
        var values = Read(path);
        if (values.Length != count)
            throw new PointFileException($"'{path}' holds {values.Length} numbers but the model has {count} inputs (values in the input shape, flattened in C order)");
        return values;
    }

    /// <summary>The numbers in a file's bytes (see the class remarks for the formats).</summary>
    /// <exception cref="PointFileException">The bytes are malformed.</exception>
    public static Rational[] Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (NpyFile.IsNpy(bytes)) return NpyFile.Parse(bytes);
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new PointFileException("the file is neither text (UTF-8) nor a .npy file", e);
        }
        return text.TrimStart().StartsWith('[') ? ParseJson(text) : ParseText(text);
    }

    private static Rational[] ParseJson(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new PointFileException($"malformed JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message.Split(" LineNumber:")[0]}", e);
        }
        using (document)
        {
            var values = new List<Rational>();
            Flatten(document.RootElement, values, "$");
            return [.. values];
        }
    }

    private static void Flatten(JsonElement e, List<Rational> values, string where)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in e.EnumerateArray()) Flatten(item, values, $"{where}[{i++}]");
                return;
            case JsonValueKind.Number or JsonValueKind.String:
                string raw = e.ValueKind == JsonValueKind.Number ? e.GetRawText() : e.GetString()!;
                if (!Rational.TryParse(raw, out var v, out var error, MaxDigits)) throw new PointFileException($"{where}: {error}");
                if (values.Count >= MaxValues) throw new PointFileException($"more than {MaxValues} numbers");
                values.Add(v);
                return;
            default:
                throw new PointFileException($"{where} is {e.ValueKind.ToString().ToLowerInvariant()}, not a number, a number string or an array");
        }
    }

    private static Rational[] ParseText(string text)
    {
        var values = new List<Rational>();
        int line = 1, start = 0;
        bool afterComma = false;
        for (int i = 0; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : ' ';
            bool separator = char.IsWhiteSpace(c) || c == ',';
            if (!separator) continue;
            if (i > start)
            {
                string token = text[start..i];
                if (!Rational.TryParse(token, out var v, out var error, MaxDigits)) throw new PointFileException($"line {line}: {error}");
                if (values.Count >= MaxValues) throw new PointFileException($"more than {MaxValues} numbers");
                values.Add(v);
                afterComma = false;
            }
            if (c == ',')
            {
                if (afterComma || values.Count == 0) throw new PointFileException($"line {line}: a comma with no number before it");
                afterComma = true;
            }
            if (c == '\n') line++;
            start = i + 1;
        }
        if (afterComma) throw new PointFileException($"line {line}: the file ends with a comma");
        if (values.Count == 0) throw new PointFileException("the file holds no numbers");
        return [.. values];
    }
}
