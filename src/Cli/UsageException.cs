namespace Verifier.Cli;

/// <summary>Bad input or usage: the program stops with exit code 2 and this one-line message on standard error.</summary>
internal sealed class UsageException(string message) : Exception(message);
