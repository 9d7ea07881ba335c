using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Roots;
using Verifier.Symbolic.Tests.Generators;
using Interval = Verifier.Symbolic.Numbers.Interval;
using Rational = Verifier.Symbolic.Numbers.Rational;

namespace Verifier.Symbolic.Tests.Roots;

public class UnivariatePolynomialTests
{
    private static readonly UnivariatePolynomial T = UnivariatePolynomial.X;
    private static UnivariatePolynomial C(Rational c) => UnivariatePolynomial.Constant(c);
    private static Rational Q(string s) => Rational.Parse(s);

    /// <summary>Random polynomials of degree at most 5 with small rational coefficients.</summary>
    internal static Gen<UnivariatePolynomial> Poly(int maxDegree = 5) =>
        from n in Gen.Choose(0, maxDegree + 1)
        from cs in Gen.ArrayOf(ExprGen.SmallRational, n)
        select new UnivariatePolynomial(cs);

    [Fact]
    public void Constructor_TrailingZeros_AreTrimmed()
    {
        var p = UnivariatePolynomial.Of(1, 2, 0, 0);
        Assert.Equal(1, p.Degree);
        Assert.Equal(new Rational[] { 1, 2 }, p.Coefficients);
        Assert.Equal(UnivariatePolynomial.Linear(2, 1), p);
        Assert.Equal(-1, UnivariatePolynomial.Of(0, 0).Degree);
        Assert.True(UnivariatePolynomial.Of(0).IsZero);
        Assert.Equal(Rational.Zero, UnivariatePolynomial.Zero.LeadingCoefficient);
    }

    [Fact]
    public void Multiply_DifferenceOfSquares_IsExpanded() =>
        Assert.Equal(UnivariatePolynomial.Of(-1, 0, 1), (T + C(1)) * (T - C(1)));

    [Fact]
    public void DivRem_ExactDivisor_HasZeroRemainder()
    {
        var (q, r) = (T.Pow(3) - C(1)).DivRem(T - C(1));
        Assert.Equal(UnivariatePolynomial.Of(1, 1, 1), q);
        Assert.True(r.IsZero);
    }

    [Fact]
    public void DivRem_InexactDivisor_GivesRemainder()
    {
        var (q, r) = (T * T + C(1)).DivRem(C(2) * T - C(1));
        Assert.Equal(UnivariatePolynomial.Of(Q("1/4"), Q("1/2")), q);
        Assert.Equal(C(Q("5/4")), r);
    }

    [Fact]
    public void DivRem_ByZero_Throws() => Assert.Throws<DivideByZeroException>(() => T.DivRem(UnivariatePolynomial.Zero));

    [Property(MaxTest = 200)]
    public Property DivRem_RandomPolynomials_SatisfiesDivisionIdentity() =>
        Prop.ForAll(Poly().ToArbitrary(), Poly(3).Where(b => !b.IsZero).ToArbitrary(), (a, b) =>
        {
            var (q, r) = a.DivRem(b);
            return q * b + r == a && r.Degree < b.Degree;
        });

    [Fact]
    public void Derivative_Cubic_IsThreeTSquared()
    {
        Assert.Equal(UnivariatePolynomial.Monomial(3, 2), T.Pow(3).Derivative());
        Assert.True(C(7).Derivative().IsZero);
    }

    [Fact]
    public void Evaluate_RationalPoint_IsExact() =>
        Assert.Equal(Q("-7/4"), (T * T - C(2)).Evaluate(Q("1/2")));

    [Property(MaxTest = 200)]
    public Property EvaluateInterval_RandomPoint_EnclosesExactValue() =>
        Prop.ForAll(Poly().ToArbitrary(), ExprGen.SmallRational.ToArbitrary(), ExprGen.PositiveRational.ToArbitrary(), (p, x, w) =>
        {
            var box = Interval.Hull(x, x + w / 100);
            return box.Contains(x) && p.Evaluate(box).Contains(p.Evaluate(x));
        });

    [Fact]
    public void Gcd_SharedFactor_IsMonicCommonFactor()
    {
        var a = (C(2) * T - C(2)) * (T - C(2));
        var b = (T - C(1)) * (C(3) * T - C(9));
        Assert.Equal(T - C(1), UnivariatePolynomial.Gcd(a, b));
        Assert.Equal(UnivariatePolynomial.One, UnivariatePolynomial.Gcd(T - C(1), T - C(2)));
        Assert.True(UnivariatePolynomial.Gcd(UnivariatePolynomial.Zero, UnivariatePolynomial.Zero).IsZero);
        Assert.Equal(T - Q("1/2"), UnivariatePolynomial.Gcd(UnivariatePolynomial.Zero, C(4) * T - C(2)));
    }

