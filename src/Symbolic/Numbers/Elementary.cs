using System.Numerics;
using Verifier.Symbolic.Expressions;

namespace Verifier.Symbolic.Numbers;

/// <summary>
/// Certified rational enclosures of exp, log, sigmoid, tanh and softplus at a requested precision: each result
/// contains the exact range of the function over the argument interval, with endpoints rounded outward to about
/// <c>bits</c> significant binary digits (so the width shrinks like 2^-bits relative to the value).
/// </summary>
/// <remarks>
/// exp: q = n + r with n = round(q), |r| &lt;= 1/2; exp(q) = exp(±1/2)^(2|n|) exp(r), each factor by its Taylor series
/// with the remainder bound |r|^(N+1)/(N+1)! * 2 (valid for |r| &lt;= 1/2). log: q = 2^k m with m in [3/4, 3/2);
/// log q = k log 2 + 2 atanh(z), z = (m - 1)/(m + 1) in [-1/7, 1/5), and log 2 = 2 atanh(1/3); the atanh series has the
/// remainder bound z^(2N+3) / ((2N+3)(1 - z^2)). Every partial result is rounded outward. See Brent and Zimmermann,
/// Modern Computer Arithmetic (2010), chapter 4.
/// </remarks>
public static class Elementary
{
    /// <summary>Largest |argument| of exp (beyond it, a positive argument overflows any sensible size).</summary>
    public const int MaxExpArgument = 1_000_000;

    private const int Guard = 24;

    /// <summary>A certified enclosure of exp over <paramref name="x"/> (exp is increasing).</summary>
    /// <param name="x">The argument interval.</param>
    /// <param name="bits">Significant binary digits of the result, at least 8.</param>
    /// <exception cref="SymbolicLimitException">x.Hi &gt; <see cref="MaxExpArgument"/>.</exception>
    public static RationalInterval Exp(RationalInterval x, int bits)
    {
        CheckBits(bits);
        var atLo = ExpPoint(x.Lo, bits + Guard);
        var hi = x.Lo == x.Hi ? atLo.Hi : ExpPoint(x.Hi, bits + Guard).Hi;
        return new RationalInterval(Rational.Max(atLo.Lo, Rational.Zero), hi).RoundOutwardRelative(bits);
    }

    /// <summary>A certified enclosure of the natural logarithm over <paramref name="x"/> (log is increasing).</summary>
    /// <param name="x">The argument interval; x.Lo must be positive.</param>
    /// <param name="bits">Significant binary digits of the result, at least 8.</param>
    /// <exception cref="SymbolicDomainException">x.Lo &lt;= 0.</exception>
    public static RationalInterval Log(RationalInterval x, int bits)
    {
        CheckBits(bits);
        if (x.Lo.Sign <= 0) throw new SymbolicDomainException($"log of the interval {x}, which is not positive");
        var lo = LogPoint(x.Lo, bits + Guard).Lo;
        var hi = LogPoint(x.Hi, bits + Guard).Hi;
        return new RationalInterval(lo, hi).RoundOutwardRelative(bits);
    }

    /// <summary>A certified enclosure of sigmoid(x) = 1 / (1 + exp(-x)) over <paramref name="x"/> (increasing).</summary>
    /// <param name="x">The argument interval.</param>
    /// <param name="bits">Significant binary digits of the result, at least 8.</param>
    public static RationalInterval Sigmoid(RationalInterval x, int bits)
    {
        CheckBits(bits);
        var lo = SigmoidPoint(x.Lo, bits + Guard).Lo;
        var hi = SigmoidPoint(x.Hi, bits + Guard).Hi;
        return new RationalInterval(lo, hi).RoundOutwardRelative(bits);
    }

    /// <summary>A certified enclosure of tanh(x) = 2 sigmoid(2x) - 1 over <paramref name="x"/> (increasing).</summary>
    /// <param name="x">The argument interval.</param>
    /// <param name="bits">Significant binary digits of the result (absolute precision 2^-bits near 0), at least 8.</param>
    public static RationalInterval Tanh(RationalInterval x, int bits)
    {
        CheckBits(bits);
        var two = new Rational(2);
        var lo = two * SigmoidPoint(two * x.Lo, bits + Guard).Lo - Rational.One;
        var hi = two * SigmoidPoint(two * x.Hi, bits + Guard).Hi - Rational.One;
        return new RationalInterval(Rational.Max(lo, Rational.MinusOne), Rational.Min(hi, Rational.One)).RoundOutwardRelative(bits);
    }

