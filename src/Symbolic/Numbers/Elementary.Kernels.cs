using System.Numerics;
using Verifier.Symbolic.Expressions;

namespace Verifier.Symbolic.Numbers;

// The point kernels of Elementary: lower and upper bounds at a rational point, on Dyadic bounds and fixed-point
// integers with directed rounding (see the class remarks).
public static partial class Elementary
{
    // exp(q) for a rational point, to about p significant bits.
    private static RationalInterval ExpPoint(Rational q, int p)
    {
        if (q.IsZero) return RationalInterval.Point(Rational.One);
        var (lo, hi) = ExpBounds(q, p);
        return new RationalInterval(lo.ToRational(), hi.ToRational());
    }

    // Lower and upper bounds on exp(q) with about p significant bits.
    private static (Dyadic Lo, Dyadic Hi) ExpBounds(Rational q, int p)
    {
        if (q.IsZero) return (Dyadic.One, Dyadic.One);
        if (q > MaxExpArgument)
            throw new SymbolicLimitException($"exp of {q.ToDouble():G6} is beyond the supported argument range (at most {MaxExpArgument})");
        if (q < -MaxExpArgument)
            return (Dyadic.Zero, new Dyadic(BigInteger.One, -Math.Min(p, MaxExpArgument))); // exp(q) < e^-1e6 < 2^-1e6
        var a = q.Abs();
        // A small rational a = n/d multiplies a term by n and divides it by d k 2^s, each O(w): many cheap terms and
        // few squarings. Otherwise r is a w-bit fixed-point number and each term a full product: fewer terms.
        bool small = a.Numerator.GetBitLength() <= 64 && a.Denominator.GetBitLength() <= 64;
        int j = small ? Math.Max(8, (int)Math.Sqrt(p) / 8) : Math.Max(8, (int)Math.Sqrt(p) / 2);
        int s = (int)a.Floor().GetBitLength() + j; // a < 2^(s - j), so r = a / 2^s < 2^-j
        int w = p + s + 24 + BitLength(p);          // fraction bits of the fixed-point series
        var (rLo, rHi) = small ? (a.Numerator, a.Numerator) : FixedPoint(a, w - s); // r 2^w, rounded down and up
        int shift = small ? s : w;
        var one = BigInteger.One << w;
        BigInteger termLo = one, termHi = one, sumLo = one, sumHi = one;
        for (int k = 1; termHi > BigInteger.One; k++)
        {
            var divisor = small ? a.Denominator * k : k;
            termLo = (termLo * rLo >> shift) / divisor;                       // r^k / k!, rounded down
            termHi = CeilDivide(CeilShift(termHi * rHi, shift), divisor);     // rounded up
            sumLo += termLo;
            sumHi += termHi;
        }
        sumHi += 2; // the tail after the last term t_N is at most t_N r / (1 - r) <= t_N <= 2^-w (r <= 1/2)
        int precision = p + s + 16;
        var lo = Dyadic.Round(sumLo, -w, precision, up: false);
        var hi = Dyadic.Round(sumHi, -w, precision, up: true);
        for (int i = 0; i < s; i++) // exp(a) = exp(r)^(2^s)
        {
            lo = Dyadic.Multiply(lo, lo, precision, up: false);
            hi = Dyadic.Multiply(hi, hi, precision, up: true);
        }
        if (q.Sign < 0) (lo, hi) = (Dyadic.Divide(Dyadic.One, hi, precision, up: false), Dyadic.Divide(Dyadic.One, lo, precision, up: true));
        return (lo.Round(p, up: false), hi.Round(p, up: true));
    }

