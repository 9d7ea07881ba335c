using Verifier.Cli.Attribution;

namespace Verifier.Cli;

/// <summary>
/// The command-line program (CONTRACT.md, "Commands"): dispatches on the command word, maps every input error to exit
/// code 2 with a one-line message on standard error and any other failure to exit code 1.
/// </summary>
public static class CliApp
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a failed run (an unexpected error, or a checked claim that failed).</summary>
    public const int Failure = 1;

    /// <summary>Exit code of bad input or usage.</summary>
    public const int BadInput = 2;


    /// <summary>Runs one command line in-process.</summary>
    /// <param name="args">The arguments, the command word first.</param>
    /// <param name="stdin">Standard input (read by <c>--batch -</c>).</param>
    /// <param name="stdout">Standard output (results).</param>
    /// <param name="stderr">Standard error (one-line error messages, usage on misuse).</param>
    /// <returns>The exit code: 0 success, 1 failure, 2 bad input or usage.</returns>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0)
        {
            stderr.Write(Usage.Main);
            return BadInput;
        }
        var command = args[0];
        var rest = args[1..];
        try
        {
            switch (command)
            {
                case "--help" or "-h" or "help":
                    stdout.Write(Usage.Main);
                    return Success;
                case "attribute":
                    return AttributeCommand.Run(rest, stdin, stdout);
                case "check":
                    return Axioms.CheckCommand.Run(rest, stdout, stderr);
                case "matrix":
                    return Axioms.MatrixCommand.Run(rest, stdout, stderr);
                case "counterexample":
                    return Axioms.CounterexampleCommand.Run(rest, stdout);
                case "prove":
                    return Prove.ProveCommand.Run(rest, stdout);
                case "golden":
                    return Golden.GoldenCommand.Run(rest, stdout);
                case "crosscheck":
                    return Crosscheck.CrosscheckCommand.Run(rest, stdout);
                default:
                    throw new UsageException($"unknown command '{command}'; run 'verifier --help' for the list of commands");
            }
        }
        catch (Exception e) when (IsInputError(e))
        {
            stderr.WriteLine("error: " + OneLine(e.Message));
            return BadInput;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"internal error ({e.GetType().Name}): " + OneLine(e.Message));
            return Failure;
        }
    }

    /// <summary>True for the exceptions that mean bad input rather than a bug: usage errors, exceptions marked
    /// <see cref="Verifier.Symbolic.IInputError"/>, format, argument and unsupported-case errors, and files that cannot be read.</summary>
    internal static bool IsInputError(Exception e) =>
        e is UsageException or Verifier.Symbolic.IInputError or FormatException or ArgumentException or NotSupportedException or IOException
            or UnauthorizedAccessException or Verifier.Symbolic.Restriction.RestrictionException
            or Verifier.Axioms.Smt.SolverNotFoundException;

    /// <summary>The message on one line (line breaks become spaces).</summary>
    internal static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
