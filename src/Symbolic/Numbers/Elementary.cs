using System.Numerics;
using Verifier.Symbolic.Expressions;

namespace Verifier.Symbolic.Numbers;

/// <summary>
/// Certified rational enclosures of exp, log, sigmoid, tanh and softplus at a requested precision: each result
/// contains the exact range of the function over the argument interval, with endpoints rounded outward to about
/// <c>bits</c> significant binary digits (so the width shrinks like 2^-bits relative to the value).
/// </summary>
/// <remarks>
/// The kernels work on binary floating-point bounds with directed rounding (<see cref="Dyadic"/>) and on fixed-point
/// integers, never on general rationals, so no greatest common divisor is taken and huge or tiny magnitudes keep
/// their exponent apart. exp: r = |q| / 2^s with s chosen so that r &lt; 2^-j (j about sqrt(bits)/2); exp(r) by its
/// Taylor series (all terms positive: the lower bound is the truncated sum of terms rounded down, the upper bound the
/// sum of terms rounded up plus the tail, at most the last term since r &lt;= 1/2); then s squarings, rounded down
/// and up; exp(-|q|) = 1/exp(|q|). log: q = 2^k m with m in [3/4, 3/2); log q = k log 2 + 2 atanh(z),
/// z = (m - 1)/(m + 1) in [-1/7, 1/5), and log 2 = 18 atanh(1/26) - 2 atanh(1/4801) + 8 atanh(1/8749); the atanh series has the remainder bound
/// z^(2N+3) / ((2N+3)(1 - z^2)). See Brent and Zimmermann, Modern Computer Arithmetic (2010), chapter 4.
/// </remarks>
public static partial class Elementary
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
        // The sigmoid bounds are rounded to absolute precision first: 2 s - 1 needs no more, and a tiny s (a very
        // negative argument) would otherwise carry a huge denominator into the subtraction.
        var lo = two * SigmoidPoint(two * x.Lo, bits + Guard).RoundOutward(bits + Guard).Lo - Rational.One;
        var hi = two * SigmoidPoint(two * x.Hi, bits + Guard).RoundOutward(bits + Guard).Hi - Rational.One;
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

    // |a|^n for a >= 0 by square-and-multiply on lower and upper bounds (x^n is increasing), rounded at p bits.
    private static RationalInterval PowNonNegative(Rational a, int n, int p)
    {
        Dyadic lo = Dyadic.One, hi = Dyadic.One;
        Dyadic bLo = Dyadic.FromRational(a, p, up: false), bHi = Dyadic.FromRational(a, p, up: true);
        for (int m = n; m > 0; m >>= 1)
        {
            if ((m & 1) != 0) { lo = Dyadic.Multiply(lo, bLo, p, up: false); hi = Dyadic.Multiply(hi, bHi, p, up: true); }
            if (m > 1) { bLo = Dyadic.Multiply(bLo, bLo, p, up: false); bHi = Dyadic.Multiply(bHi, bHi, p, up: true); }
        }
        return new RationalInterval(lo.ToRational(), hi.ToRational());
    }

    private static int BitLength(int n) => n <= 0 ? 1 : 32 - BitOperations.LeadingZeroCount((uint)n);

    private static void CheckBits(int bits)
    {
        if (bits < 8) throw new ArgumentOutOfRangeException(nameof(bits), bits, "at least 8 bits are needed");
    }
}
