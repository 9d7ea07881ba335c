using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Onnx;

public class OnnxExportTests
{
    private static readonly RandomNetworkOptions Dyadic = new()
    {
        Denominators = [1, 2, 4, 8],
        Activations = [RandomActivation.Relu, RandomActivation.Abs, RandomActivation.Identity, RandomActivation.MaxPool],
    };

    private static readonly Rational[] Alphas = [new(1, 4), new(-1, 2), new(3, 2), new(1, 1024)];

    /// <summary>A random network with every layer kind: relu, abs, identity, maxpool (groups of 2 and 3), and dyadic leaky relus.</summary>
    private static Network RandomNetwork(int seed)
    {
        var rng = new Random(seed);
        int depth = rng.Next(1, 4);
        var widths = Enumerable.Range(0, depth + 2).Select(_ => rng.Next(1, 6)).ToArray();
        var net = RandomNetworks.Create(rng, widths, Dyadic);
        var layers = net.Layers.Select(l => l is ReluLayer && rng.Next(3) == 0 ? new LeakyReluLayer(Alphas[rng.Next(Alphas.Length)]) : l).ToList();
        return new Network(net.Inputs, layers, net.Output);
    }

    private static Network RoundTrip(byte[] bytes)
    {
        var graph = OnnxGraph.Parse(bytes);
        return OnnxChain.ToNetwork(graph, int.Parse(graph.Metadata["verifier.output"]));
    }

    [Fact]
    public void ToBytes_RandomNetworks_RoundTripExactly()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            var net = RandomNetwork(seed);
            var back = RoundTrip(OnnxExport.ToBytes(net));
            Assert.True(net.Equals(back), $"seed {seed}: {net} came back as {back}");
        }
    }

    [Fact]
    public void ToBytes_EdgeNetworks_RoundTripExactly()
    {
        var dense = new DenseLayer(new Rational[,] { { 1, new Rational(-3, 4) }, { 0, 2 } }, [new Rational(1, 8), 0]);
        var nets = new[]
        {
            new Network(2, []),
            new Network(2, [dense]),
            new Network(2, [dense, dense], 1),
            new Network(2, [new ReluLayer(), dense]),
            new Network(2, [dense, new MaxPoolLayer([[1, 0, 1], [0]])]),
            new Network(2, [new MaxPoolLayer([[1], [0, 1], [1, 1]]), new IdentityLayer(), new AbsLayer()], 2),
        };
        foreach (var net in nets) Assert.Equal(net, RoundTrip(OnnxExport.ToBytes(net)));
    }

    [Fact]
    public void ToBytes_RandomNetworks_OnnxRuntimeAgreesWithTheExactForwardValues()
    {
        var rng = new Random(77);
        for (int seed = 0; seed < 40; seed++)
        {
            var net = RandomNetwork(seed);
            var bytes = OnnxExport.ToBytes(net);
            var x = RandomNetworks.Point(rng, net.Inputs, 8, 8);
            var exact = net.ForwardAll(x);
            var ort = OrtOracle.Run(bytes, [.. x.Select(v => v.ToDouble())]);
            Assert.Equal(exact.Length, ort.Length);
            for (int k = 0; k < ort.Length; k++)
            {
                double e = exact[k].ToDouble();
                Assert.True(Math.Abs(e - ort[k]) <= 1e-12 * Math.Max(1, Math.Abs(e)), $"seed {seed} output {k}: exact {exact[k]}, ORT {ort[k]}");
            }
        }
    }

    [Fact]
    public void ToBytes_WeightWithoutFloat64Value_IsRefusedUnlessRoundingIsAsked()
    {
        var net = new Network(1, [new DenseLayer(new Rational[,] { { new Rational(1, 3) } }, [0]), new LeakyReluLayer(new Rational(1, 10))]);
        var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(net));
        Assert.Contains("layer 0 (dense) weight [0][0] = 1/3", e.Message);
        Assert.IsAssignableFrom<IInputError>(e);
        var back = RoundTrip(OnnxExport.ToBytes(net, new OnnxExportOptions { RoundWeights = true }));
        var d = (DenseLayer)back.Layers[0];
        Assert.Equal(Rational.FromDouble(1.0 / 3), d.Weights[0][0]);
        Assert.Equal(new LeakyReluLayer(Rational.FromDouble(0.1)), back.Layers[1]);
    }
}
