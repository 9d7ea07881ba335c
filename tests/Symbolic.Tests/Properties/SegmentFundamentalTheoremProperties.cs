using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Restriction;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.Symbolic.Tests.Properties;

/// <summary>
/// The fundamental theorem along a segment, with exact equality: for F and a segment p0 -> p1, the exact integral
/// over [0, 1] of the restricted directional derivative sum_i dF/dx_i(gamma(t)) (p1_i - p0_i) equals F(p1) - F(p0).
/// This exercises differentiation (with kink conventions), restriction with exact breakpoints and integration.
/// </summary>
public class SegmentFundamentalTheoremProperties
{
    private const int N = 3;

    private static Expr Directional(Expr f, Rational[] p0, Rational[] p1) =>
        Ex.Sum(f.Gradient(p0.Length).Select((d, i) => Ex.Product(Ex.Const(p1[i] - p0[i]), d)));

    private static bool Holds(Expr f, Rational[] p0, Rational[] p1)
    {
        var integral = Restrict.ToSegment(Directional(f, p0, p1), p0, p1).Integrate();
        var expected = f.TryEvaluateRational(p1)!.Value - f.TryEvaluateRational(p0)!.Value;
        return integral.IsExact && integral.Rational == expected;
    }

    private static Arbitrary<(Expr F, Rational[] P0, Rational[] P1)> Cases(Gen<Expr> functions) =>
        (from f in functions
         from p0 in ExprGen.Point(N, 6, 1, 2, 3, 4)
         from p1 in ExprGen.Point(N, 6, 1, 2, 3, 5)
         select (f, p0, p1)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Polynomials_IntegralOfRestrictedDerivative_IsDifferenceOfEndValues() =>
        Prop.ForAll(Cases(ExprGen.Polynomial(N)), c => Holds(c.F, c.P0, c.P1).Label($"F = {c.F}"));

    [Property(MaxTest = 300)]
    public Property PiecewiseLinear_IntegralOfRestrictedDerivative_IsDifferenceOfEndValues() =>
        Prop.ForAll(Cases(ExprGen.PiecewiseLinear(N)), c => Holds(c.F, c.P0, c.P1).Label($"F = {c.F}"));

    [Property(MaxTest = 200)]
    public Property PiecewisePolynomial_IntegralOfRestrictedDerivative_IsDifferenceOfEndValues() =>
        // relu and max of polynomials: kinks at (possibly irrational) roots of polynomials in t. The integral is
        // exact whenever every root is rational; otherwise its certified enclosure must contain F(p1) - F(p0).
        Prop.ForAll(Cases(from p in ExprGen.Polynomial(N, 2, 3) from q in ExprGen.Affine(N)
                          select Ex.Sum(Ex.Relu(p), Ex.Max(q, Ex.Product(Ex.Const(2), p)))), c =>
        {
            var integral = Restrict.ToSegment(Directional(c.F, c.P0, c.P1), c.P0, c.P1).Integrate();
            var expected = c.F.TryEvaluateRational(c.P1)!.Value - c.F.TryEvaluateRational(c.P0)!.Value;
            return (integral.IsExact ? integral.Rational == expected : integral.Enclosure.Contains(expected))
                .Label($"F = {c.F}, integral {integral}, expected {expected}");
        });

    [Property(MaxTest = 200)]
    public Property Networks_IntegralOfGradientOnPieces_IsDifferenceOfEndValues() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = new Random(seed);
            var net = RandomNetworks.Create(rng, [N, 6, 5, 1]);
            var p0 = RandomNetworks.Point(rng, N); var p1 = RandomNetworks.Point(rng, N);
            // d/dt of the restriction on each piece is the exact gradient there dotted with (p1 - p0).
            var g = Restrict.ToSegment(net, p0, p1);
            var ts = g.ExactBreakpoints;
            var sum = Rational.Zero;
            for (int j = 0; j < g.Pieces.Count; j++)
            {
                var grad = NetworkLine.GradientOnPiece(net, p0, p1, NetworkLine.Restrict(net, p0, p1), j);
                var slope = Rational.Zero;
                for (int i = 0; i < N; i++) slope += grad[i] * (p1[i] - p0[i]);
                sum += slope * (ts[j + 1] - ts[j]);
                // the restriction's own slope on the piece agrees with the gradient
                if (g.Pieces[j].Differentiate(0) != Ex.Const(slope)) return false.Label($"piece {j} slope mismatch, seed {seed}");
            }
            return (sum == net.Evaluate(p1) - net.Evaluate(p0)).Label($"seed {seed}");
        });

    [Property(MaxTest = 100)]
    public Property Networks_ExpressionFormRestriction_HasTheSameIntegral() =>
        // The ExactLine restriction of a network and the kink-splitting restriction of its expression form agree.
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = new Random(seed);
            var net = RandomNetworks.Create(rng, [2, 4, 3, 1]);
            var p0 = RandomNetworks.Point(rng, 2); var p1 = RandomNetworks.Point(rng, 2);
            var viaLine = Restrict.ToSegment(net, p0, p1).Integrate().Rational;
            var viaExpr = Restrict.ToSegment(net.ToExpr(), p0, p1).Integrate().Rational;
            return (viaLine is not null && viaLine == viaExpr).Label($"seed {seed}: {viaLine} vs {viaExpr}");
        });
}
