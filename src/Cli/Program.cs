namespace Verifier.Cli;

/// <summary>The entry point of <c>verifier</c>: hands the arguments and the console streams to <see cref="CliApp"/>.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns its exit code (0 success, 1 failure, 2 bad input or usage).</summary>
    /// <param name="args">The command-line arguments.</param>
    public static int Main(string[] args) => CliApp.Run(args, Console.In, Console.Out, Console.Error);
}
