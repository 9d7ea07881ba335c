using System.Diagnostics;
using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Xunit.Abstractions;

namespace Verifier.NumericBridge.Tests.Onnx;

public class OnnxChainTests(ITestOutputHelper output)
{
    private static Rational[] RandomRationalPoint(Random rng, int n) =>
        [.. Enumerable.Range(0, n).Select(_ => new Rational(rng.Next(-64, 65), 64))];

    [Theory]
    [InlineData(OnnxTestFiles.AcasXu, 5)]
    [InlineData(OnnxTestFiles.MnistMlp, 10)]
    [InlineData(OnnxTestFiles.Nano, 1)]
    [InlineData(OnnxTestFiles.Tiny, 1)]
    [InlineData(OnnxTestFiles.Small, 1)]
    public void ToNetwork_SharedDenseModel_EqualsTheGraphExactlyAndOnnxRuntime(string file, int outputs)
    {
        var path = OnnxTestFiles.Path(file);
        var graph = OnnxGraph.Load(path);
        var network = OnnxChain.ToNetwork(graph, outputs - 1);
        Assert.Equal(outputs, network.OutputWidth);
        Assert.Equal(outputs - 1, network.Output);
        var rng = new Random(9);
        for (int trial = 0; trial < 3; trial++)
        {
            var x = RandomRationalPoint(rng, graph.InputCount);
            var viaNetwork = network.ForwardAll(x);
            Assert.Equal(graph.Evaluate(x), viaNetwork);
            var ort = OrtOracle.Run(path, [.. x.Select(v => v.ToDouble())]);
            double scale = Math.Max(1, ort.Max(Math.Abs));
            for (int k = 0; k < outputs; k++)
                Assert.True(Math.Abs(viaNetwork[k].ToDouble() - ort[k]) <= OnnxExactOracleTests.Float32Tolerance * scale, $"output {k}: network {viaNetwork[k].ToDouble()}, ORT {ort[k]}");
        }
        output.WriteLine($"{file}: {network}");
    }

    [Theory]
    [InlineData("nhwc")]
    [InlineData("normalisation")]
    [InlineData("opset-7")]
    [InlineData("opset-13")]
    [InlineData("opset-18")]
    public void ToNetwork_DenseFixture_EqualsTheGraphExactly(string name)
    {
        var graph = OnnxGraph.Parse(OnnxFixtures.ByName(name));
        var rng = new Random(4);
        for (int k = 0; k < graph.OutputCount; k++)
        {
            var network = OnnxChain.ToNetwork(graph, k);
            for (int trial = 0; trial < 4; trial++)
            {
                var x = RandomRationalPoint(rng, graph.InputCount);
                Assert.Equal(graph.Evaluate(x)[k], network.Evaluate(x));
            }
            if (k == 0) output.WriteLine($"{name}: {network}");
        }
    }

    [Theory]
    [InlineData("residual", "residual")]
    [InlineData("all-operators", "branch around an activation")]
    [InlineData("smooth", "not piecewise linear")]
    public void ToNetwork_NotAChain_IsRefusedWithTheReason(string name, string reason)
    {
        var graph = OnnxGraph.Parse(OnnxFixtures.ByName(name));
        var e = Assert.Throws<OnnxModelException>(() => OnnxChain.ToNetwork(graph));
        Assert.True(e.Message.Contains(reason), e.Message);
        Assert.False(OnnxChain.TryToNetwork(graph, 0, out _, out var why));
        Assert.Equal(e.Message, why);
    }

    [Fact]
    public void ToNetwork_ConvNetBeyondTheDenseLimit_NamesTheLimit()
    {
        var graph = OnnxGraph.Load(OnnxTestFiles.Path(OnnxTestFiles.ConvMaxPool));
        var e = Assert.Throws<OnnxModelException>(() => OnnxChain.ToNetwork(graph));
        Assert.Contains("MaxDenseEntries", e.Message);
    }

    [Fact]
    public void IntegratedGradients_AcasXu_CompletenessGapIsExactlyZero()
    {
        var graph = OnnxGraph.Load(OnnxTestFiles.Path(OnnxTestFiles.AcasXu));
        var network = OnnxChain.ToNetwork(graph, 0);
        var x = new Rational[] { new(1, 2), new(-1, 4), new(3, 8), new(1, 3), new(-1, 5) };
        var baseline = new Rational[5];
        var watch = Stopwatch.StartNew();
        var result = Attribute.IntegratedGradients(network, x, baseline);
        watch.Stop();
        Assert.Equal(Rational.Zero, result.CompletenessGap.Rational);
        Assert.Equal(graph.Evaluate(x)[0], result.FInput.Rational);
        Assert.True(result.Exact);
        output.WriteLine($"ACAS Xu exact IG: {watch.Elapsed.TotalSeconds:F3} s, {result.Pieces?.Count} breakpoints (machine shared)");
    }
}
