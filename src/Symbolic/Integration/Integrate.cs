using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Integration;

/// <summary>
/// Definite and indefinite integration in t of univariate expressions: exact through a closed-form antiderivative
/// where one is known (<see cref="Antiderivative"/>), otherwise a certified enclosure
/// (<see cref="IntervalQuadrature"/>).
/// </summary>
public static class Integrate
{
    /// <summary>An antiderivative of g in t, or null when none is known (same as <see cref="Antiderivative.TryFind"/>).</summary>
    public static Expr? Indefinite(Expr g) => Antiderivative.TryFind(g);

    /// <summary>
    /// int_a^b g(t) dt: exact (<see cref="ExactResult.Rational"/> or <see cref="ExactResult.ClosedForm"/>) as
    /// F(b) - F(a) when an antiderivative F is known, otherwise a certified enclosure.
    /// </summary>
    /// <param name="g">A function of t only (variable index 0).</param>
    /// <param name="a">Lower endpoint.</param>
    /// <param name="b">Upper endpoint (b &lt; a gives the negated integral).</param>
    /// <param name="options">Digit limit of exact evaluation and requested enclosure width; defaults to <see cref="ExactOptions.Default"/>.</param>
    /// <remarks>
    /// Terms u^-k (u affine, k &gt;= 1) integrate exactly when u does not vanish on [a, b], the term u^-1 to
    /// (log|u(b)| - log|u(a)|)/b'; log(u) integrates exactly when u &gt;= 0 at both ends (u log u is taken as 0 where
    /// u = 0: the improper integral converges).
    /// </remarks>
    /// <exception cref="SymbolicDomainException">The integrand has a pole in [a, b] or is otherwise undefined there (a
    /// vanishing denominator of any sub-expression), or takes the log of a negative number.</exception>
    /// <exception cref="SymbolicLimitException">An exact intermediate value exceeds <see cref="ExactOptions.MaxDigits"/>, or
    /// the integrand could not be bounded (the enclosure would not be finite).</exception>
    /// <exception cref="ArgumentException"><paramref name="g"/> depends on a variable other than t.</exception>
    public static ExactResult Definite(Expr g, Rational a, Rational b, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(g);
        RequireUnivariate(g);
        options ??= ExactOptions.Default;
        if (a == b) return ExactResult.FromRational(Rational.Zero);
        if (TryPolynomial(g, a, b) is { } exact) return ExactResult.FromRational(exact);
        var parts = Antiderivative.TryFindParts(g);
        if (parts is not null && DomainHolds(parts, Rational.Min(a, b), Rational.Max(a, b), options))
        {
            var value = Ex.Sum(parts.ValueAt(b, options), Ex.Negate(parts.ValueAt(a, options))); // F(b) - F(a)
            return value is Constant c ? ExactResult.FromRational(c.Value) : ExactResult.FromClosedForm(value, options);
        }
        if (RationalIntegral.TryDefinite(g, a, b, options) is { } rational) return rational;
        Poles.Check(g, Rational.Min(a, b), Rational.Max(a, b));
        return Bounded(IntervalQuadrature.Enclose(g, Interval.FromRational(a), Interval.FromRational(b), options));
    }

    // An enclosure that is not finite is an error, never a result: the integrand could not be bounded somewhere (a
    // singularity the pole check could not certify, or values beyond the double range).
    private static ExactResult Bounded(ExactResult r)
    {
        if (TaylorRule.IsFinite(r.Enclosure)) return r;
        throw new SymbolicLimitException($"the integral could not be enclosed: {r.Note}");
    }

    /// <summary>
    /// A certified enclosure of int_a^b g(t) dt where the endpoints are known only through enclosures (e.g. irrational
    /// kink roots). Uses the closed-form antiderivative evaluated on the endpoint enclosures when one is known and
    /// valid on the hull of the endpoints, otherwise <see cref="IntervalQuadrature"/>. When both endpoints are points,
    /// this is <see cref="Definite"/> at those exact values.
    /// </summary>
    /// <param name="g">A function of t only.</param>
    /// <param name="a">An enclosure of the lower endpoint.</param>
    /// <param name="b">An enclosure of the upper endpoint.</param>
    /// <param name="options">Requested enclosure width; defaults to <see cref="ExactOptions.Default"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="g"/> depends on a variable other than t.</exception>
    /// <exception cref="SymbolicDomainException">The integrand has a pole between the endpoints, or is otherwise undefined there.</exception>
    /// <exception cref="SymbolicLimitException">The integrand could not be bounded (the enclosure would not be finite).</exception>
    public static ExactResult DefiniteEnclosure(Expr g, Interval a, Interval b, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(g);
        RequireUnivariate(g);
        options ??= ExactOptions.Default;
        if (a.Lo == a.Hi && b.Lo == b.Hi && double.IsFinite(a.Lo) && double.IsFinite(b.Lo))
            return Definite(g, Rational.FromDouble(a.Lo), Rational.FromDouble(b.Lo), options);
        if (a.Hi < b.Lo || b.Hi < a.Lo)
        {
            var viaAntiderivative = TryEncloseByAntiderivative(g, a, b, options);
            if (viaAntiderivative is not null) return viaAntiderivative;
        }
        if (double.IsFinite(a.Lo) && double.IsFinite(a.Hi) && double.IsFinite(b.Lo) && double.IsFinite(b.Hi))
            Poles.Check(g, Rational.FromDouble(Math.Min(a.Lo, b.Lo)), Rational.FromDouble(Math.Max(a.Hi, b.Hi)));
        return Bounded(IntervalQuadrature.Enclose(g, a, b, options));
    }