    /// <summary>
    /// A certified enclosure of softplus(x) = log(1 + exp(x)) over <paramref name="x"/> (increasing), computed as
    /// x + log(1 + exp(-x)) for positive x so that no large exponential is formed.
    /// </summary>
    /// <param name="x">The argument interval.</param>
    /// <param name="bits">Significant binary digits of the result, at least 8.</param>
    public static RationalInterval Softplus(RationalInterval x, int bits)
    {
        CheckBits(bits);
        var lo = SoftplusPoint(x.Lo, bits + Guard).Lo;
        var hi = SoftplusPoint(x.Hi, bits + Guard).Hi;
        return new RationalInterval(Rational.Max(lo, Rational.Zero), hi).RoundOutwardRelative(bits);
    }

    /// <summary>
    /// A certified enclosure of x^n over <paramref name="x"/> by repeated squaring with outward rounding to
    /// <paramref name="bits"/> significant digits (tight in the sense of <see cref="RationalInterval.Pow"/>), so that
    /// large exponents do not produce huge exact numbers.
    /// </summary>
    /// <exception cref="SymbolicDomainException">A negative exponent of an interval containing 0.</exception>
    public static RationalInterval Pow(RationalInterval x, int n, int bits)
    {
        CheckBits(bits);
        if (n == 0) return RationalInterval.Point(Rational.One);
        if (n < 0)
        {
            if (x.ContainsZero) throw new SymbolicDomainException($"negative power of the interval {x}, which contains 0");
            return (RationalInterval.Point(Rational.One) / Pow(x, -n, bits + Guard)).RoundOutwardRelative(bits);
        }
        int p = bits + Guard + BitLength(n);
        RationalInterval lo = PowNonNegative(x.Lo.Abs(), n, p), hi = PowNonNegative(x.Hi.Abs(), n, p);
        if (x.Lo.Sign < 0 && n % 2 == 1) lo = -lo;
        if (x.Hi.Sign < 0 && n % 2 == 1) hi = -hi;
        RationalInterval result;
        if (n % 2 == 1) result = new(lo.Lo, hi.Hi);
        else if (x.ContainsZero) result = new(Rational.Zero, Rational.Max(lo.Hi, hi.Hi));
        else result = x.Lo.Sign > 0 ? new(lo.Lo, hi.Hi) : new(hi.Lo, lo.Hi);
        return result.RoundOutwardRelative(bits);
    }

    // |a|^n for a >= 0 by square-and-multiply on non-negative intervals (monotone), rounded at p bits.
    private static RationalInterval PowNonNegative(Rational a, int n, int p)
    {
        var result = RationalInterval.Point(Rational.One);
        var b = RationalInterval.Point(a).RoundOutwardRelative(p);
        for (int m = n; m > 0; m >>= 1)
        {
            if ((m & 1) != 0) result = (result * b).RoundOutwardRelative(p);
            if (m > 1) b = (b * b).RoundOutwardRelative(p);
        }
        return result;
    }

    // exp(q) for a rational point, to about p significant bits.
    private static RationalInterval ExpPoint(Rational q, int p)
    {
        if (q.IsZero) return RationalInterval.Point(Rational.One);
        if (q > MaxExpArgument)
            throw new SymbolicLimitException($"exp of {q.ToDouble():G6} is beyond the supported argument range (at most {MaxExpArgument})");
        if (q < -MaxExpArgument)
        {
            // exp(q) < e^-1e6 < 2^-1e6 <= 2^-min(p, 1e6).
            return new RationalInterval(Rational.Zero, new Rational(BigInteger.One, BigInteger.One << Math.Min(p, MaxExpArgument)));
        }
        var n = (q + Rational.Half).Floor();
        var r = q - n;
        var er = ExpSmall(r, p + 8);
        if (n.IsZero) return er.RoundOutwardRelative(p);
        int m = (int)BigInteger.Abs(n) * 2;
        int pp = p + BitLength(m) + 8;
        var half = ExpSmall(n.Sign > 0 ? Rational.Half : -Rational.Half, pp);
        var en = Pow(half, m, pp);
        return (en * er).RoundOutwardRelative(p);
    }

    // exp(r) for |r| <= 1/2 by its Taylor series.
    private static RationalInterval ExpSmall(Rational r, int p)
    {
        var sum = RationalInterval.Point(Rational.One);
        if (r.IsZero) return sum;
        var absR = r.Abs();
        var tolerance = new Rational(BigInteger.One, BigInteger.One << (p + 4));
        var term = RationalInterval.Point(Rational.One);
        var point = RationalInterval.Point(r);
        for (int k = 1; ; k++)
        {
            term = (term * point / RationalInterval.Point(k)).RoundOutwardRelative(p + 8);
            sum += term;
            // Remainder after the terms 0..k: at most 2 |r|^(k+1)/(k+1)! <= 2 max|term| |r| / (k+1).
            var bound = Rational.Max(term.Lo.Abs(), term.Hi.Abs()) * absR * new Rational(2) / new Rational(k + 1);
            if (bound < tolerance || bound.IsZero)
                return (sum + new RationalInterval(-bound, bound)).RoundOutwardRelative(p + 4);
            sum = sum.RoundOutwardRelative(p + 8);
        }
    }

