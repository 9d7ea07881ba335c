using System.Text.Json;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Prove;

/// <summary>The outcome of one claim: null message when it holds, otherwise what was expected and what was computed.</summary>
internal sealed record ClaimResult(Claim Claim, string? Failure, double Seconds)
{
    public bool Passed => Failure is null;
}

/// <summary>Runs a claim's command in-process and checks its expectations against the JSON output.</summary>
internal static class ClaimRunner
{
    private static readonly HashSet<string> FileOptions = ["--network", "--network2", "--batch", "--smt-out", "--plot", "--out"];

    // The options that write files: a claim may write only inside the tree it proves.
    private static readonly HashSet<string> OutputOptions = ["--smt-out", "--plot", "--out"];

    /// <summary>Runs the claim; relative file arguments (of --network, --network2, --batch, --smt-out, --plot, --out) are
    /// taken relative to <paramref name="baseDirectory"/>, the directory that holds <c>proofs/</c>. A claim whose output
    /// (--smt-out, --plot, --out) would be written outside that tree (an absolute path, or one that leaves it with ..)
    /// fails without running.</summary>
    public static ClaimResult Run(Claim claim, string baseDirectory)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // --plot=FILE is --plot FILE.
        var args = claim.Arguments.SelectMany(a => a.IndexOfAny(['=', ':']) is > 0 and var eq && FileOptions.Contains(a[..eq]) ? new[] { a[..eq], a[(eq + 1)..] } : [a]).ToArray();
        var tree = Path.GetFullPath(baseDirectory);
        for (int k = 1; k < args.Length; k++)
        {
            if (!FileOptions.Contains(args[k - 1]) || args[k] == "-") continue;
            if (OutputOptions.Contains(args[k - 1]))
            {
                var target = Path.GetFullPath(Path.Combine(tree, args[k]));
                if (Path.IsPathRooted(args[k]) || !target.StartsWith(tree.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    return new ClaimResult(claim, $"{args[k - 1]} '{args[k]}' writes outside the tree the claim proves ('{tree}'): outputs of claims are relative paths inside it", 0);
            }
            if (!Path.IsPathRooted(args[k])) args[k] = Path.Combine(baseDirectory, args[k]);
        }
        int exit = CliApp.Run(args, new StringReader(""), stdout, stderr);
        JsonElement? json = null;
        try
        {
            if (stdout.ToString().TrimStart().StartsWith('{')) json = JsonDocument.Parse(stdout.ToString()).RootElement.Clone();
        }
        catch (JsonException) { }
        var failures = new List<string>();
        foreach (var e in claim.Expectations)
        {
            JsonElement? actual = e.Path switch
            {
                "exit" => JsonDocument.Parse(exit.ToString(System.Globalization.CultureInfo.InvariantCulture)).RootElement.Clone(),
                "stderr" => StringElement(stderr.ToString().Trim()),
                _ => json is { } root ? Select(root, e.Path) : null,
            };
            var expected = JsonDocument.Parse(e.Value).RootElement;
            if (actual is null)
            {
                failures.Add(json is null
                    ? $"line {e.Line}: {e.Path}: the command gave no JSON output (exit {exit}{(stderr.ToString().Length > 0 ? ", " + stderr.ToString().Trim() : "")})"
                    : $"line {e.Line}: {e.Path}: no such field in the output");
                continue;
            }
            if (!Holds(actual.Value, e.Op, expected))
                failures.Add($"line {e.Line}: {e.Path} {e.Op} {Compact(expected)} expected, computed {Compact(actual.Value)}"
                    + (e.Path == "exit" && stderr.ToString().Trim() is { Length: > 0 } said ? $" ({CliApp.OneLine(said)})" : ""));
        }
        return new ClaimResult(claim, failures.Count == 0 ? null : string.Join("\n    ", failures), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Follows <c>a.b[0].c</c> and <c>cells[method=ig,axiom=completeness].status</c>; null when absent.</summary>
    internal static JsonElement? Select(JsonElement root, string path)
    {
        JsonElement current = root;
        foreach (var part in path.Split('.'))
        {
            var name = part;
            var selectors = new List<string>();
            int b = part.IndexOf('[');
            if (b >= 0)
            {
                name = part[..b];
                var rest = part[b..];
                while (rest.StartsWith('['))
                {
                    int close = rest.IndexOf(']');
                    if (close < 0) return null;
                    selectors.Add(rest[1..close]);
                    rest = rest[(close + 1)..];
                }
            }
            if (name.Length > 0)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
            }
            foreach (var s in selectors)
            {
                if (current.ValueKind != JsonValueKind.Array) return null;
                if (int.TryParse(s, out int index))
                {
                    if (index < 0 || index >= current.GetArrayLength()) return null;
                    current = current[index];
                    continue;
                }
                var conditions = s.Split(',').Select(c => c.Split('=', 2)).ToArray();
                JsonElement? match = null;
                foreach (var item in current.EnumerateArray())
                    if (conditions.All(c => c.Length == 2 && item.ValueKind == JsonValueKind.Object && item.TryGetProperty(c[0].Trim(), out var v)
                            && v.ValueKind == JsonValueKind.String && v.GetString() == c[1].Trim()))
                    {
                        match = item;
                        break;
                    }
                if (match is null) return null;
                current = match.Value;
            }
        }
        return current;
    }

    private static bool Holds(JsonElement actual, string op, JsonElement expected) => op switch
    {
        "=" => Same(actual, expected),
        "!=" => !Same(actual, expected),
        "~" => actual.ValueKind switch
        {
            JsonValueKind.String => expected.ValueKind == JsonValueKind.String && actual.GetString()!.Contains(expected.GetString()!, StringComparison.Ordinal),
            JsonValueKind.Array => actual.EnumerateArray().Any(item => Same(item, expected)),
            _ => false,
        },
        _ => Number(actual) is { } a && Number(expected) is { } e && op switch
        {
            "<" => a < e,
            "<=" => a <= e,
            ">" => a > e,
            ">=" => a >= e,
            _ => false,
        },
    };

    // Exact equality: numbers (and numeric strings against numbers) compared as rationals, strings exactly, arrays and
    // objects member by member.
    private static bool Same(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Number || b.ValueKind == JsonValueKind.Number)
            return Number(a) is { } x && Number(b) is { } y && x == y;
        if (a.ValueKind != b.ValueKind) return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.String: return a.GetString() == b.GetString();
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => Same(p.First, p.Second));
            case JsonValueKind.Object:
                var pa = a.EnumerateObject().ToList();
                return pa.Count == b.EnumerateObject().Count() && pa.All(p => b.TryGetProperty(p.Name, out var v) && Same(p.Value, v));
            default: return true; // true, false, null
        }
    }

    private static Rational? Number(JsonElement e)
    {
        var text = e.ValueKind switch
        {
            JsonValueKind.Number => e.GetRawText(),
            JsonValueKind.String => e.GetString(),
            _ => null,
        };
        return text is not null && Rational.TryParse(text, out var r, out _, 10_000) ? r : null;
    }

    private static string Compact(JsonElement e)
    {
        var s = Write(e.WriteTo);
        return s.Length > 300 ? s[..300] + "..." : s;
    }

    private static JsonElement StringElement(string text) => JsonDocument.Parse(Write(w => w.WriteStringValue(text))).RootElement.Clone();

    // JSON text through Utf8JsonWriter (no reflection-based serializer: the command line is published with NativeAOT).
    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(w);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
