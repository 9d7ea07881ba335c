using System.Numerics;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// One value of a network along a segment as a piecewise-affine function of t: on the first piece the entries are
/// <c>(Alpha0 + t Beta0) / Den</c>, and at each event (a breakpoint, by its id) some entries change by (dAlpha, dBeta).
/// Events are in the order of the breakpoints. Entries are integers over the value's fixed denominator: on one piece the
/// network is an affine map of the input, so alpha and beta never carry a breakpoint's denominator.
/// </summary>
internal sealed class PieceTrack<TInt> where TInt : IBinaryInteger<TInt>
{
    private readonly List<int> _points = [];
    private readonly List<int> _starts = [0];
    private readonly List<int> _entries = [];
    private readonly List<TInt> _dAlpha = [];
    private readonly List<TInt> _dBeta = [];

    public PieceTrack(TInt[] alpha0, TInt[] beta0, TInt den)
    {
        Alpha0 = alpha0;
        Beta0 = beta0;
        Den = den;
    }

    public TInt[] Alpha0 { get; }
    public TInt[] Beta0 { get; }
    public TInt Den { get; }
    public int Width => Alpha0.Length;

    /// <summary>The number of events.</summary>
    public int Events => _points.Count;

    /// <summary>The breakpoint id of event <paramref name="e"/>.</summary>
    public int PointOf(int e) => _points[e];

    /// <summary>The changes of event <paramref name="e"/>: entry, dAlpha, dBeta, for positions Start(e) to Start(e + 1) - 1.</summary>
    public int Start(int e) => _starts[e];
    public int Entry(int k) => _entries[k];
    public TInt DAlpha(int k) => _dAlpha[k];
    public TInt DBeta(int k) => _dBeta[k];

    /// <summary>
    /// Records the changes in <paramref name="touched"/> (entries of the scratch arrays, which are cleared) at breakpoint
    /// <paramref name="point"/>; entries whose change is zero are dropped, and no event is made when nothing changes.
    /// </summary>
    public void Emit(int point, List<int> touched, TInt[] dAlpha, TInt[] dBeta)
    {
        int before = _entries.Count;
        foreach (int i in touched)
        {
            if (!TInt.IsZero(dAlpha[i]) || !TInt.IsZero(dBeta[i]))
            {
                _entries.Add(i);
                _dAlpha.Add(dAlpha[i]);
                _dBeta.Add(dBeta[i]);
            }
            dAlpha[i] = TInt.Zero;
            dBeta[i] = TInt.Zero;
        }
        touched.Clear();
        if (_entries.Count == before) return;
        _points.Add(point);
        _starts.Add(_entries.Count);
    }
}

/// <summary>
/// The state of every unit of a nonlinear node along a segment: its region (activation) or winning member position (max) on
/// the first piece, and each change at a breakpoint id, in order. What the gradient sweep reads instead of a forward pass
/// per piece.
/// </summary>
internal sealed class StateTrack
{
    private readonly List<int> _points = [];
    private readonly List<int> _starts = [0];
    private readonly List<int> _units = [];
    private readonly List<int> _states = [];

    public StateTrack(int[] initial) => Initial = initial;

    public int[] Initial { get; }
    public int Events => _points.Count;
    public int PointOf(int e) => _points[e];
    public int Start(int e) => _starts[e];
    public int Unit(int k) => _units[k];
    public int State(int k) => _states[k];

    /// <summary>Records the new states of the units in <paramref name="units"/> at breakpoint <paramref name="point"/> (cleared afterwards).</summary>
    public void Emit(int point, List<int> units, int[] states)
    {
        if (units.Count == 0) return;
        foreach (int u in units)
        {
            _units.Add(u);
            _states.Add(states[u]);
        }
        units.Clear();
        _points.Add(point);
        _starts.Add(_units.Count);
    }
}
