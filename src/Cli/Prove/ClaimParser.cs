using System.Text;
using System.Text.Json;

namespace Verifier.Cli.Prove;

/// <summary>
/// Reads the claim blocks of a literate proof (format in proofs/README.md):
/// <code>
/// ```claim appendix-c
/// $ verifier attribute --function "x1*x2" --input 1,0 --method path --path "polyline:0,1;1,1"
/// attributions = ["1", "-1"]
/// ```
/// </code>
/// </summary>
internal static class ClaimParser
{
    private static readonly string[] Ops = ["!=", "<=", ">=", "=", "~", "<", ">"];

    /// <summary>The claims of one Markdown text; malformed blocks are <see cref="FormatException"/>s naming file and line.</summary>
    public static List<Claim> Parse(string file, string text)
    {
        var claims = new List<Claim>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int k = 0; k < lines.Length; k++)
        {
            var open = lines[k].TrimEnd();
            if (!open.StartsWith("```claim", StringComparison.Ordinal))
            {
                // Any other fenced block (``` or ~~~) is skipped whole, so examples of claim blocks can be shown.
                var trimmed = open.TrimStart();
                var fence = trimmed.StartsWith("```", StringComparison.Ordinal) ? "```" : trimmed.StartsWith("~~~", StringComparison.Ordinal) ? "~~~" : null;
                if (fence is null) continue;
                for (k++; k < lines.Length && !lines[k].TrimStart().StartsWith(fence, StringComparison.Ordinal); k++) { }
                continue;
            }
            int start = k + 1;
            var id = open["```claim".Length..].Trim();
            if (id.Length == 0) throw new FormatException($"{file}:{start}: a claim block needs a name: ```claim NAME");
            string[]? args = null;
            var expectations = new List<Expectation>();
            for (k++; ; k++)
            {
                if (k >= lines.Length) throw new FormatException($"{file}:{start}: claim '{id}' is not closed with ```");
                var line = lines[k].Trim();
                if (line.StartsWith("```", StringComparison.Ordinal)) break;
                if (line.Length == 0 || line.StartsWith('#')) continue;
                if (line.StartsWith("$ ", StringComparison.Ordinal))
                {
                    if (args is not null) throw new FormatException($"{file}:{k + 1}: claim '{id}' has a second command; one command per claim");
                    var words = Split(line[2..], file, k + 1);
                    if (words.Count == 0 || words[0] != "verifier")
                        throw new FormatException($"{file}:{k + 1}: the command must start with '$ verifier'");
                    args = [.. words.Skip(1)];
                    continue;
                }
                if (args is null) throw new FormatException($"{file}:{k + 1}: claim '{id}' needs its command ('$ verifier ...') before the expectations");
                expectations.Add(ParseExpectation(line, file, k + 1));
            }
            if (args is null) throw new FormatException($"{file}:{start}: claim '{id}' has no command");
            if (expectations.Count == 0) throw new FormatException($"{file}:{start}: claim '{id}' has no expectation");
            claims.Add(new Claim(file, start, id, args, expectations));
        }
        return claims;
    }

    private static Expectation ParseExpectation(string line, string file, int number)
    {
        // The path is the first word; the operator follows; the rest is a JSON value.
        int space = line.IndexOf(' ');
        if (space < 0) throw new FormatException($"{file}:{number}: expected 'PATH OP VALUE', got '{line}'");
        var path = line[..space];
        var rest = line[(space + 1)..].TrimStart();
        var op = Ops.FirstOrDefault(o => rest.StartsWith(o, StringComparison.Ordinal))
            ?? throw new FormatException($"{file}:{number}: unknown operator in '{line}'; use =, !=, ~, <, <=, >, >=");
        var value = rest[op.Length..].Trim();
        try { using var _ = JsonDocument.Parse(value); }
        catch (JsonException e) { throw new FormatException($"{file}:{number}: the expected value is not JSON ({e.Message}): {value}"); }
        return new Expectation(number, path, op, value);
    }

    /// <summary>Shell-like words: spaces separate, double or single quotes group, backslash escapes inside double quotes.</summary>
    internal static List<string> Split(string text, string file, int line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(current.ToString()); current.Clear(); inWord = false; }
                continue;
            }
            inWord = true;
            if (c is '"' or '\'')
            {
                char quote = c;
                for (i++; ; i++)
                {
                    if (i >= text.Length) throw new FormatException($"{file}:{line}: unclosed {quote} quote");
                    if (text[i] == quote) break;
                    if (quote == '"' && text[i] == '\\' && i + 1 < text.Length) i++;
                    current.Append(text[i]);
                }
                continue;
            }
            current.Append(c);
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
