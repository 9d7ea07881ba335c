namespace Verifier.Axioms.Smt;

/// <summary>
/// A fake solver for tests: it replays scripted replies, one per <see cref="CheckSat"/> or <see cref="Ask"/>, in order,
/// and records everything it was sent. No process is involved.
/// </summary>
/// <example>
/// <code>
/// var solver = new ScriptedSolver("sat", "((x1 (/ 1.0 3.0)))");            // check-sat, then get-value
/// var crash = new ScriptedSolver(SmtReply.Failed("the solver exited with code 139"));
/// var options = SmtOptions.Default with { SolverFactory = new ScriptedSolverFactory(solver) };
/// </code>
/// </example>
public sealed class ScriptedSolver : ISmtSolver
{
    private readonly Queue<SmtReply> _replies;
    private readonly List<string> _log = [];

    /// <summary>A solver that answers with these texts, in order.</summary>
    public ScriptedSolver(params string[] replies) : this(replies.Select(SmtReply.Of)) { }

    /// <summary>A solver that answers with these replies (texts or failures), in order.</summary>
    public ScriptedSolver(params SmtReply[] replies) : this((IEnumerable<SmtReply>)replies) { }

    /// <summary>A solver that answers with these replies, in order.</summary>
    public ScriptedSolver(IEnumerable<SmtReply> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        _replies = new Queue<SmtReply>(replies);
    }

    /// <inheritdoc />
    public string Version { get; init; } = "scripted 1.0";

    /// <summary>Everything sent, in order: the commands of <see cref="Send"/>, then <c>(check-sat)</c> and the questions.</summary>
    public IReadOnlyList<string> Log => _log;

    /// <summary>The replies not yet used.</summary>
    public int Remaining => _replies.Count;

    /// <summary>True once disposed.</summary>
    public bool IsDisposed { get; private set; }

    /// <inheritdoc />
    public void Send(string commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        _log.Add(commands);
    }

    /// <inheritdoc />
    public SmtReply CheckSat(CancellationToken cancellationToken = default) => Next("(check-sat)", cancellationToken);

    /// <inheritdoc />
    public SmtReply Ask(string command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Next(command, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => IsDisposed = true;

    private SmtReply Next(string command, CancellationToken cancellationToken)
    {
        _log.Add(command);
        if (cancellationToken.IsCancellationRequested) return SmtReply.Failed("cancelled");
        return _replies.Count > 0 ? _replies.Dequeue() : SmtReply.Failed($"the scripted solver has no reply left for {command}");
    }
}

/// <summary>A factory that hands out prepared <see cref="ScriptedSolver"/>s, one per session, in order.</summary>
public sealed class ScriptedSolverFactory : ISmtSolverFactory
{
    private readonly Queue<ScriptedSolver> _sessions;
    private readonly List<ScriptedSolver> _created = [];

    /// <summary>A factory whose sessions are these solvers, in order.</summary>
    public ScriptedSolverFactory(params ScriptedSolver[] sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        _sessions = new Queue<ScriptedSolver>(sessions);
    }

    /// <summary>The solvers handed out so far.</summary>
    public IReadOnlyList<ScriptedSolver> Created => _created;

    /// <inheritdoc />
    public ISmtSolver Create(SmtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var next = _sessions.Count > 0 ? _sessions.Dequeue() : new ScriptedSolver(Array.Empty<SmtReply>()); // an empty one fails every request
        _created.Add(next);
        return next;
    }
}
