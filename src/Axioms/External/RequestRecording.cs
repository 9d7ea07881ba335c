using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.External;

/// <summary>The requests an <see cref="ExternalMethod"/> sent while a recording was open (<see cref="ExternalMethod.Record"/>),
/// with the attributions it answered (null for a fault). Only requests sent from the thread that opened it are recorded
/// (an axiom test runs on one thread; the matrix runs other cells beside it). Disposing it ends the recording.</summary>
public sealed class RequestRecording : IDisposable
{
    private readonly List<(MethodRequest Request, Rational[]? Answer)> _entries = [];
    private readonly Action _end;
    private readonly int _thread = Environment.CurrentManagedThreadId;
    private bool _ended;

    internal RequestRecording(Action end) => _end = end;

    /// <summary>The requests, in the order they were sent.</summary>
    public IReadOnlyList<MethodRequest> Requests { get { lock (_entries) return _entries.Select(e => e.Request).ToArray(); } }

    /// <summary>The answers, one per request: the attributions, or null where the request faulted.</summary>
    public IReadOnlyList<Rational[]?> Answers { get { lock (_entries) return _entries.Select(e => e.Answer).ToArray(); } }

    /// <summary>The requests as JSON lines with ids 1, 2, ... (what a reproduction file holds).</summary>
    public IReadOnlyList<string> Lines => Requests.Select((r, k) => r.ToJsonLine(k + 1)).ToArray();

    internal void Add(MethodRequest request, Rational[]? answer)
    {
        if (Environment.CurrentManagedThreadId != _thread) return;
        lock (_entries) _entries.Add((request, answer));
    }

    /// <summary>Ends the recording.</summary>
    public void Dispose()
    {
        if (_ended) return;
        _ended = true;
        _end();
    }
}
