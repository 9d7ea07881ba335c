namespace Verifier.Symbolic;

/// <summary>
/// Cooperative cancellation of long exact computations. A caller that bounds the time of a computation (e.g. the
/// command line's per-line budget in <c>attribute --batch</c>) opens a <see cref="Scope"/> with its token; the exact
/// engine's long loops (pieces of a line restriction, adaptive quadrature, series of elementary functions, coalitions,
/// steps, neurons) call <see cref="ThrowIfRequested"/>, which throws <see cref="OperationCanceledException"/> once the
/// token is cancelled, so the computation stops and no thread is left running.
/// </summary>
/// <remarks>
/// The token flows with the logical call (an <see cref="AsyncLocal{T}"/>: parallel work started inside the scope
/// inherits it, and concurrent computations each see their own), so the engine's signatures need no token parameter.
/// Outside a scope the token is <see cref="CancellationToken.None"/> and a check costs one read.
/// </remarks>
public static class Cancellation
{
    private static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>The token of the innermost open scope, or <see cref="CancellationToken.None"/>.</summary>
    public static CancellationToken Token => Current.Value;

    /// <summary>Makes <paramref name="token"/> the token of the computations started on this logical call until the
    /// returned scope is disposed (which restores the previous token).</summary>
    public static Scope Use(CancellationToken token)
    {
        var previous = Current.Value;
        Current.Value = token;
        return new Scope(previous);
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> when the current token is cancelled.</summary>
    public static void ThrowIfRequested() => Current.Value.ThrowIfCancellationRequested();

    /// <summary>An open scope; disposing it restores the previous token.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly CancellationToken _previous;

        internal Scope(CancellationToken previous) => _previous = previous;

        /// <summary>Restores the token that was current when the scope was opened.</summary>
        public void Dispose() => Current.Value = _previous;
    }
}
