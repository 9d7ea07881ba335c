using System.Numerics;

namespace Verifier.Symbolic.Numbers;

/// <summary>
/// An interval [Lo, Hi] 2^-<see cref="Scale"/> with integer endpoints: fixed-point interval arithmetic with outward
/// rounding and no greatest common divisor, for long runs of operations on moderate numbers where a
/// <see cref="RationalInterval"/> would spend its time reducing fractions.
/// </summary>
internal readonly record struct FixedInterval(BigInteger Lo, BigInteger Hi)
{
    /// <summary>Binary digits after the point.</summary>
    public const int Scale = 256;

    /// <summary>[0, 0].</summary>
    public static FixedInterval Zero => new(BigInteger.Zero, BigInteger.Zero);

    /// <summary>The rational rounded outward to the grid.</summary>
    public static FixedInterval FromRational(Rational q)
    {
        var lo = BigInteger.DivRem(q.Numerator << Scale, q.Denominator, out var remainder);
        if (remainder.Sign < 0) lo -= 1; // floor
        return new(lo, remainder.IsZero ? lo : lo + 1);
    }

    /// <summary>The lower endpoint as a rational.</summary>
    public Rational LoRational => Rational.FromDyadic(Lo, -Scale);

    /// <summary>The upper endpoint as a rational.</summary>
    public Rational HiRational => Rational.FromDyadic(Hi, -Scale);

    /// <summary>True when 0 lies in the interval.</summary>
    public bool ContainsZero => Lo.Sign <= 0 && Hi.Sign >= 0;

    /// <summary>Sum (exact on the grid).</summary>
    public static FixedInterval operator +(FixedInterval a, FixedInterval b) => new(a.Lo + b.Lo, a.Hi + b.Hi);

    /// <summary>Difference (exact on the grid).</summary>
    public static FixedInterval operator -(FixedInterval a, FixedInterval b) => new(a.Lo - b.Hi, a.Hi - b.Lo);

    /// <summary>Product, rounded outward.</summary>
    public static FixedInterval operator *(FixedInterval a, FixedInterval b)
    {
        BigInteger p1 = a.Lo * b.Lo, p2 = a.Lo * b.Hi, p3 = a.Hi * b.Lo, p4 = a.Hi * b.Hi;
        var min = BigInteger.Min(BigInteger.Min(p1, p2), BigInteger.Min(p3, p4));
        var max = BigInteger.Max(BigInteger.Max(p1, p2), BigInteger.Max(p3, p4));
        return new(min >> Scale, -(-max >> Scale)); // >> is floor for negative numbers too
    }

    /// <summary>Quotient, rounded outward.</summary>
    /// <exception cref="DivideByZeroException">The divisor contains 0.</exception>
    public static FixedInterval operator /(FixedInterval a, FixedInterval b)
    {
        if (b.ContainsZero) throw new DivideByZeroException("fixed-point interval division by an interval containing 0");
        if (b.Hi.Sign < 0) return -(a / -b);
        var one = BigInteger.One << (2 * Scale);
        var reciprocal = new FixedInterval(BigInteger.Divide(one, b.Hi), CeilDivide(one, b.Lo)); // [1/Hi, 1/Lo] for 0 < Lo
        return a * reciprocal;
    }

    /// <summary>Negation.</summary>
    public static FixedInterval operator -(FixedInterval a) => new(-a.Hi, -a.Lo);

    private static BigInteger CeilDivide(BigInteger x, BigInteger d)
    {
        var q = BigInteger.DivRem(x, d, out var r);
        return r.IsZero ? q : q + 1; // x, d > 0
    }
}
