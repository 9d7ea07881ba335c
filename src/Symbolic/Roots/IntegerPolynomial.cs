using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Roots;

/// <summary>
/// Operations on integer polynomials stored as <see cref="BigInteger"/> arrays, lowest degree first, with a
/// non-zero last entry: the fast inner loops of root isolation (no rational normalisation).
/// </summary>
internal static class IntegerPolynomial
{
    /// <summary>Divides the coefficients by their (positive) gcd, in place.</summary>
    public static void MakePrimitive(BigInteger[] a)
    {
        BigInteger g = BigInteger.Zero;
        foreach (var c in a)
        {
            if (c.IsZero) continue;
            g = BigInteger.GreatestCommonDivisor(g, c);
            if (g.IsOne) return;
        }
        if (g.IsZero) return;
        for (int i = 0; i < a.Length; i++) a[i] /= g;
    }

    /// <summary>The sign of a(r), exactly.</summary>
    public static int SignAt(BigInteger[] a, Rational r) => Homogeneous(a, r.Numerator, r.Denominator).Sign;

    /// <summary>m^d a(n / m) for d = deg a, m &gt; 0: the homogeneous Horner sum of a_i n^i m^(d-i), an integer with the sign of a(n / m).</summary>
    public static BigInteger Homogeneous(BigInteger[] a, BigInteger n, BigInteger m)
    {
        if (a.Length == 0) return BigInteger.Zero;
        BigInteger v = a[^1], mPow = BigInteger.One;
        for (int i = a.Length - 2; i >= 0; i--)
        {
            mPow *= m;
            v = v * n + a[i] * mPow;
        }
        return v;
    }

    /// <summary>The derivative a'.</summary>
    public static BigInteger[] Derivative(BigInteger[] a)
    {
        if (a.Length <= 1) return [];
        var b = new BigInteger[a.Length - 1];
        for (int i = 1; i < a.Length; i++) b[i - 1] = a[i] * i;
        return b;
    }

    /// <summary>a(x + 1) by the classical O(d^2) Taylor shift.</summary>
    public static BigInteger[] ShiftByOne(BigInteger[] a)
    {
        var b = (BigInteger[])a.Clone();
        int d = b.Length - 1;
        for (int i = 0; i < d; i++)
            for (int j = d - 1; j >= i; j--) b[j] += b[j + 1];
        return b;
    }

    /// <summary>
    /// Descartes' bound for the number of roots in the open interval (0, 1): the sign variations of
    /// (x + 1)^d a(1 / (x + 1)), which equal that number modulo 2 and bound it from above (exact when 0 or 1).
    /// </summary>
    public static int VariationsOnUnitInterval(BigInteger[] a)
    {
        var r = (BigInteger[])a.Clone();
        Array.Reverse(r); // x^d a(1/x)
        r = ShiftByOne(r);
        int variations = 0, last = 0;
        foreach (var c in r)
        {
            if (c.IsZero) continue;
            if (last != 0 && c.Sign != last) variations++;
            last = c.Sign;
        }
        return variations;
    }

    /// <summary>2^d a(x / 2): the left half of the unit interval stretched onto the whole of it.</summary>
    public static BigInteger[] HalveArgument(BigInteger[] a)
    {
        int d = a.Length - 1;
        var b = new BigInteger[a.Length];
        for (int i = 0; i <= d; i++) b[i] = a[i] << (d - i);
        return b;
    }

    /// <summary>a / x, for a with a(0) = 0.</summary>
    public static BigInteger[] DivideByX(BigInteger[] a) => a[1..];

    /// <summary>a / (x - 1) by synthetic division, for a with a(1) = 0 (the quotient then has integer coefficients).</summary>
    public static BigInteger[] DivideByXMinusOne(BigInteger[] a)
    {
        int d = a.Length - 1;
        var q = new BigInteger[d];
        q[d - 1] = a[d];
        for (int i = d - 1; i >= 1; i--) q[i - 1] = a[i] + q[i];
        return q;
    }

    /// <summary>The sum of the coefficients, a(1).</summary>
    public static BigInteger ValueAtOne(BigInteger[] a)
    {
        BigInteger s = BigInteger.Zero;
        foreach (var c in a) s += c;
        return s;
    }

    /// <summary>
    /// A positive multiple of a(lo + w x) with integer coefficients, primitive: the homogeneous Horner sum of
    /// a_i L^i M^(d-i) with L = p v + q u x, M = q v for lo = p/q and w = u/v &gt; 0.
    /// </summary>
    public static BigInteger[] Compose(BigInteger[] a, Rational lo, Rational w)
    {
        BigInteger p = lo.Numerator, q = lo.Denominator, u = w.Numerator, v = w.Denominator;
        BigInteger l0 = p * v, l1 = q * u, m = q * v;
        int d = a.Length - 1;
        var result = new BigInteger[d + 1];
        result[0] = a[d];
        int len = 1; // current degree + 1
        BigInteger mPow = BigInteger.One;
        for (int i = d - 1; i >= 0; i--)
        {
            // result = result * (l0 + l1 x) + a_i m^(d-i)
            result[len] = BigInteger.Zero;
            for (int j = len; j >= 1; j--) result[j] = result[j] * l0 + result[j - 1] * l1;
            result[0] *= l0;
            len++;
            mPow *= m;
            result[0] += a[i] * mPow;
        }
        MakePrimitive(result);
        return result;
    }
}
