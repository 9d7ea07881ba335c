using System.CommandLine;

namespace Verifier.Cli.CommandLine;

/// <summary>
/// The commands of <c>verifier</c> on System.CommandLine: parsing, the generated help (<see cref="HelpWriter"/>), shell
/// completion (the library's <c>[suggest]</c> directive, <see cref="CompletionCommand"/>) and the one-line parse errors
/// (<see cref="ParseErrors"/>) all read this table.
/// </summary>
/// <remarks>
/// To add a command: write <c>static Verb Definition(CliContext c)</c> beside its code (a <see cref="Verb"/> with its usage
/// lines, its options from <see cref="Opt"/>, an epilogue if the help needs one, and <c>.Acting(p =&gt; Run(p, c))</c>,
/// where <c>Run</c> reads the options through <see cref="Parsed"/> and returns the exit code) and list it in
/// <see cref="Commands"/>. To add an option to a command: add it to that command's <c>Definition</c>; its parsing, help
/// line, completion and errors follow. Input errors are thrown as <see cref="UsageException"/> (or an
/// <see cref="Verifier.Symbolic.IInputError"/>) and become exit code 2; any other exception is an internal error, exit 1.
/// </remarks>
internal static class CommandTable
{
    /// <summary>The option, accepted by every command, that adds the stack trace to an internal error.</summary>
    public static readonly string Debug = CliApp.DebugFlag;

    /// <summary>The commands, in the order the help lists them.</summary>
    private static Verb[] Commands(CliContext c) =>
    [
        Attribution.AttributeCommand.Definition(c),
        Axioms.CheckCommand.Definition(c),
        Axioms.MatrixCommand.Definition(c),
        Axioms.CounterexampleCommand.Definition(c),
        Crosscheck.CrosscheckCommand.Definition(c),
        Models.InspectCommand.Definition(c),
        Models.ExportCommand.Definition(c),
        Prove.ProveCommand.Definition(c),
        Golden.GoldenCommand.Definition(c),
        Golden.ConformanceCommand.Definition(c),
        Axioms.ReplayCommand.Definition(c),
    ];

    /// <summary>The root command with every command, <c>--debug</c>, <c>completion</c> and the hidden <c>help</c>.</summary>
    public static RootCommand Build(CliContext c)
    {
        var root = new RootCommand("verifier: exact feature attributions");
        root.Options.Add(new Option<bool>(Debug) { Description = "the stack trace of an internal error", Recursive = true, Arity = ArgumentArity.Zero });
        foreach (var command in Commands(c)) root.Subcommands.Add(command);
        root.Subcommands.Add(CompletionCommand.Definition(root, c));
        root.Subcommands.Add(HelpCommand(root, c));
        HelpWriter.Install(root);
        return root;
    }

    // 'verifier help [COMMAND]': the help of the program or of a command (as --help), kept from the hand-written parser.
    private static Command HelpCommand(RootCommand root, CliContext c)
    {
        var which = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "the help of the program or of a command") { Hidden = true };
        help.Arguments.Add(which);
        help.SetAction(r =>
        {
            var names = r.GetValue(which) ?? [];
            if (names.Length > 1) throw new UsageException("help takes one command name");
            Command target = root;
            if (names.Length == 1)
                target = root.Subcommands.FirstOrDefault(s => s.Name == names[0])
                    ?? throw new UsageException($"unknown command '{Parsed.Shorten(names[0])}'; run 'verifier --help' for the list of commands");
            c.Stdout.Write(HelpWriter.Text(target));
            return CliApp.Success;
        });
        return help;
    }
}
