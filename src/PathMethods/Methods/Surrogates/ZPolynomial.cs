using System.Numerics;
using System.Text;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Roots;

namespace Verifier.PathMethods.Methods.Surrogates;

/// <summary>
/// A polynomial in one indeterminate q with integer coefficients (Z[q]), immutable: the ring in which the surrogate
/// regressions are solved fraction-free. Kernel weights q^k with q = exp(c) live here; rational weights are the
/// polynomials of degree 0. Exact division (<see cref="DivideExactly"/>) is the only division, as fraction-free
/// elimination needs.
/// </summary>
internal sealed class ZPolynomial : IEquatable<ZPolynomial>
{
    /// <summary>The largest degree built (the enclosures and printed forms of larger ones are not useful).</summary>
    public const int MaxDegree = 400;

    private readonly BigInteger[] _c; // trimmed: no trailing zeros

    private ZPolynomial(BigInteger[] coefficients)
    {
        int n = coefficients.Length;
        while (n > 0 && coefficients[n - 1].IsZero) n--;
        if (n - 1 > MaxDegree) throw new SymbolicLimitException($"a polynomial of degree {n - 1} in q is beyond the limit of {MaxDegree}");
        _c = n == coefficients.Length ? coefficients : coefficients[..n];
    }

    /// <summary>0.</summary>
    public static ZPolynomial Zero { get; } = new([]);

    /// <summary>1.</summary>
    public static ZPolynomial One { get; } = new([BigInteger.One]);

    /// <summary>The constant c.</summary>
    public static ZPolynomial Constant(BigInteger c) => c.IsZero ? Zero : new([c]);

    /// <summary>c q^k.</summary>
    public static ZPolynomial Monomial(BigInteger c, int k)
    {
        if (c.IsZero) return Zero;
        var a = new BigInteger[k + 1];
        a[k] = c;
        return new(a);
    }

    /// <summary>The coefficient of q^k.</summary>
    public BigInteger this[int k] => k >= 0 && k < _c.Length ? _c[k] : BigInteger.Zero;

    /// <summary>The degree; -1 for 0.</summary>
    public int Degree => _c.Length - 1;

    /// <summary>True for 0.</summary>
    public bool IsZero => _c.Length == 0;

    /// <summary>True for a constant (degree at most 0).</summary>
    public bool IsConstant => _c.Length <= 1;

    /// <summary>a + b.</summary>
    public static ZPolynomial operator +(ZPolynomial a, ZPolynomial b)
    {
        var c = new BigInteger[Math.Max(a._c.Length, b._c.Length)];
        for (int i = 0; i < c.Length; i++) c[i] = a[i] + b[i];
        return new(c);
    }

    /// <summary>a - b.</summary>
    public static ZPolynomial operator -(ZPolynomial a, ZPolynomial b)
    {
        var c = new BigInteger[Math.Max(a._c.Length, b._c.Length)];
        for (int i = 0; i < c.Length; i++) c[i] = a[i] - b[i];
        return new(c);
    }

    /// <summary>a b.</summary>
    public static ZPolynomial operator *(ZPolynomial a, ZPolynomial b)
    {
        if (a.IsZero || b.IsZero) return Zero;
        var c = new BigInteger[a._c.Length + b._c.Length - 1];
        for (int i = 0; i < a._c.Length; i++)
        {
            if (a._c[i].IsZero) continue;
            for (int j = 0; j < b._c.Length; j++) c[i + j] += a._c[i] * b._c[j];
        }
        return new(c);
    }

    /// <summary>s a.</summary>
    public static ZPolynomial operator *(BigInteger s, ZPolynomial a)
    {
        if (s.IsZero || a.IsZero) return Zero;
        var c = new BigInteger[a._c.Length];
        for (int i = 0; i < c.Length; i++) c[i] = s * a._c[i];
        return new(c);
    }

