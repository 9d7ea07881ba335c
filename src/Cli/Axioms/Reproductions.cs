using System.Text;
using Verifier.Axioms.Verdicts;

namespace Verifier.Cli.Axioms;

/// <summary>Counterexample reproductions written to a directory (<c>--repro-dir DIR</c>): one file of request lines per
/// violated axiom, which <c>verifier replay --method-cmd CMD --query FILE</c> (or <c>CMD &lt; FILE</c>) replays.</summary>
internal static class Reproductions
{
    /// <summary>Writes DIR/[PREFIX-]AXIOM.jsonl for every verdict with a reproduction; the file names by axiom.</summary>
    public static Dictionary<string, string> Write(string dir, IEnumerable<Verdict> verdicts, string? prefix = null)
    {
        var files = new Dictionary<string, string>();
        try
        {
            Directory.CreateDirectory(dir);
            foreach (var v in verdicts)
            {
                if (v.Counterexample?.Reproduction is not { } rep) continue;
                var file = Path.Combine(dir, (prefix is null ? "" : Safe(prefix) + "-") + v.Axiom + ".jsonl");
                File.WriteAllText(file, string.Join("\n", rep.Requests) + "\n", new UTF8Encoding(false));
                files[v.Axiom] = file;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write --repro-dir '{dir}': {e.Message}");
        }
        return files;
    }

    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
