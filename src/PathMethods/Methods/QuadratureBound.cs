using System.Globalization;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Restriction;

namespace Verifier.PathMethods.Methods;

/// <summary>The quadrature rules of numeric Integrated Gradients whose error <see cref="QuadratureBound"/> bounds, with n the
/// number of gradient evaluations (nodes): what Captum's <c>n_steps</c> and <c>verifier crosscheck --steps</c> count. The
/// same rules as the numeric bridge's <c>QuadratureRule</c> (which runs them on tensors), without Gauss-Legendre.</summary>
public enum IgQuadratureRule
{
    /// <summary>Left Riemann sum: nodes k/n, k = 0..n-1, weights 1/n.</summary>
    Left,
    /// <summary>Right Riemann sum: nodes k/n, k = 1..n, weights 1/n.</summary>
    Right,
    /// <summary>Midpoint rule: nodes (k + 1/2)/n, weights 1/n.</summary>
    Middle,
    /// <summary>Trapezoid rule on n - 1 intervals: nodes k/(n-1), k = 0..n-1, end weights 1/(2(n-1)), the others 1/(n-1).</summary>
    Trapezoid,
    /// <summary>Captum's <c>riemann_trapezoid</c>: the trapezoid nodes k/(n-1) with weights 1/(2n) at the ends and 1/n
    /// inside, which sum to (n-1)/n: (n-1)/n times the trapezoid rule.</summary>
    CaptumTrapezoid,
}

/// <summary>
/// A rigorous bound on the error of numeric Integrated Gradients with a quadrature rule, from the integrand's total
/// variation along the straight path. With A_i = (x_i - x'_i) ∫_0^1 g_i(t) dt and g_i(t) = ∂_iF(x' + t (x - x')), let
/// V_i be the total variation of (x_i - x'_i) g_i on [0, 1], counting the values at breakpoints (a node may land on one,
/// where the gradient is the convention's value). Then, for every function of bounded variation:
/// <list type="bullet">
/// <item>left and right Riemann sums: |error| &lt;= V_i / n (on each interval of width h, |∫ g - h g(a)| &lt;= h V);</item>
/// <item>midpoint: |error| &lt;= V_i / (2n) (each half interval deviates from the midpoint value by at most its own variation);</item>
/// <item>trapezoid on n - 1 intervals: |error| &lt;= V_i / (2 (n - 1)) (|g(t) - (g(a) + g(b))/2| &lt;= V/2 on [a, b]);</item>
/// <item>Captum's trapezoid, (n-1)/n times the trapezoid: |error| &lt;= V_i / (2n) + |A_i| / n (the weight shortfall
/// A_i / n on top of the trapezoid's error).</item>
/// </list>
/// </summary>
/// <remarks>For piecewise-linear F (networks, relu/max expressions) the integrand is piecewise constant and V_i is the sum of
/// its jumps, computed exactly. For other expressions each piece between breakpoints is bounded by interval arithmetic,
/// V &lt;= Σ width sup |g'| over 64 sub-intervals (certified, slightly above the true variation). The bounds are first
/// order in 1/n, the rate at which these rules converge on integrands with jumps (README, quadrature orders).</remarks>
public static class QuadratureBound
{
    private const int SubIntervals = 64;