    // log(q) for a positive rational point, to about p bits (relative; absolute 2^-p at worst when q is near 2^k, k != 0).
    private static RationalInterval LogPoint(Rational q, int p)
    {
        if (q.IsOne) return RationalInterval.Point(Rational.Zero);
        // q = 2^k n/d with n/d in [3/4, 3/2): k from the bit lengths, then corrected.
        long k = (long)q.Numerator.GetBitLength() - (long)q.Denominator.GetBitLength();
        if (k > int.MaxValue / 2 || k < int.MinValue / 2) throw new SymbolicLimitException("log of a number too large or too small");
        BigInteger n = k >= 0 ? q.Numerator : q.Numerator << (int)-k, d = k >= 0 ? q.Denominator << (int)k : q.Denominator;
        while (n >= 2 * d) { d <<= 1; k++; }
        while (n < d) { n <<= 1; k--; }
        if (2 * n >= 3 * d) { d <<= 1; k++; }
        // log(n/d) = 2 atanh(z), z = (n - d)/(n + d); relative precision on z when k = 0 (no cancellation with k log 2).
        BigInteger zn = n - d, zd = n + d;
        int sign = zn.Sign;
        zn = BigInteger.Abs(zn);
        long zTop = sign == 0 ? 0 : (long)zn.GetBitLength() - (long)zd.GetBitLength(); // |z| < 2^(zTop + 1)
        int w = checked(p + 16 + BitLength((int)Math.Min(Math.Abs(k), int.MaxValue)) + (int)Math.Max(0, -zTop));
        BigInteger lo = BigInteger.Zero, hi = BigInteger.Zero;
        if (sign != 0)
        {
            var (aLo, aHi) = AtanhFixed(zn, zd, w);
            (lo, hi) = sign > 0 ? (2 * aLo, 2 * aHi) : (-2 * aHi, -2 * aLo);
        }
        if (k != 0)
        {
            var (l2Lo, l2Hi) = Log2Fixed(w);
            lo += k * (k > 0 ? l2Lo : l2Hi);
            hi += k * (k > 0 ? l2Hi : l2Lo);
        }
        return new RationalInterval(Rational.FromDyadic(lo, -w), Rational.FromDyadic(hi, -w));
    }

    // log 2 2^w rounded down and up, by the Machin-like formula log 2 = 18 atanh(1/26) - 2 atanh(1/4801) + 8 atanh(1/8749).
    private static (BigInteger Lo, BigInteger Hi) Log2Fixed(int w)
    {
        var (aLo, aHi) = AtanhFixed(BigInteger.One, new BigInteger(26), w);
        var (bLo, bHi) = AtanhFixed(BigInteger.One, new BigInteger(4801), w);
        var (cLo, cHi) = AtanhFixed(BigInteger.One, new BigInteger(8749), w);
        return (18 * aLo - 2 * bHi + 8 * cLo, 18 * aHi - 2 * bLo + 8 * cHi);
    }

    // atanh(zn/zd) 2^w rounded down and up, for 0 < zn/zd <= 1/3: sum z^(2i+1)/(2i+1), on integers; a small z = n/d
    // (both under 64 bits) multiplies by n^2 and divides by d^2 exactly, so each term costs O(w).
    private static (BigInteger Lo, BigInteger Hi) AtanhFixed(BigInteger zn, BigInteger zd, int w)
    {
        bool small = zn.GetBitLength() <= 64 && zd.GetBitLength() <= 64;
        BigInteger n2 = zn * zn, d2 = zd * zd;
        BigInteger powerLo = (zn << w) / zd, powerHi = CeilDivide(zn << w, zd);
        BigInteger z2Lo = small ? 0 : powerLo * powerLo >> w, z2Hi = small ? 0 : CeilShift(powerHi * powerHi, w);
        BigInteger sumLo = powerLo, sumHi = powerHi;
        for (int i = 1; powerHi > BigInteger.One; i++)
        {
            if (small) { powerLo = powerLo * n2 / d2; powerHi = CeilDivide(powerHi * n2, d2); }
            else { powerLo = powerLo * z2Lo >> w; powerHi = CeilShift(powerHi * z2Hi, w); }
            sumLo += powerLo / (2 * i + 1);
            sumHi += CeilDivide(powerHi, 2 * i + 1);
        }
        // The tail after z^(2N+1) is at most z^(2N+1) z^2 / (1 - z^2) <= z^(2N+1) / 8 < 2^-w.
        return (sumLo, sumHi + BigInteger.One);
    }

