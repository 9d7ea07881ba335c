using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Tests.Properties;

public class NetworkProperties
{
    private static Gen<(Network Net, Rational[] X, Rational[] B, Rational[] P)> Cases =>
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select Make(seed);

    private static (Network, Rational[], Rational[], Rational[]) Make(int seed)
    {
        var rng = new Random(seed);
        var net = RandomNetworks.Create(rng, [3, 5, 4, 1]);
        return (net, RandomNetworks.Point(rng, 3), RandomNetworks.Point(rng, 3), RandomNetworks.Point(rng, 3));
    }

    [Property(MaxTest = 40)]
    public Property IntegratedGradients_RandomNetwork_EqualsIgOfItsExpression() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var onNet = Attribute.IntegratedGradients(c.Net, c.X, c.B);
            var onExpr = Attribute.IntegratedGradients(c.Net.ToExpr(), c.X, c.B);
            return TestPoints.Values(onNet).SequenceEqual(TestPoints.Values(onExpr))
                && onNet.CompletenessGap.Rational is { IsZero: true };
        });

    [Property(MaxTest = 40)]
    public Property Path_RandomNetworkPolyline_IsExactlyComplete() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
            Attribute.Path(c.Net, new PolylinePath(c.B, c.X, [c.P, c.B, c.X])).CompletenessGap.Rational is { IsZero: true });

    [Property(MaxTest = 20)]
    public Property BaselineShapley_RandomNetwork_EqualsExpressionShapley() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
            TestPoints.Values(Attribute.BaselineShapley(c.Net, c.X, c.B))
                .SequenceEqual(TestPoints.Values(Attribute.BaselineShapley(c.Net.ToExpr(), c.X, c.B))));

    [Property(MaxTest = 20)]
    public Property ExpectedGradients_RandomNetwork_SumToFxMinusMean() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var r = Attribute.ExpectedGradients(c.Net, c.X, [c.B, c.P]);
            return r.Sum.Rational == c.Net.Evaluate(c.X) - (c.Net.Evaluate(c.B) + c.Net.Evaluate(c.P)) * Rational.Half;
        });
}
