using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Verifier.Axioms.Processes;

/// <summary>
/// The one owner of a child process (a solver, an external attribution method): it starts the command as the leader of
/// its own process group, reads its standard output and standard error on dedicated threads, and kills the whole group
/// on request (a wall-clock limit, a cancellation, a fault), on <see cref="Dispose"/>, and when our own process ends
/// (see <see cref="LiveChildren"/>). No path leaves a process of the group running.
/// </summary>
/// <remarks>
/// <para>On Linux the command is started through <c>setsid</c>, which calls <c>setsid()</c> and then <c>exec</c>s the
/// command in the same process: the child's process id is its process group id, set before the command runs a single
/// instruction, so there is no window in which it could fork into our group; <see cref="Start"/> returns only once
/// <c>setsid()</c> has run, so a kill issued at once still reaches the whole group. Killing is <c>kill(-pgid, SIGKILL)</c>,
/// which reaches background grandchildren (<c>( sleep 1000 &amp; )</c>) that left the process tree but not the group,
/// after .NET's process-tree kill for descendants that moved to a group of their own. A new session also means the
/// terminal's Ctrl-C reaches only us; <see cref="LiveChildren"/> then kills the groups.</para>
/// <para>Kills never wait for the pipes to close: a grandchild that escaped the group may hold standard output open for
/// ever. Output is reported ended at end of file, or at most <see cref="ChildProcessStart.DrainGrace"/> after the
/// process exited or was killed, whichever comes first.</para>
/// <para>Elsewhere (no <c>setsid</c>: macOS, Windows) the child runs in our group and is stopped by killing its process
/// tree, which misses orphaned grandchildren.</para>
/// </remarks>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ChildProcessStart _start;
    private readonly Action<char[], int> _onOutput;
    private readonly Action _onOutputEnd;
    private readonly object _deliver = new();
    private readonly ManualResetEventSlim _readerDone = new(false);
    private readonly StringBuilder _stderr = new();
    private Thread? _stdoutReader;
    private Thread? _stderrReader;
    private bool _outputEnded; // under _deliver
    private string? _killReason;
    private int _stopped;
    private volatile bool _released;

    private ChildProcess(Process process, ChildProcessStart start, string executable, bool ownGroup,
        Action<char[], int> onOutput, Action onOutputEnd)
    {
        _process = process;
        _start = start;
        Executable = executable;
        OwnsProcessGroup = ownGroup;
        _onOutput = onOutput;
        _onOutputEnd = onOutputEnd;
    }

    /// <summary>The full path of the executable that was started.</summary>
    public string Executable { get; }

    /// <summary>The operating-system id of the process (and of its process group when <see cref="OwnsProcessGroup"/>).</summary>
    public int Id { get; private set; }

    /// <summary>True when the process leads its own process group (Linux with <c>setsid</c>).</summary>
    public bool OwnsProcessGroup { get; }

    /// <summary>Why the process was killed, or null when it was not.</summary>
    public string? KillReason => Volatile.Read(ref _killReason);

    /// <summary>True once the process has exited (or was killed and reaped).</summary>
    public bool HasExited
    {
        get
        {
            if (_released) return true;
            try { return _process.HasExited; }
            catch (InvalidOperationException) { return true; }
        }
    }

    /// <summary>The last characters of the process's standard error (at most <see cref="ChildProcessStart.StandardErrorKeep"/>).</summary>
    public string StandardErrorTail
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>
    /// Starts <paramref name="start"/>. <paramref name="onOutput"/> receives standard output in chunks (decoded UTF-8) on a
    /// reader thread; <paramref name="onOutputEnd"/> is called once, after the last chunk, when the output ended or was
    /// given up (see the remarks of <see cref="ChildProcess"/>). Neither is called concurrently with itself or the other.
    /// </summary>
    /// <exception cref="ChildProcessStartException">The executable is missing or cannot be started.</exception>
    public static ChildProcess Start(ChildProcessStart start, Action<char[], int> onOutput, Action onOutputEnd)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(onOutput);
        ArgumentNullException.ThrowIfNull(onOutputEnd);
        string? searchPath = start.Environment is { } env && env.TryGetValue("PATH", out var p) ? p ?? "" : null;
        string executable = Executables.Resolve(start.Executable, start.WorkingDirectory, searchPath);
        string? launcher = Executables.GroupLauncher;
        var utf8 = new UTF8Encoding(false);
        var info = new ProcessStartInfo(launcher ?? executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardInputEncoding = utf8,
            StandardOutputEncoding = utf8,
            StandardErrorEncoding = utf8,
        };
        if (start.WorkingDirectory is { } wd) info.WorkingDirectory = wd;
        if (launcher is not null)
        {
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(executable);
        }
        foreach (var a in start.Arguments) info.ArgumentList.Add(a);
        if (start.Environment is { } vars)
            foreach (var (name, value) in vars)
                if (value is null) info.Environment.Remove(name); else info.Environment[name] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, start, executable, launcher is not null, onOutput, onOutputEnd);
        process.Exited += (_, _) => child.OnExited();
        try
        {
            if (!process.Start()) throw new ChildProcessStartException($"'{executable}' could not be started") { Executable = start.Executable };
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException and not ChildProcessStartException)
        {
            process.Dispose();
            throw new ChildProcessStartException($"'{executable}' could not be started: {e.Message}", e) { Executable = start.Executable };
        }
        child.Begin();
        return child;
    }

    private void Begin()
    {
        Id = _process.Id;
        LiveChildren.Add(this);
        if (OwnsProcessGroup) AwaitOwnGroup();
        string id = Id.ToString(CultureInfo.InvariantCulture);
        _stdoutReader = new Thread(ReadOutput) { IsBackground = true, Name = "child-stdout-" + id };
        _stderrReader = new Thread(ReadError) { IsBackground = true, Name = "child-stderr-" + id };
        _stdoutReader.Start();
        _stderrReader.Start();
    }

    /// <summary>
    /// <c>Process.Start</c> returns once <c>setsid</c> was exec'd, not once it has called <c>setsid()</c>: in that window
    /// the child is still in our group and <c>kill(-pid)</c> would miss it. Waits (a few microseconds in practice, at most
    /// <see cref="GroupWait"/>) until the child's process group is its own, or it has exited.
    /// </summary>
    private void AwaitOwnGroup()
    {
        var clock = Stopwatch.StartNew();
        var spin = new SpinWait();
        while (clock.Elapsed < GroupWait)
        {
            int group = Executables.ProcessGroupOf(Id);
            if (group == Id || group < 0 || HasExited) return; // own group, gone, or no getpgid
            spin.SpinOnce();
        }
    }

    /// <summary>The longest <see cref="Start"/> waits for <c>setsid</c> to give the child its own process group.</summary>
    internal static readonly TimeSpan GroupWait = TimeSpan.FromSeconds(5);

    /// <summary>Writes <paramref name="text"/> to the process's standard input and flushes; false when the process no
    /// longer reads it (it exited or closed it). May block while the pipe is full: arm a <see cref="Watchdog"/> first.</summary>
    public bool WriteInput(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_released) return false;
        try
        {
            _process.StandardInput.Write(text);
            _process.StandardInput.Flush();
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { return false; }
    }

    /// <summary>Closes the process's standard input (end of file for it).</summary>
    public void CloseInput()
    {
        if (_released) return;
        try { _process.StandardInput.Close(); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
    }

    /// <summary>Waits at most <paramref name="timeout"/> for the process to exit; true when it has.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (_released) return true;
        try { return _process.WaitForExit(timeout); }
        catch (InvalidOperationException) { return true; }
    }

    /// <summary>Waits at most <paramref name="timeout"/> for standard error to end (after an exit, to read its last words).</summary>
    public bool WaitForStandardErrorEnd(TimeSpan timeout) => _stderrReader?.Join(timeout) ?? true;

    /// <summary>The exit code once the process has exited (128 + n for a process killed by signal n); null before.</summary>
    public int? ExitCode
    {
        get
        {
            try { return !_released && _process.HasExited ? _process.ExitCode : null; }
            catch (InvalidOperationException) { return null; }
        }
    }

    /// <summary>How the process ended, for messages: <c>exited with code 1</c>, <c>was killed (reason)</c>, waiting up to
    /// a second for it to be reaped.</summary>
    public string DescribeExit()
    {
        if (KillReason is { } reason) return $"was killed ({reason})";
        WaitForExit(TimeSpan.FromSeconds(1));
        return ExitCode is { } code ? "exited with code " + code.ToString(CultureInfo.InvariantCulture) : "closed its output";
    }

    /// <summary>Kills the whole process group now, records <paramref name="reason"/> (the first reason wins), and ends the
    /// output at most <see cref="ChildProcessStart.DrainGrace"/> later even when a stray process still holds it open.</summary>
    public void Kill(string reason)
    {
        KillNow(reason);
        if (Thread.CurrentThread == _stdoutReader || !_readerDone.Wait(_start.DrainGrace)) EndOutput();
    }

    /// <summary>Kills the group without waiting for anything (signal handlers, our own exit).</summary>
    internal void KillNow(string reason)
    {
        if (_released) return;
        Interlocked.CompareExchange(ref _killReason, reason, null);
        SignalGroup();
    }

    /// <summary>
    /// Ends the process: closes its standard input, waits at most <paramref name="grace"/> for it to exit by itself, then
    /// kills whatever is left of its process group (stray background children included), ends the output and releases
    /// everything. Idempotent.
    /// </summary>
    public void Stop(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        CloseInput();
        bool exited = grace > TimeSpan.Zero && WaitForExit(grace);
        if (!exited && !HasExited) Interlocked.CompareExchange(ref _killReason, "stopped", null);
        SignalGroup(); // also when the leader exited: its group may still have members
        if (!_readerDone.Wait(_start.DrainGrace)) EndOutput();
        WaitForExit(TimeSpan.FromSeconds(2));
        _stderrReader?.Join(200);
        LiveChildren.Remove(this);
        _released = true;
        _process.Dispose();
    }

    /// <summary>Kills the whole process group at once and releases everything (<see cref="Stop"/> without grace).</summary>
    public void Dispose() => Stop(TimeSpan.Zero);

    private void SignalGroup()
    {
        if (_released) return;
        // First the descendants that moved to a group of their own (found through their parents while those live),
        // then the group, which also holds the orphaned background children the tree walk cannot see.
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException or AggregateException) { }
        if (OwnsProcessGroup) Executables.KillGroup(Id);
    }

    /// <summary>The leader exited: its output should end now; if a stray still holds it, kill the group and stop waiting.</summary>
    private void OnExited()
    {
        if (_released) return;
        if (!_readerDone.Wait(_start.DrainGrace))
        {
            if (OwnsProcessGroup) Executables.KillGroup(Id);
            if (!_readerDone.Wait(_start.DrainGrace)) EndOutput();
        }
    }

    private void EndOutput()
    {
        lock (_deliver)
        {
            if (_outputEnded) return;
            _outputEnded = true;
            try { _onOutputEnd(); }
            catch (Exception e) when (e is not OutOfMemoryException) { KillNow($"the end of its output could not be handled ({e.Message})"); }
        }
    }

    private void ReadOutput()
    {
        var buffer = new char[8192];
        try
        {
            var output = _process.StandardOutput;
            int n;
            while ((n = output.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (_deliver)
                {
                    if (_outputEnded) return;
                    try { _onOutput(buffer, n); }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // A reader thread must not die with an exception (that would end our process): stop the child.
                        KillNow($"its output could not be handled ({e.GetType().Name}: {e.Message})");
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
        finally
        {
            _readerDone.Set();
            EndOutput();
        }
    }

    /// <summary>Keeps the tail of standard error (for failure messages), so the pipe never fills.</summary>
    private void ReadError()
    {
        var buffer = new char[1024];
        int keep = Math.Max(0, _start.StandardErrorKeep);
        try
        {
            var error = _process.StandardError;
            int n;
            while ((n = error.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (_stderr)
                {
                    _stderr.Append(buffer, 0, n);
                    if (_stderr.Length > keep) _stderr.Remove(0, _stderr.Length - keep);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
    }
}