    [Property(MaxTest = 200)]
    public Property Gcd_RandomPolynomials_DividesBothAndIsMonic() =>
        Prop.ForAll(Poly(3).ToArbitrary(), Poly(3).ToArbitrary(), Poly(2).ToArbitrary(), (a, b, c) =>
        {
            var g = UnivariatePolynomial.Gcd(a * c, b * c);
            bool monic = g.IsZero || g.LeadingCoefficient.IsOne;
            bool divides = g.IsZero ? (a * c).IsZero && (b * c).IsZero : (a * c % g).IsZero && (b * c % g).IsZero;
            bool multipleOfC = c.IsZero || g.IsZero || (g % c).IsZero;
            return monic && divides && multipleOfC;
        });

    [Fact]
    public void SquareFreePart_RepeatedRoots_KeepsEachOnce()
    {
        var p = (T - Q("1/3")).Pow(2) * (T - C(2)).Pow(3) * C(5);
        Assert.Equal((T - Q("1/3")) * (T - C(2)), p.SquareFreePart());
        Assert.Equal(UnivariatePolynomial.One, C(3).SquareFreePart());
    }

    [Fact]
    public void FromExpr_CanonicalPolynomialInT_ReadsCoefficients()
    {
        var e = Ex.Pow(Ex.Const(2) * Ex.T - Ex.One, 2) + Ex.Const(Q("1/2"));
        Assert.Equal(UnivariatePolynomial.Of(Q("3/2"), -4, 4), UnivariatePolynomial.FromExpr(e));
    }

    [Fact]
    public void FromExpr_OtherVariable_IsNull() =>
        Assert.Null(UnivariatePolynomial.FromExpr(Ex.Var(1) * Ex.Var(2) - Ex.One));

    [Fact]
    public void FromExpr_FunctionOrNegativePower_IsNull()
    {
        Assert.Null(UnivariatePolynomial.FromExpr(Ex.Relu(Ex.T)));
        Assert.Null(UnivariatePolynomial.FromExpr(Ex.Pow(Ex.T, -1) + Ex.T));
        Assert.Null(UnivariatePolynomial.FromExpr(Ex.Exp(Ex.T)));
    }

    [Fact]
    public void FromExpr_ChosenVariable_ReadsThatVariable()
    {
        var x1 = Ex.Var(1);
        Assert.Equal(UnivariatePolynomial.Of(1, 0, 3), UnivariatePolynomial.FromExpr(Ex.Const(3) * x1 * x1 + Ex.One, 1));
        Assert.Null(UnivariatePolynomial.FromExpr(x1 + Ex.T, 1));
        Assert.Equal(C(Q("2/3")), UnivariatePolynomial.FromExpr(Ex.Const(Q("2/3"))));
    }

    [Fact]
    public void FromExpr_DegreeBeyondLimit_Throws()
    {
        Assert.Throws<SymbolicLimitException>(() => UnivariatePolynomial.FromExpr(Ex.Pow(Ex.T, 201) + Ex.One));
        Assert.Throws<SymbolicLimitException>(() => UnivariatePolynomial.Monomial(1, 201));
        Assert.Throws<SymbolicLimitException>(() => T.Pow(100) * T.Pow(101));
        Assert.Equal(200, UnivariatePolynomial.FromExpr(Ex.Pow(Ex.T, 200))!.Degree);
    }

    [Property(MaxTest = 200)]
    public Property ToExprFromExpr_RandomPolynomialInX1_RoundTrips() =>
        Prop.ForAll(ExprGen.Polynomial(1).ToArbitrary(), e =>
        {
            var p = UnivariatePolynomial.FromExpr(e, 1);
            return p is not null && p.ToExpr(1) == e;
        });

    [Property(MaxTest = 200)]
    public Property ToExpr_RandomPolynomial_EvaluatesAlike() =>
        Prop.ForAll(Poly().ToArbitrary(), ExprGen.SmallRational.ToArbitrary(), (p, x) =>
            p.ToExpr().Substitute(new Dictionary<int, Expr> { [0] = Ex.Const(x) }) == Ex.Const(p.Evaluate(x))
            && UnivariatePolynomial.FromExpr(p.ToExpr()) == p);
}
