using System.Numerics;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods.Surrogates;

/// <summary>
/// A surrogate regression solved once for its coalitions and weights, before any value of F is known: every output
/// (the n coefficients, then the intercept) is a fixed linear combination of coalition values,
/// out_r = Σ_S N_r,S(q) v(S) / D(q), with v(S) = F(x on S, x' off S), N and D in Z[q] and q = exp(<see cref="Exponent"/>)
/// (constants when the weights are rational). Least squares is linear in the targets, so this is exact, and one solve
/// serves every F, x and x' (the axiom searches reuse it).
/// </summary>
/// <param name="Features">n.</param>
/// <param name="Exponent">c with q = exp(c), or null when every polynomial is a constant (rational weights).</param>
/// <param name="Denominator">D(q), non-zero.</param>
/// <param name="Rows">N_r,S by output r (0..n-1 the coefficients, n the intercept) and coalition mask S (bit i set when
/// feature i + 1 is on).</param>
internal sealed record CoalitionOperator(int Features, Rational? Exponent, ZPolynomial Denominator,
    IReadOnlyList<IReadOnlyDictionary<int, ZPolynomial>> Rows)
{
    /// <summary>Every coalition some output reads.</summary>
    public IEnumerable<int> Masks => Rows.SelectMany(r => r.Keys).Distinct().Order();

    /// <summary>The outputs as exact values (the coefficients, then the intercept), from the coalition values: rationals
    /// when every value is rational and no q remains, otherwise closed forms (with certified enclosures).</summary>
    public ExactResult[] Apply(IReadOnlyDictionary<int, Expr> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        bool rational = values.Values.All(v => v is Constant);
        return [.. Rows.Select(row => rational ? RationalOutput(row, values) : ExactResult.FromClosedForm(Combine(row, values)))];
    }

    /// <summary>The outputs as expressions in whatever the values contain (symbols for the symbolic proofs).</summary>
    public Expr[] Combine(IReadOnlyDictionary<int, Expr> values) => [.. Rows.Select(row => Combine(row, values))];

    /// <summary>Σ_S N_S(q) v(S) / D(q) as one expression.</summary>
    public Expr Combine(IReadOnlyDictionary<int, ZPolynomial> row, IReadOnlyDictionary<int, Expr> values)
    {
        var g = Normaliser();
        if (Exponent is not { } c)
            return Ex.Sum(row.Select(kv => Ex.Product(Ex.Const(new Rational(kv.Value[0], Denominator[0])), values[kv.Key])));
        var sum = Ex.Sum(row.Select(kv => Ex.Product(kv.Value.ToExpr(c, g), values[kv.Key])));
        return Ex.Product(sum, Ex.Pow(Denominator.ToExpr(c, g), -1));
    }

    // Σ_S N_S v(S) with rational v: P(q) / (L D(q)), L the common denominator of the values; rational when P is a
    // rational multiple of D (always when there is no q), else P(q)/D(q) as a closed form in exp(c).
    private ExactResult RationalOutput(IReadOnlyDictionary<int, ZPolynomial> row, IReadOnlyDictionary<int, Expr> values)
    {
        var l = BigInteger.One;
        foreach (var key in row.Keys) l = Lcm(l, ((Constant)values[key]).Value.Denominator);
        var p = ZPolynomial.Zero;
        foreach (var (mask, n) in row)
        {
            var v = ((Constant)values[mask]).Value;
            if (!v.IsZero) p += v.Numerator * (l / v.Denominator) * n;
        }
        if (p.IsZero) return ExactResult.FromRational(Rational.Zero);
        if (Denominator.IsConstant && p.IsConstant) return ExactResult.FromRational(new Rational(p[0], l * Denominator[0]));
        // P = r D exactly when P D_lead = D P_lead (the polynomials are then proportional)
        if (p.Degree == Denominator.Degree && (Denominator[Denominator.Degree] * p).Equals(p[p.Degree] * Denominator))
            return ExactResult.FromRational(new Rational(p[p.Degree], l * Denominator[Denominator.Degree]));
        var g = Normaliser();
        var c = Exponent!.Value;
        return ExactResult.FromClosedForm(Ex.Product(p.ToExpr(c, g * l), Ex.Pow(Denominator.ToExpr(c, g), -1)));
    }

    // The content of D with the sign of its leading coefficient: D / g is primitive with a positive leading coefficient.
    private BigInteger Normaliser()
    {
        var g = Denominator.Content();
        return Denominator[Denominator.Degree].Sign < 0 ? -g : g;
    }

    private static BigInteger Lcm(BigInteger a, BigInteger b) => a / BigInteger.GreatestCommonDivisor(a, b) * b;

    /// <summary>The output r at a rational q (for tests: a polynomial identity in q checked at a point).</summary>
    public Rational AtRationalQ(int r, Rational q, IReadOnlyDictionary<int, Rational> values)
    {
        var sum = Rational.Zero;
        foreach (var (mask, n) in Rows[r]) sum += n.At(q) * values[mask];
        return sum / Denominator.At(q);
    }
}
