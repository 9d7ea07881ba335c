using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// The integral of the gradient along a segment, sum over pieces p of (t_(p+1) - t_p) dF/dx(piece p), by incremental
/// back-propagation: the backward vector of every value is kept for the current piece, and at a breakpoint only the units
/// whose state changes (from the <see cref="StateTrack"/>s the piece kernel recorded) send a change down, through the
/// nodes below them, touching only what the change reaches (a rank-one update through a dense layer, a few entries
/// through a convolution).
/// </summary>
/// <remarks>
/// <para>Backward vectors are integers: the vector of value v is b_v sigma_v with sigma_v a common multiple of the scales
/// of the layers above (an affine layer's weight denominator, an activation's derivative denominator), so every weight
/// and derivative is an integer too.</para>
/// <para>The sum is accumulated as S = sum over breakpoints t_k of t_k (b_(k-1) - b_k) + b_last (the same sum, rearranged
/// by breakpoint), so only the entries that change at t_k are touched; each entry's numerator is over a denominator of its
/// own, the lcm of the denominators of the breakpoints where it changed, and the only greatest common divisors taken
/// before the result are of such a denominator and one breakpoint's (small, cheap).</para>
/// <para>When the network begins with dense affine layers (an MLP's first layer) whose outputs are narrower than the
/// input, the sum is accumulated at their outputs and mapped back to the input once at the end (by linearity, over one
/// common denominator); else at the input itself.</para>
/// </remarks>
internal sealed partial class GradientSweep<TInt> where TInt : IBinaryInteger<TInt>
{
    private readonly IntegerNode<TInt>[] _nodes;
    private readonly LineStates _line;
    private readonly BigInteger[] _sigma;          // per value; 0 when the output does not depend on it
    private readonly BigInteger[] _scale;          // per node, its backward scale
    private readonly bool[] _prefix;               // per node: affine and fed only by the input and prefix nodes
    private readonly bool[] _accumulated;          // per value: its sum is accumulated (the input, or the prefix's frontier)
    private readonly TInt[]?[] _derivatives;       // per activation node, the scaled derivative of each region
    private readonly TInt[]?[] _multipliers;       // per node, per source: sigma_s / (sigma_out scale)
    private readonly TInt[]?[] _b;                 // backward vectors of the swept values
    private readonly TInt[]?[] _delta;             // their changes at the current breakpoint
    private readonly bool[]?[] _seen;
    private readonly List<int>?[] _touched;
    private readonly int[]?[] _state;              // current region / winner per unit of each nonlinear node
    private readonly BigInteger[]?[] _sums;        // numerators of the accumulated sums, each over its own denominator
    private readonly BigInteger[]?[] _dens;        // their denominators
    private readonly int _inputWidth;
    private readonly TInt[]?[] _scratch;           // per node, its input change at the current breakpoint
    private readonly List<int> _scratchTouched = [];
    private readonly bool[]?[] _scratchSeen;
    private readonly bool[]?[] _done;
    private BigInteger _den = BigInteger.One;
    private readonly bool _shared;                 // the sums share _den (at a dense prefix's outputs), else one each
    private readonly int[] _entryOffset;           // per value, the number of its first accumulated entry

