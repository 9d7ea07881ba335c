using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Verifier.Axioms.Smt;

/// <summary>
/// The one class that owns a solver's OS process: it writes SMT-LIB2 to the solver's standard input and reads its
/// replies from standard output. Every wait has a deadline; past it, on cancellation and on <see cref="Dispose"/>
/// the whole process tree is killed, so no solver process outlives its session. A crash, an exit or garbage output
/// becomes a failed <see cref="SmtReply"/> with the reason, never an exception.
/// </summary>
/// <remarks>
/// The protocol follows Boogie's solver layer: z3 runs as <c>z3 -in -smt2</c> (cvc5 as
/// <c>cvc5 --lang=smt2 --incremental</c>); each question is followed by <c>(echo "...")</c>, so the end of its reply
/// is recognised even when the solver printed an <c>(error ...)</c> instead of an answer.
/// </remarks>
public sealed class SmtProcess : ISmtSolver
{
    private const string EndMarker = "verifier-smt-end-of-reply";
    private const int StderrKeep = 4000;

    private readonly Process _process;
    private readonly SmtOptions _options;
    private readonly BlockingCollection<string> _replies = new();
    private readonly StringBuilder _stderr = new();
    private readonly Thread _reader;
    private readonly Thread _stderrDrain;
    private readonly SmtWatchdog _watchdog;
    private readonly object _gate = new();
    private string? _failure;
    private string? _version;
    private bool _disposed;

