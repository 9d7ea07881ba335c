using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.External;

/// <summary>
/// Reads one answer line of <c>verifier-method/1</c>: <c>{"id": 7, "attributions": [1.5, "3/2"]}</c> or
/// <c>{"id": 7, "error": "text"}</c>. Numbers are read exactly: JSON numbers from their decimal text, strings in the
/// exact number syntax (<c>3</c>, <c>-2/3</c>, <c>0.25</c>, <c>1e-3</c>). Everything else is a typed fault.
/// </summary>
internal static partial class AnswerReader
{
    /// <summary>JSON as the protocol reads it: no duplicate keys, shallow.</summary>
    public static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 32 };

    private static readonly string[] NonFiniteWords = ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"];

    /// <summary>The attributions of the answer to request <paramref name="id"/> of dimension <paramref name="dim"/>,
    /// or the fault; numbers with more than <paramref name="maxDigits"/> digits (exponent included) are refused.</summary>
    public static (Rational[]? Values, MethodFault? Fault) Read(string line, long id, int dim, int maxDigits)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(line, Strict); }
        catch (JsonException e)
        {
            // Python's json.dumps writes NaN and Infinity, which are not JSON: name them, and keep the conversation going
            // when the rest is a well-formed answer to this request.
            if (NonFiniteToken().IsMatch(line) && SameIdWithoutNonFinite(line, id))
                return (null, new MethodFault(MethodFaultKind.NonFinite, $"the answer to request {id} holds NaN or Infinity: '{Shorten(line)}'"));
            return (null, new MethodFault(MethodFaultKind.Garbage, $"a line that is not JSON ({FirstSentence(e.Message)}): '{Shorten(line)}'"));
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, new MethodFault(MethodFaultKind.Garbage, $"a line that is not a JSON object: '{Shorten(line)}'"));
            if (!root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.Number)
                return (null, new MethodFault(MethodFaultKind.Garbage, $"an answer without a numeric \"id\": '{Shorten(line)}'"));
            if (!idElement.TryGetInt64(out long got) || got != id)
                return (null, new MethodFault(MethodFaultKind.WrongId, $"an answer with id {Shorten(idElement.GetRawText())} while request {id} was waiting"));
            if (root.TryGetProperty("error", out var error))
            {
                string text = error.ValueKind == JsonValueKind.String ? error.GetString()! : error.GetRawText();
                return (null, new MethodFault(MethodFaultKind.MethodError, $"the method reported an error for request {id}: {Shorten(text, 1000)}"));
            }
            if (!root.TryGetProperty("attributions", out var values))
                return (null, new MethodFault(MethodFaultKind.Garbage, $"an answer with neither \"attributions\" nor \"error\": '{Shorten(line)}'"));
            if (values.ValueKind != JsonValueKind.Array)
                return (null, new MethodFault(MethodFaultKind.BadValue, $"\"attributions\" is not an array: {Shorten(values.GetRawText())}"));
            int count = values.GetArrayLength();
            if (count != dim)
                return (null, new MethodFault(MethodFaultKind.WrongLength,
                    $"{count} attributions for {dim} feature{(dim == 1 ? "" : "s")} (request {id})"));
            var result = new Rational[dim];
            int k = 0;
            foreach (var v in values.EnumerateArray())
            {
                if (ReadNumber(v, maxDigits, out result[k], out var fault) is false)
                    return (null, fault! with { Reason = $"attribution {(k + 1).ToString(CultureInfo.InvariantCulture)} of request {id}: {fault!.Reason}" });
                k++;
            }
            return (result, null);
        }
    }

    private static bool ReadNumber(JsonElement v, int maxDigits, out Rational value, out MethodFault? fault)
    {
        value = Rational.Zero;
        fault = null;
        string text;
        if (v.ValueKind == JsonValueKind.Number) text = v.GetRawText();
        else if (v.ValueKind == JsonValueKind.String)
        {
            text = v.GetString()!.Trim();
            if (NonFiniteWords.Contains(text.ToLowerInvariant()))
            {
                fault = new MethodFault(MethodFaultKind.NonFinite, $"\"{Shorten(text)}\" is not a finite number");
                return false;
            }
        }
        else
        {
            fault = new MethodFault(MethodFaultKind.BadValue, $"{Shorten(v.GetRawText())} is not a number");
            return false;
        }
        if (Rational.TryParse(text, out value, out var error, maxDigits)) return true;
        fault = new MethodFault(MethodFaultKind.BadValue, error);
        return false;
    }

    private static bool SameIdWithoutNonFinite(string line, long id)
    {
        try
        {
            using var doc = JsonDocument.Parse(NonFiniteToken().Replace(line, "null"), Strict);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var e)
                   && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long got) && got == id;
        }
        catch (JsonException) { return false; }
    }

    [GeneratedRegex(@"(?<![\w""])-?(NaN|Infinity)(?![\w""])")]
    private static partial Regex NonFiniteToken();

    /// <summary>The text on one line, cut to <paramref name="max"/> characters.</summary>
    public static string Shorten(string text, int max = 200)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : flat[..(max - 3)] + "...";
    }

    /// <summary>System.Text.Json's message without its position suffix (<c>LineNumber: 0 | BytePositionInLine: 3.</c>).</summary>
    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            int cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return message.TrimEnd('.', ' ', '|');
    }
}
