using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// The next event time of each unit of a node (a kink crossing, a change of a max group's winner) in an indexed binary
/// min-heap: at most one entry per unit, replaced when the unit's time changes, so the heap never holds stale entries.
/// Times are exact fractions P / Q in [0, 1]; a double approximation orders them, and the exact cross-multiplication
/// decides whenever the approximations are too close to tell.
/// </summary>
internal sealed class UnitQueue<TInt> where TInt : IBinaryInteger<TInt>
{
    private readonly int[] _heap;      // unit at each heap position
    private readonly int[] _position;  // heap position of each unit, or -1
    private readonly TInt[] _p;
    private readonly TInt[] _q;
    private readonly double[] _approx;
    private int _count;

    public UnitQueue(int units)
    {
        _heap = new int[units];
        _position = new int[units];
        Array.Fill(_position, -1);
        _p = new TInt[units];
        _q = new TInt[units];
        _approx = new double[units];
    }

    public int Count => _count;

    /// <summary>The unit with the earliest time and that time (the queue must not be empty).</summary>
    public (int Unit, TInt P, TInt Q) Peek()
    {
        int u = _heap[0];
        return (u, _p[u], _q[u]);
    }

    /// <summary>Sets the unit's time (inserting it, or moving it when it was queued).</summary>
    public void Set(int unit, TInt p, TInt q)
    {
        _p[unit] = p;
        _q[unit] = q;
        _approx[unit] = Approximate(p, q);
        int at = _position[unit];
        if (at < 0)
        {
            at = _count++;
            _heap[at] = unit;
            _position[unit] = at;
        }
        if (!Up(at)) Down(at);
    }

    /// <summary>Removes the unit when it is queued.</summary>
    public void Remove(int unit)
    {
        int at = _position[unit];
        if (at < 0) return;
        _position[unit] = -1;
        int last = --_count;
        if (at == last) return;
        int moved = _heap[last];
        _heap[at] = moved;
        _position[moved] = at;
        if (!Up(at)) Down(at);
    }

    /// <summary>Compares the exact times of two units.</summary>
    private int Compare(int a, int b)
    {
        double da = _approx[a], db = _approx[b];
        double gap = da - db;
        if (Math.Abs(gap) > 1e-9 * Math.Max(Math.Abs(da), Math.Abs(db)) + 1e-300) return gap < 0 ? -1 : 1;
        return checked(_p[a] * _q[b]).CompareTo(checked(_p[b] * _q[a]));
    }

    private bool Up(int at)
    {
        bool moved = false;
        while (at > 0)
        {
            int parent = (at - 1) / 2;
            if (Compare(_heap[at], _heap[parent]) >= 0) break;
            Swap(at, parent);
            at = parent;
            moved = true;
        }
        return moved;
    }

    private void Down(int at)
    {
        while (true)
        {
            int left = 2 * at + 1, smallest = at;
            if (left < _count && Compare(_heap[left], _heap[smallest]) < 0) smallest = left;
            if (left + 1 < _count && Compare(_heap[left + 1], _heap[smallest]) < 0) smallest = left + 1;
            if (smallest == at) return;
            Swap(at, smallest);
            at = smallest;
        }
    }

    private void Swap(int i, int j)
    {
        (_heap[i], _heap[j]) = (_heap[j], _heap[i]);
        _position[_heap[i]] = i;
        _position[_heap[j]] = j;
    }

    /// <summary>P / Q as a double, for ordering (exact enough far from ties; ties are decided exactly).</summary>
    internal static double Approximate(TInt p, TInt q)
    {
        if (typeof(TInt) == typeof(long)) return (long)(object)p / (double)(long)(object)q;
        if (typeof(TInt) == typeof(Int128)) return (double)(Int128)(object)p / (double)(Int128)(object)q;
        if (typeof(TInt) == typeof(Int256)) return (double)(Int256)(object)p / (double)(Int256)(object)q;
        var bp = BigInteger.CreateTruncating(p);
        var bq = BigInteger.CreateTruncating(q);
        long shift = Math.Max(bp.IsZero ? 0 : (long)bp.GetBitLength(), (long)bq.GetBitLength()) - 1000;
        if (shift > 0) { bp >>= (int)shift; bq >>= (int)shift; }
        return bq.IsZero ? double.PositiveInfinity : (double)bp / (double)bq;
    }
}
