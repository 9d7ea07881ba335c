using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Roots;

namespace Verifier.Symbolic.Integration;

/// <summary>
/// Definite integrals of rational functions P/Q of t: the polynomial part and the rational part exactly (Hermite
/// reduction by the Horowitz-Ostrogradsky method), the logarithmic part exactly where the square-free denominator
/// splits over the rationals (c log|t - r| terms), and the rest, B/M with M free of real roots on the interval, by
/// <see cref="RationalQuadrature"/>.
/// </summary>
/// <remarks>
/// Horowitz-Ostrogradsky: with Q1 = gcd(Q, Q'), Q2 = Q/Q1, int P/Q = P1/Q1 + int P2/Q2 where deg P1 &lt; deg Q1,
/// deg P2 &lt; deg Q2 are the unique solution of the linear system P = P1' Q2 - P1 (Q1' Q2 / Q1) + P2 Q1 (Bronstein,
/// Symbolic Integration I, 2005, section 2.2). Then P2/Q2 = sum_r c_r/(t - r) + B/M over the rational roots r of Q2,
/// c_r = P2(r)/Q2'(r). In particular the straight-line integral of the derivative of a rational function (IG in one
/// dimension) is exact. A real root of Q in the closed interval is a pole: the integral is undefined.
/// </remarks>
internal static class RationalIntegral
{
    // The largest denominator degree for which the linear system of the reduction is solved.
    private const int MaxReductionDegree = 40;

    /// <summary>int_a^b g dt when g is a rational function of t; null otherwise.</summary>
    /// <exception cref="SymbolicDomainException">The denominator vanishes in [a, b] (a pole).</exception>
    public static ExactResult? TryDefinite(Expr g, Rational a, Rational b, ExactOptions options)
    {
        var f = RationalFunction.TryFrom(g);
        if (f is null) return null;
        Rational lo = Rational.Min(a, b), hi = Rational.Max(a, b);
        if (f.Q.Degree > 0)
        {
            var poles = RealRoots.Isolate(f.Q, lo, hi);
            if (poles.Count > 0)
                throw new SymbolicDomainException($"integrand has a pole at t = {Describe(poles[0])}, in [{lo}, {hi}]: the integral is undefined");
        }
        var (polynomial, p0) = f.P.DivRem(f.Q);
        var exact = PolynomialIntegral(polynomial, a, b);
        if (p0.IsZero) return ExactResult.FromRational(exact);
        UnivariatePolynomial p2 = p0, q2 = f.Q;
        if (f.Q.Degree <= MaxReductionDegree)
        {
            var (p1, q1, rest, restDen) = Reduce(p0, f.Q);
            exact += p1.Evaluate(b) / q1.Evaluate(b) - p1.Evaluate(a) / q1.Evaluate(a); // [P1/Q1]_a^b
            (p2, q2) = (rest, restDen);
        }
        if (p2.IsZero) return ExactResult.FromRational(exact);
        var terms = new List<Expr> { Ex.Const(exact) };
        (p2, q2) = SplitRationalRoots(p2, q2, a, b, terms);
        var closed = Ex.Sum(terms);
        if (p2.IsZero) return closed is Constant c ? ExactResult.FromRational(c.Value) : ExactResult.FromClosedForm(closed, options);
        var known = closed is Constant k ? Interval.FromRational(k.Value) : ExactResult.FromClosedForm(closed, options).Enclosure;
        var (rest2, note) = RationalQuadrature.Enclose(p2, q2, a, b, Math.Max(options.EnclosureWidth - known.Width, options.EnclosureWidth / 2));
        return ExactResult.FromEnclosure(known + rest2,
            $"rational integrand: polynomial, rational and logarithmic parts exact (Hermite reduction), the rest {Short(p2, q2)} by {note}");
    }

    // int_a^b p exactly.
    private static Rational PolynomialIntegral(UnivariatePolynomial p, Rational a, Rational b)
    {
        Rational sum = Rational.Zero, aPower = a, bPower = b;
        for (int k = 0; k <= p.Degree; k++)
        {
            if (!p[k].IsZero) sum += p[k] * (bPower - aPower) / (k + 1);
            aPower *= a;
            bPower *= b;
        }
        return sum;
    }

