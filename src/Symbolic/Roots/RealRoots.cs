using System.Numerics;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Roots;

/// <summary>
/// Exact real-root isolation of univariate polynomials with rational coefficients: every distinct real root in a
/// closed interval, each exactly once, rational roots as exact values and irrational ones as isolating intervals.
/// </summary>
/// <remarks>
/// <para>The method: take the square-free part p / gcd(p, p') as a primitive integer polynomial S; map [lo, hi] onto
/// [0, 1]; test the ends exactly; isolate the roots in (0, 1) by Descartes' rule of signs with bisection at dyadic
/// midpoints (Collins and Akritas 1976), recording a midpoint that is a root exactly and dividing it out.</para>
/// <para>Rational roots are then recognised completely (see RationalRootRecognizer.cs): with the exact roots
/// found so far divided out of S, leaving D with leading coefficient L, every rational root r of D has L r an
/// integer (rational root theorem), so an isolating interval (a, b) holds a rational root only if an integer m lies
/// in (L a, L b). The interval is narrowed (Newton's method safeguarded by bisection, on a grid) until at most one
/// such m remains, and m / L is tested exactly; a modular filter skips the search when D has no root modulo some
/// prime. The search is abandoned, leaving a rational root that no split point hit as an interval, only when
/// L (b - a) exceeds 2^<see cref="MaxRecognitionBits"/>.</para>
/// <para>Degrees are limited to <see cref="UnivariatePolynomial.MaxDegree"/> (a
/// <see cref="SymbolicLimitException"/> at construction of the polynomial).</para>
/// </remarks>
public static class RealRoots
{
    /// <summary>Rational roots are recognised whenever L (Hi - Lo) &lt; 2 to this power (see the remarks on <see cref="RealRoots"/>).</summary>
    public const int MaxRecognitionBits = 2048;

    /// <summary>
    /// All distinct real roots of <paramref name="p"/> in the closed interval [<paramref name="lo"/>,
    /// <paramref name="hi"/>], sorted ascending, each exactly once (whatever its multiplicity).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="p"/> is the zero polynomial (every point is a root), or
    /// <paramref name="lo"/> &gt; <paramref name="hi"/>.</exception>
    public static IReadOnlyList<RealRoot> Isolate(UnivariatePolynomial p, Rational lo, Rational hi)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.IsZero) throw new ArgumentException("The zero polynomial vanishes everywhere; its roots cannot be isolated.", nameof(p));
        if (lo > hi) throw new ArgumentException($"The interval [{lo}, {hi}] is empty.", nameof(lo));
        if (p.Degree == 0) return [];
        var s = p.SquareFreePart();
        if (lo == hi) return s.Evaluate(lo).IsZero ? [RealRoot.FromRational(lo)] : [];
        if (s.Degree == 1)
        {
            var r = -s[0] / s[1];
            return lo <= r && r <= hi ? [RealRoot.FromRational(r)] : [];
        }

        var width = hi - lo;
        var q = IntegerPolynomial.Compose(s.ToPrimitiveIntegers(), lo, width); // roots of s in [lo, hi] <-> roots of q in [0, 1]
        var exact = new List<Rational>();
        if (q[0].IsZero) { exact.Add(lo); q = IntegerPolynomial.DivideByX(q); }
        if (IntegerPolynomial.ValueAtOne(q).IsZero) { exact.Add(hi); q = IntegerPolynomial.DivideByXMinusOne(q); }

        var intervals = new List<(Rational Lo, Rational Hi)>();
        foreach (var d in Descartes.IsolateOnUnitInterval(q))
        {
            var scale = new Rational(BigInteger.One, BigInteger.One << d.K);
            var a = lo + width * (d.C * scale);
            if (d.IsPoint) exact.Add(a);
            else intervals.Add((a, lo + width * ((d.C + 1) * scale)));
        }

        var roots = exact.Select(RealRoot.FromRational).ToList();
        if (intervals.Count > 0)
        {
            // D: s without its known rational roots; it does not vanish at any end of the intervals.
            var rest = s;
            foreach (var e in exact) rest = rest.DivRem(UnivariatePolynomial.Linear(Rational.One, -e)).Quotient;
            var dInt = rest.ToPrimitiveIntegers();
            var ends = exact.ToHashSet();
            var recognizer = new RationalRootRecognizer(dInt, MaxRecognitionBits);
            foreach (var (a, b) in intervals)
            {
                var root = new RealRoot(dInt, a, b, IntegerPolynomial.SignAt(dInt, a));
                // Move the interval off neighbouring exact roots so that [Lo, Hi] holds one root of p only.
                while (!root.IsExact && (ends.Contains(root.Lo) || ends.Contains(root.Hi))) root = root.Bisect();
                roots.Add(recognizer.Recognise(root));
            }
        }
        roots.Sort((x, y) => x.Lo != y.Lo ? x.Lo.CompareTo(y.Lo) : x.Hi.CompareTo(y.Hi));
        return roots;
    }

    /// <summary>
    /// All distinct real roots of <paramref name="p"/>, sorted, searched within Cauchy's bound
    /// 1 + max |a_i / a_n|.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="p"/> is the zero polynomial.</exception>
    public static IReadOnlyList<RealRoot> Isolate(UnivariatePolynomial p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.IsZero) throw new ArgumentException("The zero polynomial vanishes everywhere; its roots cannot be isolated.", nameof(p));
        var bound = Rational.One;
        var lead = p.LeadingCoefficient.Abs();
        for (int i = 0; i < p.Degree; i++) bound = Rational.Max(bound, 1 + p[i].Abs() / lead);
        return Isolate(p, -bound, bound);
    }

    /// <summary>
    /// The sign (-1, 0 or 1) of <paramref name="p"/> on the open interval (<paramref name="a"/>,
    /// <paramref name="b"/>), which must hold no root of p: its sign at the midpoint.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is not less than <paramref name="b"/>.</exception>
    public static int SignOn(UnivariatePolynomial p, Rational a, Rational b)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (a >= b) throw new ArgumentException($"The interval ({a}, {b}) is empty.", nameof(a));
        return p.Evaluate((a + b) / 2).Sign;
    }
}
