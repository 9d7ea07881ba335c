using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Verifier.Axioms.Processes;

namespace Verifier.Axioms.Smt;

/// <summary>
/// The solver session over one OS process: it writes SMT-LIB2 to the solver's standard input and reads its replies from
/// standard output. The process itself is owned by a <see cref="ChildProcess"/> (its own process group, killed as a
/// whole). Every wait has a deadline; past it, on cancellation and on <see cref="Dispose"/> the whole process group is
/// killed, so no solver process outlives its session. A crash, an exit or garbage output becomes a failed
/// <see cref="SmtReply"/> with the reason, never an exception.
/// </summary>
/// <remarks>
/// The protocol follows Boogie's solver layer: z3 runs as <c>z3 -in -smt2</c> (cvc5 as
/// <c>cvc5 --lang=smt2 --incremental</c>); each question is followed by <c>(echo "...")</c>, so the end of its reply
/// is recognised even when the solver printed an <c>(error ...)</c> instead of an answer.
/// </remarks>
public sealed class SmtProcess : ISmtSolver
{
    private const string EndMarker = "verifier-smt-end-of-reply";
    private const int KeepReplies = 8;

    private readonly SmtOptions _options;
    private readonly BlockingCollection<string> _replies = new();
    private readonly SExprScanner _scanner = new();
    private readonly Watchdog _watchdog;
    private readonly object _gate = new();
    private ChildProcess _child = null!; // set by Start before any use
    private string? _failure;
    private string? _version;
    private bool _disposed;

    private SmtProcess(SmtOptions options, string executable)
    {
        _options = options;
        Executable = executable;
        _watchdog = new Watchdog(Kill, "smt-watchdog");
    }

    /// <summary>The executable that was started.</summary>
    public string Executable { get; }

    /// <summary>The operating-system id of the solver process (also its process group id on Linux).</summary>
    public int ProcessId => _child.Id;

    /// <summary>True once the solver process has exited (or was killed).</summary>
    public bool HasExited => _child.HasExited;

    /// <summary>Starts the solver named by <paramref name="options"/> (found on the PATH or at <see cref="SmtOptions.SolverPath"/>).</summary>
    /// <exception cref="SolverNotFoundException">The executable does not exist or cannot be started.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static SmtProcess Start(SmtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string solver = options.IsZ3 ? "z3" : "cvc5";
        string executable = SolverLocator.Locate(solver, options.SolverPath);
        var session = new SmtProcess(options, executable);
        string[] arguments = options.IsZ3 ? ["-in", "-smt2"] : ["--lang=smt2", "--incremental"];
        try
        {
            session._child = ChildProcess.Start(new ChildProcessStart(executable, arguments), session.OnOutput, session.OnOutputEnd);
        }
        catch (ChildProcessStartException e)
        {
            session._watchdog.Dispose();
            throw new SolverNotFoundException($"the {solver} solver '{executable}' could not be started: {e.Message}; " +
                                              $"install it with `apt-get install {solver}` or set the path of an executable", e)
            { Solver = solver, SolverPath = options.SolverPath };
        }
        return session;
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
        return Exchange(command, QuickLimit, cancellationToken, "answering " + command);
    }

    /// <summary>How long a question that should be instant (a version, a model, a reason) may take:
    /// <see cref="SmtOptions.KillGrace"/>, at least one second.</summary>
    private TimeSpan QuickLimit => _options.KillGrace > TimeSpan.FromSeconds(1) ? _options.KillGrace : TimeSpan.FromSeconds(1);

    /// <summary>Kills the solver's process group (and whatever it left behind) and releases the session.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (_gate) _failure ??= "the session ended";
        _child.Dispose();
        _watchdog.Dispose();
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
            // Only the last few replies matter (the answer is the last one); a solver printing garbage without end
            // must not grow these lists until the wall-clock kill.
            if (ErrorText(reply) is { } error) Keep(errors, error);
            else if (reply is not ("success" or "unsupported")) Keep(answers, reply);
        }
        if (errors.Count > 0) return SmtReply.Failed("solver error: " + string.Join("; ", errors));
        if (answers.Count == 0) return SmtReply.Failed($"the solver printed nothing for {command}");
        return SmtReply.Of(answers[^1]);
    }

    private static void Keep(List<string> list, string item)
    {
        if (list.Count == KeepReplies) list.RemoveAt(0);
        list.Add(item);
    }

    private void Write(string text)
    {
        // When the process is gone the write fails quietly; the end of its output reports the exit to whoever waits.
        _child.WriteInput(text.EndsWith('\n') ? text : text + "\n");
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
        string code = _child.WaitForExit(TimeSpan.FromSeconds(1)) && _child.ExitCode is { } c
            ? " with code " + c.ToString(CultureInfo.InvariantCulture) : "";
        _child.WaitForStandardErrorEnd(TimeSpan.FromMilliseconds(500)); // the process is gone: its standard error ends soon
        var sb = new StringBuilder($"the solver process ({Executable}) exited{code} before answering");
        if (answers.Count > 0) sb.Append("; it printed '").Append(SExpr.Shorten(string.Join(" ", answers))).Append('\'');
        string err = _child.StandardErrorTail.Trim();
        if (err.Length > 0) sb.Append("; standard error: ").Append(SExpr.Shorten(err));
        return sb.ToString();
    }

    /// <summary>Standard output, chunk by chunk, cut into replies (on the child's reader thread).</summary>
    private void OnOutput(char[] buffer, int count)
    {
        try
        {
            for (int i = 0; i < count; i++)
                if (_scanner.Feed(buffer[i]) is { } reply) _replies.Add(reply);
        }
        catch (InvalidDataException e)
        {
            Kill("could not read the solver's output: " + e.Message);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException) { } // the session ended
    }

    private void OnOutputEnd()
    {
        try
        {
            if (_scanner.Finish() is { } last) _replies.Add(last);
            _replies.CompleteAdding();
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or InvalidDataException) { }
    }

    /// <summary>Kills the process group when <paramref name="limit"/> passes (on the watchdog's own thread) or
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
            if (_child.HasExited) return; // it ended by itself: its exit is the reason
            _failure ??= reason;
        }
        _child.Kill(reason);
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
