namespace Verifier.Axioms.Smt;

/// <summary>Finds a solver executable: an explicit path, or the first executable file of that name on the PATH.</summary>
public static class SolverLocator
{
    /// <summary>The full path of the solver executable.</summary>
    /// <param name="solver">The executable name searched on the PATH (<c>z3</c>, <c>cvc5</c>).</param>
    /// <param name="explicitPath">A path to use instead of the PATH search; it must exist.</param>
    /// <exception cref="SolverNotFoundException">The explicit path does not exist, or the PATH has no such executable.</exception>
    public static string Locate(string solver, string? explicitPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(solver);
        if (explicitPath is not null)
        {
            if (File.Exists(explicitPath)) return Path.GetFullPath(explicitPath);
            throw SolverNotFoundException.NoSuchFile(solver, explicitPath);
        }
        return TryFindOnPath(solver) ?? throw SolverNotFoundException.NotOnPath(solver);
    }

    /// <summary>The first executable file named <paramref name="name"/> in a directory of the PATH, or null.</summary>
    public static string? TryFindOnPath(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate;
            try { candidate = Path.Combine(dir, name); }
            catch (ArgumentException) { continue; }
            if (!File.Exists(candidate)) continue;
            if (OperatingSystem.IsWindows()) return candidate;
            var mode = File.GetUnixFileMode(candidate);
            if ((mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0) return candidate;
        }
        return null;
    }

    /// <summary>True when the solver can be found (for tests that skip themselves without it).</summary>
    public static bool IsAvailable(string solver) => TryFindOnPath(solver) is not null;
}
