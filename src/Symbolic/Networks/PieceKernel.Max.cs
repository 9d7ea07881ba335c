using System.Numerics;

namespace Verifier.Symbolic.Networks;

internal sealed partial class PieceKernel<TInt>
{
    // A max node along the segment. Each group has a winner (the position in the group of its first maximal member) on
    // every piece; its next change (the earliest steeper member to overtake it) is kept in a queue (one entry per group). As for
    // an activation, changes strictly inside a piece become new breakpoints, and groups whose members change at an
    // existing breakpoint, or whose winner changes exactly there, are recomputed.
    private PieceTrack<TInt> Max(IntegerMaxNode<TInt> node, Cursor c, out StateTrack? states)
    {
        checked
        {
            int groups = node.OutputWidth;
            var walk = new MaxWalk(node, c);
            var alpha0 = new TInt[groups];
            var beta0 = new TInt[groups];
            var zero = new Frac(TInt.Zero, TInt.One);
            for (int g = 0; g < groups; g++)
            {
                walk.Winner[g] = walk.WinnerAt(g, zero);
                int i = node.Groups[g][walk.Winner[g]];
                (alpha0[g], beta0[g]) = (c.Alpha[i], c.Beta[i]);
                walk.Schedule(g, zero);
            }
            walk.Start(alpha0, beta0);
            var track = new PieceTrack<TInt>(alpha0, beta0, c.Den);
            var stateTrack = new StateTrack((int[])walk.Winner.Clone());
            var next = new List<Point>(_points.Count * 2) { _points[0] };
            for (int m = 0; m + 1 < _points.Count; m++)
            {
                if ((m & 255) == 0) Cancellation.ThrowIfRequested();
                var end = _points[m + 1];
                var endT = Frac.From(end);
                Point? open = null;
                Frac openT = default;
                while (walk.Queue.Count > 0 && walk.Next() is var (item, at) && at.CompareTo(endT) < 0)
                {
                    walk.Queue.Remove(item);
                    if (open is null || at.CompareTo(openT) != 0)
                    {
                        if (open is { } previous) walk.Flush(previous.Id, track, stateTrack);
                        open = NewPoint(next, at, _points.Count - m - 1);
                        openT = at;
                    }
                    walk.Recompute(item, at);
                }
                if (open is { } last) walk.Flush(last.Id, track, stateTrack);
                if (m + 2 == _points.Count) break;
                while (walk.Queue.Count > 0 && walk.Next() is var (item, at) && at.CompareTo(endT) == 0)
                {
                    walk.Queue.Remove(item);
                    walk.Recompute(item, endT);
                }
                c.Advance(end.Id);
                foreach (int i in c.Changed)
                    foreach (int g in node.GroupsOf[i]) walk.Recompute(g, endT);
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

    private sealed class MaxWalk(IntegerMaxNode<TInt> node, Cursor c) : Walk(node.OutputWidth)
    {
        /// <summary>Each group's winner, its position in the group (<see cref="Walk.State"/>).</summary>
        public int[] Winner => State;

        /// <summary>The group's winner just after t: the largest value at t, then the largest slope, then the first listed.</summary>
        public int WinnerAt(int g, Frac t)
        {
            checked
            {
                var group = node.Groups[g];
                int best = 0;
                TInt bestValue = c.Alpha[group[0]] * t.Q + t.P * c.Beta[group[0]];
                for (int m = 1; m < group.Length; m++)
                {
                    int i = group[m];
                    TInt value = c.Alpha[i] * t.Q + t.P * c.Beta[i];
                    int cmp = value.CompareTo(bestValue);
                    if (cmp > 0 || (cmp == 0 && c.Beta[i] > c.Beta[group[best]])) { best = m; bestValue = value; }
                }
                return best;
            }
        }

        /// <summary>Queues the time a steeper member first overtakes the winner after t, if before t = 1.</summary>
        public void Schedule(int g, Frac t)
        {
            checked
            {
                Queue.Remove(g);
                var group = node.Groups[g];
                int w = group[Winner[g]];
                Frac? first = null;
                foreach (int i in group)
                {
                    if (c.Beta[i] <= c.Beta[w]) continue;
                    var at = Frac.Lazy(c.Alpha[w] - c.Alpha[i], c.Beta[i] - c.Beta[w]);
                    if (at.P >= at.Q || at.CompareTo(t) <= 0) continue;
                    if (first is null || at.CompareTo(first.Value) < 0) first = at;
                }
                if (first is { } when) Queue.Set(g, when.P, when.Q);
            }
        }

        /// <summary>Recomputes the group's winner just after t, records the change of its output, and queues its next change.</summary>
        public void Recompute(int g, Frac t)
        {
            int winner = WinnerAt(g, t);
            int i = node.Groups[g][winner];
            Record(g, winner, c.Alpha[i], c.Beta[i]);
            Schedule(g, t);
        }
    }
}
