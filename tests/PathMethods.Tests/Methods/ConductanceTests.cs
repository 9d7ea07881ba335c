using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Methods;

public class ConductanceTests
{
    // F = 2 relu(x1 - x2) + relu(x1 + x2): layers 0 dense (pre-activations), 1 relu, 2 dense.
    internal static Network TwoNeurons() => new(2,
    [
        new DenseLayer(new Rational[,] { { 1, -1 }, { 1, 1 } }, P(0, 0)),
        new ReluLayer(),
        new DenseLayer(new Rational[,] { { 2, 1 } }, P(0)),
    ]);

    [Fact]
    public void Conductance_PathCrossingOneKink_MatchesHandIntegral()
    {
        // gamma(t) = (-2 + 3t, 2t): x1 - x2 = -2 + t < 0 throughout, x1 + x2 = -2 + 5t > 0 for t > 2/5.
        // Neuron 1 carries everything: IG_(1,1) = 3 * 3/5 = 9/5, IG_(2,1) = 2 * 3/5 = 6/5.
        var r = Attribute.Conductance(TwoNeurons(), P(1, 2), P(-2, 0), layer: 1);
        Assert.Equal(P(0, 3), r.Neurons);
        Assert.Equal(new[] { Rational.Zero, R("9/5") }, r.Flows[0]);
        Assert.Equal(new[] { Rational.Zero, R("6/5") }, r.Flows[1]);
        Assert.Equal(Rational.Zero, r.CompletenessGap);
        Assert.Equal(new[] { Rational.Zero, R("2/5"), Rational.One }, r.Pieces);
    }

    [Fact]
    public void Conductance_BothNeuronsActive_SplitsOutputByNeuron()
    {
        // From (0, -1) to (2, 0): x1 - x2 = 1 + t > 0, x1 + x2 = -1 + 3t > 0 for t > 1/3.
        // Cond_0 = 2 (relu(x1 - x2) goes 1 -> 2) = 2; Cond_1 = relu(2) - relu(-1) = 2.
        var r = Attribute.Conductance(TwoNeurons(), P(2, 0), P(0, -1), layer: 1);
        Assert.Equal(P(2, 2), r.Neurons);
        Assert.Equal(r.FInput - r.FBaseline, r.Sum);
    }

    [Fact]
    public void NeuronConductance_PathCrossingOneKink_ReturnsFlowOfEachFeature()
    {
        var r = Attribute.NeuronConductance(TwoNeurons(), P(1, 2), P(-2, 0), layer: 0, neuron: 1);
        Assert.Equal(new[] { R("9/5"), R("6/5") }, Values(r));
        Assert.Equal("conductance", r.Method);
    }

    [Fact]
    public void Conductance_LayerOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Attribute.Conductance(TwoNeurons(), P(1, 2), P(0, 0), layer: 3));

    [Fact]
    public void NeuronConductance_NeuronOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Attribute.NeuronConductance(TwoNeurons(), P(1, 2), P(0, 0), layer: 1, neuron: 2));

    [Fact]
    public void Conductance_WrongDimension_Throws() =>
        Assert.Throws<ArgumentException>(() => Attribute.Conductance(TwoNeurons(), P(1, 2, 3), P(0, 0), layer: 1));

    private static (Network Net, Rational[] X, Rational[] B) Make(int seed)
    {
        var rng = new Random(seed);
        var net = RandomNetworks.Create(rng, [3, 5, 4, 1]);
        return (net, RandomNetworks.Point(rng, 3), RandomNetworks.Point(rng, 3));
    }

    [Property(MaxTest = 150)]
    public Property Conductance_EveryLayerOfRandomNetwork_SumsToIgPerFeatureAndToOutputChange() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var (net, x, b) = Make(seed);
            var ig = Values(Attribute.IntegratedGradients(net, x, b));
            for (int layer = 0; layer < net.Layers.Count; layer++)
            {
                var r = Attribute.Conductance(net, x, b, layer);
                if (!r.InputGradients.SequenceEqual(ig) || !r.CompletenessGap.IsZero) return false;
                for (int i = 0; i < 3; i++)
                    if (r.Flows[i].Aggregate(Rational.Zero, (s, v) => s + v) != ig[i]) return false;
            }
            return true;
        });

    [Property(MaxTest = 60)]
    public Property Conductance_RandomNetwork_EqualsPathFormOfEquation6() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            // Seed 004 eq. 6, last line: Cond_j = integral dG/dH_j(H(gamma)) d(H_j o gamma)/dt dt, computed from
            // forward values of H_j at the breakpoints (no Jacobian).
            var (net, x, b) = Make(seed);
            const int layer = 1;
            var r = Attribute.Conductance(net, x, b, layer);
            int m = net.Widths[layer + 1];
            var head = new Network(m, net.Layers.Skip(layer + 1), net.Output);
            var hidden = new Network(net.Inputs, net.Layers.Take(layer + 1));
            var t = r.Pieces;
            var expected = new Rational[m];
            for (int k = 0; k + 1 < t.Count; k++)
            {
                var h0 = hidden.ForwardAll(NetworkLine.PointAt(b, x, t[k]));
                var h1 = hidden.ForwardAll(NetworkLine.PointAt(b, x, t[k + 1]));
                var g = head.Gradient(hidden.ForwardAll(NetworkLine.PointAt(b, x, (t[k] + t[k + 1]) * Rational.Half)));
                for (int j = 0; j < m; j++) expected[j] += g[j] * (h1[j] - h0[j]);
            }
            return r.Neurons.SequenceEqual(expected);
        });
}