    /// <summary>a / b where b divides a in Z[q] (fraction-free elimination guarantees it).</summary>
    /// <exception cref="InvalidOperationException">b does not divide a exactly (a defect of the caller).</exception>
    public ZPolynomial DivideExactly(ZPolynomial b)
    {
        if (b.IsZero) throw new DivideByZeroException("division by the zero polynomial");
        if (IsZero) return Zero;
        if (Degree < b.Degree) throw new InvalidOperationException("inexact polynomial division in Z[q]");
        var r = (BigInteger[])_c.Clone();
        var q = new BigInteger[Degree - b.Degree + 1];
        var lead = b._c[^1];
        for (int k = q.Length - 1; k >= 0; k--)
        {
            var top = r[k + b.Degree];
            if (top.IsZero) continue;
            var f = BigInteger.DivRem(top, lead, out var rest);
            if (!rest.IsZero) throw new InvalidOperationException("inexact polynomial division in Z[q]");
            q[k] = f;
            for (int j = 0; j <= b.Degree; j++) r[k + j] -= f * b._c[j];
        }
        for (int j = 0; j < b.Degree; j++)
            if (!r[j].IsZero) throw new InvalidOperationException("inexact polynomial division in Z[q]");
        return new(q);
    }

    /// <summary>The greatest common divisor in Z[q], primitive with a positive leading coefficient (Euclid over Q, then
    /// cleared of denominators; by Gauss's lemma it divides both in Z[q] up to their contents); 0 for gcd(0, 0).</summary>
    public static ZPolynomial Gcd(ZPolynomial a, ZPolynomial b)
    {
        var g = UnivariatePolynomial.Gcd(a.ToRational(), b.ToRational());
        if (g.IsZero) return Zero;
        var lcm = BigInteger.One;
        foreach (var c in g.Coefficients) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, c.Denominator) * c.Denominator;
        var z = new ZPolynomial([.. g.Coefficients.Select(c => c.Numerator * (lcm / c.Denominator))]);
        var content = z.Content();
        return new ZPolynomial([.. z._c.Select(c => c / content)]);
    }

    private UnivariatePolynomial ToRational() => new(_c.Select(c => new Rational(c)));

    /// <summary>The greatest common divisor of the coefficients (0 for the zero polynomial).</summary>
    public BigInteger Content()
    {
        var g = BigInteger.Zero;
        foreach (var c in _c) g = BigInteger.GreatestCommonDivisor(g, c);
        return g;
    }

    /// <summary>The coefficients divided by <paramref name="d"/>, as rationals.</summary>
    public Rational[] Over(BigInteger d) => [.. _c.Select(c => new Rational(c, d))];

    /// <summary>The value at q = exp(<paramref name="exponent"/>) as a closed form Σ_k c_k exp(k·exponent) / d; the
    /// rational c_0 / d when the polynomial is constant.</summary>
    public Expr ToExpr(Rational exponent, BigInteger d)
    {
        if (IsConstant) return Ex.Const(new Rational(this[0], d));
        var terms = new List<Expr>(_c.Length);
        for (int k = 0; k < _c.Length; k++)
            if (!_c[k].IsZero) terms.Add(Ex.Scale(new Rational(_c[k], d), k == 0 ? Ex.One : Ex.Exp(Ex.Const(exponent * k))));
        return Ex.Sum(terms);
    }

    /// <summary>The value at a rational q.</summary>
    public Rational At(Rational q)
    {
        var v = Rational.Zero;
        for (int k = _c.Length - 1; k >= 0; k--) v = v * q + _c[k];
        return v;
    }

    /// <inheritdoc />
    public bool Equals(ZPolynomial? other) => other is not null && _c.AsSpan().SequenceEqual(other._c);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ZPolynomial);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var c in _c) h.Add(c);
        return h.ToHashCode();
    }

    /// <summary>The polynomial in q, e.g. <c>3 + 2 q - q^2</c>.</summary>
    public override string ToString()
    {
        if (IsZero) return "0";
        var sb = new StringBuilder();
        for (int k = 0; k < _c.Length; k++)
        {
            var c = _c[k];
            if (c.IsZero) continue;
            var abs = BigInteger.Abs(c);
            sb.Append(sb.Length == 0 ? (c.Sign < 0 ? "-" : "") : c.Sign < 0 ? " - " : " + ");
            var power = k == 0 ? "" : k == 1 ? "q" : $"q^{k}";
            if (k == 0 || !abs.IsOne) sb.Append(abs);
            if (k > 0 && !abs.IsOne) sb.Append(' ');
            sb.Append(power);
        }
        return sb.ToString();
    }
}
