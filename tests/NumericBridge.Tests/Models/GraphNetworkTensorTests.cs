using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Onnx;
using Verifier.NumericBridge.Tests.Onnx;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Models;

/// <summary>
/// Networks that are graphs on the numeric side: the tensor model (sparse layers by index_select and index_add, sources
/// concatenated) against the exact forward pass and gradient, its float64 exact line against exact IG, and the ONNX export
/// of graphs (Concat, the sparse encoding, clip) run by ONNX Runtime and read back by the importer.
/// </summary>
public class GraphNetworkTensorTests
{
    private static readonly RandomNetworkOptions Dyadic = new()
    {
        Denominators = [1, 2, 4],
        Activations = [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.MaxPool],
        ExtraActivations = [ClipLayer.Definition],
    };

    private static Network Graph(Random rng) => RandomNetworks.CreateGraph(rng, [3, 5, 5, 4, 2], Dyadic);

    // weights and clip bounds n / d with d in {1, 2, 4} (exact in float64, as the export requires); no leaky_relu, whose
    // slopes the generator draws from 1/100 and 1/10
    private static readonly RandomNetworkOptions Exportable = Dyadic with { Activations = [RandomActivation.Relu, RandomActivation.Abs, RandomActivation.MaxPool] };

    [Fact]
    public void TorchModel_RandomGraphs_ValuesAndGradientsWithinOneInATrillionOfExact()
    {
        var rng = new Random(21);
        for (int c = 0; c < 25; c++)
        {
            var net = Graph(rng);
            using var model = TorchModel.FromNetwork(net);
            for (int k = 0; k < 4; k++)
            {
                var x = RandomNetworks.Point(rng, 3, 7, 4);
                var at = x.Select(v => v.ToDouble()).ToArray();
                var value = net.Evaluate(x).ToDouble();
                Assert.True(Math.Abs(model.Evaluate(at) - value) <= 1e-12 * Math.Max(1, Math.Abs(value)), $"case {c}: F");
                var exact = net.Gradient(x);
                var numeric = model.Gradient(at);
                for (int i = 0; i < 3; i++)
                    Assert.True(Math.Abs(numeric[i] - exact[i].ToDouble()) <= 1e-12 * Math.Max(1, Math.Abs(exact[i].ToDouble())), $"case {c}: dF/dx{i + 1}");
            }
        }
    }

    [Fact]
    public void ExactLine_RandomGraphs_EqualsExactIgToRelative1e9()
    {
        var rng = new Random(22);
        for (int c = 0; c < 25; c++)
        {
            var net = Graph(rng);
            var x = RandomNetworks.Point(rng, 3);
            var x0 = RandomNetworks.Point(rng, 3);
            var exact = Attribute.IntegratedGradients(net, x, x0).Attributions.Select(a => a.Rational!.Value.ToDouble()).ToArray();
            using var model = TorchModel.FromNetwork(net);
            var numeric = NumericAttribute.ExactLineIntegratedGradients(model, [.. x.Select(v => v.ToDouble())], [.. x0.Select(v => v.ToDouble())]);
            double scale = Math.Max(1, exact.Max(Math.Abs));
            for (int i = 0; i < exact.Length; i++)
                Assert.True(Math.Abs(numeric.Attributions[i] - exact[i]) <= 1e-9 * scale, $"case {c}, A{i + 1}: {numeric.Attributions[i]:R} vs {exact[i]:R}");
        }
    }

    [Fact]
    public void Export_RandomGraphs_OnnxRuntimeAgreesAndTheImportIsTheSameFunction()
    {
        var rng = new Random(23);
        for (int c = 0; c < 25; c++)
        {
            var net = RandomNetworks.CreateGraph(rng, [3, 5, 5, 4, 2], Exportable);
            var bytes = OnnxExport.ToBytes(net);
            var back = OnnxImport.ToNetwork(OnnxGraph.Parse(bytes), net.Output);
            for (int k = 0; k < 3; k++)
            {
                var x = RandomNetworks.Point(rng, 3, 8, 8);
                var exact = net.ForwardAll(x);
                Assert.Equal(exact, back.ForwardAll(x));
                var ort = OrtOracle.Run(bytes, [.. x.Select(v => v.ToDouble())]);
                for (int o = 0; o < ort.Length; o++)
                    Assert.True(Math.Abs(exact[o].ToDouble() - ort[o]) <= 1e-12 * Math.Max(1, Math.Abs(exact[o].ToDouble())), $"case {c} output {o}: {exact[o]} vs ORT {ort[o]}");
            }
        }
    }

    [Fact]
    public void Export_ImportedConvNet_RoundTripsThroughTheSparseEncoding()
    {
        var graph = OnnxGraph.Load(OnnxTestFiles.Path(OnnxTestFiles.Cifar));
        var net = OnnxImport.ToNetwork(graph, 3);
        var bytes = OnnxExport.ToBytes(net);
        var back = OnnxImport.ToNetwork(OnnxGraph.Parse(bytes), 3);
        var x = OnnxTestFiles.Point(new Random(4), graph.InputCount).Select(Rational.FromDouble).ToArray();
        Assert.Equal(graph.Evaluate(x), back.ForwardAll(x));
        Assert.True(back.LayerAt(0) is SparseLayer, $"the first convolution came back as {back.LayerAt(0).TypeName}");
    }
}
