using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Restriction;

namespace Verifier.PathMethods.Methods;

/// <summary>
/// Exact feature attributions: path methods (Integrated Gradients, polylines, staircases, curves, ensembles),
/// baseline Shapley, Expected Gradients over finite baselines, gradient and gradient x input.
/// </summary>
/// <remarks>
/// Definitions follow Lundstrom, Huang, Razaviyayn 2022 (seed 004), sections 2-3, and Sundararajan, Taly, Yan 2017.
/// Every integral is computed exactly, piece by piece between exact breakpoints; a value with no closed form is a
/// certified enclosure and the result is then marked not exact.
/// </remarks>
public static partial class Attribute
{
    /// <summary>
    /// The path method A_i = integral_0^1 dF/dx_i(gamma(t)) gamma_i'(t) dt along <paramref name="path"/>, exactly.
    /// </summary>
    /// <remarks>
    /// For an expression and a <see cref="SegmentPath"/>, A_i is the sum over segments P -&gt; Q of
    /// (Q - P)_i * integral_0^1 dF/dx_i(P + s (Q - P)) ds (zero-length segments and zero components skipped); each
    /// partial derivative is restricted to the segment with <see cref="Restrict.ToSegment(Expr, IReadOnlyList{Rational}, IReadOnlyList{Rational}, ExactOptions?)"/>
    /// and integrated piece by piece. For a <see cref="CurvePath"/>, gamma(t) is substituted into dF/dx_i, multiplied
    /// by (x_i - x'_i) h_i'(t), split at its kinks and integrated. Seed 004, eq. 1.
    /// For a network (polyline, staircase or straight paths): on each affine piece [t_j, t_{j+1}] of each segment
    /// P -&gt; Q, A_i += dF/dx_i(piece) (Q - P)_i (t_{j+1} - t_j); pieces and the sum come from
    /// <see cref="NetworkLine.IntegratedGradients"/> (ExactLine, Sotoudeh and Thakur 2019, with the gradient updated
    /// between pieces only where a unit changes state), the gradient on a piece being <see cref="NetworkLine.GradientOnPiece"/>'s,
    /// whose <paramref name="convention"/> can matter only for components across a segment where a neuron sits at its kink
    /// along a whole piece. Networks may be graphs (residual connections).
    /// </remarks>
    /// <param name="f">F: an expression in x1..xn (n = the path's dimension, or fewer variables), or a network with n inputs.</param>
    /// <param name="path">The path.</param>
    /// <param name="convention">The kink convention for dF/dx_i (default PyTorch's; it only matters on sets of measure zero).</param>
    /// <exception cref="ArgumentException">F uses more variables than the path has coordinates (a network: the path's
    /// dimension is not its input count).</exception>
    /// <exception cref="NotSupportedException">F is a network and the path a <see cref="CurvePath"/>.</exception>
    /// <exception cref="RestrictionException">A kink argument is not a polynomial along the path.</exception>
    public static AttributionResult Path(Subject f, AttributionPath path, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(path);
        return f.Network is { } net ? NetworkPathCore(net, path, convention, "path") : PathCore(FunctionOf(f, path.Dimension), path, convention, "path");
    }

