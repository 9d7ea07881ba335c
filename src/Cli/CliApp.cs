using System.CommandLine;
using Verifier.Axioms.Methods;
using Verifier.Cli.CommandLine;

namespace Verifier.Cli;

/// <summary>
/// The command-line program (CONTRACT.md, "Commands"): parses the command line with System.CommandLine (the command table,
/// <see cref="CommandTable"/>; a parse error is a one-line message and exit code 2), maps our own input errors to exit
/// code 2 with a one-line message on standard error, and any other exception (a defect) to exit code 1 with a one-line
/// <c>internal error (Type): message</c> (and the stack trace under <c>--debug</c>, which every command accepts).
/// </summary>
public static class CliApp
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a failed run (an unexpected error, or a checked claim that failed).</summary>
    public const int Failure = 1;

    /// <summary>Exit code of bad input or usage.</summary>
    public const int BadInput = 2;

    /// <summary>The flag, accepted anywhere on the command line, that adds the stack trace of an internal error.</summary>
    public const string DebugFlag = "--debug";

    /// <summary>Runs one command line in-process with the built-in methods.</summary>
    /// <param name="args">The arguments, the command word first.</param>
    /// <param name="stdin">Standard input (read by <c>--batch -</c>).</param>
    /// <param name="stdout">Standard output (results).</param>
    /// <param name="stderr">Standard error (one-line error messages, usage on misuse).</param>
    /// <returns>The exit code: 0 success, 1 failure, 2 bad input or usage.</returns>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        Run(args, stdin, stdout, stderr, MethodRegistry.BuiltIn);

    /// <summary>Runs one command line in-process with the methods of <paramref name="registry"/> (e.g. the built-in ones plus
    /// a method registered at run time with <see cref="MethodRegistry.With(IAttributionMethod)"/>).</summary>
    /// <param name="args">The arguments, the command word first.</param>
    /// <param name="stdin">Standard input (read by <c>--batch -</c>).</param>
    /// <param name="stdout">Standard output (results).</param>
    /// <param name="stderr">Standard error (one-line error messages, usage on misuse).</param>
    /// <param name="registry">The methods every command reads.</param>
    /// <returns>The exit code: 0 success, 1 failure, 2 bad input or usage.</returns>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, MethodRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(registry);
        if (args.Length == 0)
        {
            stderr.Write(HelpWriter.Text(CommandTable.Build(new CliContext(stdin, stdout, stderr, registry))));
            return BadInput;
        }
        var root = CommandTable.Build(new CliContext(stdin, stdout, stderr, registry));
        var parsed = root.Parse(args, Parser);
        bool debug = parsed.GetValue<bool>(DebugFlag);
        try
        {
            // Help, completion and --version answer even on a line with errors; anything else with an error is a usage error.
            if (parsed.Action?.ClearsParseErrors != true && ParseErrors.Message(parsed) is { } error) throw new UsageException(error);
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
            });
        }
        catch (Exception e) when (IsInputError(e))
        {
            stderr.WriteLine("error: " + OneLine(e.Message));
            return BadInput;
        }
        catch (Exception e)
        {
            stderr.WriteLine(InternalError(e));
            if (debug) stderr.WriteLine(e.ToString());
            return Failure;
        }
    }

    // No response files: '@FILE' is a value (--input @FILE, CONTRACT), never a file of arguments; no POSIX bundling: a
    // value such as -1,2 is never read as flags.
    private static readonly ParserConfiguration Parser = new() { EnablePosixBundling = false, ResponseFileTokenReplacer = null };

    /// <summary>True for our own input errors: usage errors and exceptions marked <see cref="Verifier.Symbolic.IInputError"/>
    /// (malformed functions and networks, domain errors, documented limits, a missing solver). I/O errors on the files a
    /// user names are converted to <see cref="UsageException"/>s where the file is opened. Anything else is a defect.</summary>
    internal static bool IsInputError(Exception e) => e is UsageException or Verifier.Symbolic.IInputError;

    /// <summary>The one-line report of a defect: <c>internal error (Type): message</c>.</summary>
    internal static string InternalError(Exception e) => $"internal error ({e.GetType().Name}): " + OneLine(e.Message);

    /// <summary>The message on one line (line breaks become spaces).</summary>
    internal static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
