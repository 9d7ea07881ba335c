namespace Verifier.Axioms.Processes;

/// <summary>What <see cref="ChildProcess.Start"/> runs and how long it waits for output that stays open.</summary>
/// <param name="Executable">A path (absolute, or relative to <see cref="WorkingDirectory"/>) or a name searched on the PATH.</param>
/// <param name="Arguments">The arguments, passed as they are (no shell).</param>
public sealed record ChildProcessStart(string Executable, IReadOnlyList<string> Arguments)
{
    /// <summary>The working directory; null (default) for ours.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set (a null value removes one) on top of our environment; null (default) for none.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>How long the standard output may stay open after the process exited or was killed before reading
    /// stops anyway (a background grandchild can hold the pipe open forever); default 300 ms.</summary>
    public TimeSpan DrainGrace { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How many of the last characters of standard error are kept for messages; default 4000.</summary>
    public int StandardErrorKeep { get; init; } = 4000;
}

/// <summary>A child process could not be started: the executable is missing, not executable, or the start failed.</summary>
public sealed class ChildProcessStartException : InvalidOperationException
{
    /// <summary>An exception with the given message.</summary>
    public ChildProcessStartException(string message) : base(message) { }

    /// <summary>An exception with the given message and cause.</summary>
    public ChildProcessStartException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The executable as it was given.</summary>
    public string? Executable { get; init; }

    /// <summary>True when the executable was not found at all (as opposed to found but not startable).</summary>
    public bool NotFound { get; init; }
}
