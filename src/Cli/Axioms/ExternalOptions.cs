using System.CommandLine;
using Verifier.Axioms;
using Verifier.Axioms.External;
using Verifier.Cli.CommandLine;

namespace Verifier.Cli.Axioms;

/// <summary>The options of a method in another process (CONTRACT.md, <c>verifier-method/1</c>) shared by <c>check</c>,
/// <c>matrix</c>, <c>conformance</c> and <c>replay</c>: <c>--method-cmd</c>, <c>--method-timeout</c>, <c>--tol</c>.</summary>
internal static class ExternalOptions
{
    /// <summary>The default per-request timeout (CONTRACT.md: 30 s).</summary>
    public static readonly TimeSpan DefaultTimeout = ExternalMethodOptions.Default.RequestTimeout;

    /// <summary><c>--method-cmd "CMD ARGS"</c>.</summary>
    public static Option<string> Command(string what) =>
        Opt.Text("--method-cmd", "CMD", $"{what}: a command speaking verifier-method/1 (CONTRACT.md), split like a shell line but run "
            + "without one (quotes work; | > $ ~ * are refused); e.g. \"python3 my_method.py\"");

    /// <summary><c>--method-timeout SEC</c>.</summary>
    public static Option<TimeSpan> Timeout() =>
        Opt.Seconds("--method-timeout", "the longest wait for one answer (and for the handshake) of --method-cmd; a method that takes longer is killed and restarted", DefaultTimeout);

    /// <summary><c>--tol ABS[,REL]</c>.</summary>
    public static Option<string> Tolerance(string defaultText) =>
        Opt.Text("--tol", "ABS[,REL]", "the tolerance for a method that answers in floats (\"exact\": false): an identity lhs = rhs is "
            + $"violated only when |lhs - rhs| > ABS + REL |rhs| (default {defaultText})");

    /// <summary>The tolerance of <c>--tol</c>, or null when it was not given.</summary>
    public static Tolerance? ToleranceOf(Parsed o) => o.Get("--tol") is { } text ? Verifier.Axioms.Tolerance.Parse(text) : null;

    /// <summary>Starts the method of <c>--method-cmd</c> with <c>--method-timeout</c>; a malformed command or a method that
    /// does not start (missing program, crash or garbage before its handshake) is a usage error with the reason.</summary>
    public static ExternalMethod Start(Parsed o)
    {
        var command = o.Get("--method-cmd") ?? throw new UsageException("missing --method-cmd CMD");
        var options = ExternalMethodOptions.Default with
        {
            RequestTimeout = o.Value("--method-timeout", DefaultTimeout), NetworkOnnx = new Models.OnnxCopies().PathOf,
        };
        try { return ExternalMethod.Start(command, options); }
        catch (FormatException e) { throw new UsageException($"bad --method-cmd: {e.Message}"); }
        catch (ExternalMethodStartException e)
        {
            var stderr = e.Fault.StandardError is { } s && !e.Fault.Reason.Contains(s, StringComparison.Ordinal) ? $"; standard error: {Last(s)}" : "";
            throw new UsageException(e.Message + stderr);
        }
    }

    private static string Last(string text) => text.Length <= 300 ? text.ReplaceLineEndings(" ") : "..." + text[^300..].ReplaceLineEndings(" ");
}
