using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Methods.Propagation;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Tests.Properties;

public class PropagationProperties
{
    private static readonly RandomNetworkOptions AllLayers = new()
    {
        Activations = [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.Identity, RandomActivation.MaxPool],
    };

    private static Arbitrary<int> Seeds => Gen.Choose(0, int.MaxValue).ToArbitrary();

    private static (Network Net, Rational[] X, Rational[] B) Make(int seed, RandomNetworkOptions? options = null)
    {
        var rng = new Random(seed);
        var net = RandomNetworks.Create(rng, [3, 5, 4, 1], options);
        return (net, RandomNetworks.Point(rng, 3), RandomNetworks.Point(rng, 3));
    }

    private static Network WithoutBiases(Network net) => new(net.Inputs,
        net.Layers.Select(l => l is DenseLayer d ? new DenseLayer(d.Weights.Select(r => (IReadOnlyList<Rational>)r).ToList(), new Rational[d.OutputCount]) : l),
        net.Output);

    private static Rational SumOf(AttributionResult r) => r.Sum.Rational ?? throw new InvalidOperationException("not rational");

    [Property(MaxTest = 200)]
    public Property DeepLiftRescale_RandomReluNetwork_SumsToDelta() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (net, x, b) = Make(seed);
            return SumOf(Attribute.DeepLiftRescale(net, x, b)) == net.Evaluate(x) - net.Evaluate(b);
        });

    [Property(MaxTest = 200)]
    public Property DeepLiftRevealCancel_RandomReluNetwork_SumsToDelta() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (net, x, b) = Make(seed);
            return SumOf(Attribute.DeepLiftRevealCancel(net, x, b)) == net.Evaluate(x) - net.Evaluate(b);
        });

    [Property(MaxTest = 200)]
    public Property DeepLiftBothRules_RandomNetworkWithEveryLayerType_SumToDelta() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (net, x, b) = Make(seed, AllLayers);
            var delta = net.Evaluate(x) - net.Evaluate(b);
            return SumOf(Attribute.DeepLiftRescale(net, x, b)) == delta && SumOf(Attribute.DeepLiftRevealCancel(net, x, b)) == delta;
        });

    [Property(MaxTest = 100)]
    public Property DeepLiftRescale_ExpressionOfRandomNetwork_SumsToDelta() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (net, x, b) = Make(seed, AllLayers);
            var r = Attribute.DeepLiftRescale(net.ToExpr(), x, b);
            return r.CompletenessGap.Rational is { IsZero: true } && r.FInput.Rational == net.Evaluate(x);
        });

    [Property(MaxTest = 200)]
    public Property LrpZero_RandomBiasFreeNetwork_ConservesF() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (net, x, _) = Make(seed, AllLayers);
            var plain = WithoutBiases(net);
            return SumOf(Attribute.LrpZero(plain, x)) == plain.Evaluate(x);
        });

    [Property(MaxTest = 200)]
    public Property LrpZero_RandomNetwork_InputsPlusBiasRelevanceEqualF() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (net, x, _) = Make(seed, AllLayers);
            var o = Attribute.LrpOutcomeOf(net, x, LrpRule.Zero, Rational.Zero);
            return o.Relevances[0].Aggregate(Rational.Zero, (s, r) => s + r) + o.BiasRelevance == net.Evaluate(x)
                && o.DroppedRelevance.IsZero;
        });

    [Property(MaxTest = 200)]
    public Property LrpEveryRule_RandomNetwork_AccountsForAllOfF() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (net, x, _) = Make(seed, AllLayers);
            return new[] { (LrpRule.Zero, Rational.Zero), (LrpRule.Epsilon, new Rational(1, 10)), (LrpRule.Gamma, new Rational(1, 4)), (LrpRule.ZPlus, Rational.Zero) }
                .All(c =>
                {
                    var o = Attribute.LrpOutcomeOf(net, x, c.Item1, c.Item2);
                    var inputs = o.Relevances[0].Aggregate(Rational.Zero, (s, r) => s + r);
                    return inputs + o.BiasRelevance + o.StabiliserRelevance + o.DroppedRelevance == net.Evaluate(x);
                });
        });

    [Property(MaxTest = 100)]
    public Property NetworkTrace_RandomNetwork_EndsAtForwardAll() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (net, x, _) = Make(seed, AllLayers);
            return NetworkTrace.Forward(net, x)[^1].SequenceEqual(net.ForwardAll(x));
        });
}