    // Horowitz-Ostrogradsky: P/Q = (P1/Q1)' + P2/Q2 with Q2 square-free (deg P < deg Q, Q monic).
    private static (UnivariatePolynomial P1, UnivariatePolynomial Q1, UnivariatePolynomial P2, UnivariatePolynomial Q2) Reduce(
        UnivariatePolynomial p, UnivariatePolynomial q)
    {
        var q1 = UnivariatePolynomial.Gcd(q, q.Derivative());
        if (q1.Degree == 0) return (UnivariatePolynomial.Zero, UnivariatePolynomial.One, p, q);
        var q2 = q / q1;
        var t = q1.Derivative() * q2 / q1; // exact: Q1 divides Q1' Q2
        int n1 = q1.Degree, n2 = q2.Degree, n = n1 + n2;
        var columns = new List<UnivariatePolynomial>(n);
        for (int j = 0; j < n1; j++)
            columns.Add((j == 0 ? UnivariatePolynomial.Zero : UnivariatePolynomial.Monomial(j, j - 1) * q2) - UnivariatePolynomial.Monomial(Rational.One, j) * t);
        for (int j = 0; j < n2; j++) columns.Add(UnivariatePolynomial.Monomial(Rational.One, j) * q1);
        var matrix = new Rational[n, n + 1];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++) matrix[i, k] = columns[k][i];
            matrix[i, n] = p[i];
        }
        var x = Solve(matrix, n);
        var p1 = new UnivariatePolynomial(x.Take(n1));
        var p2 = new UnivariatePolynomial(x.Skip(n1));
        return (p1, q1, p2, q2);
    }

    // Gaussian elimination with exact rationals on an n x (n+1) augmented matrix (the system is non-singular).
    private static Rational[] Solve(Rational[,] m, int n)
    {
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            while (pivot < n && m[pivot, col].IsZero) pivot++;
            if (pivot == n) throw new InvalidOperationException("the Horowitz-Ostrogradsky system is singular");
            if (pivot != col)
                for (int k = col; k <= n; k++) (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
            var inverse = m[col, col].Reciprocal();
            for (int row = 0; row < n; row++)
            {
                if (row == col || m[row, col].IsZero) continue;
                var factor = m[row, col] * inverse;
                for (int k = col; k <= n; k++) if (!m[col, k].IsZero) m[row, k] -= factor * m[col, k];
            }
        }
        var x = new Rational[n];
        for (int i = 0; i < n; i++) x[i] = m[i, n] / m[i, i];
        return x;
    }

    // Takes out c_r/(t - r) for each rational root r of the square-free q, adding c_r log|(b - r)/(a - r)| to terms.
    private static (UnivariatePolynomial B, UnivariatePolynomial M) SplitRationalRoots(
        UnivariatePolynomial p, UnivariatePolynomial q, Rational a, Rational b, List<Expr> terms)
    {
        var bound = RationalFunction.RootBound(q);
        var roots = RealRoots.Isolate(q, -bound, bound).Where(r => r.IsExact).Select(r => r.Exact!.Value).ToList();
        if (roots.Count == 0) return (p, q);
        var dq = q.Derivative();
        var numerator = p;
        var linear = UnivariatePolynomial.One;
        foreach (var r in roots)
        {
            var factor = UnivariatePolynomial.Linear(Rational.One, -r); // t - r
            var c = p.Evaluate(r) / dq.Evaluate(r);
            if (!c.IsZero)
            {
                var ratio = ((b - r) / (a - r)).Abs(); // r is outside [a, b]: same sign at both ends
                if (!ratio.IsOne) terms.Add(Ex.Product(Ex.Const(c), Ex.Log(Ex.Const(ratio))));
                numerator -= c * (q / factor);
            }
            linear *= factor;
        }
        return (numerator / linear, q / linear);
    }

    private static string Describe(RealRoot root) =>
        root.Exact is { } e ? e.ToString() : "≈ " + root.Approx.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    private static string Short(UnivariatePolynomial b, UnivariatePolynomial m) => $"(degree {b.Degree} over degree {m.Degree})";
}
