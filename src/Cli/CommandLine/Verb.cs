using System.CommandLine;

namespace Verifier.Cli.CommandLine;

/// <summary>
/// A command of <c>verifier</c> with what its generated help needs beyond the options themselves: the usage lines, a
/// description, and sections after the option list (e.g. the methods from the registry), computed when help is asked for.
/// </summary>
/// <param name="name">The command word.</param>
/// <param name="summary">One line, for the list of commands.</param>
internal sealed class Verb(string name, string summary) : Command(name, summary)
{
    /// <summary>The usage lines, without the leading "Usage: " (e.g. <c>verifier check --method M [options]</c>).</summary>
    public IReadOnlyList<string> UsageLines { get; init; } = [];

    /// <summary>Paragraphs between the usage lines and the options, or null.</summary>
    public string? About { get; init; }

    /// <summary>Sections after the options (methods, axioms, budgets, notes), generated when help is asked for.</summary>
    public Func<string>? Epilogue { get; init; }

    /// <summary>Adds options (the command table reads better as one call per command).</summary>
    public Verb With(params Option[] options)
    {
        foreach (var o in options) Options.Add(o);
        return this;
    }

    /// <summary>Sets the command's action: <paramref name="run"/> reads the parsed options and returns the exit code;
    /// its exceptions reach <see cref="CliApp"/>, which maps them to exit codes.</summary>
    public Verb Acting(Func<Parsed, int> run)
    {
        SetAction(r => run(new Parsed(r)));
        return this;
    }
}
