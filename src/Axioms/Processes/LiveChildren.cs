using System.Runtime.InteropServices;

namespace Verifier.Axioms.Processes;

/// <summary>
/// Every <see cref="ChildProcess"/> still running, so that our own end kills them all: SIGINT, SIGTERM, SIGHUP and SIGQUIT
/// (through <see cref="PosixSignalRegistration"/>), a normal exit (<see cref="AppDomain.ProcessExit"/>) and an unhandled
/// exception. The hooks are installed when the first child starts.
/// </summary>
/// <remarks>
/// The signal handlers kill the groups and do not cancel the signal: the runtime then restores the default action and
/// raises the signal again, so our process ends as a process killed by that signal does (a shell reports 130 for SIGINT,
/// 143 for SIGTERM), and <see cref="AppDomain.ProcessExit"/> handlers do not run. SIGKILL cannot be caught: a solver
/// then sees its standard input close (z3 and the method protocol end on end of input), nothing more can be done.
/// </remarks>
internal static class LiveChildren
{
    private static readonly object Gate = new();
    private static readonly HashSet<ChildProcess> Live = [];
    private static List<PosixSignalRegistration>? _registrations;

    /// <summary>The number of children started and not yet stopped.</summary>
    public static int Count
    {
        get { lock (Gate) return Live.Count; }
    }

    /// <summary>Records a started child (and installs the hooks on first use).</summary>
    public static void Add(ChildProcess child)
    {
        lock (Gate)
        {
            InstallHooks();
            Live.Add(child);
        }
    }

    /// <summary>Forgets a child that was stopped.</summary>
    public static void Remove(ChildProcess child)
    {
        lock (Gate) Live.Remove(child);
    }

    /// <summary>Kills the process group of every live child at once (no waiting); returns how many there were.</summary>
    public static int KillAll(string reason)
    {
        ChildProcess[] all;
        lock (Gate) all = [.. Live];
        foreach (var child in all) child.KillNow(reason);
        return all.Length;
    }

    private static void InstallHooks()
    {
        if (_registrations is not null) return;
        _registrations = [];
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll("the verifier is exiting");
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll("the verifier failed with an unhandled exception");
        if (OperatingSystem.IsWindows() || OperatingSystem.IsBrowser()) return;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
        {
            try { _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal)); }
            catch (Exception e) when (e is PlatformNotSupportedException or IOException) { }
        }
    }

    private static void OnSignal(PosixSignalContext context) =>
        KillAll($"the verifier received {context.Signal}"); // context.Cancel stays false: the default action follows
}
