using System.Diagnostics;
using System.Globalization;
using Verifier.Axioms.Processes;

namespace Verifier.Axioms.External;

/// <summary>
/// The host of an external attribution method (CONTRACT.md, <c>verifier-method/1</c>): it starts the user's command as a
/// long-lived process, checks its handshake, and exchanges one JSON line per request with it, in order, each within the
/// request timeout. A crash, a hang, garbage, a wrong id, a wrong vector length, a non-finite number or an error answer
/// becomes a typed <see cref="MethodFault"/>, never an exception. After a fault that breaks the conversation the process
/// group is killed and the next request starts a fresh process (up to <see cref="ExternalMethodOptions.MaxConsecutiveFaults"/>
/// in a row). No process is left running: not after a fault, not at <see cref="Dispose"/>, not when our own process ends.
/// </summary>
/// <remarks>Requests are answered one at a time; concurrent callers are served in turn.</remarks>
public sealed class ExternalMethodHost : IDisposable
{
    private const int StandardErrorInReason = 300;

    private readonly ExternalMethodOptions _options;
    private readonly object _gate = new();
    private readonly Watchdog _watchdog;
    private MethodProcess? _process;
    private MethodHandshake? _handshake;
    private MethodFault? _gaveUp;
    private long _lastId;
    private int _consecutive;
    private volatile bool _disposed;

    private ExternalMethodHost(IReadOnlyList<string> command, ExternalMethodOptions options)
    {
        Command = command;
        _options = options;
        _watchdog = new Watchdog(reason => _process?.Kill(new MethodFault(MethodFaultKind.Timeout, reason)), "method-watchdog");
    }

    /// <summary>The command and its arguments.</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>The command as one line (quoted where needed).</summary>
    public string CommandLineText => External.CommandLine.Join(Command);

    /// <summary>The method's handshake (from its first start; restarts must announce the same).</summary>
    public MethodHandshake Handshake => _handshake!;

    /// <summary>The options.</summary>
    public ExternalMethodOptions Options => _options;

    /// <summary>The id of the running process (also its process group on Linux), or null between a fault and the next request.</summary>
    public int? ProcessId => _process?.Child.Id;

    /// <summary>How many processes were started (1 + restarts).</summary>
    public int Starts { get; private set; }

    /// <summary>How many requests were sent.</summary>
    public int Requests { get; private set; }

    /// <summary>How many requests ended in a fault.</summary>
    public int Faults { get; private set; }

    /// <summary>Starts <paramref name="commandLine"/> (split like a shell, without a shell: <see cref="External.CommandLine.Split"/>)
    /// and reads its handshake.</summary>
    /// <exception cref="FormatException">The command line is malformed.</exception>
    /// <exception cref="ExternalMethodStartException">It cannot be started, or its handshake is missing or invalid.</exception>
    public static ExternalMethodHost Start(string commandLine, ExternalMethodOptions? options = null) =>
        Start(External.CommandLine.Split(commandLine), options);

