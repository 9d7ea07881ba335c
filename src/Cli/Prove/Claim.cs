namespace Verifier.Cli.Prove;

/// <summary>One checkable claim of a literate proof: a <c>verifier</c> command and expectations on its JSON output.</summary>
/// <param name="File">The Markdown file.</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Id">The claim's name (after <c>```claim</c>).</param>
/// <param name="Arguments">The command's arguments, after <c>$ verifier</c>.</param>
/// <param name="Expectations">The expectations, in order.</param>
internal sealed record Claim(string File, int Line, string Id, string[] Arguments, IReadOnlyList<Expectation> Expectations)
{
    /// <summary>"file:line id".</summary>
    public string Where => $"{File}:{Line} {Id}";
}

/// <summary>One expectation line: <c>PATH OP VALUE</c>, with its own line number.</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Path">A path into the JSON output (<c>verdicts[axiom=completeness].status</c>), or <c>exit</c>.</param>
/// <param name="Op">=, !=, ~ (contains), &lt;, &lt;=, &gt;, &gt;=.</param>
/// <param name="Value">The expected value as JSON text.</param>
internal sealed record Expectation(int Line, string Path, string Op, string Value)
{
    /// <summary>The line as written.</summary>
    public override string ToString() => $"{Path} {Op} {Value}";
}