    /// <summary>Reads a rule name as <c>crosscheck --rule</c> writes it: <c>left</c>, <c>right</c>, <c>middle</c>
    /// (or <c>midpoint</c>), <c>trapezoid</c>, <c>captum-trapezoid</c> (or <c>riemann_trapezoid</c>).</summary>
    /// <exception cref="InputArgumentException">Another name.</exception>
    public static IgQuadratureRule ParseRule(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "left" or "riemann_left" => IgQuadratureRule.Left,
            "right" or "riemann_right" => IgQuadratureRule.Right,
            "middle" or "midpoint" or "riemann_middle" => IgQuadratureRule.Middle,
            "trapezoid" => IgQuadratureRule.Trapezoid,
            "captum-trapezoid" or "riemann_trapezoid" => IgQuadratureRule.CaptumTrapezoid,
            _ => throw new InputArgumentException($"unknown quadrature rule '{name}'; expected left, right, middle, trapezoid or captum-trapezoid"),
        };
    }

    /// <summary>The rule's name as <c>crosscheck --rule</c> writes it.</summary>
    public static string Name(IgQuadratureRule rule) => rule switch
    {
        IgQuadratureRule.Left => "left",
        IgQuadratureRule.Right => "right",
        IgQuadratureRule.Middle => "middle",
        IgQuadratureRule.Trapezoid => "trapezoid",
        _ => "captum-trapezoid",
    };

    /// <summary>V_i for every feature: an upper bound on the total variation of (x_i - x'_i) ∂_iF along the straight path
    /// from x' to x (exact for piecewise-linear F), values at breakpoints included; null when F's gradient along the path
    /// cannot be enclosed (e.g. a pole).</summary>
    /// <exception cref="ArgumentException">The points do not match F's dimension.</exception>
    public static double[]? IntegrandVariation(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(baseline);
        if (input.Count != f.Dimension || baseline.Count != f.Dimension)
            throw new ArgumentException($"the points have {input.Count} and {baseline.Count} coordinates, F has {f.Dimension} inputs");
        convention ??= KinkConvention.Default;
        try
        {
            return f.Network is { } net ? NetworkVariation(net, input, baseline, convention) : ExpressionVariation(f, input, baseline, convention);
        }
        catch (Exception e) when (e is ArithmeticException or RestrictionException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The bound on |numeric A_i - A_i| for <paramref name="steps"/> nodes of <paramref name="rule"/>, given
    /// V_i (<see cref="IntegrandVariation"/>) and the exact A_i (used by Captum's trapezoid only).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 node (2 for the trapezoid rules).</exception>
    public static double Bound(IgQuadratureRule rule, int steps, double variation, double exactAttribution)
    {
        int least = rule is IgQuadratureRule.Trapezoid or IgQuadratureRule.CaptumTrapezoid ? 2 : 1;
        if (steps < least) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"the {Name(rule)} rule needs at least {least} nodes");
        double n = steps;
        return rule switch
        {
            IgQuadratureRule.Left or IgQuadratureRule.Right => variation / n,
            IgQuadratureRule.Middle => variation / (2 * n),
            IgQuadratureRule.Trapezoid => variation / (2 * (n - 1)),
            _ => variation / (2 * n) + Math.Abs(exactAttribution) / n,
        };
    }

    /// <summary>"V/n", "V/(2n)", "V/(2(n-1))", "V/(2n) + |A|/n".</summary>
    public static string Formula(IgQuadratureRule rule) => rule switch
    {
        IgQuadratureRule.Left or IgQuadratureRule.Right => "V/n",
        IgQuadratureRule.Middle => "V/(2n)",
        IgQuadratureRule.Trapezoid => "V/(2(n-1))",
        _ => "V/(2n) + |A|/n",
    };

    // Piecewise constant: the gradient on each piece (at its midpoint) and at every breakpoint, ends included.
    private static double[] NetworkVariation(Symbolic.Networks.Network net, IReadOnlyList<Rational> x, IReadOnlyList<Rational> b, KinkConvention c)
    {
        int n = net.Inputs;
        var breakpoints = Restrict.ToSegment(net, b, x).ExactBreakpoints;
        var total = new Rational[n];
        Rational[]? previous = null;
        for (int k = 0; k < breakpoints.Count; k++)
        {
            var atPoint = net.Gradient(At(b, x, breakpoints[k]), c);
            if (previous is not null) Add(total, previous, atPoint);
            if (k + 1 == breakpoints.Count) break;
            var onPiece = net.Gradient(At(b, x, (breakpoints[k] + breakpoints[k + 1]) * Rational.Half), c);
            Add(total, atPoint, onPiece);
            previous = onPiece;
        }
        return total.Select((v, i) => (v * (x[i] - b[i]).Abs()).ToDouble()).ToArray();

        static void Add(Rational[] total, Rational[] from, Rational[] to)
        {
            for (int i = 0; i < total.Length; i++) total[i] += (to[i] - from[i]).Abs();
        }
    }

    // Each ∂_iF restricted to the path: certified variation of its pieces, jumps between them, and the values at rational
    // breakpoints (the convention's), each taken with its distance from both neighbouring pieces.
    private static double[] ExpressionVariation(Subject f, IReadOnlyList<Rational> x, IReadOnlyList<Rational> b, KinkConvention c)
    {
        var e = f.Function!;
        var result = new double[f.Dimension];
        for (int i = 0; i < f.Dimension; i++)
        {
            var delta = (x[i] - b[i]).Abs();
            if (delta.IsZero) continue;
            var derivative = e.Differentiate(i + 1, c);
            var g = Restrict.ToSegment(derivative, b, x);
            double v = 0;
            for (int j = 0; j < g.Pieces.Count; j++)
            {
                var lo = g.Breakpoints[j].Refined(new Rational(1, 1L << 40));
                var hi = g.Breakpoints[j + 1].Refined(new Rational(1, 1L << 40));
                v += PieceVariation(g.Pieces[j], lo.Lo, hi.Hi);
            }
            for (int j = 0; j < g.Breakpoints.Count; j++)
            {
                var bp = g.Breakpoints[j].Refined(new Rational(1, 1L << 40));
                var left = j > 0 ? g.Pieces[j - 1] : null;
                var right = j < g.Pieces.Count ? g.Pieces[j] : null;
                if (bp.Exact is { } t)
                {
                    // the value a node landing on t gets, and its distance from both one-sided limits
                    var value = derivative.SubstitutePoint(At(b, x, t));
                    if (left is not null) v += Distance(left, t, value);
                    if (right is not null) v += Distance(right, t, value);
                }
                else if (left is not null && right is not null)
                {
                    // an irrational breakpoint: no node lands on it; the jump, enclosed on its isolating interval
                    v += Sup((right - left).Enclose([new Interval(bp.Lo.ToDouble(), bp.Hi.ToDouble()).Widen()]));
                }
            }
            if (!double.IsFinite(v)) throw new ArithmeticException($"the variation of d F/d x{i + 1} along the path is not finite");
            result[i] = Up(v * delta.ToDouble());
        }
        return result;
    }

    // |piece(t) - value|: exact when both are rational, else from enclosures.
    private static double Distance(Expr piece, Rational t, Expr value)
    {
        var atT = piece.Substitute(new Dictionary<int, Expr> { [0] = Ex.Const(t) });
        if (atT is Constant p && value is Constant q) return Up((p.Value - q.Value).Abs().ToDouble());
        return Sup(atT.Enclose([]) - value.Enclose([]));
    }

    // ∫ |p'| on [lo, hi] <= Σ width sup |p'| over sub-intervals.
    private static double PieceVariation(Expr piece, Rational lo, Rational hi)
    {
        if (!piece.Contains(0)) return 0;
        var d = piece.Differentiate(0);
        if (d is Constant c) return Up(c.Value.Abs().ToDouble() * (hi - lo).ToDouble());
        double total = 0;
        var width = (hi - lo) / SubIntervals;
        for (int k = 0; k < SubIntervals; k++)
        {
            var a = lo + width * k;
            var box = new Interval(a.ToDouble(), (a + width).ToDouble()).Widen();
            total += Sup(d.Enclose([box])) * Up(width.ToDouble());
        }
        return Up(total);
    }

    private static double Sup(Interval v) => Math.Max(Math.Abs(v.Lo), Math.Abs(v.Hi));

    private static double Up(double v) => v == 0 ? 0 : Math.BitIncrement(v);

    private static Interval Widen(this Interval v) => new(Math.BitDecrement(v.Lo), Math.BitIncrement(v.Hi));

    private static Rational[] At(IReadOnlyList<Rational> b, IReadOnlyList<Rational> x, Rational t) =>
        b.Select((v, i) => v + t * (x[i] - v)).ToArray();

    /// <summary>"1.25E-03" for reports.</summary>
    public static string Format(double v) => v.ToString("0.###E+00", CultureInfo.InvariantCulture);
}