    // log(q) for a positive rational point, to about p bits (absolute for |log q| < 1, relative otherwise).
    private static RationalInterval LogPoint(Rational q, int p)
    {
        if (q.IsOne) return RationalInterval.Point(Rational.Zero);
        // k = floor(log2 q): start from the bit lengths and correct.
        long k = BigInteger.Abs(q.Numerator).GetBitLength() - q.Denominator.GetBitLength();
        if (k > int.MaxValue / 2 || k < int.MinValue / 2) throw new SymbolicLimitException("log of a number too large or too small");
        var m = Scale(q, -(int)k);
        while (m >= 2) { m *= Rational.Half; k++; }
        while (m < Rational.One) { m *= 2; k--; }
        // Move m into [3/4, 3/2) so that |z| <= 1/5, and k = 0 whenever q is near 1 (no cancellation of k log 2 with log m).
        if (m >= new Rational(3, 2)) { m *= Rational.Half; k++; }
        int pp = p + 8 + BitLength((int)Math.Min(Math.Abs(k), int.MaxValue));
        var logM = (RationalInterval.Point(new Rational(2)) * AtanhSmall((m - Rational.One) / (m + Rational.One), pp));
        if (k == 0) return logM.RoundOutwardRelative(p);
        var log2 = RationalInterval.Point(new Rational(2)) * AtanhSmall(new Rational(1, 3), pp);
        return (RationalInterval.Point(new Rational(k)) * log2 + logM).RoundOutwardRelative(p);
    }

    // atanh(z) for |z| <= 1/3 by sum z^(2n+1)/(2n+1); remainder <= z^(2N+3)/((2N+3)(1 - z^2)) <= 9/8 z^(2N+3)/(2N+3).
    private static RationalInterval AtanhSmall(Rational z, int p)
    {
        if (z.IsZero) return RationalInterval.Point(Rational.Zero);
        if (z.Sign < 0) return -AtanhSmall(-z, p); // atanh is odd
        var zi = RationalInterval.Point(z).RoundOutwardRelative(p + 8);
        var z2 = (zi * zi).RoundOutwardRelative(p + 8);
        var power = zi;
        var sum = zi;
        var factor = new Rational(9, 8);
        // Absolute tolerance relative to the first term z (the sum is between z and 9/8 z).
        var tolerance = z * new Rational(BigInteger.One, BigInteger.One << (p + 4));
        for (int n = 1; ; n++)
        {
            power = (power * z2).RoundOutwardRelative(p + 8);
            sum = (sum + power / RationalInterval.Point(2 * n + 1)).RoundOutwardRelative(p + 8);
            var bound = power.Hi * z2.Hi * factor / new Rational(2 * n + 3);
            if (bound < tolerance || bound.IsZero)
                return (sum + new RationalInterval(Rational.Zero, bound)).RoundOutwardRelative(p + 4);
        }
    }

    // sigmoid(q): 1/(1 + E) with E = exp(-q) for q >= 0 (decreasing in E), E/(1 + E) with E = exp(q) otherwise (increasing in E).
    private static RationalInterval SigmoidPoint(Rational q, int p)
    {
        var one = Rational.One;
        if (q.Sign >= 0)
        {
            var e = ExpPoint(-q, p + 4);
            return new RationalInterval(one / (one + e.Hi), one / (one + e.Lo)).RoundOutwardRelative(p);
        }
        var f = ExpPoint(q, p + 4);
        return new RationalInterval(f.Lo / (one + f.Lo), f.Hi / (one + f.Hi)).RoundOutwardRelative(p);
    }

    // softplus(q) = log(1 + exp(q)) for q <= 0, q + log(1 + exp(-q)) for q > 0.
    private static RationalInterval SoftplusPoint(Rational q, int p)
    {
        var e = ExpPoint(-q.Abs(), p + 8);
        var one = RationalInterval.Point(Rational.One);
        var onePlus = one + e;
        var log = new RationalInterval(LogPoint(onePlus.Lo, p + 4).Lo, LogPoint(onePlus.Hi, p + 4).Hi);
        return (q.Sign > 0 ? RationalInterval.Point(q) + log : log).RoundOutwardRelative(p);
    }

    private static Rational Scale(Rational q, int shift) =>
        shift >= 0 ? q * new Rational(BigInteger.One << shift) : q * new Rational(BigInteger.One, BigInteger.One << -shift);

    private static int BitLength(int n) => n <= 0 ? 1 : 32 - BitOperations.LeadingZeroCount((uint)n);

    private static void CheckBits(int bits)
    {
        if (bits < 8) throw new ArgumentOutOfRangeException(nameof(bits), bits, "at least 8 bits are needed");
    }
}