    /// <summary>
    /// Integrated Gradients, the path method along the straight line x' + t (x - x'), exactly, with the breakpoints
    /// of F along the line in <see cref="AttributionResult.Pieces"/>.
    /// </summary>
    /// <remarks>
    /// Sundararajan, Taly, Yan 2017, eq. 1. <see cref="AttributionResult.Pieces"/> are the breakpoints of F restricted
    /// to the line (<c>Restrict.ToSegment(F, x', x)</c>, for a network <see cref="NetworkLine.Restrict"/>), both ends
    /// included; the partial derivatives have no kinks elsewhere for the functions of this toolkit. Null when a
    /// breakpoint is irrational.
    /// </remarks>
    /// <exception cref="ArgumentException">The dimensions of x, x' and F do not match.</exception>
    public static AttributionResult IntegratedGradients(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f.Network is { } net) return NetworkIntegratedGradients(net, input, baseline, convention);
        var path = new StraightPath(baseline, input);
        var e = FunctionOf(f, path.Dimension);
        var result = PathCore(e, path, convention, "ig");
        var line = Restrict.ToSegment(e, baseline, input);
        return result with { Pieces = line.AllBreakpointsExact ? line.ExactBreakpoints : null };
    }

    /// <summary>The weighted average of the path methods of an ensemble (seed 004, section 3), exactly.</summary>
    /// <exception cref="ArgumentException">F's dimension does not match the paths'.</exception>
    public static AttributionResult Ensemble(Subject f, PathEnsemble ensemble, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(ensemble);
        var parts = ensemble.Members.Select(m => (Path(f, m.Path, convention), m.Weight)).ToList();
        return Average("path-ensemble", parts);
    }

    private static AttributionResult PathCore(Expr f, AttributionPath path, KinkConvention? convention, string method)
    {
        convention ??= KinkConvention.Default;
        int n = path.Dimension;
        var partials = f.Gradient(n, convention);
        var steps = new List<DerivationStep>
        {
            new("dF/dx_i", () => string.Join("; ", partials.Select((p, i) => $"dF/dx{i + 1} = {p}"))),
            new("gamma(t)", () => Describe(path)),
        };
        var a = path switch
        {
            SegmentPath s => AlongSegments(partials, s, steps),
            CurvePath c => AlongCurve(partials, c, convention, steps),
            _ => throw new NotSupportedException($"path kind {path.GetType().Name} is not supported"),
        };
        steps.Add(new("value", $"A = {ExactMath.Values(a)}"));
        return new AttributionResult(method, path.Input, path.Baseline, a,
            Evaluate.Exactly(f, path.Input), Evaluate.Exactly(f, path.Baseline), null, steps);
    }

    private static ExactResult[] AlongSegments(Expr[] partials, SegmentPath path, List<DerivationStep> steps)
    {
        var a = ExactMath.Zeros(partials.Length);
        int k = 0;
        foreach (var (p, q) in path.Segments)
        {
            k++;
            for (int i = 0; i < partials.Length; i++)
            {
                var d = q[i] - p[i];
                if (d.IsZero) continue;
                var restricted = Restrict.ToSegment(partials[i], p, q).Map(e => Ex.Product(Ex.Const(d), e));
                var value = restricted.Integrate();
                int segment = k, feature = i + 1; // copies for the deferred texts
                var (from, to) = (p, q);
                steps.Add(new("integrand", () =>
                    $"segment {segment} {ExactMath.Point(from)} -> {ExactMath.Point(to)}, feature {feature}: integral over s in [0, 1] of {restricted} = {value}"));
                steps.Add(new("antiderivative", () => $"segment {segment}, feature {feature}: {Antiderivatives(restricted)}"));
                a[i] = ExactResult.Add(a[i], value);
            }
        }
        return a;
    }

    private static ExactResult[] AlongCurve(Expr[] partials, CurvePath path, KinkConvention convention, List<DerivationStep> steps)
    {
        var a = ExactMath.Zeros(partials.Length);
        var map = new Dictionary<int, Expr>();
        for (int i = 0; i < path.Dimension; i++) map[i + 1] = path.Gamma[i];
        for (int i = 0; i < partials.Length; i++)
        {
            var d = path.Input[i] - path.Baseline[i];
            if (d.IsZero) continue;
            var integrand = Ex.Product(partials[i].Substitute(map), Ex.Const(d), path.H[i].Differentiate(0, convention));
            var split = Restrict.Split(integrand, Breakpoint.At(Rational.Zero), Breakpoint.At(Rational.One));
            var value = split.Integrate();
            int feature = i + 1; // a copy for the deferred texts
            steps.Add(new("integrand", () => $"feature {feature}: integral over t in [0, 1] of {split} = {value}"));
            steps.Add(new("antiderivative", () => $"feature {feature}: {Antiderivatives(split)}"));
            a[i] = value;
        }
        return a;
    }

    // An antiderivative in t of each piece, "[a, b]: G(t) = ..." (or "no closed form"), pieces separated by "; ".
    private static string Antiderivatives(PiecewiseFunction f) =>
        string.Join("; ", f.Pieces.Select((piece, j) =>
            $"[{f.Breakpoints[j]}, {f.Breakpoints[j + 1]}]: " + (Integrate.Indefinite(piece) is { } g ? $"G(t) = {g}" : "no closed form")));

    internal static AttributionResult Average(string method, IReadOnlyList<(AttributionResult Result, Rational Weight)> parts)
    {
        var first = parts[0].Result;
        int n = first.Input.Count;
        var a = ExactMath.Zeros(n);
        var fb = ExactMath.Zero;
        var meanBaseline = new Rational[n];
        var steps = new List<DerivationStep>();
        int k = 0;
        foreach (var (r, w) in parts)
        {
            k++;
            for (int i = 0; i < n; i++)
            {
                a[i] = ExactResult.Add(a[i], ExactMath.Scale(r.Attributions[i], w));
                meanBaseline[i] += w * r.Baseline[i];
            }
            fb = ExactResult.Add(fb, ExactMath.Scale(r.FBaseline, w));
            steps.Add(new("term", $"{k}: weight {w}, baseline {ExactMath.Point(r.Baseline)}: A = {ExactMath.Values(r.Attributions)}"));
        }
        steps.Add(new("value", $"weighted average A = {ExactMath.Values(a)}"));
        return new AttributionResult(method, first.Input, meanBaseline, a, first.FInput, fb, null, steps);
    }

    // The expression of an expression subject as a function of the points' n coordinates: n may exceed its largest
    // variable index (the extra features are dummies); Subject.WithDimension names a mismatch.
    internal static Expr FunctionOf(Subject f, int n) => f.WithDimension(n).Function!;

    internal static void CheckPoints(IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(baseline);
        if (input.Count != baseline.Count)
            throw new ArgumentException($"the input has {input.Count} coordinates but the baseline has {baseline.Count}");
    }

    private static string Describe(AttributionPath path) => path switch
    {
        SegmentPath s => $"{path.Spec}: " + string.Join(" -> ", s.Waypoints.Select(ExactMath.Point)) + ", each segment P + s (Q - P), s in [0, 1]",
        CurvePath c => $"{path.Spec}: gamma(t) = (" + string.Join(", ", c.Gamma) + ")",
        _ => path.Spec,
    };
}
