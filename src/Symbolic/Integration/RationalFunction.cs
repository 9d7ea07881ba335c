using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Roots;

namespace Verifier.Symbolic.Integration;

/// <summary>
/// A rational function of t, P/Q in lowest terms with Q monic, read from an expression built only of constants, t,
/// sums, products and integer powers.
/// </summary>
/// <param name="P">The numerator.</param>
/// <param name="Q">The denominator: monic, coprime to P.</param>
internal sealed record RationalFunction(UnivariatePolynomial P, UnivariatePolynomial Q)
{
    /// <summary>The largest degree of numerator or denominator accepted (beyond it, null: the caller falls back).</summary>
    public const int MaxDegree = 60;

    /// <summary>g as P/Q, or null when g is not a rational function of t or its degree exceeds <see cref="MaxDegree"/>.</summary>
    public static RationalFunction? TryFrom(Expr g)
    {
        if (g.MaxVariableIndex > 0 || g.HasKinks) return null;
        try
        {
            var r = Read(g);
            if (r is null) return null;
            var (p, q) = r.Value;
            if (p.IsZero) return new(UnivariatePolynomial.Zero, UnivariatePolynomial.One);
            var common = UnivariatePolynomial.Gcd(p, q);
            if (common.Degree > 0) { p /= common; q /= common; }
            var lead = q.LeadingCoefficient;
            return new(p * lead.Reciprocal(), q.Monic());
        }
        catch (SymbolicLimitException) { return null; }
    }

    private static (UnivariatePolynomial P, UnivariatePolynomial Q)? Read(Expr e)
    {
        switch (e)
        {
            case Constant c:
                return (UnivariatePolynomial.Constant(c.Value), UnivariatePolynomial.One);
            case Variable { Index: 0 }:
                return (UnivariatePolynomial.X, UnivariatePolynomial.One);
            case Sum s:
            {
                (UnivariatePolynomial P, UnivariatePolynomial Q) acc = (UnivariatePolynomial.Zero, UnivariatePolynomial.One);
                foreach (var term in s.Terms)
                {
                    if (Read(term) is not { } x) return null;
                    // a/b + c/d over lcm(b, d)
                    var g = UnivariatePolynomial.Gcd(acc.Q, x.Q);
                    var bOverG = acc.Q / g;
                    var lcm = bOverG * x.Q;
                    if (lcm.Degree > MaxDegree) return null;
                    acc = (acc.P * (x.Q / g) + x.P * bOverG, lcm);
                }
                return acc;
            }
            case Product p:
            {
                (UnivariatePolynomial P, UnivariatePolynomial Q) acc = (UnivariatePolynomial.One, UnivariatePolynomial.One);
                foreach (var factor in p.Factors)
                {
                    if (Read(factor) is not { } x) return null;
                    if (acc.P.Degree + x.P.Degree > MaxDegree || acc.Q.Degree + x.Q.Degree > MaxDegree) return null;
                    acc = (acc.P * x.P, acc.Q * x.Q);
                }
                return acc;
            }
            case Power pw:
            {
                if (Read(pw.Base) is not { } x) return null;
                int n = Math.Abs(pw.Exponent);
                if ((long)n * Math.Max(x.P.Degree, x.Q.Degree) > MaxDegree) return null;
                var (num, den) = (x.P.Pow(n), x.Q.Pow(n));
                return pw.Exponent >= 0 ? (num, den) : (den, num);
            }
            default:
                return null;
        }
    }

    /// <summary>An interval containing every real root of <paramref name="p"/> (Cauchy's bound 1 + max |a_i / a_n|).</summary>
    public static Rational RootBound(UnivariatePolynomial p)
    {
        var max = Rational.Zero;
        for (int i = 0; i < p.Degree; i++) max = Rational.Max(max, (p[i] / p.LeadingCoefficient).Abs());
        return Rational.One + max;
    }
}
