using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Integration;

/// <summary>
/// A certified quadrature rule on one subinterval [c, d]: Taylor expansion of g about a point m of [c, d] with the
/// Lagrange remainder enclosed by interval evaluation of g^(n) over the whole subinterval.
/// </summary>
/// <remarks>
/// With hl = m - c, hr = d - m and n even,
/// <c>int_c^d g = sum_{k&lt;n} g^(k)(m) (hr^(k+1) - (-hl)^(k+1))/(k+1)! + R,  R ∈ g^(n)([c, d]) (hr^(n+1) + hl^(n+1))/(n+1)!</c>,
/// because the remainder's weight (t - m)^n / n! is non-negative (mean value theorem for integrals). This needs
/// g in C^n([c, d]), which holds for kink-free expressions wherever the interval enclosure of g^(n) is finite (a pole
/// or a log of a non-positive number makes it infinite). When m is the exact midpoint the odd terms vanish, so
/// order 2 is the midpoint rule with error enclosed by g''([c, d]) h^3/24, and order 4 adds g''(m) h^3/24 with error
/// g''''([c, d]) h^5/1920. Expressions with kinks use order 0: int ∈ (d - c) g([c, d]).
/// </remarks>
internal sealed class TaylorRule
{
    private static readonly double[] Factorials = [1, 1, 2, 6, 24, 120];
    private readonly Expr[] _derivatives;

    private TaylorRule(Expr[] derivatives, int order)
    {
        _derivatives = derivatives;
        Order = order;
    }

    /// <summary>The order n of the remainder term (0, 2 or 4).</summary>
    public int Order { get; }

    /// <summary>The highest-order rule whose derivatives could be computed at a reasonable size.</summary>
    public static TaylorRule Create(Expr g)
    {
        if (g.HasKinks) return new([g], 0);
        var list = new List<Expr> { g };
        int sizeLimit = Math.Max(20_000, 50 * g.NodeCount);
        try
        {
            for (int k = 1; k <= 4; k++)
            {
                var d = list[^1].Differentiate(0);
                if (d.NodeCount > sizeLimit) break;
                list.Add(d);
            }
        }
        catch (ArithmeticException) { } // a size limit while differentiating: use the derivatives found so far
        int order = list.Count > 4 ? 4 : list.Count > 2 ? 2 : 0;
        return new([.. list.Take(order + 1)], order);
    }

    /// <summary>
    /// An enclosure of int_c^d g and the part of its width due to the remainder (what bisection reduces).
    /// </summary>
    public (Interval Value, double Reducible) Apply(double c, double d)
    {
        var whole = new Interval(c, d);
        double m = c / 2 + d / 2;
        if (Order > 0 && c < m && m < d)
        {
            var (value, reducible) = ApplyTaylor(c, m, d, whole);
            if (IsFinite(value)) return (value, reducible);
        }
        var zeroOrder = Eval(_derivatives[0], whole) * (Interval.Point(d) - Interval.Point(c)); // int ∈ (d - c) g([c, d])
        return (zeroOrder, zeroOrder.Width);
    }

    private (Interval Value, double Reducible) ApplyTaylor(double c, double m, double d, Interval whole)
    {
        bool symmetric = ExactDifference(m, c, out double left) && ExactDifference(d, m, out double right) && left == right;
        Interval hl = symmetric ? Interval.Point(m - c) : Interval.Point(m) - Interval.Point(c);
        Interval hr = symmetric ? hl : Interval.Point(d) - Interval.Point(m);
        var point = Interval.Point(m);
        var known = Interval.Point(0);
        for (int k = 0; k < Order; k++)
        {
            if (symmetric && k % 2 == 1) continue; // (hr^(k+1) - hl^(k+1)) = 0 exactly
            var weight = (hr.Pow(k + 1) - (-hl).Pow(k + 1)) / Interval.Point(Factorials[k + 1]);
            known += Eval(_derivatives[k], point) * weight;
        }
        var remainderWeight = (hr.Pow(Order + 1) + hl.Pow(Order + 1)) / Interval.Point(Factorials[Order + 1]);
        var remainder = Eval(_derivatives[Order], whole) * remainderWeight;
        return (known + remainder, remainder.Width);
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
