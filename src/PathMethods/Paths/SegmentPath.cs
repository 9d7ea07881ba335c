using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Paths;

/// <summary>
/// A path made of straight segments through waypoints, baseline -&gt; P1 -&gt; ... -&gt; input, each traversed at
/// constant speed. The parametrisation does not change a path method's result (the integral is invariant under
/// reparametrisation), so each segment is handled on its own parameter s in [0, 1].
/// </summary>
public abstract class SegmentPath : AttributionPath
{
    private readonly Rational[][] _waypoints;

    /// <summary>Builds the path baseline -&gt; <paramref name="intermediate"/>... -&gt; input.</summary>
    /// <exception cref="ArgumentException">A waypoint's dimension differs from the baseline's (the message names it).</exception>
    protected SegmentPath(IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input, IEnumerable<IReadOnlyList<Rational>> intermediate)
        : base(baseline, input)
    {
        ArgumentNullException.ThrowIfNull(intermediate);
        var points = new List<Rational[]> { baseline.ToArray() };
        int k = 0;
        foreach (var p in intermediate)
        {
            k++;
            ArgumentNullException.ThrowIfNull(p);
            if (p.Count != Dimension)
                throw new ArgumentException($"waypoint P{k} has {p.Count} coordinates but the baseline and input have {Dimension}");
            points.Add([.. p]);
        }
        points.Add([.. input]);
        _waypoints = [.. points];
    }

    /// <summary>The waypoints, baseline first and input last (consecutive duplicates allowed).</summary>
    public IReadOnlyList<IReadOnlyList<Rational>> Waypoints => _waypoints;

    /// <summary>The straight segments (From, To) between consecutive waypoints, zero-length ones included.</summary>
    public IEnumerable<(IReadOnlyList<Rational> From, IReadOnlyList<Rational> To)> Segments
    {
        get
        {
            for (int k = 0; k + 1 < _waypoints.Length; k++) yield return (_waypoints[k], _waypoints[k + 1]);
        }
    }

    /// <summary>True when, for every coordinate, the sequence of waypoint values is non-decreasing or non-increasing.</summary>
    public override bool? IsMonotone
    {
        get
        {
            for (int i = 0; i < Dimension; i++)
            {
                bool up = false, down = false;
                for (int k = 0; k + 1 < _waypoints.Length; k++)
                {
                    int c = _waypoints[k + 1][i].CompareTo(_waypoints[k][i]);
                    up |= c > 0;
                    down |= c < 0;
                }
                if (up && down) return false;
            }
            return true;
        }
    }
}
