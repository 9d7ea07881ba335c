using Verifier.Symbolic.Expressions;

namespace Verifier.Symbolic.Integration;

/// <summary>
/// Closed-form antiderivatives in t of univariate expressions, by a fixed table of patterns applied term by term
/// to the canonical (expanded) form; never a search.
/// </summary>
/// <remarks>
/// <para>Exact patterns, for u = a + b t affine (a, b variable-free, b != 0), p a polynomial in t, k &gt;= 1, and any
/// variable-free factor (e.g. exp(3) or log(2)) treated as a coefficient:</para>
/// <list type="bullet">
/// <item>t^n -&gt; t^(n+1)/(n+1) for n != -1; u^-k -&gt; u^(1-k)/((1-k) b) for k &gt;= 2.</item>
/// <item>p(t) exp(u) -&gt; exp(u) sum_j (-1)^j p^(j)(t) / b^(j+1) (integration by parts terminates).</item>
/// <item>sigmoid(u)^k -&gt; (softplus(u) - sum_{j=1}^{k-1} sigmoid(u)^j / j) / b, so the derivative of sigmoid,
/// b (sigmoid(u) - sigmoid(u)^2), integrates to sigmoid(u) exactly; sigmoid(u)^-k = (1 + exp(-u))^k is expanded.</item>
/// <item>tanh(u) -&gt; log cosh(u) / b = t + softplus(-2u)/b + constant (log cosh u = u + softplus(-2u) - log 2);
/// tanh(u)^k -&gt; int tanh(u)^(k-2) - tanh(u)^(k-1)/((k-1) b).</item>
/// <item>log(u) -&gt; (u log u - u)/b, valid where u &gt; 0 (the domain of the integrand).</item>
/// </list>
/// <para>u^-1 (and t^-1) integrates to log|u|/b, which is an antiderivative only on an interval where u does not
/// vanish: <see cref="TryFind"/> returns null for it, and <see cref="Integrate.Definite"/> handles it.
/// Kinks (relu, abs, max, min, steps) are not integrated here: split the function at its breakpoints first
/// (see Restriction). Softplus and everything else without a pattern give null.</para>
/// </remarks>
public static class Antiderivative
{
    /// <summary>
    /// An antiderivative F of g with respect to t (F' = g wherever g is defined), or null when no pattern applies
    /// or the antiderivative needs log|u| (a term u^-1).
    /// </summary>
    /// <param name="g">A function of t only (variable index 0).</param>
    public static Expr? TryFind(Expr g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return TryFindParts(g)?.AsExpression();
    }

    /// <summary>The antiderivative in parts (with its log|u| terms and domain conditions), or null.</summary>
    internal static AntiderivativeParts? TryFindParts(Expr g)
    {
        if (g.MaxVariableIndex > 0) return null;
        var parts = new AntiderivativeParts();
        IReadOnlyList<Expr> terms = g is Sum s ? s.Terms : [g];
        foreach (var term in terms)
            if (!TryTerm(term, parts)) return null;
        return parts;
    }

    // One canonical monomial: coefficient (all variable-free factors) * t^n * the remaining factors.
    private static bool TryTerm(Expr term, AntiderivativeParts parts)
    {
        if (!term.Contains(0)) { parts.Smooth.Add(Ex.Product(term, Ex.T)); return true; } // int c = c t
        IReadOnlyList<Expr> factors = term is Product p ? p.Factors : [term];
        var coefficient = new List<Expr>();
        var rest = new List<Expr>();
        int n = 0;
        foreach (var f in factors)
        {
            if (!f.Contains(0)) coefficient.Add(f);
            else if (f is Variable) n += 1;
            else if (f is Power { Base: Variable } pw) n += pw.Exponent;
            else rest.Add(f);
        }
        var k = Ex.Product(coefficient);
        if (rest is [Power { Base: Sigmoid s, Exponent: < 0 and >= -AntiderivativeRules.MaxExpandedPower } sp])
        {
            // sigmoid(u)^-m = (1 + exp(-u))^m: expand into exponentials and integrate those.
            var expanded = Ex.Product(k, Ex.Pow(Ex.T, n), Ex.Pow(Ex.Sum(Ex.One, Ex.Exp(Ex.Negate(s.Arg))), -sp.Exponent));
            var sub = TryFindParts(expanded);
            if (sub is null) return false;
            parts.AddRange(sub);
            return true;
        }
        return rest switch
        {
            [] => AntiderivativeRules.PowerOfT(k, n, parts),
            [Exp e] => n >= 0 && AntiderivativeRules.PolynomialTimesExp(k, n, e.Arg, parts),
            [var single] when n == 0 => Single(k, single, parts),
            _ => false,
        };
    }

    private static bool Single(Expr k, Expr f, AntiderivativeParts parts) => f switch
    {
        Power { Base: Sum u, Exponent: < 0 } pw => AntiderivativeRules.NegativePowerOfAffine(k, u, pw.Exponent, parts),
        Sigmoid s => AntiderivativeRules.SigmoidPower(k, s.Arg, 1, parts),
        Power { Base: Sigmoid s, Exponent: > 0 } pw => AntiderivativeRules.SigmoidPower(k, s.Arg, pw.Exponent, parts),
        Tanh th => AntiderivativeRules.TanhPower(k, th.Arg, 1, parts),
        Power { Base: Tanh th, Exponent: > 0 } pw => AntiderivativeRules.TanhPower(k, th.Arg, pw.Exponent, parts),
        Log l => AntiderivativeRules.LogOfAffine(k, l.Arg, parts),
        _ => false,
    };
}
