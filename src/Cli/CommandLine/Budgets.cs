using System.CommandLine;
using System.Globalization;

namespace Verifier.Cli.CommandLine;

/// <summary>
/// The command line's own budgets (README, "Budgets"): how much input it reads and how long one batch line may run.
/// Each has its default here, an option that changes it on the commands it concerns, and a clear message when it is
/// reached (exit code 2, or the error line of a batch line).
/// </summary>
internal static class Budgets
{
    /// <summary>The default largest file read (a network, a proof): 64 MiB.</summary>
    public const long DefaultMaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The default longest batch line: 16 Mi characters.</summary>
    public const int DefaultMaxLineChars = 16 * 1024 * 1024;

    /// <summary>The default time budget of one batch line: 60 seconds.</summary>
    public static readonly TimeSpan DefaultLineTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The option name of the largest file read.</summary>
    public const string MaxFileSize = "--max-file-size";

    /// <summary>The option name of the longest batch line.</summary>
    public const string MaxLineChars = "--max-line-chars";

    /// <summary>The default time budget of one query: 60 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The option name of a single query's time budget.</summary>
    public const string Timeout = "--timeout";

    /// <summary><c>--timeout SEC</c> (attribute, one query).</summary>
    public static Option<TimeSpan> TimeoutOption() =>
        Opt.Seconds(Timeout, "the time budget of the exact computation (attribute: one query, not --batch; crosscheck: the exact "
            + "side) in seconds; when it runs out the computation stops (cooperative cancellation) with a message and exit code 2", DefaultTimeout);

    /// <summary>The option name of the per-line time budget.</summary>
    public const string LineTimeout = "--line-timeout";

    /// <summary>The option name of the SMT script budget.</summary>
    public const string MaxSmtChars = "--max-smt-chars";

    /// <summary><c>--max-smt-chars N</c>: the largest SMT-LIB script of one solver query
    /// (<see cref="Verifier.Axioms.Smt.SmtOptions.MaxScriptChars"/>).</summary>
    public static Option<long> MaxSmtCharsOption() =>
        new(MaxSmtChars)
        {
            HelpName = "N",
            Description = "the largest SMT-LIB script of one solver query, in characters; a larger one stops before the solver starts "
                + $"(SmtOptions.MaxScriptChars, default {Verifier.Axioms.Smt.SmtOptions.DefaultMaxScriptChars})",
            Arity = ArgumentArity.ExactlyOne,
            DefaultValueFactory = _ => Verifier.Axioms.Smt.SmtOptions.DefaultMaxScriptChars,
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0) return Verifier.Axioms.Smt.SmtOptions.DefaultMaxScriptChars;
                var text = r.Tokens[0].Value.Trim();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1) return n;
                r.AddError($"bad number: {MaxSmtChars} must be a positive number of characters, got '{Parsed.Shorten(text)}'");
                return Verifier.Axioms.Smt.SmtOptions.DefaultMaxScriptChars;
            },
        };

    /// <summary><c>--max-file-size BYTES</c>.</summary>
    public static Option<long> MaxFileSizeOption() =>
        new(MaxFileSize)
        {
            HelpName = "BYTES",
            Description = $"the largest file read (network files, proofs); a larger one is refused (default {DefaultMaxFileBytes}, 64 MiB)",
            Arity = ArgumentArity.ExactlyOne,
            DefaultValueFactory = _ => DefaultMaxFileBytes,
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0) return DefaultMaxFileBytes;
                var text = r.Tokens[0].Value.Trim();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1) return n;
                r.AddError($"bad number: {MaxFileSize} must be a positive number of bytes, got '{Parsed.Shorten(text)}'");
                return DefaultMaxFileBytes;
            },
        };

    /// <summary>The option name of the exact engine's piece budget.</summary>
    public const string MaxPieces = "--max-pieces";

    /// <summary><c>--max-pieces N</c> (attribute, one query or each batch line): the most pieces of an exact restriction to
    /// a segment (<see cref="Verifier.Symbolic.Expressions.ExactOptions.MaxPieces"/>, set through
    /// <see cref="Verifier.Symbolic.Expressions.ExactOptions.Use"/>).</summary>
    public static Option<int> MaxPiecesOption() =>
        Opt.Int(MaxPieces, "N", "the most pieces of an exact restriction to a segment (a network's exact line, a function split at its "
            + "kinks); more stop with a message and exit code 2, or the error line of a batch line (ExactOptions.MaxPieces)",
            Verifier.Symbolic.Expressions.ExactOptions.DefaultMaxPieces, 1, int.MaxValue);

    /// <summary>The exact options of <c>--max-pieces</c>: the defaults with that piece budget.</summary>
    public static Verifier.Symbolic.Expressions.ExactOptions Exact(Parsed o) =>
        Verifier.Symbolic.Expressions.ExactOptions.Default with { MaxPieces = o.Value<int>(MaxPieces) };

    /// <summary><c>--max-line-chars N</c>.</summary>
    public static Option<int> MaxLineCharsOption() =>
        Opt.Int(MaxLineChars, "N", "--batch: the longest query line in characters; a longer line gives an error line and the batch goes on",
            DefaultMaxLineChars, 2, int.MaxValue);

    /// <summary><c>--line-timeout SEC</c>.</summary>
    public static Option<TimeSpan> LineTimeoutOption() =>
        Opt.Seconds(LineTimeout, "--batch: the time budget of each query line in seconds; a line that runs out gives an error line, "
            + "its computation stops (cooperative cancellation), and the batch goes on", DefaultLineTimeout);
}
