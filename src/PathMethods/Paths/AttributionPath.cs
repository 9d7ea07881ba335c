using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Paths;

/// <summary>
/// A path gamma: [0, 1] -&gt; R^n from the baseline x' = gamma(0) to the input x = gamma(1), along which a path method
/// integrates the gradient: A_i = integral_0^1 dF/dx_i(gamma(t)) gamma_i'(t) dt.
/// </summary>
/// <remarks>
/// Lundstrom, Huang, Razaviyayn 2022 (seed 004), section 2, eq. 1. Two kinds of geometry exist:
/// <see cref="SegmentPath"/> (finitely many straight segments through waypoints) and <see cref="CurvePath"/>
/// (gamma_i(t) = x'_i + (x_i - x'_i) h_i(t)).
/// </remarks>
public abstract class AttributionPath
{
    private readonly Rational[] _baseline;
    private readonly Rational[] _input;

    /// <summary>Stores copies of the two ends, which must have the same, positive dimension.</summary>
    /// <exception cref="ArgumentException">The dimensions differ or are zero.</exception>
    protected AttributionPath(IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(input);
        if (baseline.Count != input.Count)
            throw new ArgumentException($"the baseline has {baseline.Count} coordinates but the input has {input.Count}");
        if (input.Count == 0) throw new ArgumentException("a path needs at least one coordinate");
        _baseline = [.. baseline];
        _input = [.. input];
    }

    /// <summary>The start of the path, x' = gamma(0).</summary>
    public IReadOnlyList<Rational> Baseline => _baseline;

    /// <summary>The end of the path, x = gamma(1).</summary>
    public IReadOnlyList<Rational> Input => _input;

    /// <summary>The number of features n.</summary>
    public int Dimension => _input.Length;

    /// <summary>
    /// Whether every coordinate gamma_i(t) is monotone in t (seed 004, section 2): true or false when decided
    /// exactly, null when it could not be decided.
    /// </summary>
    public abstract bool? IsMonotone { get; }

    /// <summary>The path in the <c>--path</c> syntax of the command line (e.g. <c>staircase:2,1</c>).</summary>
    public abstract string Spec { get; }

    /// <inheritdoc />
    public override string ToString() => Spec;
}
