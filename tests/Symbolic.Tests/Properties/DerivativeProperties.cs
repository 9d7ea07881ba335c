using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.Symbolic.Tests.Properties;

/// <summary>The derivative of a polynomial is the exact limit of its difference quotient.</summary>
public class DerivativeProperties
{
    private const int N = 3;

    // q = (p(x + h e_i) - p(x)) / h with h = t; the division cancels exactly, so q is a polynomial and q(t = 0) = dp/dx_i.
    private static Expr DifferenceQuotientAtZero(Expr p, int i)
    {
        var shifted = p.Substitute(new Dictionary<int, Expr> { [i] = Ex.Sum(Ex.Var(i), Ex.T) });
        var q = Ex.Divide(shifted - p, Ex.T);
        return q.Substitute(new Dictionary<int, Expr> { [0] = Ex.Zero });
    }

    [Property(MaxTest = 300)]
    public Property Differentiate_Polynomial_EqualsDifferenceQuotientAtZero() =>
        Prop.ForAll(ExprGen.Arbitrary(ExprGen.Polynomial(N)), Gen.Choose(1, N).ToArbitrary(), ExprGen.Point(N).ToArbitrary(), (p, i, x) =>
        {
            var derivative = p.Differentiate(i);
            var quotient = DifferenceQuotientAtZero(p, i);
            bool polynomial = Ex.Divide(p.Substitute(new Dictionary<int, Expr> { [i] = Ex.Sum(Ex.Var(i), Ex.T) }) - p, Ex.T).IsPolynomial;
            bool equal = quotient.Equals(derivative);
            bool sameValue = quotient.TryEvaluateRational(x) is { } a && derivative.TryEvaluateRational(x) is { } b && a == b;
            return polynomial.Label("quotient is a polynomial")
                .And(equal.Label($"d/dx{i} {p}: quotient {quotient} != derivative {derivative}"))
                .And(sameValue.Label("values differ"));
        });

    [Property(MaxTest = 200)]
    public Property Differentiate_Polynomial_IsLinear() =>
        Prop.ForAll(ExprGen.Arbitrary(ExprGen.Polynomial(N)), ExprGen.Arbitrary(ExprGen.Polynomial(N)), ExprGen.NonZeroRational.ToArbitrary(), (p, q, c) =>
            Ex.Sum(Ex.Product(Ex.Const(c), p), q).Differentiate(2)
                .Equals(Ex.Sum(Ex.Product(Ex.Const(c), p.Differentiate(2)), q.Differentiate(2))));

    [Property(MaxTest = 200)]
    public Property Differentiate_Product_FollowsLeibniz() =>
        Prop.ForAll(ExprGen.Arbitrary(ExprGen.Polynomial(N, 3, 3)), ExprGen.Arbitrary(ExprGen.Polynomial(N, 3, 3)), (p, q) =>
            Ex.Product(p, q).Differentiate(1)
                .Equals(Ex.Sum(Ex.Product(p.Differentiate(1), q), Ex.Product(p, q.Differentiate(1)))));
}
