using System.Numerics;
using Verifier.Symbolic.Expressions;

namespace Verifier.Symbolic.Numbers;

/// <summary>
/// A closed interval [<see cref="Lo"/>, <see cref="Hi"/>] with exact rational endpoints. The arithmetic operators
/// are exact (the result is the exact range of the operation over the operands); endpoints grow, so long
/// computations round them outward with <see cref="RoundOutward"/> or <see cref="RoundOutwardRelative"/>.
/// </summary>
/// <remarks>
/// The arbitrary-precision counterpart of <see cref="Interval"/> (whose endpoints are doubles): enclosures of
/// closed-form constants can be made as narrow as requested (see <see cref="Elementary"/> and
/// <c>Expr.EncloseToWidth</c>). <c>default</c> is the point interval [0, 0].
/// </remarks>
/// <param name="Lo">The lower endpoint.</param>
/// <param name="Hi">The upper endpoint, not less than <paramref name="Lo"/>.</param>
public readonly record struct RationalInterval(Rational Lo, Rational Hi)
{
    /// <summary>The lower endpoint.</summary>
    public Rational Lo { get; init; } = Lo;

    /// <summary>The upper endpoint.</summary>
    /// <exception cref="ArgumentException">Hi &lt; Lo.</exception>
    public Rational Hi { get; init; } = Hi >= Lo ? Hi : throw new ArgumentException($"inverted interval [{Lo}, {Hi}]", nameof(Hi));

    /// <summary>The point interval [x, x].</summary>
    public static RationalInterval Point(Rational x) => new(x, x);

    /// <summary>The interval between two rationals given in either order.</summary>
    public static RationalInterval Hull(Rational a, Rational b) => a <= b ? new(a, b) : new(b, a);

    /// <summary>The smallest interval containing both.</summary>
    public static RationalInterval Hull(RationalInterval a, RationalInterval b) =>
        new(Rational.Min(a.Lo, b.Lo), Rational.Max(a.Hi, b.Hi));

    /// <summary>Hi - Lo.</summary>
    public Rational Width => Hi - Lo;

    /// <summary>The midpoint (Lo + Hi) / 2.</summary>
    public Rational Mid => (Lo + Hi) * Rational.Half;

    /// <summary>True when Lo &gt; 0.</summary>
    public bool IsPositive => Lo.Sign > 0;

    /// <summary>True when Hi &lt; 0.</summary>
    public bool IsNegative => Hi.Sign < 0;

    /// <summary>True when Lo &lt;= 0 &lt;= Hi.</summary>
    public bool ContainsZero => Lo.Sign <= 0 && Hi.Sign >= 0;

    /// <summary>True when Lo &lt;= x &lt;= Hi.</summary>
    public bool Contains(Rational x) => Lo <= x && x <= Hi;

    /// <summary>True when the two intervals share a point.</summary>
    public bool Intersects(RationalInterval other) => Lo <= other.Hi && other.Lo <= Hi;

    /// <summary>Exact sum: [a.Lo + b.Lo, a.Hi + b.Hi].</summary>
    public static RationalInterval operator +(RationalInterval a, RationalInterval b) => new(a.Lo + b.Lo, a.Hi + b.Hi);

    /// <summary>Exact difference: [a.Lo - b.Hi, a.Hi - b.Lo].</summary>
    public static RationalInterval operator -(RationalInterval a, RationalInterval b) => new(a.Lo - b.Hi, a.Hi - b.Lo);

    /// <summary>Negation: [-Hi, -Lo].</summary>
    public static RationalInterval operator -(RationalInterval a) => new(-a.Hi, -a.Lo);

    /// <summary>Exact product: the hull of the four endpoint products.</summary>
    public static RationalInterval operator *(RationalInterval a, RationalInterval b)
    {
        if (a.Lo == a.Hi && b.Lo == b.Hi) return Point(a.Lo * b.Lo);
        Rational p1 = a.Lo * b.Lo, p2 = a.Lo * b.Hi, p3 = a.Hi * b.Lo, p4 = a.Hi * b.Hi;
        return new(Rational.Min(Rational.Min(p1, p2), Rational.Min(p3, p4)), Rational.Max(Rational.Max(p1, p2), Rational.Max(p3, p4)));
    }

    /// <summary>Exact quotient: a * [1/b.Hi, 1/b.Lo].</summary>
    /// <exception cref="SymbolicDomainException">The divisor contains 0.</exception>
    public static RationalInterval operator /(RationalInterval a, RationalInterval b)
    {
        if (b.ContainsZero) throw new SymbolicDomainException($"division by the interval {b}, which contains 0");
        return a * new RationalInterval(b.Hi.Reciprocal(), b.Lo.Reciprocal());
    }

    /// <summary>
    /// Exact integer power: the range of x^n over the interval (tight: for even n an interval containing 0 gives
    /// [0, max(Lo^n, Hi^n)]). A negative exponent is the reciprocal of the positive power.
    /// </summary>
    /// <exception cref="SymbolicDomainException">A negative exponent of an interval containing 0.</exception>
    public RationalInterval Pow(int n)
    {
        if (n == 0) return Point(Rational.One);
        if (n < 0)
        {
            if (ContainsZero) throw new SymbolicDomainException($"negative power of the interval {this}, which contains 0");
            return Point(Rational.One) / Pow(-n);
        }
        Rational lo = Lo.Pow(n), hi = Hi.Pow(n);
        if (n % 2 == 1) return new(lo, hi);
        if (ContainsZero) return new(Rational.Zero, Rational.Max(lo, hi));
        return Hull(lo, hi);
    }

    /// <summary>
    /// Rounds the endpoints outward to multiples of 2^-bits: [floor(Lo 2^bits) / 2^bits, ceiling(Hi 2^bits) / 2^bits].
    /// The result contains this interval and is at most 2^(1-bits) wider.
    /// </summary>
    /// <param name="bits">Binary digits after the point to keep; a negative value rounds to multiples of 2^|bits|.</param>
    public RationalInterval RoundOutward(int bits) => new(RoundScaled(Lo, bits, up: false), RoundScaled(Hi, bits, up: true));

    /// <summary>
    /// Rounds each endpoint outward to about <paramref name="bits"/> significant binary digits (relative rounding:
    /// an endpoint e moves by at most 2^(2-bits) |e|); 0 stays 0.
    /// </summary>
    /// <param name="bits">Significant binary digits to keep; at least 1.</param>
    public RationalInterval RoundOutwardRelative(int bits) =>
        new(RoundRelative(Lo, bits, up: false), RoundRelative(Hi, bits, up: true));

    /// <summary>[Lo, Hi] with the endpoints in decimal or fraction form.</summary>
    public override string ToString() => $"[{Lo}, {Hi}]";

    // Rounds r to a multiple of 2^-scale: floor (or ceiling when up) of r 2^scale, over 2^scale.
    internal static Rational RoundScaled(Rational r, int scale, bool up)
    {
        if (r.IsInteger && scale >= 0) return r;
        BigInteger num = r.Numerator, den = r.Denominator;
        if (scale >= 0) num <<= scale; else den <<= -scale;
        var q = BigInteger.DivRem(num, den, out var rem);
        if (!rem.IsZero)
        {
            if (up && rem.Sign > 0) q += 1;
            else if (!up && rem.Sign < 0) q -= 1;
        }
        return scale >= 0 ? new Rational(q, BigInteger.One << scale) : new Rational(q << -scale);
    }

    // Rounds r outward keeping about `bits` significant bits: |r| lies in [2^(e-1), 2^(e+1)) with
    // e = bitlength(num) - bitlength(den), so rounding to multiples of 2^(e - bits) moves r by < 2^(2-bits) |r|.
    internal static Rational RoundRelative(Rational r, int bits, bool up)
    {
        if (r.IsZero) return r;
        long e = BigInteger.Abs(r.Numerator).GetBitLength() - r.Denominator.GetBitLength();
        long scale = bits - e;
        if (scale > int.MaxValue / 2 || scale < int.MinValue / 2) throw new SymbolicLimitException($"the number {r.ToDouble():G3} is too large or too small to round to {bits} bits");
        return RoundScaled(r, (int)scale, up);
    }
}
