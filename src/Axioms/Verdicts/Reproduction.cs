using Verifier.Axioms.External;

namespace Verifier.Axioms.Verdicts;

/// <summary>
/// A self-contained reproduction of a counterexample found through <c>verifier-method/1</c>: the request lines the axiom
/// test sent to the method (ids 1, 2, ...; one line for most axioms, two for implementation invariance and affine scale
/// invariance, three for linearity), and the method's command. Feeding the lines to the command replays the
/// counterexample: <see cref="ShellCommand"/> with a shell alone, or <c>verifier replay --method-cmd CMD --query FILE</c>.
/// </summary>
/// <param name="Requests">The request lines, in the order the test sent them.</param>
/// <param name="Command">The method's command line (its words quoted for a POSIX shell where needed).</param>
/// <param name="Replayed">True when testing the shrunk instance once more through the method failed again (the method
/// answered the same way; false for a method whose answers vary).</param>
public sealed record Reproduction(IReadOnlyList<string> Requests, string Command, bool Replayed)
{
    /// <summary>The attributions the method gave on the replay, one list per request (number strings as read).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Answers { get; init; } = [];

    /// <summary><c>printf '%s\n' 'REQUEST' ... | CMD</c>: a shell command that sends the requests and prints the handshake
    /// and one answer line per request.</summary>
    public string ShellCommand => $"printf '%s\\n' {string.Join(' ', Requests.Select(Quote))} | {Command}";

    /// <summary><c>verifier replay --method-cmd 'CMD' --query FILE</c> for the requests saved in <paramref name="file"/>.</summary>
    public string ReplayCommand(string file) => $"verifier replay --method-cmd {Quote(Command)} --query {CommandLine.Join([file])}";

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
