using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Integration;

/// <summary>int_a^b f'(t) dt = f(b) - f(a), exactly, for generated f.</summary>
public class FundamentalTheoremProperties
{
    private static readonly Gen<Rational> SmallRational =
        from n in Gen.Choose(-12, 12)
        from d in Gen.Choose(1, 6)
        select new Rational(n, d);

    private static readonly Gen<(Rational A, Rational B)> Endpoints =
        from a in SmallRational.Select(x => x / 3)
        from width in Gen.Choose(1, 12)
        from den in Gen.Choose(1, 5)
        select (a, a + new Rational(width, den * 2));

    private static readonly Gen<Expr> Polynomial =
        from degree in Gen.Choose(0, 6)
        from coefficients in Gen.ArrayOf(SmallRational, degree + 1)
        select Ex.Sum(coefficients.Select((c, k) => Ex.Product(Ex.Const(c), Ex.Pow(Ex.T, k))));

    private static readonly Gen<Rational> PositiveRational =
        from n in Gen.Choose(1, 12)
        from d in Gen.Choose(1, 6)
        select new Rational(n, d);

    private static Expr Affine(Rational alpha, Rational beta) => Ex.Sum(Ex.Const(alpha), Ex.Product(Ex.Const(beta), Ex.T));

    // c * phi(alpha + beta t)^k with phi in {exp, sigmoid, tanh} and k in 1..3, c * softplus(alpha + beta t),
    // c * t^j * exp(alpha + beta t), and, with u = gamma + beta (t - a) or gamma + beta (b - t) positive on [a, b],
    // c * log(u) and c * u^-k.
    private static Gen<Expr> SmoothTerm(Rational a, Rational b) =>
        from kind in Gen.Choose(0, 6)
        from c in SmallRational
        from alpha in SmallRational.Select(x => x / 2)
        from beta in SmallRational.Where(x => !x.IsZero).Select(x => x / 2)
        from k in Gen.Choose(1, 3)
        from gamma in PositiveRational.Select(x => x / 2)
        from rising in Gen.Elements(true, false)
        let u = Affine(alpha, beta)
        let positive = rising ? Affine(gamma - beta.Abs() * a, beta.Abs()) : Affine(gamma + beta.Abs() * b, -beta.Abs())
        select Ex.Product(Ex.Const(c), kind switch
        {
            0 => Ex.Pow(Ex.Exp(u), k),
            1 => Ex.Pow(Ex.Sigmoid(u), k),
            2 => Ex.Pow(Ex.Tanh(u), k),
            3 => Ex.Softplus(u),
            4 => Ex.Product(Ex.Pow(Ex.T, k), Ex.Exp(u)),
            5 => Ex.Log(positive),
            _ => Ex.Pow(positive, -k),
        });

    private static readonly Gen<(Expr F, Rational A, Rational B)> SmoothCase =
        from ends in Endpoints
        from p in Polynomial
        from terms in Gen.Choose(1, 3).SelectMany(k => Gen.ArrayOf(SmoothTerm(ends.A, ends.B), k))
        select (Ex.Sum(terms.Append(p)), ends.A, ends.B);

    private static bool ContainsLog(Expr e) => e is Log || e.Children.Any(ContainsLog);

    private static Expr At(Expr f, Rational t) => f.Substitute(new Dictionary<int, Expr> { [0] = Ex.Const(t) });

    [Property(MaxTest = 200)]
    public Property Definite_DerivativeOfPolynomial_IsExactDifference() =>
        Prop.ForAll(Arb.From(Polynomial.SelectMany(p => Endpoints, (p, e) => (p, e))), x =>
        {
            var (p, (a, b)) = x;
            var r = Integrate.Definite(p.Differentiate(0), a, b);
            var expected = ((Constant)At(p, b)).Value - ((Constant)At(p, a)).Value;
            return r.Rational == expected;
        });

    [Property(MaxTest = 200)]
    public Property Definite_DerivativeOfSmoothFunction_IsExactAndMatchesDifference() =>
        Prop.ForAll(Arb.From(SmoothCase), x =>
        {
            var (f, a, b) = x;
            var r = Integrate.Definite(f.Differentiate(0), a, b);
            var expected = Ex.Sum(At(f, b), Ex.Negate(At(f, a)));
            var direct = expected.Enclose([]);
            double scale = Math.Max(1, Math.Abs(direct.Mid));
            bool narrow = r.Enclosure.Width <= 1e-9 * scale && direct.Width <= 1e-9 * scale;
            bool intersect = r.Enclosure.Lo <= direct.Hi && direct.Lo <= r.Enclosure.Hi;
            // Without logarithms the closed form is canonically equal to f(b) - f(a). With them it may differ in form
            // only: log(2t) has derivative t^-1, which integrates to log|t|, and log(16/5) - log(2) is not
            // rewritten to log(8/5); the enclosures still have to agree.
            return r.IsExact && narrow && intersect && (ContainsLog(f) || Equals(expected, r.ClosedForm));
        });
}
