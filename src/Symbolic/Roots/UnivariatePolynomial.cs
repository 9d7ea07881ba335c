using System.Collections.Immutable;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Roots;

/// <summary>
/// An immutable univariate polynomial with exact rational coefficients, stored densely lowest degree first with
/// trailing zeros trimmed (so the zero polynomial has no coefficients and degree -1, and equal polynomials have
/// equal coefficient lists).
/// </summary>
/// <remarks>
/// Degrees are capped at <see cref="MaxDegree"/>: every construction beyond it throws
/// <see cref="SymbolicLimitException"/>, so dense storage and the quadratic algorithms on it stay bounded.
/// Algebra (gcd, square-free part) is in UnivariatePolynomial.Algebra.cs, the bridge to expressions in
/// UnivariatePolynomial.Expressions.cs.
/// </remarks>
public sealed partial class UnivariatePolynomial : IEquatable<UnivariatePolynomial>
{
    /// <summary>The largest degree a polynomial may have.</summary>
    public const int MaxDegree = 200;

    private readonly ImmutableArray<Rational> _coefficients;

    /// <summary>The zero polynomial.</summary>
    public static readonly UnivariatePolynomial Zero = new(ImmutableArray<Rational>.Empty, trimmed: true);
    /// <summary>The constant 1.</summary>
    public static readonly UnivariatePolynomial One = new([Rational.One], trimmed: true);
    /// <summary>The variable itself, <c>x</c>.</summary>
    public static readonly UnivariatePolynomial X = new([Rational.Zero, Rational.One], trimmed: true);

    /// <summary>The polynomial with the given coefficients, lowest degree first (trailing zeros are trimmed).</summary>
    /// <exception cref="SymbolicLimitException">The degree exceeds <see cref="MaxDegree"/>.</exception>
    public UnivariatePolynomial(IEnumerable<Rational> coefficients) : this(Trim(coefficients.ToImmutableArray()), trimmed: true) { }

    private UnivariatePolynomial(ImmutableArray<Rational> coefficients, bool trimmed)
    {
        _ = trimmed;
        if (coefficients.Length - 1 > MaxDegree)
            throw new SymbolicLimitException($"a polynomial of degree {coefficients.Length - 1} is beyond the limit of {MaxDegree}");
        _coefficients = coefficients;
    }

    /// <summary>The polynomial with the given coefficients, lowest degree first.</summary>
    /// <exception cref="SymbolicLimitException">The degree exceeds <see cref="MaxDegree"/>.</exception>
    public static UnivariatePolynomial Of(params Rational[] coefficients) => new(coefficients);

    /// <summary>The constant polynomial <paramref name="c"/>.</summary>
    public static UnivariatePolynomial Constant(Rational c) => c.IsZero ? Zero : new([c], trimmed: true);

    /// <summary>The monomial <paramref name="c"/> x^<paramref name="n"/>.</summary>
    /// <exception cref="SymbolicLimitException"><paramref name="n"/> exceeds <see cref="MaxDegree"/>.</exception>
    public static UnivariatePolynomial Monomial(Rational c, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (c.IsZero) return Zero;
        if (n > MaxDegree) throw new SymbolicLimitException($"a polynomial of degree {n} is beyond the limit of {MaxDegree}");
        var b = ImmutableArray.CreateBuilder<Rational>(n + 1);
        for (int i = 0; i < n; i++) b.Add(Rational.Zero);
        b.Add(c);
        return new(b.MoveToImmutable(), trimmed: true);
    }

    /// <summary>A rational constant as a constant polynomial.</summary>
    public static implicit operator UnivariatePolynomial(Rational c) => Constant(c);

    /// <summary>An integer constant as a constant polynomial.</summary>
    public static implicit operator UnivariatePolynomial(int c) => Constant(c);

    /// <summary>The linear polynomial <paramref name="a"/> x + <paramref name="b"/>.</summary>
    public static UnivariatePolynomial Linear(Rational a, Rational b) => Of(b, a);

    /// <summary>The coefficients, lowest degree first, without trailing zeros.</summary>
    public IReadOnlyList<Rational> Coefficients => _coefficients;

    /// <summary>The degree; -1 for the zero polynomial.</summary>
    public int Degree => _coefficients.Length - 1;

    /// <summary>True for the zero polynomial.</summary>
    public bool IsZero => _coefficients.Length == 0;

    /// <summary>The coefficient of x^<paramref name="i"/> (0 beyond the degree).</summary>
    public Rational this[int i] => i >= 0 && i < _coefficients.Length ? _coefficients[i] : Rational.Zero;

    /// <summary>The coefficient of the highest power (0 for the zero polynomial).</summary>
    public Rational LeadingCoefficient => IsZero ? Rational.Zero : _coefficients[^1];

    private static ImmutableArray<Rational> Trim(ImmutableArray<Rational> c)
    {
        int n = c.Length;
        while (n > 0 && c[n - 1].IsZero) n--;
        return n == c.Length ? c : c.RemoveRange(n, c.Length - n);
    }

    private static UnivariatePolynomial FromArray(Rational[] c)
    {
        int n = c.Length;
        while (n > 0 && c[n - 1].IsZero) n--;
        if (n - 1 > MaxDegree) throw new SymbolicLimitException($"a polynomial of degree {n - 1} is beyond the limit of {MaxDegree}");
        return new(ImmutableArray.Create(c, 0, n), trimmed: true);
    }

    /// <summary>Sum.</summary>
    public static UnivariatePolynomial operator +(UnivariatePolynomial a, UnivariatePolynomial b)
    {
        var c = new Rational[Math.Max(a._coefficients.Length, b._coefficients.Length)];
        for (int i = 0; i < c.Length; i++) c[i] = a[i] + b[i];
        return FromArray(c);
    }

