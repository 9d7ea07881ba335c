namespace Verifier.Cli;

/// <summary>Reads <c>--name value</c> options and <c>--flag</c>s of one command; every misuse is a <see cref="UsageException"/>.</summary>
internal sealed class OptionReader
{
    private readonly Dictionary<string, string> _values = new();
    private readonly HashSet<string> _flags = new();

    /// <summary>Parses <paramref name="args"/>; <paramref name="valued"/> take a value, <paramref name="flags"/> do not;
    /// <c>--param NAME=VALUE</c> may repeat when listed in <paramref name="valued"/>.</summary>
    public OptionReader(string command, string[] args, IEnumerable<string> valued, IEnumerable<string> flags)
    {
        var v = valued.ToHashSet();
        var f = flags.ToHashSet();
        for (int k = 0; k < args.Length; k++)
        {
            var a = args[k];
            if (f.Contains(a)) { _flags.Add(a); continue; }
            if (!v.Contains(a))
                throw new UsageException(a.StartsWith('-') ? $"unknown option '{a}' for {command}" : $"unexpected argument '{a}' for {command}");
            if (k + 1 >= args.Length) throw new UsageException($"option {a} needs a value");
            var value = args[++k];
            if (a == "--param")
            {
                int eq = value.IndexOf('=');
                if (eq <= 0) throw new UsageException($"--param needs NAME=VALUE, got '{value}'");
                Params[value[..eq].Trim()] = value[(eq + 1)..].Trim();
            }
            else if (!_values.TryAdd(a, value)) throw new UsageException($"option {a} is given twice");
        }
    }

    /// <summary>The <c>--param</c> values.</summary>
    public Dictionary<string, string> Params { get; } = new();

    /// <summary>True when the flag was given.</summary>
    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>The option's value, or null.</summary>
    public string? Get(string option) => _values.GetValueOrDefault(option);

    /// <summary>True when the option was given.</summary>
    public bool Contains(string option) => _values.ContainsKey(option);

    /// <summary>An integer option in [min, max], or the default.</summary>
    public int Int(string option, int fallback, int min, int max)
    {
        if (Get(option) is not { } text) return fallback;
        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new UsageException($"bad number: {option} must be an integer in [{min}, {max}], got '{text}'");
    }

    /// <summary>A positive number of seconds, or the default.</summary>
    public TimeSpan Seconds(string option, TimeSpan fallback)
    {
        if (Get(option) is not { } text) return fallback;
        return double.TryParse(text.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 && s <= 86_400
            ? TimeSpan.FromSeconds(s) : throw new UsageException($"bad number: {option} must be a positive number of seconds, got '{text}'");
    }

    /// <summary>The --format value among the allowed ones.</summary>
    public string Format(string fallback, params string[] allowed)
    {
        var f = Get("--format") ?? fallback;
        return allowed.Contains(f) ? f : throw new UsageException($"unknown --format '{f}'; expected {string.Join(", ", allowed)}");
    }
}
