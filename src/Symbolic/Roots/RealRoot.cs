using System.Globalization;
using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Roots;

/// <summary>
/// One real root of a polynomial, known exactly: a rational value (<see cref="Exact"/>, with
/// <see cref="Lo"/> = <see cref="Hi"/> = the value), or an irrational algebraic number given by an isolating
/// interval Lo &lt; root &lt; Hi of a square-free defining polynomial that has no other root in [Lo, Hi] and does not
/// vanish at Lo or Hi, so that the interval can be refined to any width by exact sign tests.
/// </summary>
/// <remarks>Produced by <see cref="RealRoots.Isolate(UnivariatePolynomial, Rational, Rational)"/>.</remarks>
public sealed class RealRoot : IComparable<Rational>
{
    private readonly BigInteger[]? _poly;   // primitive integer defining polynomial (null when exact)
    private readonly int _signAtLo;         // sign of _poly at Lo (non-zero)

    private RealRoot(Rational exact)
    {
        Exact = exact;
        Lo = exact;
        Hi = exact;
    }

    /// <summary>An irrational (or not yet recognised) root of <paramref name="poly"/> in (lo, hi).</summary>
    internal RealRoot(BigInteger[] poly, Rational lo, Rational hi, int signAtLo)
    {
        _poly = poly;
        Lo = lo;
        Hi = hi;
        _signAtLo = signAtLo;
    }

    /// <summary>The root at the rational <paramref name="value"/>, known exactly.</summary>
    public static RealRoot FromRational(Rational value) => new(value);

    /// <summary>The value when the root is rational; null when it is irrational.</summary>
    public Rational? Exact { get; }

    /// <summary>True when the root is rational and <see cref="Exact"/> holds it.</summary>
    public bool IsExact => Exact.HasValue;

    /// <summary>The lower end of the isolating interval (the value itself when exact).</summary>
    public Rational Lo { get; }

    /// <summary>The upper end of the isolating interval (the value itself when exact).</summary>
    public Rational Hi { get; }

    /// <summary>Hi - Lo: 0 when exact.</summary>
    public Rational Width => Hi - Lo;

    /// <summary>
    /// A square-free polynomial with integer coefficients of which this is a simple root, with no other root in
    /// [Lo, Hi] and non-zero at Lo and Hi (for an exact root v, the polynomial x - v).
    /// </summary>
    public UnivariatePolynomial Polynomial =>
        _poly is null ? UnivariatePolynomial.Linear(Rational.One, -Exact!.Value) : UnivariatePolynomial.FromIntegers(_poly);

    /// <summary>A certified enclosure: the isolating interval rounded outward, or the exact value's enclosure.</summary>
    public Interval Enclosure => Exact is { } e ? Interval.FromRational(e) : Interval.Hull(Lo, Hi);

    /// <summary>
    /// The same root with an isolating interval of width at most <paramref name="width"/>, by bisection at
    /// rational midpoints with exact sign tests (a midpoint that is a root makes the result exact).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is not positive.</exception>
    public RealRoot Refine(Rational width)
    {
        if (width.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "The requested width must be positive.");
        var r = this;
        while (r._poly is not null && r.Hi - r.Lo > width) r = r.Bisect();
        return r;
    }

    /// <summary>One bisection step: the half that holds the root, or the exact midpoint when it is the root.</summary>
    internal RealRoot Bisect()
    {
        if (_poly is null) return this;
        var mid = (Lo + Hi) / 2;
        int s = IntegerPolynomial.SignAt(_poly, mid);
        if (s == 0) return new RealRoot(mid);
        return s == _signAtLo ? new RealRoot(_poly, mid, Hi, _signAtLo) : new RealRoot(_poly, Lo, mid, _signAtLo);
    }

    /// <summary>The sign of the defining polynomial at <see cref="Lo"/> (0 when exact).</summary>
    internal int SignAtLo => _signAtLo;

    /// <summary>The same root with the isolating interval (lo, hi), which the caller has checked still holds it.</summary>
    internal RealRoot WithInterval(Rational lo, Rational hi) => _poly is null ? this : new RealRoot(_poly, lo, hi, _signAtLo);

    /// <summary>
    /// Exact comparison with a rational: negative when the root is less than <paramref name="r"/>, zero when equal,
    /// positive when greater (one sign test at most, no refinement needed).
    /// </summary>
    public int CompareTo(Rational r)
    {
        if (Exact is { } e) return e.CompareTo(r);
        if (r <= Lo) return 1;
        if (r >= Hi) return -1;
        int s = IntegerPolynomial.SignAt(_poly!, r);
        if (s == 0) return 0; // r is the only root in (Lo, Hi)
        return s == _signAtLo ? 1 : -1; // same sign as at Lo: the root lies in (r, Hi)
    }

    /// <summary>A double approximation, correct to within about one ulp (the interval is refined as needed).</summary>
    public double Approx
    {
        get
        {
            var r = this;
            for (int i = 0; i < 4000 && r._poly is not null; i++)
            {
                // Stop once the interval excludes 0 and is narrow relative to the magnitude.
                if ((r.Lo.Sign > 0 || r.Hi.Sign < 0) && (r.Hi - r.Lo) * (BigInteger.One << 60) <= Rational.Min(r.Lo.Abs(), r.Hi.Abs()))
                    break;
                r = r.Bisect();
            }
            return r.Exact is { } e ? e.ToDouble() : ((r.Lo + r.Hi) / 2).ToDouble();
        }
    }

    /// <summary>The exact value, or the isolating interval with an approximation: <c>(1, 3/2) ~1.4142135623730951</c>.</summary>
    public override string ToString() =>
        Exact is { } e ? e.ToString() : $"({Lo}, {Hi}) ~{Approx.ToString("R", CultureInfo.InvariantCulture)}";
}
