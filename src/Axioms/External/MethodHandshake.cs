using System.Text.Json;
using Verifier.Axioms.Methods;

namespace Verifier.Axioms.External;

/// <summary>
/// The first line an external method writes (CONTRACT.md, <c>verifier-method/1</c>):
/// <c>{"protocol": "verifier-method/1", "name": "my-ig", "accepts": ["functions", "networks"], "baseline": true, "exact": false}</c>.
/// </summary>
/// <param name="Name">The method's name.</param>
/// <param name="AcceptsFunctions">It attributes closed-form functions (the request's <c>function</c>).</param>
/// <param name="AcceptsNetworks">It attributes networks (the request's <c>network</c>).</param>
/// <param name="TakesBaseline">It uses the baseline; false: it is defined for x' = 0 only.</param>
/// <param name="Exact">Its attributions are exact number strings; false: floats, compared with a tolerance.</param>
public sealed record MethodHandshake(string Name, bool AcceptsFunctions, bool AcceptsNetworks, bool TakesBaseline, bool Exact)
{
    /// <summary>The protocol's name and version.</summary>
    public const string Protocol = "verifier-method/1";

    /// <summary>The longest method name accepted.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The traits of <see cref="IAttributionMethod"/> that this handshake declares.</summary>
    public MethodTraits Traits =>
        (AcceptsFunctions ? MethodTraits.Functions : MethodTraits.None) | (AcceptsNetworks ? MethodTraits.Networks : MethodTraits.None)
        | (TakesBaseline ? MethodTraits.None : MethodTraits.ZeroBaselineOnly);

    /// <summary>Reads and validates a handshake line; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string line, out MethodHandshake? handshake, out string error)
    {
        ArgumentNullException.ThrowIfNull(line);
        handshake = null;
        error = "";
        JsonDocument doc;
        try { doc = JsonDocument.Parse(line, AnswerReader.Strict); }
        catch (JsonException e)
        {
            error = $"the first line is not a JSON handshake ({e.Message}): '{AnswerReader.Shorten(line)}'";
            return false;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { error = $"the handshake is not a JSON object: '{AnswerReader.Shorten(line)}'"; return false; }
            if (!root.TryGetProperty("protocol", out var protocol) || protocol.ValueKind != JsonValueKind.String)
            { error = $"the handshake has no \"protocol\" (expected \"{Protocol}\"): '{AnswerReader.Shorten(line)}'"; return false; }
            if (protocol.GetString() != Protocol)
            { error = $"unsupported protocol \"{AnswerReader.Shorten(protocol.GetString()!)}\"; this verifier speaks \"{Protocol}\""; return false; }
            if (!root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(name.GetString()) || name.GetString()!.Length > MaxNameLength || name.GetString()!.Any(char.IsControl))
            { error = $"the handshake needs \"name\": a non-empty string of at most {MaxNameLength} printable characters"; return false; }
            if (!root.TryGetProperty("accepts", out var accepts) || accepts.ValueKind != JsonValueKind.Array || accepts.GetArrayLength() == 0)
            { error = "the handshake needs \"accepts\": a non-empty array of \"functions\" and/or \"networks\""; return false; }
            bool functions = false, networks = false;
            foreach (var a in accepts.EnumerateArray())
            {
                string? word = a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                if (word == "functions" && !functions) functions = true;
                else if (word == "networks" && !networks) networks = true;
                else { error = $"\"accepts\" holds {AnswerReader.Shorten(a.GetRawText())}; only \"functions\" and \"networks\", each once, are allowed"; return false; }
            }
            if (!TryBool(root, "baseline", out bool baseline, out error) || !TryBool(root, "exact", out bool exact, out error)) return false;
            handshake = new MethodHandshake(name.GetString()!, functions, networks, baseline, exact);
            return true;
        }
    }

    private static bool TryBool(JsonElement root, string field, out bool value, out string error)
    {
        value = false;
        error = "";
        if (root.TryGetProperty(field, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            value = v.GetBoolean();
            return true;
        }
        error = field == "baseline"
            ? "the handshake needs \"baseline\": true (the method takes a baseline) or false (x' = 0 only)"
            : "the handshake needs \"exact\": true (exact number strings) or false (floats)";
        return false;
    }
}