    private SmtProcess(Process process, SmtOptions options, string executable)
    {
        _process = process;
        _options = options;
        Executable = executable;
        _watchdog = new SmtWatchdog(Kill, "smt-watchdog-" + process.Id.ToString(CultureInfo.InvariantCulture));
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "smt-reader-" + process.Id.ToString(CultureInfo.InvariantCulture) };
        _reader.Start();
        _stderrDrain = new Thread(DrainStandardError) { IsBackground = true, Name = "smt-stderr-" + process.Id.ToString(CultureInfo.InvariantCulture) };
        _stderrDrain.Start();
    }

    /// <summary>The executable that was started.</summary>
    public string Executable { get; }

    /// <summary>The operating-system id of the solver process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>True once the solver process has exited (or was killed).</summary>
    public bool HasExited
    {
        get
        {
            try { return _process.HasExited; }
            catch (InvalidOperationException) { return true; }
        }
    }

    /// <summary>Starts the solver named by <paramref name="options"/> (found on the PATH or at <see cref="SmtOptions.SolverPath"/>).</summary>
    /// <exception cref="SolverNotFoundException">The executable does not exist or cannot be started.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static SmtProcess Start(SmtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string solver = options.IsZ3 ? "z3" : "cvc5";
        string executable = SolverLocator.Locate(solver, options.SolverPath);
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var arg in options.IsZ3 ? ["-in", "-smt2"] : new[] { "--lang=smt2", "--incremental" }) info.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new SolverNotFoundException($"the {solver} solver '{executable}' could not be started");
        }
        catch (Win32Exception e)
        {
            throw new SolverNotFoundException($"the {solver} solver '{executable}' could not be started: {e.Message}; " +
                                              $"install it with `apt-get install {solver}` or set the path of an executable", e)
            { Solver = solver, SolverPath = options.SolverPath };
        }
        return new SmtProcess(process, options, executable);
    }

    /// <summary>The solver's name and the version it reports through <c>(get-info :version)</c>, e.g. <c>z3 4.8.12</c>;
    /// <c>z3 (version unknown)</c> when it does not answer.</summary>
    public string Version
    {
        get
        {
            if (_version is not null) return _version;
            string name = _options.IsZ3 ? "z3" : "cvc5";
            var reply = Ask("(get-info :version)");
            string? number = null;
            if (reply.Text is { } text)
            {
                try
                {
                    if (SExpr.Parse(text) is SList { Count: 2 } l && l[0] is SAtom { Text: ":version" } && l[1] is SAtom v) number = v.Text;
                }
                catch (FormatException) { }
            }
            return _version = name + " " + (number ?? "(version unknown)");
        }
    }

    /// <inheritdoc />
    public void Send(string commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (_failure is not null) return;
        using var watch = Watch(_options.WallClockLimit, CancellationToken.None, "accepting the script");
        Write(commands);
    }

    /// <inheritdoc />
    public SmtReply CheckSat(CancellationToken cancellationToken = default) =>
        Exchange("(check-sat)", _options.WallClockLimit, cancellationToken, "answering (check-sat)");

    /// <inheritdoc />
    public SmtReply Ask(string command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Exchange(command, _options.KillGrace + TimeSpan.FromSeconds(1), cancellationToken, "answering " + command);
    }

    /// <summary>Kills the process tree if it is still running and waits for it to end.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Kill("the session ended");
        _watchdog.Dispose();
        try { _process.WaitForExit(2000); } catch (InvalidOperationException) { }
        _reader.Join(1000);
        _stderrDrain.Join(500);
        _process.Dispose();
        _replies.Dispose();
    }

    private SmtReply Exchange(string command, TimeSpan limit, CancellationToken cancellationToken, string what)
    {
        if (_failure is not null) return SmtReply.Failed(_failure);
        if (cancellationToken.IsCancellationRequested) return SmtReply.Failed("cancelled");
        using var watch = Watch(limit, cancellationToken, what);
        Write(command + "\n(echo \"" + EndMarker + "\")\n");
        var errors = new List<string>();
        var answers = new List<string>();
        while (true)
        {
            string? reply;
            try
            {
                if (!_replies.TryTake(out reply, System.Threading.Timeout.Infinite)) reply = null;
            }
            catch (ObjectDisposedException) { reply = null; }
            if (reply is null)
            {
                var reason = _failure ?? ExitDescription(answers);
                _failure = reason;
                return SmtReply.Failed(reason);
            }
            if (reply is EndMarker or "\"" + EndMarker + "\"") break;
            if (ErrorText(reply) is { } error) errors.Add(error);
            else if (reply is not ("success" or "unsupported")) answers.Add(reply);
        }
        if (errors.Count > 0) return SmtReply.Failed("solver error: " + string.Join("; ", errors));
        if (answers.Count == 0) return SmtReply.Failed($"the solver printed nothing for {command}");
        return SmtReply.Of(answers[^1]);
    }

    private void Write(string text)
    {
        try
        {
            _process.StandardInput.Write(text);
            if (!text.EndsWith('\n')) _process.StandardInput.Write('\n');
            _process.StandardInput.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process is gone; the reader reports the exit to whoever waits for a reply.
        }
    }

    private static string? ErrorText(string reply)
    {
        if (!reply.StartsWith("(error", StringComparison.Ordinal)) return null;
        try
        {
            if (SExpr.Parse(reply) is SList { Count: 2 } l && l.HasHead("error") && l[1] is SAtom a) return a.Text;
        }
        catch (FormatException) { }
        return reply;
    }

    private string ExitDescription(List<string> answers)
    {
        string code = "";
        try
        {
            if (_process.WaitForExit(1000)) code = " with code " + _process.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException) { }
        _stderrDrain.Join(500); // the process is gone: its standard error ends soon
        var sb = new StringBuilder($"the solver process ({Executable}) exited{code} before answering");
        if (answers.Count > 0) sb.Append("; it printed '").Append(SExpr.Shorten(string.Join(" ", answers))).Append('\'');
        string err;
        lock (_stderr) err = _stderr.ToString().Trim();
        if (err.Length > 0) sb.Append("; standard error: ").Append(SExpr.Shorten(err));
        return sb.ToString();
    }

    /// <summary>Keeps the last few thousand characters of standard error (for failure messages), so the pipe never fills.</summary>
    private void DrainStandardError()
    {
        var buffer = new char[1024];
        try
        {
            int n;
            while ((n = _process.StandardError.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (_stderr)
                {
                    _stderr.Append(buffer, 0, n);
                    if (_stderr.Length > StderrKeep) _stderr.Remove(0, _stderr.Length - StderrKeep);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
    }

    private void ReadLoop()
    {
        var scanner = new SExprScanner();
        var buffer = new char[8192];
        try
        {
            var output = _process.StandardOutput;
            int n;
            while ((n = output.Read(buffer, 0, buffer.Length)) > 0)
                for (int i = 0; i < n; i++)
                    if (scanner.Feed(buffer[i]) is { } reply) _replies.Add(reply);
            if (scanner.Finish() is { } last) _replies.Add(last);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or InvalidDataException)
        {
            _failure ??= "could not read the solver's output: " + e.Message;
            Kill(_failure);
        }
        finally
        {
            try { _replies.CompleteAdding(); } catch (ObjectDisposedException) { }
        }
    }

    /// <summary>Kills the process tree when <paramref name="limit"/> passes (on the watchdog's own thread) or
    /// <paramref name="cancellationToken"/> fires.</summary>
    private Guard Watch(TimeSpan limit, CancellationToken cancellationToken, string what)
    {
        string seconds = limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var armed = _watchdog.Arm(limit, $"no answer within {seconds} s (wall-clock limit) while {what}; the solver process was killed");
        return new Guard(armed, cancellationToken.Register(() => Kill("cancelled")));
    }

    private void Kill(string reason)
    {
        lock (_gate)
        {
            try
            {
                if (_process.HasExited) return;
                _failure ??= reason;
                _process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException) { }
        }
    }

    private readonly record struct Guard(IDisposable Armed, CancellationTokenRegistration Registration) : IDisposable
    {
        public void Dispose()
        {
            Armed.Dispose();
            Registration.Dispose();
        }
    }
}