    private GradientSweep(IntegerNode<TInt>[] nodes, LineStates line, KinkConvention convention)
    {
        _nodes = nodes;
        _line = line;
        int inputWidth = _inputWidth = line.InputBeta.Length;
        _scratch = new TInt[]?[nodes.Length];
        _scratchSeen = new bool[]?[nodes.Length];
        _done = new bool[]?[nodes.Length];
        int values = nodes.Length + 1;
        _sigma = new BigInteger[values];
        _scale = new BigInteger[nodes.Length];
        _derivatives = new TInt[]?[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
        {
            switch (nodes[i])
            {
                case IntegerAffine<TInt> a: _scale[i] = BigInteger.CreateChecked(a.Denominator); break;
                case IntegerActivationNode<TInt> f:
                {
                    var d = f.Derivatives(convention);
                    var lcm = IntegerScale.Lcm(d);
                    _scale[i] = lcm;
                    _derivatives[i] = [.. d.Select(r => IntegerScale.Scale<TInt>(r, lcm))];
                    break;
                }
                default: _scale[i] = BigInteger.One; break;
            }
        }
        // sigma: the last value 1; a source's is a common multiple of what every reader needs
        _sigma[^1] = BigInteger.One;
        for (int i = nodes.Length - 1; i >= 0; i--)
        {
            if (_sigma[i + 1].IsZero) continue;
            var need = _sigma[i + 1] * _scale[i];
            foreach (int s in nodes[i].Sources)
                _sigma[s + 1] = _sigma[s + 1].IsZero ? need : need / BigInteger.GreatestCommonDivisor(need, _sigma[s + 1]) * _sigma[s + 1];
        }
        if (_sigma[0].IsZero) _sigma[0] = BigInteger.One; // the output does not depend on the input
        _multipliers = new TInt[]?[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
            if (!_sigma[i + 1].IsZero)
                _multipliers[i] = [.. nodes[i].Sources.Select(s => TInt.CreateChecked(_sigma[s + 1] / (_sigma[i + 1] * _scale[i])))];
        (_prefix, _accumulated) = Frontier(nodes, inputWidth);
        _shared = _prefix.Any(x => x);
        _b = new TInt[]?[values];
        _delta = new TInt[]?[values];
        _seen = new bool[]?[values];
        _touched = new List<int>?[values];
        _sums = new BigInteger[]?[values];
        _dens = new BigInteger[]?[values];
        for (int v = 0; v < values; v++)
        {
            bool swept = v > 0 && !_prefix[v - 1];
            if (_sigma[v].IsZero || !(swept || _accumulated[v])) continue;
            int width = v == 0 ? inputWidth : nodes[v - 1].OutputWidth;
            _b[v] = new TInt[width];
            _delta[v] = new TInt[width];
            _seen[v] = new bool[width];
            _touched[v] = [];
            if (_accumulated[v])
            {
                _sums[v] = new BigInteger[width];
                _dens[v] = new BigInteger[width];
                Array.Fill(_dens[v]!, BigInteger.One);
            }
        }
        _state = new int[]?[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
            if (line.States[i] is { } states) _state[i] = (int[])states.Initial.Clone();
        // the accumulated values' entries numbered one after another (SharedSums)
        _entryOffset = new int[values + 1];
        for (int v = 0; v < values; v++) _entryOffset[v + 1] = _entryOffset[v] + (_accumulated[v] && _sums[v] is { } sums ? sums.Length : 0);
    }

    /// <summary>
    /// (p1 - p0)_i times the integral over t in [0, 1] of dF/dx_i at p0 + t (p1 - p0), exactly, on the segment whose
    /// breakpoints and unit states the piece kernel found (<paramref name="line"/>); on each piece the gradient is
    /// <see cref="Network.Gradient"/>'s at the piece's midpoint under <paramref name="convention"/> (a unit on a kink along a
    /// whole piece takes the convention's derivative, a max tie the first maximal member).
    /// </summary>
    /// <exception cref="OverflowException"><typeparamref name="TInt"/> is too narrow for the backward vectors.</exception>
    public static Rational[] Integrate(IntegerNode<TInt>[] nodes, LineStates line, int output, KinkConvention convention)
    {
        var sweep = new GradientSweep<TInt>(nodes, line, convention);
        sweep._b[^1]![output] = TInt.One;
        sweep.FullBackward();
        var cursors = new int[nodes.Length];
        for (int m = 1; m + 1 < line.Ids.Length; m++)
        {
            if ((m & 255) == 0) Cancellation.ThrowIfRequested();
            sweep.Breakpoint(m, cursors);
        }
        return sweep.Result();
    }

    // Which nodes form the affine prefix, and where the sum is accumulated: at the outputs of the prefix that later nodes
    // read, when they are narrower than the input and the prefix is dense (an MLP's first layer: a change at its outputs
    // would reach every input); else at the input (and no prefix): a sparse prefix (a convolution) passes each change to a
    // few inputs, whose sums then keep small denominators of their own, where mapping the prefix's sums back at the end
    // would need one common denominator of every breakpoint.
    private (bool[] Prefix, bool[] Accumulated) Frontier(IntegerNode<TInt>[] nodes, int inputWidth)
    {
        var prefix = new bool[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
            prefix[i] = nodes[i] is IntegerAffine<TInt> a && 2L * a.Values.Length >= (long)a.OutputWidth * a.InputWidth
                && nodes[i].Sources.All(s => s < 0 || prefix[s]);
        var frontier = new bool[nodes.Length + 1];
        for (int i = 0; i < nodes.Length; i++)
            if (!prefix[i]) foreach (int s in nodes[i].Sources) if (s < 0 || prefix[s]) frontier[s + 1] = true;
        if (nodes.Length > 0 && prefix[^1]) frontier[^1] = true;
        long width = 0;
        for (int v = 0; v < frontier.Length; v++)
            if (frontier[v] && !_sigma[v].IsZero) width += v == 0 ? inputWidth : nodes[v - 1].OutputWidth;
        if (nodes.Length == 0 || frontier[0] || width >= inputWidth)
        {
            var atInput = new bool[nodes.Length + 1];
            atInput[0] = true;
            return (new bool[nodes.Length], atInput);
        }
        return (prefix, frontier);
    }

    private bool Swept(int node) => !_prefix[node] && _multipliers[node] is not null;

    // The backward vectors on the first piece: every swept node from the last, its input gradient sent to its sources.
    private void FullBackward()
    {
        checked
        {
            for (int i = _nodes.Length - 1; i >= 0; i--)
            {
                if (!Swept(i)) continue;
                var above = _b[i + 1]!;
                var below = new TInt[_nodes[i].InputWidth];
                switch (_nodes[i])
                {
                    case IntegerAffine<TInt> a:
                        for (int o = 0; o < above.Length; o++)
                        {
                            if (TInt.IsZero(above[o])) continue;
                            for (int k = a.RowStarts[o]; k < a.RowStarts[o + 1]; k++) below[a.Columns[k]] += a.Values[k] * above[o];
                        }
                        break;
                    case IntegerActivationNode<TInt>:
                    {
                        var d = _derivatives[i]!;
                        var state = _state[i]!;
                        for (int u = 0; u < above.Length; u++) below[u] = d[state[u]] * above[u];
                        break;
                    }
                    case IntegerMaxNode<TInt> m:
                    {
                        var state = _state[i]!;
                        for (int g = 0; g < above.Length; g++) below[m.Groups[g][state[g]]] += above[g];
                        break;
                    }
                }
                Scatter(i, below, null, toDelta: false);
            }
        }
    }

    // Adds a node's input gradient (or the entries listed of its change) into its sources' vectors (or their changes).
    private void Scatter(int node, TInt[] below, List<int>? entries, bool toDelta)
    {
        checked
        {
            var sources = _nodes[node].Sources;
            var multipliers = _multipliers[node]!;
            if (sources.Length == 1)
            {
                int v = sources[0] + 1;
                if (_b[v] is null) return;
                TInt f = multipliers[0];
                if (entries is null)
                    for (int j = 0; j < below.Length; j++) Add(v, j, f == TInt.One ? below[j] : below[j] * f, toDelta);
                else
                    foreach (int j in entries) Add(v, j, f == TInt.One ? below[j] : below[j] * f, toDelta);
                return;
            }
            var offsets = new int[sources.Length + 1];
            for (int p = 0; p < sources.Length; p++) offsets[p + 1] = offsets[p] + (_b[sources[p] + 1]?.Length ?? Width(sources[p] + 1));
            void One(int j)
            {
                int p = 0;
                while (j >= offsets[p + 1]) p++;
                int v = sources[p] + 1;
                if (_b[v] is not null) Add(v, j - offsets[p], below[j] * multipliers[p], toDelta);
            }
            if (entries is null) for (int j = 0; j < below.Length; j++) One(j);
            else foreach (int j in entries) One(j);
        }
    }

    private int Width(int value) => value == 0 ? _inputWidth : _nodes[value - 1].OutputWidth;

    private void Add(int v, int j, TInt amount, bool toDelta)
    {
        checked
        {
            if (TInt.IsZero(amount)) return;
            if (!toDelta) { _b[v]![j] += amount; return; }
            if (!_seen[v]![j]) { _seen[v]![j] = true; _touched[v]!.Add(j); }
            _delta[v]![j] += amount;
        }
    }

    // One breakpoint: the state changes recorded there go down through the swept nodes, from the last, and the changes
    // that reach the accumulated values are added to the sums (t times the change, with the opposite sign).
    private void Breakpoint(int m, int[] cursors)
    {
        var states = _line.States;
        int id = _line.Ids[m];
        checked
        {
            var starts = new (int From, int To)[_nodes.Length];
            bool any = false;
            for (int i = 0; i < _nodes.Length; i++)
            {
                if (states[i] is not { } track) continue;
                int e = cursors[i];
                if (e < track.Events && track.PointOf(e) == id)
                {
                    cursors[i] = e + 1;
                    if (!Swept(i)) continue;
                    starts[i] = (track.Start(e), track.Start(e + 1));
                    any = true;
                }
            }
            if (!any) return;
            for (int i = _nodes.Length - 1; i >= 0; i--)
            {
                if (!Swept(i)) continue;
                var touched = _touched[i + 1]!;
                var (from, to) = starts[i];
                if (touched.Count == 0 && from == to) continue;
                var below = _scratch[i] ??= new TInt[_nodes[i].InputWidth];
                _current = _scratchSeen[i] ??= new bool[_nodes[i].InputWidth];
                var delta = _delta[i + 1]!;
                var above = _b[i + 1]!;
                switch (_nodes[i])
                {
                    case IntegerAffine<TInt> a:
                        foreach (int o in touched)
                        {
                            TInt d = delta[o];
                            if (TInt.IsZero(d)) continue;
                            for (int k = a.RowStarts[o]; k < a.RowStarts[o + 1]; k++) Mark(below, a.Columns[k], a.Values[k] * d);
                        }
                        break;
                    case IntegerActivationNode<TInt>:
                    {
                        var dv = _derivatives[i]!;
                        var state = _state[i]!;
                        var track = states[i]!;
                        var done = _done[i] ??= new bool[state.Length];
                        for (int k = from; k < to; k++)
                        {
                            // a unit that changes region: its old derivative times its old backward entry goes, its new
                            // derivative times the new entry comes
                            int u = track.Unit(k);
                            TInt before = dv[state[u]] * above[u];
                            state[u] = track.State(k);
                            Mark(below, u, dv[state[u]] * (above[u] + delta[u]) - before);
                            done[u] = true;
                        }
                        foreach (int u in touched)
                            if (!done[u] && !TInt.IsZero(delta[u])) Mark(below, u, dv[state[u]] * delta[u]);
                        for (int k = from; k < to; k++) done[track.Unit(k)] = false;
                        break;
                    }
                    case IntegerMaxNode<TInt> max:
                    {
                        var state = _state[i]!;
                        var track = states[i]!;
                        var done = _done[i] ??= new bool[state.Length];
                        for (int k = from; k < to; k++)
                        {
                            // a group whose winner changes: the old winner loses the group's entry, the new one gets the new entry
                            int g = track.Unit(k);
                            Mark(below, max.Groups[g][state[g]], -above[g]);
                            state[g] = track.State(k);
                            Mark(below, max.Groups[g][state[g]], above[g] + delta[g]);
                            done[g] = true;
                        }
                        foreach (int g in touched)
                            if (!done[g] && !TInt.IsZero(delta[g])) Mark(below, max.Groups[g][state[g]], delta[g]);
                        for (int k = from; k < to; k++) done[track.Unit(k)] = false;
                        break;
                    }
                }
                foreach (int o in touched)
                {
                    above[o] += delta[o];
                    delta[o] = TInt.Zero;
                    _seen[i + 1]![o] = false;
                }
                touched.Clear();
                Scatter(i, below, _scratchTouched, toDelta: true);
                foreach (int j in _scratchTouched) { below[j] = TInt.Zero; _current[j] = false; }
                _scratchTouched.Clear();
            }
            Accumulate(m);
        }
    }

    private bool[] _current = [];

    // Adds to entry j of the node's input change, listing it on first touch.
    private void Mark(TInt[] below, int j, TInt amount)
    {
        checked
        {
            if (!_current[j]) { _current[j] = true; _scratchTouched.Add(j); }
            below[j] += amount;
        }
    }
}

/// <summary>
/// What the gradient sweep reads from the piece kernel: the breakpoints in order (ids and t = P / Q), every nonlinear
/// node's unit states, and the segment's direction p1 - p0 as integers over a denominator.
/// </summary>
internal sealed record LineStates(int[] Ids, BigInteger[] P, BigInteger[] Q, StateTrack?[] States, BigInteger[] InputBeta, BigInteger InputDen)
{
    /// <summary>The kernel's result in type-free form.</summary>
    public static LineStates From<TInt>(PieceKernel<TInt> kernel, PieceTrack<TInt> input) where TInt : IBinaryInteger<TInt> => new(
        [.. kernel.Points.Select(p => p.Id)],
        [.. kernel.Points.Select(p => BigInteger.CreateChecked(p.P))],
        [.. kernel.Points.Select(p => BigInteger.CreateChecked(p.Q))],
        kernel.States,
        [.. input.Beta0.Select(b => BigInteger.CreateChecked(b))],
        BigInteger.CreateChecked(input.Den));
}
