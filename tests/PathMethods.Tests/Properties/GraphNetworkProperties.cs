using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Tests.Properties;

/// <summary>
/// The attribution methods on random networks that are graphs (skip connections, residual adds through sparse layers,
/// every activation family, max-pool): the exact path methods and Expected Gradients are complete, IG equals IG of the
/// network's expression form, Shapley values are efficient, DeepLIFT sums to F(x) - F(x'), and LRP-0 conserves
/// F(x) minus the bias and dropped shares.
/// </summary>
public class GraphNetworkProperties
{
    private static readonly RandomNetworkOptions Mixed = new()
    {
        Denominators = [1, 2],
        Activations = [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.MaxPool],
        ExtraActivations = [ClipLayer.Definition],
    };

    private static Gen<(Network Net, Rational[] X, Rational[] B, Rational[] P)> Cases =>
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select Make(seed);

    private static (Network, Rational[], Rational[], Rational[]) Make(int seed)
    {
        var rng = new Random(seed);
        var net = RandomNetworks.CreateGraph(rng, [3, 4, 4, 4, 1], Mixed);
        return (net, RandomNetworks.Point(rng, 3), RandomNetworks.Point(rng, 3), RandomNetworks.Point(rng, 3));
    }

    private static Rational Sum(AttributionResult r) => r.Sum.Rational!.Value;

    [Property(MaxTest = 25)]
    public Property IntegratedGradients_RandomGraph_IsCompleteAndEqualsIgOfItsExpression() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var onNet = Attribute.IntegratedGradients(c.Net, c.X, c.B);
            var onExpr = Attribute.IntegratedGradients(c.Net.ToExpr(), c.X, c.B);
            return TestPoints.Values(onNet).SequenceEqual(TestPoints.Values(onExpr))
                && onNet.CompletenessGap.Rational is { IsZero: true }
                && onNet.FInput.Rational == c.Net.Evaluate(c.X);
        });

    [Property(MaxTest = 20)]
    public Property Path_RandomGraphPolyline_IsExactlyComplete() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
            Attribute.Path(c.Net, new PolylinePath(c.B, c.X, [c.P, c.B, c.X])).CompletenessGap.Rational is { IsZero: true });

    [Property(MaxTest = 15)]
    public Property ExpectedGradients_RandomGraph_SumToFxMinusMean() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
            Sum(Attribute.ExpectedGradients(c.Net, c.X, [c.B, c.P])) == c.Net.Evaluate(c.X) - (c.Net.Evaluate(c.B) + c.Net.Evaluate(c.P)) * Rational.Half);

    [Property(MaxTest = 15)]
    public Property BaselineShapley_RandomGraph_IsEfficient() =>
        Prop.ForAll(Cases.ToArbitrary(), c => Sum(Attribute.BaselineShapley(c.Net, c.X, c.B)) == c.Net.Evaluate(c.X) - c.Net.Evaluate(c.B));

    [Property(MaxTest = 25)]
    public Property DeepLift_RandomGraph_SumsToDelta() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
            Sum(Attribute.DeepLiftRescale(c.Net, c.X, c.B)) == c.Net.Evaluate(c.X) - c.Net.Evaluate(c.B)
            && Sum(Attribute.DeepLiftRevealCancel(c.Net, c.X, c.B)) == c.Net.Evaluate(c.X) - c.Net.Evaluate(c.B));

    [Property(MaxTest = 25)]
    public Property Lrp_RandomGraph_ConservesRelevance() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var outcome = Attribute.LrpOutcomeOf(c.Net, c.X, Verifier.PathMethods.Methods.Propagation.LrpRule.Epsilon, new Rational(1, 100));
            var input = outcome.Relevances[0].Aggregate(Rational.Zero, (s, r) => s + r);
            return input + outcome.BiasRelevance + outcome.StabiliserRelevance + outcome.DroppedRelevance == c.Net.Evaluate(c.X);
        });

    [Property(MaxTest = 15)]
    public Property Gradient_RandomGraph_EqualsTheExpressionGradientAwayFromKinks() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            if (c.Net.KinksAt(c.X).Count > 0) return true;
            return TestPoints.Values(Attribute.Gradient(c.Net, c.X)).SequenceEqual(TestPoints.Values(Attribute.Gradient(c.Net.ToExpr(), c.X)));
        });
}
