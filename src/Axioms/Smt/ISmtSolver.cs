namespace Verifier.Axioms.Smt;

/// <summary>
/// One reply of a solver: the text of one complete s-expression it printed (<c>sat</c>, <c>unsat</c>, <c>unknown</c>,
/// or a parenthesised response such as a model), or the reason no reply came (the process exited, was killed at the
/// wall-clock limit, was cancelled, or printed an error).
/// </summary>
/// <param name="Text">The reply's text; null when <paramref name="Failure"/> is set.</param>
/// <param name="Failure">Why there is no reply; null when there is one.</param>
public sealed record SmtReply(string? Text, string? Failure)
{
    /// <summary>A reply with the given text.</summary>
    public static SmtReply Of(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    /// <summary>No reply, for the given reason.</summary>
    public static SmtReply Failed(string reason) => new(null, reason ?? throw new ArgumentNullException(nameof(reason)));

    /// <summary>True when no reply came.</summary>
    public bool IsFailure => Failure is not null;

    /// <summary>The text, or <c>failure: reason</c>.</summary>
    public override string ToString() => Text ?? "failure: " + Failure;
}

/// <summary>
/// The narrow interface to an SMT-LIB2 solver: send commands that print nothing, ask for check-sat, ask a question
/// that prints one s-expression. Implementations never throw for solver trouble (a crash, garbage output, a timeout):
/// they return a failed <see cref="SmtReply"/>.
/// </summary>
/// <remarks>
/// After Boogie's <c>SMTLibSolver</c>, reduced to what the queries need. The one implementation that owns an OS
/// process is <see cref="SmtProcess"/>; <see cref="ScriptedSolver"/> replays answers for tests.
/// </remarks>
public interface ISmtSolver : IDisposable
{
    /// <summary>The solver and its version for reports, e.g. <c>z3 4.8.12</c>.</summary>
    string Version { get; }

    /// <summary>Sends commands that print nothing when they succeed (options, declarations, assertions). A solver error
    /// they cause is reported by the next <see cref="CheckSat"/> or <see cref="Ask"/>.</summary>
    void Send(string commands);

    /// <summary>Sends <c>(check-sat)</c> and waits, at most until the wall-clock limit, for <c>sat</c>, <c>unsat</c> or <c>unknown</c>.</summary>
    SmtReply CheckSat(CancellationToken cancellationToken = default);

    /// <summary>Sends one command that prints one s-expression (<c>(get-value ...)</c>, <c>(get-model)</c>,
    /// <c>(get-info :reason-unknown)</c>, <c>(get-objectives)</c>) and returns it.</summary>
    SmtReply Ask(string command, CancellationToken cancellationToken = default);
}

/// <summary>The factory seam: where <see cref="ISmtSolver"/>s come from.</summary>
public interface ISmtSolverFactory
{
    /// <summary>A fresh solver session for <paramref name="options"/>.</summary>
    /// <exception cref="SolverNotFoundException">The solver executable cannot be found.</exception>
    ISmtSolver Create(SmtOptions options);
}
