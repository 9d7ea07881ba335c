using Verifier.Symbolic.Expressions;

namespace Verifier.Symbolic.Roots;

public sealed partial class UnivariatePolynomial
{
    /// <summary>
    /// The polynomial that <paramref name="e"/> denotes as a function of the one variable with index
    /// <paramref name="variable"/> (0 is t), or null when it is not one: when it contains another variable, a
    /// function (relu, exp, ...) or a negative power.
    /// </summary>
    /// <exception cref="SymbolicLimitException">The degree exceeds <see cref="MaxDegree"/>.</exception>
    public static UnivariatePolynomial? FromExpr(Expr e, int variable = 0)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentOutOfRangeException.ThrowIfNegative(variable);
        return e.IsPolynomial ? Walk(e, variable) : null;
    }

    // The canonical form is a sum of coefficient * product of powers; polynomial arithmetic on the children
    // also handles any non-canonical nesting.
    private static UnivariatePolynomial? Walk(Expr e, int variable)
    {
        switch (e)
        {
            case Constant c: return Constant(c.Value);
            case Variable v: return v.Index == variable ? X : null;
            case Sum s:
                var sum = Zero;
                foreach (var term in s.Terms)
                {
                    if (Walk(term, variable) is not { } p) return null;
                    sum += p;
                }
                return sum;
            case Product pr:
                var product = One;
                foreach (var factor in pr.Factors)
                {
                    if (Walk(factor, variable) is not { } p) return null;
                    product *= p;
                }
                return product;
            case Power pw when pw.Exponent > 0:
                if (Walk(pw.Base, variable) is not { } b) return null;
                if ((long)b.Degree * pw.Exponent > MaxDegree)
                    throw new SymbolicLimitException($"{e} has degree {(long)b.Degree * pw.Exponent}, beyond the limit of {MaxDegree}");
                return b.Pow(pw.Exponent);
            default: return null;
        }
    }

    /// <summary>The canonical expression sum c_i v^i in the variable with index <paramref name="variable"/> (0 is t).</summary>
    public Expr ToExpr(int variable = 0)
    {
        var v = Ex.Var(variable);
        var terms = new List<Expr>(_coefficients.Length);
        for (int i = 0; i < _coefficients.Length; i++)
            if (!_coefficients[i].IsZero) terms.Add(Ex.Product(Ex.Const(_coefficients[i]), Ex.Pow(v, i)));
        return Ex.Sum(terms);
    }
}
