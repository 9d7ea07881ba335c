using System.Globalization;
using System.Numerics;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Roots;

namespace Verifier.Symbolic.Integration;

/// <summary>
/// A certified enclosure of int_a^b B/M dt for polynomials B, M with M free of roots on [a, b]: adaptive bisection,
/// on each piece the Taylor rule of order <see cref="Order"/> about a grid point m near its midpoint, with the terms
/// computed in fixed-point interval arithmetic with 256 bits after the point (<see cref="FixedInterval"/>: Taylor shift
/// and power-series division) and only the remainder enclosed in double intervals.
/// </summary>
/// <remarks>
/// On [c, d] with hl = m - c, hr = d - m and q_k the Taylor coefficients of B/M at m,
/// <c>int = sum_{k &lt; n} q_k (hr^(k+1) - (-hl)^(k+1))/(k+1) + R,  R ∈ q_n([c, d]) (hr^(n+1) + hl^(n+1))/(n+1)</c>
/// (n even, the weight (t - m)^n is non-negative). The known part is enclosed to about 2^-250, so no rounding of double
/// arithmetic accumulates over the pieces (an expanded integrand whose terms cancel has, in doubles, a rounding floor
/// far above 1e-12). The remainder coefficient is enclosed by interval power-series division of the Taylor coefficients
/// of B and M over the piece (each by interval Horner evaluation of the shifted polynomial).
/// </remarks>
internal static class RationalQuadrature
{
    /// <summary>The order n of the rule.</summary>
    public const int Order = 16;

    /// <summary>The most pieces before the enclosure is returned at the width reached.</summary>
    public const int MaxPieces = 4096;

    private sealed record Piece(Rational C, Rational D, RationalInterval Known, Interval Remainder)
    {
        public double Width => Remainder.Width;
    }

    /// <summary>The enclosure and a description of how it was obtained (for the result's note).</summary>
    public static (Interval Value, string How) Enclose(UnivariatePolynomial b, UnivariatePolynomial m, Rational lo, Rational hi, double target)
    {
        if (lo > hi)
        {
            var (negated, description) = Enclose(b, m, hi, lo, target);
            return (-negated, description);
        }
        var queue = new PriorityQueue<Piece, double>();
        double finiteSum = 0;
        int infinite = 0, pieces = 0;
        void Add(Piece p)
        {
            queue.Enqueue(p, -p.Width);
            if (double.IsFinite(p.Width)) finiteSum += p.Width; else infinite++;
            pieces++;
        }
        FixedInterval[] bc = Rounded(b), mc = Rounded(m);
        Add(Evaluate(bc, mc, lo, hi));
        for (int step = 1; pieces < MaxPieces; step++)
        {
            if (infinite == 0 && (finiteSum <= 0.75 * target || step % 32 == 0))
            {
                finiteSum = queue.UnorderedItems.Sum(x => x.Element.Width); // the running sum drifts; decide on a fresh one
                if (finiteSum <= 0.75 * target) break;
            }
            var p = queue.Dequeue();
            pieces--;
            if (double.IsFinite(p.Width)) finiteSum -= p.Width; else infinite--;
            var mid = (p.C + p.D) * Rational.Half;
            Add(Evaluate(bc, mc, p.C, mid));
            Add(Evaluate(bc, mc, mid, p.D));
        }
        var known = RationalInterval.Point(Rational.Zero);
        var remainder = Interval.Point(0);
        foreach (var (piece, _) in queue.UnorderedItems)
        {
            known += piece.Known;
            remainder += piece.Remainder;
        }
        var total = Interval.Hull(known.Lo, known.Hi) + remainder;
        string how = $"certified quadrature with Taylor terms in 256-bit fixed point, order {Order} on {pieces} subintervals";
        if (total.Width > target) how += $"; width {total.Width.ToString("G3", CultureInfo.InvariantCulture)} is above the requested {target.ToString("G3", CultureInfo.InvariantCulture)} (piece budget {MaxPieces})";
        return (total, how);
    }

