using Verifier.Axioms.Methods;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Proofs;

/// <summary>
/// A method evaluated on symbols: given a polynomial F in the feature variables y1..yn and symbolic input a and baseline b
/// (expressions in other variables), the attributions as polynomials. Path methods have one through their reference paths,
/// other methods when their registry entry gives one (<see cref="MethodDescriptor.Symbolic"/>), others none (null).
/// </summary>
internal delegate Expr[] SymbolicAttribution(Expr f, Expr[] a, Expr[] b);

/// <summary>Symbolic forms of methods, the symbolic baseline Shapley formula, and polynomial integration in t over [0, 1].</summary>
internal static class SymbolicForm
{
    /// <summary>The symbolic form of a method, or null when it has none; <paramref name="scope"/> says what it computes.</summary>
    public static SymbolicAttribution? Of(IAttributionMethod method, int n, out string scope)
    {
        scope = "";
        if (method is IPathAttributionMethod p)
        {
            var pieces = p.ReferencePath.PolynomialPieces(n);
            if (pieces is null) return null;
            scope = $"path integral along the reference path {p.ReferencePath.Spec} carried by T(y) = x' + (x - x') ⊙ y";
            return (f, a, b) => PathIntegral(f, a, b, pieces);
        }
        if (MethodDescriptor.Of(method).Symbolic is { } form)
        {
            scope = form.Scope;
            return new SymbolicAttribution(form.Attribute);
        }
        return null;
    }

    /// <summary>F with y_j replaced by point[j-1].</summary>
    public static Expr At(Expr f, IReadOnlyList<Expr> point)
    {
        var map = new Dictionary<int, Expr>();
        for (int j = 0; j < point.Count; j++) map[j + 1] = point[j];
        return f.Substitute(map);
    }

    // A_i = Σ_pieces ∫_0^1 ∂_iF(γ(t)) (a_i - b_i) h_i'(t) dt with γ_j(t) = b_j + (a_j - b_j) h_j(t).
    private static Expr[] PathIntegral(Expr f, Expr[] a, Expr[] b, IReadOnlyList<Expr[]> pieces)
    {
        int n = a.Length;
        var result = new Expr[n];
        for (int i = 0; i < n; i++)
        {
            var partial = f.Differentiate(i + 1);
            var terms = new List<Expr>();
            foreach (var h in pieces)
            {
                var dh = h[i].Differentiate(0);
                if (dh is Constant { Value.IsZero: true }) continue;
                var gamma = Enumerable.Range(0, n).Select(j => b[j] + (a[j] - b[j]) * h[j]).ToArray();
                terms.Add(IntegrateT01(Ex.Product(At(partial, gamma), a[i] - b[i], dh)));
            }
            result[i] = Ex.Sum(terms);
        }
        return result;
    }

    /// <summary>φ_i = Σ_{S ⊆ N∖{i}} |S|! (n-|S|-1)! / n! [F(z_{S∪{i}}) - F(z_S)], z_S = a on S and b elsewhere.</summary>
    internal static Expr[] Shapley(Expr f, Expr[] a, Expr[] b)
    {
        int n = a.Length;
        var factorial = new Rational[n + 1];
        factorial[0] = Rational.One;
        for (int k = 1; k <= n; k++) factorial[k] = factorial[k - 1] * k;
        var values = new Expr[1 << n];
        for (int mask = 0; mask < 1 << n; mask++)
            values[mask] = At(f, Enumerable.Range(0, n).Select(j => (mask >> j & 1) == 1 ? a[j] : b[j]).ToArray());
        var result = new Expr[n];
        for (int i = 0; i < n; i++)
        {
            var terms = new List<Expr>();
            for (int mask = 0; mask < 1 << n; mask++)
            {
                if ((mask >> i & 1) == 1) continue;
                int s = System.Numerics.BitOperations.PopCount((uint)mask);
                var w = factorial[s] * factorial[n - s - 1] / factorial[n];
                terms.Add(Ex.Scale(w, values[mask | 1 << i] - values[mask]));
            }
            result[i] = Ex.Sum(terms);
        }
        return result;
    }

    /// <summary>∫_0^1 p dt for a polynomial p in t and other variables (canonical sum of monomials).</summary>
    /// <exception cref="InvalidOperationException">p is not a polynomial.</exception>
    public static Expr IntegrateT01(Expr p)
    {
        if (p is Sum s) return Ex.Sum(s.Terms.Select(IntegrateMonomial));
        return IntegrateMonomial(p);
    }

    private static Expr IntegrateMonomial(Expr m)
    {
        IReadOnlyList<Expr> factors = m is Product pr ? pr.Factors : [m];
        int k = 0;
        var rest = new List<Expr>();
        foreach (var factor in factors)
        {
            switch (factor)
            {
                case Variable { Index: 0 }: k += 1; break;
                case Power { Base: Variable { Index: 0 } } pw when pw.Exponent > 0: k += pw.Exponent; break;
                case Constant or Variable: rest.Add(factor); break;
                case Power { Base: Variable } pw2 when pw2.Exponent > 0: rest.Add(factor); break;
                default: throw new InvalidOperationException($"not a monomial: {m}");
            }
        }
        return Ex.Scale(new Rational(1, k + 1), Ex.Product(rest));
    }
}
