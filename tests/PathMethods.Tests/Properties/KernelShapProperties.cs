using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.PathMethods.Tests.Properties;

/// <summary>Lundberg and Lee 2017, Theorem 2: exact KernelSHAP (the constrained weighted regression over all coalitions
/// with the Shapley kernel) equals baseline Shapley exactly, on random functions and networks with 1 &lt;= n &lt;= 10.</summary>
public class KernelShapProperties
{
    // Equal exactly: both rational and equal, or both closed forms whose difference folds to 0 (each is a linear
    // combination of the same coalition values, built canonically).
    private static bool SameExactly(AttributionResult a, AttributionResult b) =>
        a.Attributions.Count == b.Attributions.Count
        && a.Attributions.Zip(b.Attributions).All(p => ExactResult.Add(p.First, p.Second.Negate()).Rational is { IsZero: true });

    private static Gen<(Expr F, int N, Rational[] X, Rational[] B)> Functions =>
        from n in Gen.Choose(1, 10)
        from f in Gen.OneOf(ExprGen.Polynomial(n, 3, 4), ExprGen.PiecewiseLinear(n, 2))
        from x in ExprGen.Point(n)
        from b in ExprGen.Point(n)
        select (f, n, x, b);

    private static Gen<(Expr F, int N, Rational[] X, Rational[] B)> SmoothFunctions =>
        from n in Gen.Choose(1, 4)
        from f in ExprGen.Smooth(n)
        from x in ExprGen.Point(n)
        from b in ExprGen.Point(n)
        select (f, n, x, b);

    [Property(MaxTest = 120)]
    public Property KernelShap_RandomPolynomialOrPiecewiseLinearFunctionUpTo10Features_EqualsBaselineShapley() =>
        Prop.ForAll(Functions.ToArbitrary(), c =>
            SameExactly(Attribute.KernelShap(Subject.Of(c.F, c.N), c.X, c.B), Attribute.BaselineShapley(Subject.Of(c.F, c.N), c.X, c.B)));

    [Property(MaxTest = 40)]
    public Property KernelShap_RandomSmoothFunction_EqualsBaselineShapleyAsClosedForms() =>
        Prop.ForAll(SmoothFunctions.ToArbitrary(), c =>
        {
            var f = Subject.Of(c.F, c.N);
            var ks = Attribute.KernelShap(f, c.X, c.B);
            return SameExactly(ks, Attribute.BaselineShapley(f, c.X, c.B)) && ks.CompletenessGap.Rational is { IsZero: true };
        });

    [Property(MaxTest = 120)]
    public Property KernelShap_RandomNetworkUpTo10Features_EqualsBaselineShapley() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = new Random(seed);
            int n = rng.Next(1, 11);
            var net = RandomNetworks.Create(rng, [n, rng.Next(1, 7), rng.Next(1, 5), 1]);
            Rational[] x = RandomNetworks.Point(rng, n), b = RandomNetworks.Point(rng, n);
            var ks = Attribute.KernelShap(net, x, b);
            return SameExactly(ks, Attribute.BaselineShapley(net, x, b)) && ks.Attributions.All(a => a.Rational is not null);
        });

    [Property(MaxTest = 60)]
    public Property KernelShapSampled_RandomNetworkAndSample_IsExactlyComplete() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = new Random(seed);
            int n = rng.Next(1, 9);
            var net = RandomNetworks.Create(rng, [n, 4, 1]);
            Rational[] x = RandomNetworks.Point(rng, n), b = RandomNetworks.Point(rng, n);
            var fit = Attribute.KernelShapSampled(net, x, b, samples: rng.Next(1, 40), seed: rng.Next(), paired: rng.Next(2) == 1);
            return fit.Attribution.CompletenessGap.Rational is { IsZero: true } && fit.Intercept.Rational == fit.Attribution.FBaseline.Rational;
        });
}