    private static Piece Evaluate(FixedInterval[] b, FixedInterval[] m, Rational c, Rational d)
    {
        // Expand about a grid point near the midpoint (exactly representable, so the shift is exact up to rounding).
        var mid = FixedInterval.FromRational((c + d) * Rational.Half);
        var at = new FixedInterval(mid.Lo, mid.Lo);
        var point = at.LoRational;
        if (point <= c || point >= d) return new Piece(c, d, RationalInterval.Point(Rational.Zero), Interval.Entire);
        Rational hl = point - c, hr = d - point;
        var bs = Shift(b, at);
        var ms = Shift(m, at);
        var known = FixedInterval.Zero;
        try
        {
            // Taylor coefficients of B/M at the point: q_k = (b_k - sum_{j=1..k} m_j q_(k-j)) / m_0.
            var q = new FixedInterval[Order];
            for (int k = 0; k < Order; k++)
            {
                var s = k < bs.Length ? bs[k] : FixedInterval.Zero;
                for (int j = 1; j <= k && j < ms.Length; j++) s -= ms[j] * q[k - j];
                q[k] = s / ms[0];
            }
            Rational hrPower = hr, hlPower = -hl; // hr^(k+1), (-hl)^(k+1)
            for (int k = 0; k < Order; k++)
            {
                var weight = (hrPower - hlPower) / (k + 1); // int_c^d (t - point)^k dt
                if (!weight.IsZero) known += q[k] * FixedInterval.FromRational(weight);
                hrPower *= hr;
                hlPower *= -hl;
            }
        }
        catch (DivideByZeroException) { return new Piece(c, d, RationalInterval.Point(Rational.Zero), Interval.Entire); }
        // The remainder weight is (hr^(n+1) + hl^(n+1)) / (n+1) (n even).
        var coefficient = RemainderCoefficient(bs, ms, Interval.Hull(-hl, hr));
        var remainderWeight = Interval.FromRational((hr.Pow(Order + 1) + hl.Pow(Order + 1)) / (Order + 1));
        var remainder = TaylorRule.IsFinite(coefficient) ? coefficient * remainderWeight : Interval.Entire;
        return new Piece(c, d, new RationalInterval(known.LoRational, known.HiRational), remainder);
    }

    // The coefficient n of the Taylor series of B/M about any point m + s, s in the interval: interval power-series
    // division of the coefficients of B and M there.
    private static Interval RemainderCoefficient(FixedInterval[] bs, FixedInterval[] ms, Interval s)
    {
        var bi = CoefficientsOver(bs, s);
        var mi = CoefficientsOver(ms, s);
        if (mi[0].ContainsZero) return Interval.Entire;
        var q = new Interval[Order + 1];
        for (int k = 0; k <= Order; k++)
        {
            var acc = bi[k];
            for (int j = 1; j <= k; j++) acc -= mi[j] * q[k - j];
            q[k] = acc / mi[0];
        }
        return q[Order];
    }

    // Enclosures over s of the Taylor coefficients p^(k)(m + s)/k!, k = 0..n, of the shifted polynomial
    // p(m + s) = sum_j a_j s^j: coefficient k is sum_{j >= k} C(j, k) a_j s^(j-k), by Horner in s.
    private static Interval[] CoefficientsOver(FixedInterval[] a, Interval s)
    {
        var doubles = a.Select(x => Interval.Hull(x.LoRational, x.HiRational)).ToArray();
        var result = new Interval[Order + 1];
        for (int k = 0; k <= Order; k++)
        {
            var acc = Interval.Point(0);
            for (int j = doubles.Length - 1; j >= k; j--)
                acc = acc * s + doubles[j] * Interval.Point(Binomial(j, k));
            result[k] = acc;
        }
        return result;
    }

    // C(n, k) as a double, exact for the small n here (at most the degree limit of RationalFunction).
    private static double Binomial(int n, int k)
    {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return Math.Round(r);
    }

    // The coefficients of p(m + s) in s (Taylor shift by repeated synthetic division), rounded outward.
    private static FixedInterval[] Shift(FixedInterval[] coefficients, FixedInterval m)
    {
        var a = (FixedInterval[])coefficients.Clone();
        int n = a.Length;
        for (int i = 0; i < n; i++)
            for (int j = n - 2; j >= i; j--)
                a[j] += m * a[j + 1];
        return a;
    }

    private static FixedInterval[] Rounded(UnivariatePolynomial p) => p.Coefficients.Select(FixedInterval.FromRational).ToArray();
}
