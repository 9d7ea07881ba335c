using Verifier.Axioms.Methods;

namespace Verifier.Cli.CommandLine;

/// <summary>What every command's action reads besides its options: the streams and the method registry.</summary>
/// <param name="Stdin">Standard input (read by <c>--batch -</c>).</param>
/// <param name="Stdout">Standard output (results, help).</param>
/// <param name="Stderr">Standard error (progress, one-line error messages).</param>
/// <param name="Registry">The methods every command reads.</param>
internal sealed record CliContext(TextReader Stdin, TextWriter Stdout, TextWriter Stderr, MethodRegistry Registry);
