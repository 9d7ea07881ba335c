using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Roots;

public sealed partial class UnivariatePolynomial
{
    /// <summary>This polynomial divided by its leading coefficient (the zero polynomial stays zero).</summary>
    public UnivariatePolynomial Monic() => IsZero || LeadingCoefficient.IsOne ? this : this * LeadingCoefficient.Reciprocal();

    /// <summary>The monic greatest common divisor; <c>Gcd(0, 0) = 0</c>.</summary>
    /// <remarks>Euclid's algorithm over the rationals, made monic after every step to keep coefficients small.</remarks>
    public static UnivariatePolynomial Gcd(UnivariatePolynomial a, UnivariatePolynomial b)
    {
        a = a.Monic();
        b = b.Monic();
        while (!b.IsZero)
        {
            var r = a.DivRem(b).Remainder.Monic(); // gcd(a, b) = gcd(b, a mod b)
            a = b;
            b = r;
        }
        return a;
    }

    /// <summary>
    /// The monic square-free part p / gcd(p, p'): the same roots, each simple. The zero polynomial stays zero and
    /// a non-zero constant gives 1.
    /// </summary>
    public UnivariatePolynomial SquareFreePart()
    {
        if (IsZero) return Zero;
        if (Degree == 0) return One;
        var g = Gcd(this, Derivative());
        return (g.Degree == 0 ? this : DivRem(g).Quotient).Monic();
    }

    /// <summary>
    /// The primitive integer polynomial with the same roots: the coefficients times the lcm of their denominators,
    /// divided by the gcd of the results, with a positive leading coefficient.
    /// </summary>
    /// <exception cref="ArgumentException">The polynomial is zero.</exception>
    internal BigInteger[] ToPrimitiveIntegers()
    {
        if (IsZero) throw new ArgumentException("The zero polynomial has no primitive integer form.");
        BigInteger lcm = BigInteger.One;
        foreach (var c in _coefficients)
        {
            var d = c.Denominator;
            if (!d.IsOne) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, d) * d;
        }
        var a = new BigInteger[_coefficients.Length];
        for (int i = 0; i < a.Length; i++) a[i] = _coefficients[i].Numerator * (lcm / _coefficients[i].Denominator);
        if (a[^1].Sign < 0) for (int i = 0; i < a.Length; i++) a[i] = -a[i];
        IntegerPolynomial.MakePrimitive(a);
        return a;
    }

    /// <summary>The polynomial with the given integer coefficients, lowest degree first.</summary>
    internal static UnivariatePolynomial FromIntegers(BigInteger[] a)
    {
        var c = new Rational[a.Length];
        for (int i = 0; i < a.Length; i++) c[i] = new Rational(a[i]);
        return FromArray(c);
    }
}
