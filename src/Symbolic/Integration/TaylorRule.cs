using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Integration;

/// <summary>
/// A certified quadrature rule on one subinterval [c, d]: Taylor expansion of g about a point m of [c, d] with the
/// Lagrange remainder enclosed over the whole subinterval, the coefficients computed by Taylor arithmetic
/// (<see cref="TaylorCoefficients"/>) rather than from symbolic derivatives.
/// </summary>
/// <remarks>
/// With hl = m - c, hr = d - m, g_k = g^(k)/k! and n even,
/// <c>int_c^d g = sum_{k&lt;n} g_k(m) (hr^(k+1) - (-hl)^(k+1))/(k+1) + R,  R ∈ g_n([c, d]) (hr^(n+1) + hl^(n+1))/(n+1)</c>,
/// because the remainder's weight (t - m)^n is non-negative (mean value theorem for integrals). This needs g in
/// C^n([c, d]), which holds wherever the enclosure of g_n over [c, d] is finite (a pole or a log of a non-positive
/// number makes it infinite or unavailable, and a kink is only accepted where its argument has a certified sign).
/// When m is the exact midpoint the odd terms vanish. The error shrinks like h^(n+1), so a smooth integrand needs few
/// subintervals even at a width of 1e-12 (order 12 by default; order 4 for expressions of thousands of nodes, whose
/// coefficients cost O(n^2) per node). Where the coefficients are not available the rule is order 0:
/// int ∈ (d - c) g([c, d]).
/// </remarks>
internal sealed class TaylorRule
{
    private const int HighOrder = 12;
    private const int LargeExpression = 2000;
    private readonly Expr _g;

    private TaylorRule(Expr g, int order)
    {
        _g = g;
        Order = order;
    }

    /// <summary>The order n of the remainder term (even).</summary>
    public int Order { get; }

    /// <summary>The rule for g: order 12, or 4 for very large expressions.</summary>
    public static TaylorRule Create(Expr g) => new(g, g.NodeCount > LargeExpression ? 4 : HighOrder);

    /// <summary>
    /// An enclosure of int_c^d g and the part of its width due to the remainder (what bisection reduces): 0 with an
    /// infinite value when g itself cannot be bounded at the midpoint (its value overflows the doubles there, or it is
    /// undefined), where no bisection can help.
    /// </summary>
    public (Interval Value, double Reducible) Apply(double c, double d)
    {
        var whole = new Interval(c, d);
        double m = c / 2 + d / 2;
        if (!IsFinite(Eval(_g, Interval.Point(m)))) return (Interval.Entire, 0);
        if (c < m && m < d)
        {
            var (value, reducible) = ApplyTaylor(c, m, d, whole);
            if (IsFinite(value)) return (value, reducible);
        }
        var zeroOrder = Eval(_g, whole) * (Interval.Point(d) - Interval.Point(c)); // int ∈ (d - c) g([c, d])
        return (zeroOrder, zeroOrder.Width);
    }

    private (Interval Value, double Reducible) ApplyTaylor(double c, double m, double d, Interval whole)
    {
        var atPoint = Coefficients(Interval.Point(m), Order - 1);
        var over = Coefficients(whole, Order);
        if (atPoint is null || over is null) return (Interval.Entire, double.PositiveInfinity);
        bool symmetric = ExactDifference(m, c, out double left) && ExactDifference(d, m, out double right) && left == right;
        Interval hl = symmetric ? Interval.Point(m - c) : Interval.Point(m) - Interval.Point(c);
        Interval hr = symmetric ? hl : Interval.Point(d) - Interval.Point(m);
        var known = Interval.Point(0);
        Interval hrPower = hr, hlPower = -hl; // hr^(k+1), (-hl)^(k+1)
        for (int k = 0; k < Order; k++)
        {
            if (!(symmetric && k % 2 == 1)) // (hr^(k+1) - hl^(k+1)) = 0 exactly
                known += atPoint[k] * ((hrPower - hlPower) / Interval.Point(k + 1));
            hrPower *= hr;
            hlPower *= -hl;
        }
        // hrPower = hr^(n+1), hlPower = (-hl)^(n+1) = -hl^(n+1) for even n
        var remainder = over[Order] * ((hrPower - hlPower) / Interval.Point(Order + 1));
        return (known + remainder, remainder.Width);
    }

    private Interval[]? Coefficients(Interval t, int order)
    {
        try
        {
            var r = TaylorCoefficients.Of(_g, t, order);
            return r is not null && r.All(IsFinite) ? r : null;
        }
        catch (ArithmeticException) { return null; }
        catch (ArgumentException) { return null; } // NaN from inf - inf
    }

    /// <summary>Interval evaluation of a function of t; the whole line where it cannot be bounded.</summary>
    public static Interval Eval(Expr e, Interval t)
    {
        try { return e.Enclose([t]); }
        catch (ArithmeticException) { return Interval.Entire; }
        catch (ArgumentException) { return Interval.Entire; } // NaN from inf - inf
    }

    /// <summary>True when both endpoints are finite.</summary>
    public static bool IsFinite(Interval x) => double.IsFinite(x.Lo) && double.IsFinite(x.Hi);

    // x - y, and whether it is exact (Knuth's TwoSum error term is zero).
    private static bool ExactDifference(double x, double y, out double diff)
    {
        diff = x - y;
        double bb = diff - x;
        double err = (x - (diff - bb)) + (-y - bb);
        return err == 0 && double.IsFinite(diff);
    }
}