    // Fast path for polynomials (most pieces of piecewise-linear and polynomial functions):
    // int_a^b sum_k c_k t^k dt = sum_k c_k (b^(k+1) - a^(k+1)) / (k + 1), in rationals only.
    private static Rational? TryPolynomial(Expr g, Rational a, Rational b)
    {
        if (!g.IsPolynomial) return null;
        Roots.UnivariatePolynomial? p;
        try { p = Roots.UnivariatePolynomial.FromExpr(g, 0); }
        catch (SymbolicLimitException) { return null; } // a degree beyond the polynomial limit: the antiderivative rules take it
        if (p is null) return null;
        Rational sum = Rational.Zero, aPower = a, bPower = b;
        for (int k = 0; k <= p.Degree; k++)
        {
            if (!p[k].IsZero) sum += p[k] * (bPower - aPower) / (k + 1);
            aPower *= a;
            bPower *= b;
        }
        return sum;
    }

    /// <summary>Throws when the integrand depends on a variable other than t.</summary>
    internal static void RequireUnivariate(Expr g)
    {
        if (g.MaxVariableIndex > 0)
            throw new ArgumentException($"the integrand must be a function of t only, but it contains x{g.MaxVariableIndex}", nameof(g));
    }

    // Checks the conditions under which F is an antiderivative on [lo, hi]: throws when g is certainly undefined
    // there (pole, log of a negative number); false when a sign cannot be decided (then quadrature is used).
    private static bool DomainHolds(AntiderivativeParts parts, Rational lo, Rational hi, ExactOptions options)
    {
        foreach (var u in parts.NonZero)
        {
            int? sLo = Ex.KnownSign(u.At(lo, options)), sHi = Ex.KnownSign(u.At(hi, options));
            if (sLo is null || sHi is null) return false;
            if (sLo == 0 || sHi == 0 || sLo != sHi)
                throw new SymbolicDomainException($"integrand has a pole at t = {u.DescribeRoot()}, in [{lo}, {hi}]: the integral is undefined");
        }
        foreach (var u in parts.NonNegative)
        {
            int? sLo = Ex.KnownSign(u.At(lo, options)), sHi = Ex.KnownSign(u.At(hi, options));
            if (sLo is null || sHi is null) return false;
            if (sLo < 0 || sHi < 0)
                throw new SymbolicDomainException($"integrand takes the log of a negative number for t on a side of {u.DescribeRoot()} inside [{lo}, {hi}]: the integral is undefined");
        }
        return true;
    }

    private static ExactResult? TryEncloseByAntiderivative(Expr g, Interval a, Interval b, ExactOptions options)
    {
        var parts = Antiderivative.TryFindParts(g);
        if (parts is null) return null;
        var hull = Interval.Union(a, b);
        var signs = new List<int>();
        foreach (var u in parts.NonZero)
        {
            var range = TaylorRule.Eval(u.U, hull);
            if (range.ContainsZero) return null; // a possible pole: let quadrature report what it can
        }
        foreach (var (_, u) in parts.LogAbs) signs.Add(TaylorRule.Eval(u.U, hull).IsPositive ? 1 : -1);
        foreach (var u in parts.NonNegative)
            if (!TaylorRule.Eval(u.U, hull).IsPositive) return null;
        var f = parts.WithSigns(signs);
        var value = TaylorRule.Eval(f, b) - TaylorRule.Eval(f, a);
        if (!TaylorRule.IsFinite(value)) return null;
        return ExactResult.FromEnclosure(value, "an endpoint is known only through an enclosure; the closed-form antiderivative was evaluated on the endpoint enclosures");
    }
}
