using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Verifier.Cli.CommandLine;

/// <summary>
/// Factories of the options of the command table (<see cref="CommandTable"/>): each carries its help name, its description
/// (with its default appended, so the help and the behaviour read the same constant), and, for numbers and choices, a
/// parser whose errors are our one-line messages (exit code 2) rather than the library's.
/// </summary>
internal static class Opt
{
    /// <summary>An option that takes one text value, e.g. <c>--function EXPR</c>.</summary>
    public static Option<string> Text(string name, string helpName, string description) =>
        new(name) { HelpName = helpName, Description = description, Arity = ArgumentArity.ExactlyOne };

    /// <summary>A flag, e.g. <c>--explain</c>.</summary>
    public static Option<bool> Flag(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary><c>--param NAME=VALUE</c>, repeatable (one NAME=VALUE per occurrence).</summary>
    public static Option<string[]> Params(string description) =>
        new(Parsed.ParamOption)
        {
            HelpName = "NAME=VALUE", Description = description, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false,
        };

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], <paramref name="fallback"/> when absent.</summary>
    public static Option<int> Int(string name, string helpName, string description, int fallback, int min, int max) =>
        new(name)
        {
            HelpName = helpName,
            Description = $"{description} (default {fallback})",
            Arity = ArgumentArity.ExactlyOne,
            DefaultValueFactory = _ => fallback,
            CustomParser = r => r.Tokens.Count == 0 ? fallback : ParseInt(r, name, r.Tokens[0].Value, min, max),
        };

    /// <summary>A positive number of seconds (at most a day), <paramref name="fallback"/> when absent.</summary>
    public static Option<TimeSpan> Seconds(string name, string description, TimeSpan fallback) =>
        new(name)
        {
            HelpName = "SEC",
            Description = $"{description} (default {fallback.TotalSeconds.ToString(CultureInfo.InvariantCulture)})",
            Arity = ArgumentArity.ExactlyOne,
            DefaultValueFactory = _ => fallback,
            CustomParser = r => r.Tokens.Count == 0 ? fallback : ParseSeconds(r, name, r.Tokens[0].Value),
        };

    /// <summary>One of <paramref name="allowed"/> (offered by shell completion), <paramref name="fallback"/> when absent
    /// (null: no default, the command decides).</summary>
    public static Option<string> Choice(string name, string helpName, string description, string? fallback, params string[] allowed)
    {
        var option = new Option<string>(name)
        {
            HelpName = helpName,
            Description = $"{description}: {string.Join(", ", allowed)}{(fallback is null ? "" : $" (default {fallback})")}",
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0) return fallback!;
                var text = r.Tokens[0].Value.Trim();
                if (allowed.Contains(text)) return text;
                r.AddError($"unknown {name} '{Parsed.Shorten(text)}'; expected {string.Join(", ", allowed)}");
                return fallback!;
            },
        };
        if (fallback is not null) option.DefaultValueFactory = _ => fallback;
        option.CompletionSources.Add(allowed);
        return option;
    }

    /// <summary>Adds completion words (e.g. the registry's method names) to an option.</summary>
    public static Option<T> Completing<T>(this Option<T> option, IEnumerable<string> words)
    {
        var list = words.ToArray();
        option.CompletionSources.Add(list);
        return option;
    }

    private static int ParseInt(ArgumentResult r, string name, string text, int min, int max)
    {
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        r.AddError($"bad number: {name} must be an integer in [{min}, {max}], got '{Parsed.Shorten(text)}'");
        return min;
    }

    private static TimeSpan ParseSeconds(ArgumentResult r, string name, string text)
    {
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= 86_400)
            return TimeSpan.FromSeconds(s);
        r.AddError($"bad number: {name} must be a positive number of seconds, got '{Parsed.Shorten(text)}'");
        return TimeSpan.FromSeconds(1);
    }
}
