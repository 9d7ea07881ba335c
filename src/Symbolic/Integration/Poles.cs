using System.Globalization;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Roots;

namespace Verifier.Symbolic.Integration;

/// <summary>
/// Points of an interval where an integrand g(t) is undefined: a base of a negative power that vanishes (a pole, or a
/// point where a sub-expression such as 1/t is undefined even if g stays bounded, e.g. sigmoid(1/t)), or a log
/// argument that is negative. Such an integral is a domain error, never an infinite enclosure.
/// </summary>
/// <remarks>
/// A polynomial base's real roots are isolated exactly (<see cref="RealRoots"/>). Any other base is checked by
/// interval evaluation on up to 256 subintervals: a certified change of sign (the base is continuous where it is
/// defined) or an exact zero at an end proves a root; a base that cannot be certified either way is left to the
/// quadrature, whose enclosure then says what it can. A log argument that vanishes only at isolated points (log t on
/// [0, 1]) gives an improper but convergent integral and is accepted.
/// </remarks>
internal static class Poles
{
    private const int Budget = 256;

    /// <summary>Throws when g is certainly undefined somewhere on [lo, hi].</summary>
    /// <exception cref="SymbolicDomainException">A negative power's base vanishes in [lo, hi], or a log argument is negative there.</exception>
    public static void Check(Expr g, Rational lo, Rational hi)
    {
        var seen = new HashSet<Expr>();
        Visit(g, lo, hi, seen);
    }

    private static void Visit(Expr e, Rational lo, Rational hi, HashSet<Expr> seen)
    {
        if (!e.Contains(0) || !seen.Add(e)) return;
        foreach (var c in e.Children) Visit(c, lo, hi, seen);
        if (e is Power { Exponent: < 0 } p && Zero(p.Base, lo, hi) is { } at)
            throw new SymbolicDomainException($"the integrand is undefined at t {at}, in [{lo}, {hi}]: {p.Base} = 0 there (a pole on the path); the integral is undefined");
        if (e is Log l && Negative(l.Arg, lo, hi) is { } where)
            throw new SymbolicDomainException($"the integrand takes the log of a negative number at t {where}, in [{lo}, {hi}]: the integral is undefined");
    }

    // Where u certainly vanishes on [lo, hi] ("= r" or "≈ r"), or null.
    private static string? Zero(Expr u, Rational lo, Rational hi)
    {
        if (Polynomial(u) is { } poly)
        {
            if (poly.IsZero) return $"= {lo}";
            var roots = RealRoots.Isolate(poly, lo, hi);
            return roots.Count == 0 ? null : roots[0].Exact is { } r ? $"= {r}" : "≈ " + roots[0].Approx.ToString("G6", CultureInfo.InvariantCulture);
        }
        if (At(u, lo) is 0) return $"= {lo}";
        if (At(u, hi) is 0) return $"= {hi}";
        return SignChange(u, lo, hi);
    }

    // Where u is certainly negative on [lo, hi], or null.
    private static string? Negative(Expr u, Rational lo, Rational hi)
    {
        if (Polynomial(u) is { } poly)
        {
            if (poly.Evaluate(lo).Sign < 0) return $"= {lo}";
            if (poly.Evaluate(hi).Sign < 0) return $"= {hi}";
            if (poly.Degree <= 0) return null;
            // Between consecutive roots (and the ends) the sign is constant: test one point of each part.
            var cuts = new List<Rational> { lo };
            foreach (var root in RealRoots.Isolate(poly, lo, hi)) cuts.Add(root.Exact ?? (root.Lo + root.Hi) * Rational.Half);
            cuts.Add(hi);
            for (int j = 0; j + 1 < cuts.Count; j++)
            {
                var mid = (cuts[j] + cuts[j + 1]) * Rational.Half;
                if (mid > lo && mid < hi && poly.Evaluate(mid).Sign < 0) return "≈ " + mid.ToDouble().ToString("G6", CultureInfo.InvariantCulture);
            }
            return null;
        }
        if (At(u, lo) is < 0) return $"= {lo}";
        if (At(u, hi) is < 0) return $"= {hi}";
        return null; // a non-polynomial log argument is left to the quadrature
    }

    private static UnivariatePolynomial? Polynomial(Expr u)
    {
        if (!u.IsPolynomial) return null;
        try { return UnivariatePolynomial.FromExpr(u, 0); }
        catch (SymbolicLimitException) { return null; }
    }

    // The sign of u at a rational t when it is certain, else null.
    private static int? At(Expr u, Rational t)
    {
        try
        {
            var v = u.Substitute(new Dictionary<int, Expr> { [0] = Ex.Const(t) });
            if (v is Constant c) return c.Value.Sign;
            var box = v.Enclose([]);
            return box.IsPositive ? 1 : box.IsNegative ? -1 : null;
        }
        catch (ArithmeticException) { return null; }
    }

    // A certified sign change of u on [lo, hi] by bisection of interval enclosures.
    private static string? SignChange(Expr u, Rational lo, Rational hi)
    {
        var work = new Queue<(Rational Lo, Rational Hi)>();
        work.Enqueue((lo, hi));
        int sign = 0, budget = Budget;
        Rational? last = null;
        while (work.Count > 0 && budget-- > 0)
        {
            var (l, h) = work.Dequeue();
            Interval box;
            try { box = u.Enclose([Interval.Hull(l, h)]); }
            catch (ArithmeticException) { return null; }
            int here = box.IsPositive ? 1 : box.IsNegative ? -1 : 0;
            if (here == 0)
            {
                var m = (l + h) * Rational.Half;
                work.Enqueue((l, m));
                work.Enqueue((m, h));
                continue;
            }
            if (sign != 0 && here != sign) return "≈ " + ((last!.Value + l) * Rational.Half).ToDouble().ToString("G6", CultureInfo.InvariantCulture);
            sign = here;
            last = h;
        }
        return null;
    }
}
