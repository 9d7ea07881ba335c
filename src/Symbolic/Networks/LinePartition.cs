using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// The restriction g(t) = F(p0 + t (p1 - p0)) of a network to a segment, as exact breakpoints
/// 0 = t0 &lt; t1 &lt; ... &lt; tk = 1 with g affine on every piece [t_j, t_(j+1)], and g(t_j) at each.
/// </summary>
/// <remarks>
/// The breakpoints are the points where the activation pattern changes along the segment (ExactLine,
/// Sotoudeh and Thakur 2019): a superset of the kinks of g, since g may happen to be smooth where an
/// unobserved neuron switches. Built by <see cref="NetworkLine.Restrict"/>.
/// </remarks>
public sealed class LinePartition
{
    private readonly ImmutableArray<Rational> _breakpoints;
    private readonly ImmutableArray<Rational> _values;

    /// <summary>A partition from its breakpoints (strictly increasing, from 0 to 1) and g at each.</summary>
    /// <exception cref="ArgumentException">The breakpoints do not run strictly upwards from 0 to 1, or the counts differ.</exception>
    public LinePartition(IEnumerable<Rational> breakpoints, IEnumerable<Rational> values)
    {
        _breakpoints = [.. breakpoints];
        _values = [.. values];
        if (_breakpoints.Length < 2 || !_breakpoints[0].IsZero || !_breakpoints[^1].IsOne)
            throw new ArgumentException("breakpoints must run from 0 to 1", nameof(breakpoints));
        for (int j = 1; j < _breakpoints.Length; j++)
            if (_breakpoints[j] <= _breakpoints[j - 1])
                throw new ArgumentException($"breakpoints must increase strictly: {_breakpoints[j - 1]} then {_breakpoints[j]}", nameof(breakpoints));
        if (_values.Length != _breakpoints.Length)
            throw new ArgumentException($"{_breakpoints.Length} breakpoints but {_values.Length} values", nameof(values));
    }

    /// <summary>The breakpoints t0 = 0 &lt; t1 &lt; ... &lt; tk = 1.</summary>
    public IReadOnlyList<Rational> Breakpoints => _breakpoints;

    /// <summary>The network's output g(t_j) at each breakpoint.</summary>
    public IReadOnlyList<Rational> Values => _values;

    /// <summary>The number of affine pieces k (one fewer than the breakpoints).</summary>
    public int Pieces => _breakpoints.Length - 1;

    /// <summary>The start t_j of piece <paramref name="piece"/>.</summary>
    public Rational Start(int piece) => _breakpoints[CheckPiece(piece)];

    /// <summary>The end t_(j+1) of piece <paramref name="piece"/>.</summary>
    public Rational End(int piece) => _breakpoints[CheckPiece(piece) + 1];

    /// <summary>The slope dg/dt on piece <paramref name="piece"/>.</summary>
    public Rational Slope(int piece) =>
        (_values[CheckPiece(piece) + 1] - _values[piece]) / (_breakpoints[piece + 1] - _breakpoints[piece]);

    /// <summary>g(t) for any t in [0, 1], by linear interpolation on the piece that holds t.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is outside [0, 1].</exception>
    public Rational ValueAt(Rational t)
    {
        if (t.Sign < 0 || t > Rational.One) throw new ArgumentOutOfRangeException(nameof(t), t, "t must lie in [0, 1]");
        int lo = 0, hi = _breakpoints.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (_breakpoints[mid] <= t) lo = mid; else hi = mid;
        }
        if (t == _breakpoints[lo]) return _values[lo];
        return _values[lo] + (t - _breakpoints[lo]) * Slope(lo);
    }

    /// <summary>For people: <c>3 pieces: 0, 1/3, 1/2, 1</c>.</summary>
    public override string ToString() => $"{Pieces} piece{(Pieces == 1 ? "" : "s")}: {string.Join(", ", _breakpoints)}";

    private int CheckPiece(int piece)
    {
        if ((uint)piece >= (uint)Pieces)
            throw new ArgumentOutOfRangeException(nameof(piece), piece, $"there are {Pieces} pieces (0-based)");
        return piece;
    }
}
