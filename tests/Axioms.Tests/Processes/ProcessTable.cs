using System.Globalization;

namespace Verifier.Axioms.Tests.Processes;

/// <summary>What runs on this machine, read from /proc: the live (not zombie) members of a process group.</summary>
internal static class ProcessTable
{
    /// <summary>The ids of the processes of group <paramref name="pgid"/> that are alive (zombies count as gone).</summary>
    public static List<int> LiveMembers(int pgid)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            if (Stat(pid) is { } s && s.Pgid == pgid && s.State != 'Z' && s.State != 'X') members.Add(pid);
        }
        return members;
    }

    /// <summary>True when the process is alive (not a zombie).</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { } s && s.State != 'Z' && s.State != 'X';

    /// <summary>Waits up to <paramref name="seconds"/> for the group to have no live member; the members left otherwise.</summary>
    public static List<int> WaitUntilEmpty(int pgid, double seconds = 3)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var left = LiveMembers(pgid);
            if (left.Count == 0 || DateTime.UtcNow > until) return left;
            Thread.Sleep(50);
        }
    }

    /// <summary>Waits up to <paramref name="seconds"/> for the process to be gone.</summary>
    public static bool WaitUntilGone(int pid, double seconds = 3)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > until) return false;
            Thread.Sleep(50);
        }
        return true;
    }

    /// <summary>Reads a pid that a fake wrote to <paramref name="file"/>, waiting up to five seconds for it to appear.</summary>
    public static int ReadPidFile(string file)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            if (File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                return pid;
            if (DateTime.UtcNow > until) throw new TimeoutException($"no pid in {file}");
            Thread.Sleep(20);
        }
    }

    private static (char State, int Pgid)? Stat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses: cut at the last ')'.
        int close = text.LastIndexOf(')');
        if (close < 0) return null;
        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 3) return null;
        return (fields[0][0], int.Parse(fields[2], CultureInfo.InvariantCulture));
    }
}
