using System.CommandLine;
using System.CommandLine.Parsing;

namespace Verifier.Cli.CommandLine;

/// <summary>
/// The options of one command as System.CommandLine parsed them, read by name (<c>--method</c>): the commands' code asks
/// what was given and gets values already checked by the options' parsers (<see cref="Opt"/>).
/// </summary>
internal sealed class Parsed
{
    /// <summary>The repeatable method-parameter option.</summary>
    public const string ParamOption = "--param";

    private readonly ParseResult _result;

    /// <summary>Reads the options of <paramref name="result"/>'s command.</summary>
    public Parsed(ParseResult result)
    {
        _result = result;
        Command = result.CommandResult.Command.Name;
        foreach (var text in Given(ParamOption) ? result.GetValue<string[]>(ParamOption) ?? [] : [])
        {
            int eq = text.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--param needs NAME=VALUE, got '{Shorten(text)}'");
            Params[text[..eq].Trim()] = text[(eq + 1)..].Trim();
        }
    }

    /// <summary>The command's name.</summary>
    public string Command { get; }

    /// <summary>The <c>--param NAME=VALUE</c> values (a later one with the same name wins).</summary>
    public Dictionary<string, string> Params { get; } = new();

    /// <summary>True when the option or flag was on the command line (not a default).</summary>
    public bool Given(string option) =>
        Option(option) is { } o && _result.GetResult(o) is { Implicit: false };

    /// <summary>True when the flag was given.</summary>
    public bool Has(string flag) => Given(flag) && _result.GetValue<bool>(flag);

    /// <summary>The text value of the option, or null when it was not given.</summary>
    public string? Get(string option) => Given(option) ? _result.GetValue<string>(option) : null;

    /// <summary>True when the option was given (a synonym of <see cref="Given"/> for valued options).</summary>
    public bool Contains(string option) => Given(option);

    /// <summary>The value of an option with a parser and a default (<see cref="Opt.Int"/>, <see cref="Opt.Choice"/>,
    /// <see cref="Opt.Seconds"/>): the given value, or <paramref name="fallback"/> when it was not given.</summary>
    public T Value<T>(string option, T fallback) => Given(option) ? _result.GetValue<T>(option)! : fallback;

    /// <summary>The value of an option with a parser and a default, the option's own default when it was not given.</summary>
    public T Value<T>(string option) => _result.GetValue<T>(option)!;

    /// <summary>The positional arguments of the command (e.g. prove's PATHS).</summary>
    public string[] Arguments(string name) => _result.GetValue<string[]>(name) ?? [];

    private Option? Option(string name) =>
        _result.CommandResult.Command.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));

    /// <summary>At most 80 characters of a user's text for a message, with an ellipsis and the length when cut.</summary>
    public static string Shorten(string text, int max = 80) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), $"... ({text.Length} characters)");
}