    /// <summary>Starts the command (first word: the executable) and reads its handshake.</summary>
    /// <exception cref="ExternalMethodStartException">It cannot be started, or its handshake is missing or invalid.</exception>
    /// <exception cref="ArgumentException">No command, or invalid options.</exception>
    public static ExternalMethodHost Start(IReadOnlyList<string> command, ExternalMethodOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0) throw new ArgumentException("the method command is empty", nameof(command));
        options ??= ExternalMethodOptions.Default;
        options.Validate();
        var host = new ExternalMethodHost(command.ToArray(), options);
        MethodFault? fault;
        lock (host._gate) fault = host.StartProcess(CancellationToken.None);
        if (fault is null) return host;
        host.Dispose();
        throw new ExternalMethodStartException(host.CommandLineText, fault);
    }

    /// <summary>Sends one request and reads its answer; a fault is returned, not thrown.</summary>
    /// <exception cref="ObjectDisposedException">The host was disposed.</exception>
    public MethodAnswer Send(MethodRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long id = ++_lastId;
            Requests++;
            var clock = Stopwatch.StartNew();
            if (_gaveUp is { } gaveUp) return Conclude(id, null, gaveUp, clock);
            if (cancellationToken.IsCancellationRequested)
                return Conclude(id, null, new MethodFault(MethodFaultKind.Cancelled, $"request {id} was cancelled before it was sent"), clock);
            if (_process is null && StartProcess(cancellationToken) is { } startFault) return Conclude(id, null, startFault, clock);
            var run = _process!;
            string line = request.ToJsonLine(id) + "\n";
            (Symbolic.Numbers.Rational[]? Values, MethodFault? Fault) answer;
            using (_watchdog.Arm(_options.RequestTimeout, $"no answer within {Seconds(_options.RequestTimeout)} s to request {id}; the method process was killed"))
            using (cancellationToken.Register(() => run.Kill(new MethodFault(MethodFaultKind.Cancelled, $"request {id} was cancelled; the method process was killed"))))
            {
                run.Child.WriteInput(line); // when it fails the process is gone, and the end of its output says why
                var text = run.NextLine();
                answer = text is null ? (null, Ended(run, $"before answering request {id}")) : AnswerReader.Read(text, id, request.Subject.Dimension, _options.MaxNumberDigits);
            }
            return Conclude(id, answer.Values, answer.Fault, clock);
        }
    }

    /// <summary>Closes the method's standard input, gives it <see cref="ExternalMethodOptions.ExitGrace"/> to exit, then
    /// kills whatever is left of its process group.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!Monitor.TryEnter(_gate))
        {
            // A request is in flight (another thread): end it now rather than after its timeout.
            _process?.Kill(new MethodFault(MethodFaultKind.Cancelled, "the method host was closed during the request"));
            Monitor.Enter(_gate);
        }
        try
        {
            _process?.Stop(_options.ExitGrace);
            _process = null;
            _watchdog.Dispose();
        }
        finally { Monitor.Exit(_gate); }
    }

    private MethodAnswer Conclude(long id, Symbolic.Numbers.Rational[]? values, MethodFault? fault, Stopwatch clock)
    {
        if (fault is null)
        {
            _consecutive = 0;
            return new MethodAnswer(id, values, null, clock.Elapsed);
        }
        Faults++;
        if (fault.StopsProcess)
        {
            if (_process is { } run)
            {
                run.Dispose();
                _process = null;
            }
            if (fault.Kind != MethodFaultKind.Cancelled && ++_consecutive >= _options.MaxConsecutiveFaults)
                _gaveUp = new MethodFault(MethodFaultKind.GaveUp,
                    $"the method faulted {_consecutive} times in a row and is not restarted; the last fault: {fault}") { StandardError = fault.StandardError };
        }
        return new MethodAnswer(id, null, fault, clock.Elapsed);
    }

    /// <summary>Starts a process and reads its handshake; null on success, else the fault (the process is then stopped).</summary>
    private MethodFault? StartProcess(CancellationToken cancellationToken)
    {
        MethodProcess run;
        try { run = MethodProcess.Start(Command, _options); }
        catch (ChildProcessStartException e) { return new MethodFault(MethodFaultKind.Start, e.Message); }
        _process = run;
        Starts++;
        string? line;
        var limit = _options.EffectiveHandshakeTimeout;
        using (_watchdog.Arm(limit, $"no handshake within {Seconds(limit)} s; the method process was killed"))
        using (cancellationToken.Register(() => run.Kill(new MethodFault(MethodFaultKind.Cancelled, "cancelled while waiting for the handshake"))))
            line = run.NextLine();
        MethodFault? fault = null;
        if (line is null) fault = Ended(run, "before its handshake");
        else if (!MethodHandshake.TryParse(line, out var handshake, out var error))
            fault = new MethodFault(MethodFaultKind.Handshake, error) { StandardError = Tail(run) };
        else if (_handshake is not null && handshake != _handshake)
            fault = new MethodFault(MethodFaultKind.Handshake, $"the restarted method announced {handshake}, not {_handshake}");
        else _handshake = handshake;
        if (fault is null) return null;
        run.Dispose();
        _process = null;
        return fault;
    }

    /// <summary>The fault for a process whose output ended: killed (timeout, cancellation, over-long line) or exited.</summary>
    private static MethodFault Ended(MethodProcess run, string when)
    {
        if (run.Killed is { } killed) return killed with { StandardError = Tail(run) };
        string exit = run.Child.DescribeExit();
        run.Child.WaitForStandardErrorEnd(TimeSpan.FromMilliseconds(500));
        string? tail = Tail(run);
        string reason = $"the method process {exit} {when}";
        if (tail is not null) reason += "; standard error: " + AnswerReader.Shorten(LastChars(tail, StandardErrorInReason), StandardErrorInReason + 3);
        return new MethodFault(MethodFaultKind.Crash, reason) { StandardError = tail };
    }

    private static string? Tail(MethodProcess run)
    {
        var tail = run.Child.StandardErrorTail.Trim();
        return tail.Length == 0 ? null : tail;
    }

    private static string LastChars(string text, int n) => text.Length <= n ? text : "..." + text[^n..];

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
