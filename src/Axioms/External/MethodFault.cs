using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.External;

/// <summary>What went wrong with one request to an external method (CONTRACT.md, <c>verifier-method/1</c>, faults).</summary>
public enum MethodFaultKind
{
    /// <summary>The command could not be (re)started: not found, not executable.</summary>
    Start,
    /// <summary>The first line was not a valid handshake, or a restart announced a different method.</summary>
    Handshake,
    /// <summary>The process exited or closed its output before answering.</summary>
    Crash,
    /// <summary>No answer within the per-request timeout; the process was killed.</summary>
    Timeout,
    /// <summary>A line that is not an answer: not JSON, not an object, no id, neither attributions nor error, too long.</summary>
    Garbage,
    /// <summary>An answer carrying another request's id (the conversation is out of step).</summary>
    WrongId,
    /// <summary>An attribution vector whose length is not the request's dimension.</summary>
    WrongLength,
    /// <summary>NaN or an infinity among the attributions.</summary>
    NonFinite,
    /// <summary>An attribution that is not a number (a word, null, an array, a number with too many digits).</summary>
    BadValue,
    /// <summary>The method answered <c>{"id": ..., "error": "..."}</c>.</summary>
    MethodError,
    /// <summary>The caller cancelled the request; the process was killed.</summary>
    Cancelled,
    /// <summary>The method faulted too many times in a row; it is no longer restarted.</summary>
    GaveUp,
}

/// <summary>One fault, with its reason (and the tail of the method's standard error where it helps).</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Reason">A one-line explanation naming the method and the numbers involved.</param>
public sealed record MethodFault(MethodFaultKind Kind, string Reason)
{
    /// <summary>The last lines the method wrote to standard error, when the fault came with any.</summary>
    public string? StandardError { get; init; }

    /// <summary>True when the process was (or must be) stopped: the next request starts a fresh one. False for faults
    /// inside a well-formed answer (an error answer, a wrong length, a bad number), after which the conversation goes on.</summary>
    public bool StopsProcess => Kind is MethodFaultKind.Start or MethodFaultKind.Handshake or MethodFaultKind.Crash
        or MethodFaultKind.Timeout or MethodFaultKind.Garbage or MethodFaultKind.WrongId or MethodFaultKind.Cancelled;

    /// <summary>The kind as reports write it: <c>crash</c>, <c>timeout</c>, <c>wrong-id</c>, <c>non-finite</c>, ...</summary>
    public string KindName => Kind switch
    {
        MethodFaultKind.WrongId => "wrong-id",
        MethodFaultKind.WrongLength => "wrong-length",
        MethodFaultKind.NonFinite => "non-finite",
        MethodFaultKind.BadValue => "bad-value",
        MethodFaultKind.MethodError => "method-error",
        MethodFaultKind.GaveUp => "gave-up",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    /// <summary><c>kind: reason</c>.</summary>
    public override string ToString() => KindName + ": " + Reason;
}

/// <summary>The outcome of one request: the attributions, exactly, or a fault.</summary>
/// <param name="Id">The request's id.</param>
/// <param name="Attributions">A_1..A_n read exactly from the answer's decimal or fraction text; null on a fault.</param>
/// <param name="Fault">What went wrong; null on success.</param>
/// <param name="Elapsed">From sending the request to reading (or giving up on) its answer.</param>
public sealed record MethodAnswer(long Id, IReadOnlyList<Rational>? Attributions, MethodFault? Fault, TimeSpan Elapsed)
{
    /// <summary>True when the request failed.</summary>
    public bool IsFault => Fault is not null;
}

/// <summary>An external method failed on one request; the axiom search counts the trial as errored.</summary>
public sealed class ExternalMethodFaultException : Exception
{
    /// <summary>The exception for <paramref name="fault"/> of method <paramref name="method"/>.</summary>
    public ExternalMethodFaultException(string method, MethodFault fault)
        : base($"external method {method}: {(fault ?? throw new ArgumentNullException(nameof(fault)))}")
    {
        Method = method;
        Fault = fault;
    }

    /// <summary>The method's name.</summary>
    public string Method { get; }

    /// <summary>The fault.</summary>
    public MethodFault Fault { get; }
}

/// <summary>An external method could not be started: the command is missing or malformed, or its handshake is invalid.</summary>
public sealed class ExternalMethodStartException : InvalidOperationException
{
    /// <summary>The exception for <paramref name="fault"/> of <paramref name="command"/>.</summary>
    public ExternalMethodStartException(string command, MethodFault fault, Exception? inner = null)
        : base($"the method command '{command}' did not start: {(fault ?? throw new ArgumentNullException(nameof(fault))).Reason}", inner)
    {
        Command = command;
        Fault = fault;
    }

    /// <summary>The command line.</summary>
    public string Command { get; }

    /// <summary>Why it did not start.</summary>
    public MethodFault Fault { get; }
}