    /// <summary>Negation.</summary>
    public static UnivariatePolynomial operator -(UnivariatePolynomial a) => a * Rational.MinusOne;

    /// <summary>Difference.</summary>
    public static UnivariatePolynomial operator -(UnivariatePolynomial a, UnivariatePolynomial b) => a + (-b);

    /// <summary>Product.</summary>
    /// <exception cref="SymbolicLimitException">The product's degree exceeds <see cref="MaxDegree"/>.</exception>
    public static UnivariatePolynomial operator *(UnivariatePolynomial a, UnivariatePolynomial b)
    {
        if (a.IsZero || b.IsZero) return Zero;
        int degree = a.Degree + b.Degree;
        if (degree > MaxDegree) throw new SymbolicLimitException($"a product of degree {degree} is beyond the limit of {MaxDegree}");
        var c = new Rational[degree + 1];
        for (int i = 0; i <= a.Degree; i++)
        {
            if (a._coefficients[i].IsZero) continue;
            for (int j = 0; j <= b.Degree; j++) c[i + j] += a._coefficients[i] * b._coefficients[j];
        }
        return FromArray(c);
    }

    /// <summary>Scalar multiple.</summary>
    public static UnivariatePolynomial operator *(UnivariatePolynomial a, Rational s)
    {
        if (s.IsZero) return Zero;
        var c = new Rational[a._coefficients.Length];
        for (int i = 0; i < c.Length; i++) c[i] = a._coefficients[i] * s;
        return FromArray(c);
    }

    /// <summary>Scalar multiple.</summary>
    public static UnivariatePolynomial operator *(Rational s, UnivariatePolynomial a) => a * s;

    /// <summary>The quotient of <see cref="DivRem"/>.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is the zero polynomial.</exception>
    public static UnivariatePolynomial operator /(UnivariatePolynomial a, UnivariatePolynomial b) => a.DivRem(b).Quotient;

    /// <summary>The remainder of <see cref="DivRem"/>.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is the zero polynomial.</exception>
    public static UnivariatePolynomial operator %(UnivariatePolynomial a, UnivariatePolynomial b) => a.DivRem(b).Remainder;

    /// <summary>Euclidean division: this = quotient * divisor + remainder with deg remainder &lt; deg divisor.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="divisor"/> is the zero polynomial.</exception>
    public (UnivariatePolynomial Quotient, UnivariatePolynomial Remainder) DivRem(UnivariatePolynomial divisor)
    {
        if (divisor.IsZero) throw new DivideByZeroException("Polynomial division by the zero polynomial.");
        if (Degree < divisor.Degree) return (Zero, this);
        var r = _coefficients.ToArray();
        var q = new Rational[Degree - divisor.Degree + 1];
        var lead = divisor.LeadingCoefficient;
        int dd = divisor.Degree;
        for (int k = q.Length - 1; k >= 0; k--)
        {
            var f = r[k + dd] / lead;
            q[k] = f;
            if (f.IsZero) continue;
            for (int j = 0; j <= dd; j++) r[k + j] -= f * divisor._coefficients[j];
        }
        Array.Resize(ref r, dd);
        return (FromArray(q), FromArray(r));
    }

    /// <summary>The power this^<paramref name="n"/> for n &gt;= 0.</summary>
    /// <exception cref="SymbolicLimitException">The result's degree exceeds <see cref="MaxDegree"/>.</exception>
    public UnivariatePolynomial Pow(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n == 0) return One;
        if (IsZero) return Zero;
        if ((long)Degree * n > MaxDegree)
            throw new SymbolicLimitException($"a power of degree {(long)Degree * n} is beyond the limit of {MaxDegree}");
        var result = One;
        var b = this;
        for (int e = n; e > 0; e >>= 1)
        {
            if ((e & 1) == 1) result *= b;
            if (e > 1) b *= b;
        }
        return result;
    }

    /// <summary>The derivative d/dx.</summary>
    public UnivariatePolynomial Derivative()
    {
        if (Degree < 1) return Zero;
        var c = new Rational[Degree];
        for (int i = 1; i <= Degree; i++) c[i - 1] = _coefficients[i] * i; // (x^i)' = i x^(i-1)
        return FromArray(c);
    }

    /// <summary>The exact value at <paramref name="x"/> (Horner's scheme).</summary>
    public Rational Evaluate(Rational x)
    {
        Rational v = Rational.Zero;
        for (int i = Degree; i >= 0; i--) v = v * x + _coefficients[i];
        return v;
    }

    /// <summary>A certified enclosure of the range over <paramref name="x"/> (Horner's scheme in outward-rounded interval arithmetic).</summary>
    public Interval Evaluate(Interval x)
    {
        if (IsZero) return Interval.Point(0);
        var v = Interval.FromRational(_coefficients[^1]);
        for (int i = Degree - 1; i >= 0; i--) v = v * x + Interval.FromRational(_coefficients[i]);
        return v;
    }

    /// <inheritdoc />
    public bool Equals(UnivariatePolynomial? other) =>
        other is not null && (ReferenceEquals(this, other) || _coefficients.AsSpan().SequenceEqual(other._coefficients.AsSpan()));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as UnivariatePolynomial);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var c in _coefficients) h.Add(c);
        return h.ToHashCode();
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(UnivariatePolynomial? a, UnivariatePolynomial? b) => a is null ? b is null : a.Equals(b);
    /// <summary>Value inequality.</summary>
    public static bool operator !=(UnivariatePolynomial? a, UnivariatePolynomial? b) => !(a == b);

    /// <summary>The polynomial in the variable t, in the expression syntax (e.g. <c>t^2 - 2</c>).</summary>
    public override string ToString() => ToExpr().ToString();
}