    // sigmoid(q) = 1/(1 + E) with E = exp(-q) for q >= 0 (decreasing in E), E/(1 + E) with E = exp(q) otherwise (increasing in E).
    private static RationalInterval SigmoidPoint(Rational q, int p)
    {
        int pp = p + 8;
        var (eLo, eHi) = ExpBounds(-q.Abs(), pp);
        Dyadic lo, hi;
        if (q.Sign >= 0)
        {
            lo = Dyadic.Divide(Dyadic.One, Dyadic.Add(Dyadic.One, eHi, pp, up: true), pp, up: false);
            hi = Dyadic.Divide(Dyadic.One, Dyadic.Add(Dyadic.One, eLo, pp, up: false), pp, up: true);
        }
        else
        {
            lo = Dyadic.Divide(eLo, Dyadic.Add(Dyadic.One, eLo, pp, up: true), pp, up: false);
            hi = Dyadic.Divide(eHi, Dyadic.Add(Dyadic.One, eHi, pp, up: false), pp, up: true);
        }
        return new RationalInterval(lo.ToRational(), hi.ToRational());
    }

    // softplus(q) = log1p(exp(q)) for q <= 0, q + log1p(exp(-q)) for q > 0, with E = exp(-|q|) in (0, 1].
    private static RationalInterval SoftplusPoint(Rational q, int p)
    {
        int pp = p + 8;
        var (eLo, eHi) = ExpBounds(-q.Abs(), pp);
        Dyadic lo = Log1P(eLo, pp, up: false), hi = Log1P(eHi, pp, up: true);
        if (q.Sign > 0)
        {
            lo = Dyadic.Add(Dyadic.FromRational(q, pp, up: false), lo, pp, up: false);
            hi = Dyadic.Add(Dyadic.FromRational(q, pp, up: true), hi, pp, up: true);
        }
        return new RationalInterval(lo.ToRational(), hi.ToRational());
    }

    // log(1 + y) for 0 <= y <= 1, rounded, as 2 atanh(u) with u = y / (2 + y) in [0, 1/3] (relative accuracy for tiny y).
    private static Dyadic Log1P(Dyadic y, int p, bool up)
    {
        if (y.IsZero) return Dyadic.Zero;
        var u = Dyadic.Divide(y, Dyadic.Add(new Dyadic(new BigInteger(2), 0), y, p, !up), p, up);
        var u2 = Dyadic.Multiply(u, u, p, up);
        Dyadic power = u, sum = u;
        for (int i = 1; ; i++)
        {
            power = Dyadic.Multiply(power, u2, p, up);
            var term = Dyadic.Divide(power, new Dyadic(new BigInteger(2 * i + 1), 0), p, up);
            sum = Dyadic.Add(sum, term, p, up);
            if (term.IsZero || term.Top < sum.Top - p - 4) break;
        }
        // The tail after u^(2N+1) is at most u^(2N+1) u^2 / (1 - u^2) <= u^(2N+1) / 8.
        if (up) sum = Dyadic.Add(sum, new Dyadic(power.M, power.E - 3), p, up: true);
        return new Dyadic(sum.M, sum.E + 1); // times 2, exact
    }

    // floor and ceiling of a 2^shift for a >= 0, shift >= 0.
    private static (BigInteger Lo, BigInteger Hi) FixedPoint(Rational a, int shift)
    {
        var lo = BigInteger.DivRem(a.Numerator << shift, a.Denominator, out var remainder);
        return (lo, remainder.IsZero ? lo : lo + BigInteger.One);
    }

    private static BigInteger CeilShift(BigInteger x, int shift)
    {
        var q = x >> shift;
        return BigInteger.TrailingZeroCount(x) < shift && !x.IsZero ? q + BigInteger.One : q;
    }

    private static BigInteger CeilDivide(BigInteger x, BigInteger d)
    {
        var q = BigInteger.DivRem(x, d, out var r);
        return r.IsZero ? q : q + BigInteger.One;
    }
}
