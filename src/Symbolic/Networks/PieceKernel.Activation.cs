using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

internal sealed partial class PieceKernel<TInt>
{
    /// <summary>A position t = P / Q with Q &gt; 0, in lowest terms; ordered by value.</summary>
    internal readonly record struct Frac(TInt P, TInt Q) : IComparable<Frac>
    {
        /// <summary>num / den in lowest terms with a positive denominator (den != 0).</summary>
        public static Frac Of(TInt num, TInt den)
        {
            checked
            {
                if (TInt.IsNegative(den)) { num = -num; den = -den; }
                TInt g = Gcd(TInt.Abs(num), den);
                return g == TInt.One ? new Frac(num, den) : new Frac(num / g, den / g);
            }
        }

        /// <summary>
        /// num / den with a positive denominator, in lowest terms only where that is cheap: for BigInteger and Int256 a
        /// greatest common divisor of numbers of hundreds of bits costs more than every comparison the time takes part in, so
        /// a unit's next event is queued as it comes, and only a time that becomes a breakpoint is reduced
        /// (<see cref="NewPoint"/>). long and Int128 keep reducing (cheap, and smaller terms overflow later).
        /// </summary>
        public static Frac Lazy(TInt num, TInt den)
        {
            if (typeof(TInt) != typeof(BigInteger) && typeof(TInt) != typeof(Int256)) return Of(num, den);
            return TInt.IsNegative(den) ? new Frac(checked(-num), checked(-den)) : new Frac(num, den);
        }

        public int CompareTo(Frac other) => checked(P * other.Q).CompareTo(checked(other.P * Q));

        public static Frac From(Point p) => new(p.P, p.Q);
    }

    // An activation along the segment. Each unit has a region (see IntegerActivationNode) on every piece; its next
    // crossing of a kink is kept in a queue (one entry per unit, replaced when its alpha, beta change). Walking the pieces in order: crossings strictly inside a piece become new breakpoints; at an existing
    // breakpoint the units whose input changes, or that cross exactly there, get their region recomputed.
    private PieceTrack<TInt> Activation(IntegerActivationNode<TInt> node, Cursor c, out StateTrack? states)
    {
        checked
        {
            int n = node.OutputWidth;
            var walk = new ActivationWalk(node, c);
            var alpha0 = new TInt[n];
            var beta0 = new TInt[n];
            var initial = new int[n];
            var zero = new Frac(TInt.Zero, TInt.One);
            for (int u = 0; u < n; u++)
            {
                initial[u] = walk.Region[u] = walk.RegionAt(u, zero);
                (alpha0[u], beta0[u]) = walk.Value(u, walk.Region[u]);
                walk.Schedule(u, zero);
            }
            walk.Start(alpha0, beta0);
            var track = new PieceTrack<TInt>(alpha0, beta0, c.Den * node.Scale);
            var stateTrack = new StateTrack(initial);
            var next = new List<Point>(_points.Count * 2) { _points[0] };
            for (int m = 0; m + 1 < _points.Count; m++)
            {
                if ((m & 255) == 0) Cancellation.ThrowIfRequested();
                var end = _points[m + 1];
                var endT = Frac.From(end);
                // crossings strictly inside the piece
                Point? open = null;
                Frac openT = default;
                while (walk.Queue.Count > 0 && walk.Next() is var (unit, at) && at.CompareTo(endT) < 0)
                {
                    walk.Queue.Remove(unit);
                    if (open is null || at.CompareTo(openT) != 0)
                    {
                        if (open is { } previous) walk.Flush(previous.Id, track, stateTrack);
                        open = NewPoint(next, at, _points.Count - m - 1);
                        openT = at;
                    }
                    walk.Recompute(unit, at);
                }
                if (open is { } last) walk.Flush(last.Id, track, stateTrack);
                if (m + 2 == _points.Count) break; // the end of the segment
                // at the existing breakpoint: crossings exactly there, and changed inputs
                while (walk.Queue.Count > 0 && walk.Next() is var (unit, at) && at.CompareTo(endT) == 0)
                {
                    walk.Queue.Remove(unit);
                    walk.Recompute(unit, endT);
                }
                c.Advance(end.Id);
                foreach (int u in c.Changed) walk.Recompute(u, endT);
                c.Clear();
                walk.Flush(end.Id, track, stateTrack);
                next.Add(end);
            }
            next.Add(_points[^1]);
            _points = next;
            states = stateTrack;
            return track;
        }
    }

    /// <summary>The per-unit state of an activation's walk.</summary>
    private sealed class ActivationWalk(IntegerActivationNode<TInt> node, Cursor c) : Walk(node.OutputWidth)
    {
        /// <summary>Each unit's region (<see cref="Walk.State"/>).</summary>
        public int[] Region => State;

        /// <summary>The unit's region just after t.</summary>
        public int RegionAt(int u, Frac t)
        {
            checked
            {
                TInt alpha = c.Alpha[u], beta = c.Beta[u];
                if (node.IsRelu)
                {
                    int s = TInt.Sign(alpha * t.Q + t.P * beta);
                    if (s == 0) s = TInt.Sign(beta);
                    return s + 1;
                }
                int above = 0;
                for (int j = 0; j < node.KinkNumerators.Length; j++)
                {
                    TInt kd = node.KinkDenominators[j];
                    // (z(t) - k_j) kd D = (alpha kd - kn D) + t beta kd
                    TInt shift = TInt.IsZero(node.KinkNumerators[j]) ? alpha * kd : alpha * kd - node.KinkNumerators[j] * c.Den;
                    int s = TInt.Sign(shift * t.Q + t.P * beta * kd);
                    if (s == 0)
                    {
                        s = TInt.Sign(beta);
                        if (s == 0) return 2 * j + 1;
                    }
                    if (s < 0) break;
                    above++;
                }
                return 2 * above;
            }
        }

        /// <summary>The unit's output (alpha, beta) on <paramref name="region"/>, over the node's output denominator.</summary>
        public (TInt Alpha, TInt Beta) Value(int u, int region)
        {
            checked
            {
                if (node.IsRelu) return region == 2 ? (c.Alpha[u], c.Beta[u]) : (TInt.Zero, TInt.Zero);
                TInt b = node.B[region];
                return (node.A[region] * c.Den + b * c.Alpha[u], b * c.Beta[u]);
            }
        }

        /// <summary>Queues the unit's next kink crossing after t (in the direction it moves), if before t = 1.</summary>
        public void Schedule(int u, Frac t)
        {
            checked
            {
                Queue.Remove(u);
                int region = Region[u];
                TInt beta = c.Beta[u];
                if (region % 2 == 1 || TInt.IsZero(beta)) return;
                int j = TInt.IsPositive(beta) ? region / 2 : region / 2 - 1;
                if (j < 0 || j >= node.KinkNumerators.Length) return;
                TInt kd = node.KinkDenominators[j], kn = node.KinkNumerators[j];
                // alpha kd - kn D + t beta kd = 0
                var at = Frac.Lazy(kn * c.Den - c.Alpha[u] * kd, beta * kd);
                if (at.P >= at.Q) return;
                if (at.CompareTo(t) > 0) Queue.Set(u, at.P, at.Q);
            }
        }

        /// <summary>Recomputes the unit's region just after t, records the change of its output, and queues its next crossing.</summary>
        public void Recompute(int u, Frac t)
        {
            int region = RegionAt(u, t);
            var (a, b) = Value(u, region);
            Record(u, region, a, b);
            Schedule(u, t);
        }
    }
}
