using System.CommandLine;
using System.CommandLine.Parsing;

namespace Verifier.Cli.CommandLine;

/// <summary>
/// The one-line message of a command line that System.CommandLine could not parse (exit code 2; the library's own
/// default is exit code 1 and a help dump): an unknown command, an unknown option or argument, an option given twice, a
/// missing value, or the message of an option's parser (<see cref="Opt"/>).
/// </summary>
internal static class ParseErrors
{
    /// <summary>The message, or null when the command line parsed.</summary>
    public static string? Message(ParseResult result)
    {
        var command = result.CommandResult.Command;
        if (Twice(result.CommandResult) is { } twice) return $"option {twice} is given twice";
        if (result.Errors.Count == 0) return null;
        if (result.UnmatchedTokens.Count > 0)
        {
            var token = Parsed.Shorten(result.UnmatchedTokens[0]);
            if (command is RootCommand)
                return token.StartsWith('-')
                    ? $"unknown option '{token}'; run 'verifier --help' for the list of commands"
                    : $"unknown command '{token}'; run 'verifier --help' for the list of commands";
            return token.StartsWith('-')
                ? $"unknown option '{token}' for {command.Name}; run 'verifier {command.Name} --help' for its options"
                : $"unexpected argument '{token}' for {command.Name}";
        }
        if (command is RootCommand) return "no command given; run 'verifier --help' for the list of commands";
        foreach (var argument in command.Arguments)
            if (argument.Arity.MinimumNumberOfValues > 0 && result.GetResult(argument) is not { Tokens.Count: > 0 })
                return $"{command.Name} needs {argument.Name}; run 'verifier {command.Name} --help'";
        var error = result.Errors[0];
        if (error.SymbolResult is OptionResult { Tokens.Count: 0 } missing && missing.Option.Arity.MinimumNumberOfValues > 0)
            return $"option {missing.Option.Name} needs a value";
        return CliApp.OneLine(error.Message);
    }

    // The first option of a single value (not --param, not a flag) that appears more than once.
    private static string? Twice(CommandResult command) =>
        command.Children.OfType<OptionResult>()
            .FirstOrDefault(o => o.IdentifierTokenCount > 1 && o.Option.Arity.MaximumNumberOfValues == 1)?.Option.Name;
}
