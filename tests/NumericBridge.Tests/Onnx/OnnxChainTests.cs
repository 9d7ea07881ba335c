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

public class OnnxExactLineTests(ITestOutputHelper output)
{
    [Fact]
    public void ExactLineIntegratedGradients_AcasXuChain_AgreesWithExactIgWithin1e9()
    {
        var graph = OnnxGraph.Load(OnnxTestFiles.Path(OnnxTestFiles.AcasXu));
        var network = OnnxChain.ToNetwork(graph, 1);
        var x = new Rational[] { new(1, 2), new(-1, 4), new(3, 8), new(1, 3), new(-1, 5) };
        var baseline = new Rational[] { new(-1, 8), 0, new(1, 16), 0, new(1, 4) };
        var exact = Attribute.IntegratedGradients(network, x, baseline);
        using var model = Verifier.NumericBridge.Models.TorchModel.FromNetwork(network);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var line = Verifier.NumericBridge.Methods.NumericAttribute.ExactLineIntegratedGradients(model, [.. x.Select(v => v.ToDouble())], [.. baseline.Select(v => v.ToDouble())]);
        watch.Stop();
        double scale = exact.Attributions.Max(a => Math.Abs(a.Rational!.Value.ToDouble()));
        for (int i = 0; i < 5; i++)
        {
            double e = exact.Attributions[i].Rational!.Value.ToDouble();
            Assert.True(Math.Abs(line.Attributions[i] - e) <= 1e-9 * scale, $"A_{i}: exact line {line.Attributions[i]}, exact {e}");
        }
        output.WriteLine($"float64 exact line: {watch.Elapsed.TotalSeconds:F3} s, {line.Evaluations} pieces; exact {exact.Pieces?.Count} breakpoints");
    }

    [Fact]
    public void Kinks_AllOperatorsFixture_ListsEveryNonlinearOperation()
    {
        var graph = OnnxGraph.Parse(OnnxFixtures.AllOperators());
        var kinks = graph.Kinks();
        Assert.Equal(["Abs", "Clip", "LeakyRelu", "Max", "MaxPool", "Min", "PRelu", "ReduceMax", "Relu"],
            kinks.Select(k => graph.Operations[k.Operation].OpType).Order().ToArray());
        Assert.Equal(kinks.Select(k => k.Operation).Order(), kinks.Select(k => k.Operation));
        var clip = kinks.Single(k => graph.Operations[k.Operation].OpType == "Clip");
        Assert.Equal([new Rational(-1, 2), Rational.Half], clip.Points.ToArray());
    }
}
