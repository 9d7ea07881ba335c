using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.PathMethods.Tests.Properties;

public class CompletenessProperties
{
    private const int N = 3;

    private static Gen<Expr> Functions => Gen.OneOf(ExprGen.Polynomial(N), ExprGen.PiecewiseLinear(N));

    private static Gen<(Expr F, Rational[] X, Rational[] B)> Cases =>
        from f in Functions
        from x in ExprGen.Point(N)
        from b in ExprGen.Point(N)
        select (f, x, b);

    private static bool Complete(AttributionResult r) => r.CompletenessGap.Rational is { IsZero: true };

    [Property(MaxTest = 60)]
    public Property IntegratedGradients_RandomFunction_IsExactlyComplete() =>
        Prop.ForAll(Cases.ToArbitrary(), c => Complete(Attribute.IntegratedGradients(c.F, c.X, c.B)));

    [Property(MaxTest = 40)]
    public Property Path_RandomNonMonotonePolyline_IsExactlyComplete() =>
        Prop.ForAll((from c in Cases
                     from k in Gen.Choose(1, 3)
                     from ps in Gen.ArrayOf(ExprGen.Point(N), k)
                     select (c, ps)).ToArbitrary(),
            t => Complete(Attribute.Path(t.c.F, new PolylinePath(t.c.B, t.c.X, t.ps))));

    [Property(MaxTest = 40)]
    public Property Path_RandomStaircase_IsExactlyComplete() =>
        Prop.ForAll((from c in Cases
                     from order in Gen.Shuffle(new[] { 1, 2, 3 })
                     select (c, order)).ToArbitrary(),
            t => Complete(Attribute.Path(t.c.F, new StaircasePath(t.c.B, t.c.X, t.order))));

    [Property(MaxTest = 40)]
    public Property BaselineShapley_RandomFunction_IsExactlyComplete() =>
        Prop.ForAll(Cases.ToArbitrary(), c => Complete(Attribute.BaselineShapley(c.F, c.X, c.B)));

    [Property(MaxTest = 25)]
    public Property BaselineShapley_RandomFunction_EqualsAverageOfAllStaircases() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var shapley = Attribute.BaselineShapley(c.F, c.X, c.B);
            var orders = Permutations([1, 2, 3]).ToList();
            var ensemble = new PathEnsemble(orders.Select(o => ((AttributionPath)new StaircasePath(c.B, c.X, o), new Rational(1, orders.Count))));
            return TestPoints.Values(shapley).SequenceEqual(TestPoints.Values(Attribute.Ensemble(c.F, ensemble)));
        });

    [Property(MaxTest = 30)]
    public Property ExpectedGradients_RandomBaselines_SumToFxMinusWeightedMean() =>
        Prop.ForAll((from f in Functions
                     from x in ExprGen.Point(N)
                     from bs in Gen.ArrayOf(ExprGen.Point(N), 3)
                     from w in Gen.ArrayOf(Gen.Choose(0, 4), 3).Where(w => w.Sum() > 0)
                     select (f, x, bs, w)).ToArbitrary(),
            t =>
            {
                var total = t.w.Sum();
                var weights = t.w.Select(v => new Rational(v, total)).ToArray();
                var r = Attribute.ExpectedGradients(t.f, t.x, t.bs, weights);
                var mean = Rational.Zero;
                for (int k = 0; k < 3; k++) mean += weights[k] * t.f.TryEvaluateRational(t.bs[k])!.Value;
                return r.Sum.Rational == t.f.TryEvaluateRational(t.x)!.Value - mean;
            });

    [Fact]
    public void BaselineShapley_FourFeaturePolynomial_EqualsAverageOfAll24Staircases()
    {
        var f = Verifier.Symbolic.Expressions.Parsing.ExprParser.Parse("x1*x2*x3 - 2*x4^2*x1 + x3*x4 + x2^3");
        var x = TestPoints.P(1, 2, -1, 3);
        var b = new[] { Rational.Half, Rational.Zero, Rational.One, (Rational)(-2) };
        var orders = Permutations([1, 2, 3, 4]).ToList();
        Assert.Equal(24, orders.Count);
        var ensemble = new PathEnsemble(orders.Select(o => ((AttributionPath)new StaircasePath(b, x, o), new Rational(1, 24))));
        Assert.Equal(TestPoints.Values(Attribute.BaselineShapley(f, x, b)), TestPoints.Values(Attribute.Ensemble(f, ensemble)));
    }

    internal static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1) { yield return items; yield break; }
        for (int i = 0; i < items.Length; i++)
            foreach (var rest in Permutations([.. items[..i], .. items[(i + 1)..]]))
                yield return [items[i], .. rest];
    }

    // h_i(t) = t^k or 3t^2 - 2t^3 (monotone) or 2t^2 - t (non-monotone: dips below 0): polynomial curves with
    // h(0) = 0 and h(1) = 1, so kinks along the curve are roots of polynomials in t.
    private static Gen<Expr> CurveComponent =>
        Gen.Elements<Expr>(Ex.T, Ex.Pow(Ex.T, 2), Ex.Pow(Ex.T, 3),
            Ex.Sum(Ex.Scale(3, Ex.Pow(Ex.T, 2)), Ex.Scale(-2, Ex.Pow(Ex.T, 3))),
            Ex.Sum(Ex.Scale(2, Ex.Pow(Ex.T, 2)), Ex.Negate(Ex.T)));

    [Property(MaxTest = 60)]
    public Property Path_RandomPolynomialCurve_IsComplete() =>
        // Exact whenever every kink along the curve is rational; otherwise the certified enclosure of the gap
        // must contain 0.
        Prop.ForAll((from c in Cases from h in Gen.ArrayOf(CurveComponent, N) select (c, h)).ToArbitrary(), t =>
        {
            var r = Attribute.Path(t.c.F, new CurvePath(t.c.B, t.c.X, t.h));
            return (r.Exact ? Complete(r) : r.CompletenessGap.Enclosure.Contains(0.0))
                .Label($"F = {t.c.F}, h = ({string.Join(", ", t.h.Select(e => e.ToString()))}), gap {r.CompletenessGap}");
        });
}
