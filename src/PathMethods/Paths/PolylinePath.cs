using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Paths;

/// <summary>
/// Straight segments baseline -&gt; P1 -&gt; ... -&gt; Pk -&gt; input. Non-monotone polylines and consecutive duplicate
/// points are allowed.
/// </summary>
/// <remarks>Seed 004, Appendices C, E.1 and F use such paths for their counterexamples.</remarks>
public sealed class PolylinePath(IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input, IEnumerable<IReadOnlyList<Rational>> intermediate)
    : SegmentPath(baseline, input, intermediate)
{
    /// <inheritdoc />
    public override string Spec =>
        Waypoints.Count == 2 ? "polyline:" : "polyline:" + string.Join(";", Waypoints.Skip(1).Take(Waypoints.Count - 2).Select(p => string.Join(",", p)));
}
