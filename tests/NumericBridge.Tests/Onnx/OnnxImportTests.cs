using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Xunit.Abstractions;

namespace Verifier.NumericBridge.Tests.Onnx;

/// <summary>
/// <see cref="OnnxImport.ToNetwork"/>: every fixture of the ONNX suite and every shared model lowered to an exact network
/// whose whole output equals the exact interpreter's at random points (and ONNX Runtime's within float32 tolerance for the
/// shared models); chains stay chains (the dense ones equal today's chain conversion), residual graphs become graphs, and a
/// convolution becomes a sparse layer.
/// </summary>
public class OnnxImportTests(ITestOutputHelper output)
{
    private static Rational[] RandomPoint(Random rng, int n) =>
        [.. Enumerable.Range(0, n).Select(_ => new Rational(rng.Next(-64, 65), 64))];

    [Theory]
    [InlineData("all-operators")]
    [InlineData("residual")]
    [InlineData("nhwc")]
    [InlineData("pooling-with-pad")]
    [InlineData("normalisation")]
    [InlineData("one-dimensional")]
    [InlineData("opset-7")]
    [InlineData("opset-13")]
    [InlineData("opset-18")]
    public void ToNetwork_SuiteFixture_EqualsTheExactInterpreter(string name)
    {
        var graph = OnnxGraph.Parse(OnnxFixtures.ByName(name));
        var network = OnnxImport.ToNetwork(graph);
        Assert.Equal(graph.OutputCount, network.OutputWidth);
        var rng = new Random(name.Length);
        for (int trial = 0; trial < 5; trial++)
        {
            var x = RandomPoint(rng, graph.InputCount);
            Assert.Equal(graph.Evaluate(x), network.ForwardAll(x));
        }
        for (int k = 0; k < graph.OutputCount; k++) Assert.Equal(k, OnnxImport.ToNetwork(graph, k).Output);
        output.WriteLine($"{name}: {network}");
    }

    [Fact]
    public void ToNetwork_SmoothFixture_IsRefusedNamingTheNode()
    {
        var graph = OnnxGraph.Parse(OnnxFixtures.Smooth());
        var e = Assert.Throws<OnnxModelException>(() => OnnxImport.ToNetwork(graph));
        Assert.Contains("not piecewise linear", e.Message);
        Assert.Contains("Sigmoid", e.Message);
        Assert.False(OnnxImport.TryToNetwork(graph, 0, out _, out var reason));
        Assert.Equal(e.Message, reason);
    }

    [Fact]
    public void ToNetwork_Residual_IsAGraphWithATwoSourceSparseLayer()
    {
        var network = OnnxImport.ToNetwork(OnnxGraph.Parse(OnnxFixtures.Residual()));
        Assert.False(network.IsChain);
        Assert.Contains(network.Nodes, n => n.Layer is SparseLayer && n.Sources.Length == 2);
        Assert.Throws<NotAChainException>(() => network.Layers);
    }

    [Theory]
    [InlineData(OnnxTestFiles.AcasXu, 5)]
    [InlineData(OnnxTestFiles.MnistMlp, 10)]
    [InlineData(OnnxTestFiles.Nano, 1)]
    [InlineData(OnnxTestFiles.Tiny, 1)]
    [InlineData(OnnxTestFiles.Small, 1)]
    public void ToNetwork_SharedDenseModel_IsTheChainConversion(string file, int outputs)
    {
        var graph = OnnxGraph.Load(OnnxTestFiles.Path(file));
        var network = OnnxImport.ToNetwork(graph, outputs - 1);
        Assert.True(network.IsChain);
        Assert.Equal(OnnxChain.ToNetwork(graph, outputs - 1), network);
    }

    [Theory]
    [InlineData(OnnxTestFiles.AcasXu)]
    [InlineData(OnnxTestFiles.MnistMlp)]
    [InlineData(OnnxTestFiles.ConvMaxPool)]
    [InlineData(OnnxTestFiles.Cifar)]
    [InlineData(OnnxTestFiles.Nano)]
    [InlineData(OnnxTestFiles.Tiny)]
    [InlineData(OnnxTestFiles.Small)]
    public void ToNetwork_SharedModel_EqualsTheInterpreterAndOnnxRuntime(string file)
    {
        var path = OnnxTestFiles.Path(file);
        var graph = OnnxGraph.Load(path);
        var network = OnnxImport.ToNetwork(graph);
        var rng = new Random(11);
        for (int trial = 0; trial < 2; trial++)
        {
            var x = OnnxTestFiles.Point(rng, graph.InputCount, -1, 1);
            var exact = network.ForwardAll([.. x.Select(Rational.FromDouble)]);
            Assert.Equal(graph.Evaluate([.. x.Select(Rational.FromDouble)]), exact);
            var ort = OrtOracle.Run(path, x);
            double scale = Math.Max(1, ort.Max(Math.Abs));
            for (int k = 0; k < exact.Length; k++)
                Assert.True(Math.Abs(exact[k].ToDouble() - ort[k]) <= OnnxExactOracleTests.Float32Tolerance * scale, $"output {k}: network {exact[k].ToDouble()}, ORT {ort[k]}");
        }
        output.WriteLine($"{file}: {network}");
    }

    [Theory]
    [InlineData(OnnxTestFiles.ConvMaxPool)]
    [InlineData(OnnxTestFiles.Cifar)]
    public void ToNetwork_ConvNet_WritesConvolutionsAsSparseLayers(string file)
    {
        var network = OnnxImport.ToNetwork(OnnxGraph.Load(OnnxTestFiles.Path(file)));
        var first = Assert.IsType<SparseLayer>(network.LayerAt(0));
        Assert.True(first.EntryCount < (long)first.OutputCount * first.InputCount / 10, $"{first.EntryCount} entries");
    }

    [Fact]
    public void ToNetwork_OutputOutOfRange_Throws()
    {
        var graph = OnnxGraph.Load(OnnxTestFiles.Path(OnnxTestFiles.Tiny));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxImport.ToNetwork(graph, 1));
    }
}
