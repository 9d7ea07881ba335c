using System.Globalization;

namespace Verifier.Symbolic.Numbers;

/// <summary>
/// A certified enclosure [Lo, Hi] of a real number or of the range of a function, with <see cref="double"/>
/// endpoints rounded outward after every operation.
/// </summary>
/// <remarks>
/// Each elementary operation computes the double result and then widens it by one ulp on each side for the
/// arithmetic operations (IEEE 754 round-to-nearest is within half an ulp) and by
/// <see cref="LibmUlps"/> ulps for library functions (exp, log, tanh: .NET documents no error bound; glibc's are
/// within a few ulps), so the true value always lies inside. Endpoints convert exactly to <see cref="Rational"/>.
/// </remarks>
public readonly record struct Interval
{
    /// <summary>Ulps added on each side of a library function result.</summary>
    public const int LibmUlps = 4;

    /// <summary>Lower endpoint.</summary>
    public double Lo { get; }
    /// <summary>Upper endpoint.</summary>
    public double Hi { get; }

    /// <summary>An interval; <paramref name="lo"/> must not exceed <paramref name="hi"/>.</summary>
    public Interval(double lo, double hi)
    {
        if (double.IsNaN(lo) || double.IsNaN(hi)) throw new ArgumentException("Interval endpoint is NaN.");
        if (lo > hi) throw new ArgumentException($"Interval lower endpoint {lo} exceeds upper endpoint {hi}.");
        Lo = lo;
        Hi = hi;
    }

    /// <summary>The degenerate interval [x, x] (x must be exactly representable for this to be certified).</summary>
    public static Interval Point(double x) => new(x, x);

    /// <summary>The whole real line.</summary>
    public static Interval Entire => new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>A certified enclosure of a rational (exact when it is a double).</summary>
    public static Interval FromRational(Rational r)
    {
        double d = r.ToDouble();
        if (double.IsInfinity(d)) return d > 0 ? new(double.MaxValue, double.PositiveInfinity) : new(double.NegativeInfinity, double.MinValue);
        var back = Rational.FromDouble(d);
        int c = back.CompareTo(r);
        if (c == 0) return Point(d);
        return c < 0 ? new(d, Math.BitIncrement(d)) : new(Math.BitDecrement(d), d);
    }

    /// <summary>The interval between two rationals (in either order), rounded outward.</summary>
    public static Interval Hull(Rational a, Rational b)
    {
        var ia = FromRational(a); var ib = FromRational(b);
        return new(Math.Min(ia.Lo, ib.Lo), Math.Max(ia.Hi, ib.Hi));
    }

    /// <summary>Hi - Lo.</summary>
    public double Width => Hi - Lo;
    /// <summary>The midpoint.</summary>
    public double Mid => Lo == Hi ? Lo : Lo / 2 + Hi / 2;
    /// <summary>True when every point is &gt; 0.</summary>
    public bool IsPositive => Lo > 0;
    /// <summary>True when every point is &lt; 0.</summary>
    public bool IsNegative => Hi < 0;
    /// <summary>True when 0 lies in the interval.</summary>
    public bool ContainsZero => Lo <= 0 && Hi >= 0;
    /// <summary>True when x lies in the interval.</summary>
    public bool Contains(double x) => Lo <= x && x <= Hi;
    /// <summary>True when the rational lies in the interval (exact test).</summary>
    public bool Contains(Rational x) => LoRational <= x && x <= HiRational;
    /// <summary>The lower endpoint as an exact rational (finite endpoints only).</summary>
    public Rational LoRational => Rational.FromDouble(Lo);
    /// <summary>The upper endpoint as an exact rational (finite endpoints only).</summary>
    public Rational HiRational => Rational.FromDouble(Hi);

    private static double Down(double x) => double.IsNegativeInfinity(x) ? x : Math.BitDecrement(x);
    private static double Up(double x) => double.IsPositiveInfinity(x) ? x : Math.BitIncrement(x);
    private static double Down(double x, int n) { for (int i = 0; i < n; i++) x = Down(x); return x; }
    private static double Up(double x, int n) { for (int i = 0; i < n; i++) x = Up(x); return x; }
    private static Interval Out(double lo, double hi) => new(Down(lo), Up(hi));
    private static Interval OutLib(double lo, double hi) => new(Down(lo, LibmUlps), Up(hi, LibmUlps));

    /// <summary>Sum.</summary>
    public static Interval operator +(Interval a, Interval b) => Out(a.Lo + b.Lo, a.Hi + b.Hi);
    /// <summary>Difference.</summary>
    public static Interval operator -(Interval a, Interval b) => Out(a.Lo - b.Hi, a.Hi - b.Lo);
    /// <summary>Negation (exact).</summary>
    public static Interval operator -(Interval a) => new(-a.Hi, -a.Lo);

    /// <summary>Product.</summary>
    public static Interval operator *(Interval a, Interval b)
    {
        double p1 = Mul(a.Lo, b.Lo), p2 = Mul(a.Lo, b.Hi), p3 = Mul(a.Hi, b.Lo), p4 = Mul(a.Hi, b.Hi);
        return Out(Math.Min(Math.Min(p1, p2), Math.Min(p3, p4)), Math.Max(Math.Max(p1, p2), Math.Max(p3, p4)));
    }

    // 0 * inf = 0 in interval arithmetic.
    private static double Mul(double x, double y) => x == 0 || y == 0 ? 0 : x * y;

    /// <summary>Quotient; the entire line when the divisor contains 0.</summary>
    public static Interval operator /(Interval a, Interval b)
    {
        if (b.ContainsZero) return Entire;
        return a * Out(1 / b.Hi, 1 / b.Lo);
    }

    /// <summary>Integer power (tight for even powers straddling 0).</summary>
    public Interval Pow(int n)
    {
        if (n == 0) return Point(1);
        if (n < 0) return Point(1) / Pow(-n);
        var r = this;
        for (int i = 1; i < n; i++) r *= this;
        if (n % 2 == 0 && r.Lo < 0) r = new(0, r.Hi); // an even power is never negative
        return r;
    }

    /// <summary>exp, monotone.</summary>
    public Interval Exp() => Clamp0(OutLib(Math.Exp(Lo), Math.Exp(Hi)));
    /// <summary>log on the positive part; throws when the interval has no positive part.</summary>
    public Interval Log()
    {
        if (Hi <= 0) throw new ArithmeticException($"log of a non-positive interval [{Lo}, {Hi}].");
        return Lo <= 0 ? new(double.NegativeInfinity, Up(Math.Log(Hi), LibmUlps)) : OutLib(Math.Log(Lo), Math.Log(Hi));
    }
    /// <summary>tanh, monotone, clamped to [-1, 1].</summary>
    public Interval Tanh()
    {
        var r = OutLib(Math.Tanh(Lo), Math.Tanh(Hi));
        return new(Math.Max(r.Lo, -1), Math.Min(r.Hi, 1));
    }
    /// <summary>sigmoid 1/(1+exp(-x)), monotone, clamped to [0, 1].</summary>
    public Interval Sigmoid()
    {
        var r = OutLib(SigmoidD(Lo), SigmoidD(Hi));
        r = new(Down(r.Lo, 2), Up(r.Hi, 2)); // the formula itself has two more roundings
        return new(Math.Max(r.Lo, 0), Math.Min(r.Hi, 1));
    }
    /// <summary>softplus log(1+exp(x)), monotone, non-negative.</summary>
    public Interval Softplus()
    {
        var r = OutLib(SoftplusD(Lo), SoftplusD(Hi));
        r = new(Down(r.Lo, 2), Up(r.Hi, 2));
        return new(Math.Max(r.Lo, 0), r.Hi);
    }
    /// <summary>max(0, x).</summary>
    public Interval Relu() => new(Math.Max(Lo, 0), Math.Max(Hi, 0));
    /// <summary>|x|.</summary>
    public Interval Abs() => ContainsZero ? new(0, Math.Max(-Lo, Hi)) : (Lo > 0 ? this : -this);
    /// <summary>Pointwise maximum.</summary>
    public static Interval Max(Interval a, Interval b) => new(Math.Max(a.Lo, b.Lo), Math.Max(a.Hi, b.Hi));
    /// <summary>Pointwise minimum.</summary>
    public static Interval Min(Interval a, Interval b) => new(Math.Min(a.Lo, b.Lo), Math.Min(a.Hi, b.Hi));
    /// <summary>Smallest interval containing both.</summary>
    public static Interval Union(Interval a, Interval b) => new(Math.Min(a.Lo, b.Lo), Math.Max(a.Hi, b.Hi));

    private static Interval Clamp0(Interval r) => new(Math.Max(r.Lo, 0), r.Hi);

    /// <summary>Numerically stable double sigmoid.</summary>
    public static double SigmoidD(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
    /// <summary>Numerically stable double softplus.</summary>
    public static double SoftplusD(double x) => x > 0 ? x + Log1P(Math.Exp(-x)) : Log1P(Math.Exp(x));

    /// <summary>log(1 + y) accurate for small y (Kahan's trick: the rounding of 1 + y is compensated).</summary>
    public static double Log1P(double y)
    {
        double u = 1 + y;
        return u == 1 ? y : Math.Log(u) * y / (u - 1);
    }

    /// <inheritdoc />
    public override string ToString() =>
        "[" + Lo.ToString("R", CultureInfo.InvariantCulture) + ", " + Hi.ToString("R", CultureInfo.InvariantCulture) + "]";
}
