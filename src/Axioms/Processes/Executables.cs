using System.Runtime.InteropServices;

namespace Verifier.Axioms.Processes;

/// <summary>Finding executables (without a shell) and signalling process groups (POSIX).</summary>
internal static class Executables
{
    /// <summary>SIGKILL: the same number on Linux and macOS.</summary>
    private const int SigKill = 9;

    /// <summary>The full path of <paramref name="executable"/>: a path containing a directory separator is taken
    /// relative to <paramref name="workingDirectory"/>; a bare name is searched on <paramref name="searchPath"/>.</summary>
    /// <exception cref="ChildProcessStartException">Not found, a directory, or not executable.</exception>
    public static string Resolve(string executable, string? workingDirectory, string? searchPath)
    {
        if (string.IsNullOrWhiteSpace(executable)) throw new ChildProcessStartException("no command to start: the command is empty");
        if (executable.Contains('/') || (OperatingSystem.IsWindows() && executable.Contains('\\')))
        {
            string full = Path.GetFullPath(executable, workingDirectory ?? Environment.CurrentDirectory);
            if (Directory.Exists(full)) throw new ChildProcessStartException($"'{executable}' is a directory, not an executable") { Executable = executable };
            if (!File.Exists(full)) throw new ChildProcessStartException($"'{executable}' does not exist") { Executable = executable, NotFound = true };
            if (!IsExecutable(full)) throw new ChildProcessStartException($"'{executable}' is not executable (chmod +x, or start it through its interpreter)") { Executable = executable };
            return full;
        }
        return TryFindOnPath(executable, searchPath)
               ?? throw new ChildProcessStartException($"'{executable}' was not found on PATH") { Executable = executable, NotFound = true };
    }

    /// <summary>The first executable file named <paramref name="name"/> in a directory of <paramref name="searchPath"/>
    /// (null: our PATH), or null.</summary>
    public static string? TryFindOnPath(string name, string? searchPath = null)
    {
        var path = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate;
            try { candidate = Path.Combine(dir, name); }
            catch (ArgumentException) { continue; }
            if (File.Exists(candidate) && IsExecutable(candidate)) return candidate;
        }
        return null;
    }

    private static bool IsExecutable(string file)
    {
        if (OperatingSystem.IsWindows()) return true;
        try
        {
            var mode = File.GetUnixFileMode(file);
            return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>
    /// <c>setsid</c> (util-linux, an essential package on Debian and in every common distribution), which starts its
    /// argument as the leader of a new session and process group, keeping its process id; null where there is none
    /// (then children are started in our group and stopped by killing their process tree).
    /// </summary>
    public static string? GroupLauncher { get; } = FindGroupLauncher();

    private static string? FindGroupLauncher()
    {
        if (!OperatingSystem.IsLinux()) return null;
        foreach (var candidate in new[] { "/usr/bin/setsid", "/bin/setsid" })
            if (File.Exists(candidate) && IsExecutable(candidate)) return candidate;
        return TryFindOnPath("setsid");
    }

    /// <summary>Sends SIGKILL to every process of the group <paramref name="processGroup"/>; false when there is none.</summary>
    public static bool KillGroup(int processGroup)
    {
        if (processGroup <= 1 || OperatingSystem.IsWindows()) return false;
        try { return kill(-processGroup, SigKill) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>The process group of <paramref name="pid"/>, or -1 (no such process, or not POSIX).</summary>
    public static int ProcessGroupOf(int pid)
    {
        if (OperatingSystem.IsWindows()) return -1;
        try { return getpgid(pid); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return -1; }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true)]
    private static extern int getpgid(int pid);
}
