using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Paths;

/// <summary>The straight line gamma(t) = x' + t (x - x'), the path of Integrated Gradients.</summary>
/// <remarks>Sundararajan, Taly, Yan 2017, section 3.</remarks>
public sealed class StraightPath(IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input)
    : SegmentPath(baseline, input, [])
{
    /// <inheritdoc />
    public override string Spec => "straight";
}
