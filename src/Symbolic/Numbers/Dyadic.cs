using System.Numerics;

namespace Verifier.Symbolic.Numbers;

/// <summary>
/// A non-negative binary floating-point number M 2^E with an unbounded integer mantissa and a 64-bit exponent, and
/// its operations with directed rounding to a given number of significant bits: the kernel of
/// <see cref="Elementary"/>'s high-precision bounds.
/// </summary>
/// <remarks>
/// Every operation takes the direction of rounding (<c>up</c> true: the result is not below the exact value, false:
/// not above it), so a lower and an upper bound computed side by side enclose the exact value. No greatest common
/// divisor is ever taken, and the exponent is kept apart from the mantissa, so exp(±10^6), about 2^(±1.44 10^6), costs
/// no more than exp(1) at the same precision until it is converted to a <see cref="Rational"/>.
/// </remarks>
/// <param name="M">The mantissa, not negative.</param>
/// <param name="E">The binary exponent.</param>
internal readonly record struct Dyadic(BigInteger M, long E)
{
    /// <summary>0.</summary>
    public static Dyadic Zero => new(BigInteger.Zero, 0);

    /// <summary>1.</summary>
    public static Dyadic One => new(BigInteger.One, 0);

    /// <summary>True when the value is 0.</summary>
    public bool IsZero => M.IsZero;

    /// <summary>The exponent just above the value: 2^(Top - 1) &lt;= value &lt; 2^Top (long.MinValue for 0).</summary>
    public long Top => M.IsZero ? long.MinValue : (long)M.GetBitLength() + E;

    /// <summary>The exact value.</summary>
    public Rational ToRational() => Rational.FromDyadic(M, E);

    /// <summary>m 2^e rounded to at most <paramref name="bits"/> significant bits, up or down.</summary>
    public static Dyadic Round(BigInteger m, long e, int bits, bool up)
    {
        long excess = (long)m.GetBitLength() - bits;
        if (excess <= 0) return new(m, e);
        return Shift(m, e, excess, up);
    }

    /// <summary>This value rounded to at most <paramref name="bits"/> significant bits, up or down.</summary>
    public Dyadic Round(int bits, bool up) => Round(M, E, bits, up);

    /// <summary>A bound on a non-negative rational with about <paramref name="bits"/> significant bits, up or down.</summary>
    public static Dyadic FromRational(Rational q, int bits, bool up)
    {
        if (q.Sign < 0) throw new ArgumentOutOfRangeException(nameof(q), q, "a Dyadic bound is not negative");
        if (q.IsZero) return Zero;
        if (q.IsInteger) return Round(q.Numerator, 0, bits, up);
        long scale = bits + 2 - ((long)q.Numerator.GetBitLength() - (long)q.Denominator.GetBitLength());
        var (quotient, remainder) = scale >= 0
            ? BigInteger.DivRem(q.Numerator << checked((int)scale), q.Denominator)
            : BigInteger.DivRem(q.Numerator, q.Denominator << checked((int)-scale));
        if (up && !remainder.IsZero) quotient += 1;
        return Round(quotient, -scale, bits, up);
    }

    /// <summary>a b, rounded.</summary>
    public static Dyadic Multiply(Dyadic a, Dyadic b, int bits, bool up) => Round(a.M * b.M, a.E + b.E, bits, up);

    /// <summary>a / b for b &gt; 0, rounded.</summary>
    public static Dyadic Divide(Dyadic a, Dyadic b, int bits, bool up)
    {
        if (b.M.IsZero) throw new DivideByZeroException("Dyadic division by zero.");
        if (a.M.IsZero) return Zero;
        long shift = Math.Max(0, bits + 2 + (long)b.M.GetBitLength() - (long)a.M.GetBitLength());
        var quotient = BigInteger.DivRem(a.M << checked((int)shift), b.M, out var remainder);
        if (up && !remainder.IsZero) quotient += 1;
        return Round(quotient, a.E - shift - b.E, bits, up);
    }

    /// <summary>
    /// a + b, rounded; when one term lies wholly below the last kept bit of the other, it is not aligned (which could
    /// take as many bits as the exponents differ) but accounted for by one unit in that bit.
    /// </summary>
    public static Dyadic Add(Dyadic a, Dyadic b, int bits, bool up)
    {
        if (a.M.IsZero) return b.Round(bits, up);
        if (b.M.IsZero) return a.Round(bits, up);
        if (a.Top < b.Top) (a, b) = (b, a);
        long floor = a.Top - bits - 8; // bits of a below 2^floor do not survive the rounding
        if (b.Top <= floor)
        {
            // a < a + b < a + 2^floor: a truncated to multiples of 2^floor, plus one unit when rounding up.
            var t = a.E >= floor ? new Dyadic(a.M << checked((int)(a.E - floor)), floor) : Shift(a.M, a.E, floor - a.E, up: false);
            return up ? Round(t.M + BigInteger.One, t.E, bits, up) : t.Round(bits, up);
        }
        long e = Math.Min(a.E, b.E);
        var sum = (a.M << checked((int)(a.E - e))) + (b.M << checked((int)(b.E - e)));
        return Round(sum, e, bits, up);
    }

    // m 2^e with the lowest `count` bits of m dropped (count > 0), rounding up when asked and a dropped bit is set.
    private static Dyadic Shift(BigInteger m, long e, long count, bool up)
    {
        if (count >= m.GetBitLength()) return up && !m.IsZero ? new(BigInteger.One, e + count) : new(BigInteger.Zero, e + count);
        var q = m >> (int)count;
        if (up && BigInteger.TrailingZeroCount(m) < count) q += BigInteger.One;
        return new(q, e + count);
    }
}
