using System.Diagnostics;
using Verifier.NumericBridge.Onnx;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Xunit.Abstractions;

namespace Verifier.NumericBridge.Tests.Onnx;

/// <summary>
/// Exact Integrated Gradients on every piecewise-linear fixture (the shared models and the ONNX suite): the imported
/// network's IG along the straight path from 0 to a data-like input has completeness gap exactly 0, F(x) equal to the exact
/// interpreter's, and equals the graph's float64 exact-line IG (<see cref="OnnxTensorModel.ExactLineIntegratedGradients"/>,
/// which never sees the exact lowering) within 1e-9 relative (max_i |A_i - E_i| &lt;= 1e-9 max_j |E_j|).
/// </summary>
public class OnnxExactIgTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-9;

    /// <summary>The data-like input of the benchmark: ACAS Xu at the centre of VNN-COMP property 1's box, images seeded in [0, 1).</summary>
    internal static double[] DataLike(string file, int n)
    {
        if (file == OnnxTestFiles.AcasXu)
            return [.. new[] { (0.6 + 0.679857769) / 2, 0, 0, (0.45 + 0.5) / 2, (-0.5 - 0.45) / 2 }.Select(v => (double)(float)v)];
        return OnnxTestFiles.Point(new Random(1), n);
    }

    private void Check(OnnxGraph graph, double[] x, string what)
    {
        var network = OnnxImport.ToNetwork(graph);
        var input = x.Select(Rational.FromDouble).ToArray();
        var baseline = new Rational[x.Length];
        var watch = Stopwatch.StartNew();
        var exact = Attribute.IntegratedGradients(network, input, baseline);
        var seconds = watch.Elapsed.TotalSeconds;
        Assert.Equal(Rational.Zero, exact.CompletenessGap.Rational);
        Assert.Equal(graph.Evaluate(input)[0], exact.FInput.Rational);
        using var model = OnnxTensorModel.Create(graph);
        var line = model.ExactLineIntegratedGradients(x, new double[x.Length]);
        var e = exact.Attributions.Select(a => a.Rational!.Value.ToDouble()).ToArray();
        double scale = e.Max(Math.Abs);
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(line.Attributions[i] - e[i]) <= Tolerance * scale, $"{what} A_{i}: exact {e[i]}, float64 exact line {line.Attributions[i]}");
        output.WriteLine($"{what}: {exact.Pieces!.Count - 1} pieces exactly ({line.Evaluations} in float64), exact IG {seconds:F2} s (machine shared)");
    }

    [Theory]
    [InlineData(OnnxTestFiles.AcasXu)]
    [InlineData(OnnxTestFiles.MnistMlp)]
    [InlineData(OnnxTestFiles.Cifar)]
    [InlineData(OnnxTestFiles.Nano)]
    [InlineData(OnnxTestFiles.Tiny)]
    [InlineData(OnnxTestFiles.Small)]
    public void IntegratedGradients_SharedModel_IsCompleteAndEqualsTheFloat64ExactLine(string file)
    {
        var graph = OnnxGraph.Load(OnnxTestFiles.Path(file));
        Check(graph, DataLike(file, graph.InputCount), file);
    }

    [Fact]
    public void IntegratedGradients_MnistMlpAtTwoInputs_EveryAttributionIsInLowestTerms()
    {
        // the MLP's attributions (14,000-bit denominators) are reduced from the breakpoints' structure, not by a gcd each
        // (GradientSweep.LowestTerms): check each against a full gcd, independently of that code
        var graph = OnnxGraph.Load(OnnxTestFiles.Path(OnnxTestFiles.MnistMlp));
        var network = OnnxImport.ToNetwork(graph);
        foreach (int seed in new[] { 1, 2 })
        {
            var input = OnnxTestFiles.Point(new Random(seed), graph.InputCount).Select(Rational.FromDouble).ToArray();
            var exact = Attribute.IntegratedGradients(network, input, new Rational[input.Length]);
            Assert.Equal(Rational.Zero, exact.CompletenessGap.Rational);
            int large = 0;
            foreach (var a in exact.Attributions.Select(a => a.Rational!.Value))
            {
                Assert.True(System.Numerics.BigInteger.GreatestCommonDivisor(a.Numerator, a.Denominator).IsOne, $"{a} is not in lowest terms");
                if (a.Denominator.GetBitLength() > 10_000) large++;
            }
            Assert.True(large > 700, $"{large} attributions with denominators over 10,000 bits");
        }
    }

    [Fact]
    public void IntegratedGradients_ConvMaxPoolNet_IsCompleteAndEqualsTheFloat64ExactLine()
    {
        var graph = OnnxGraph.Load(OnnxTestFiles.Path(OnnxTestFiles.ConvMaxPool));
        Check(graph, DataLike(OnnxTestFiles.ConvMaxPool, graph.InputCount), OnnxTestFiles.ConvMaxPool);
    }

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
    public void IntegratedGradients_SuiteFixture_IsCompleteAndEqualsTheFloat64ExactLine(string name)
    {
        var graph = OnnxGraph.Parse(OnnxFixtures.ByName(name));
        var rng = new Random(name.Length);
        Check(graph, OnnxTestFiles.Point(rng, graph.InputCount, -1, 1), name);
    }

    [Fact]
    public void ExactLineIntegratedGradients_BudgetBelowThePieces_ThrowsSymbolicLimit()
    {
        // the residual fixture's path has 30 pieces in float64 (IntegratedGradients_SuiteFixture_...): a budget of 5 stops the scan
        var graph = OnnxGraph.Parse(OnnxFixtures.ByName("residual"));
        var x = OnnxTestFiles.Point(new Random("residual".Length), graph.InputCount, -1, 1);
        using var model = OnnxTensorModel.Create(graph);
        var e = Assert.Throws<Verifier.Symbolic.Expressions.SymbolicLimitException>(() => model.ExactLineIntegratedGradients(x, new double[x.Length], maxPieces: 5));
        Assert.Contains("5", e.Message);
        Assert.Equal(30, model.ExactLineIntegratedGradients(x, new double[x.Length], maxPieces: 30).Evaluations);
    }

    [Fact]
    public void Methods_ImportedAcasXu_AreExactAndReportFx()
    {
        var graph = OnnxGraph.Load(OnnxTestFiles.Path(OnnxTestFiles.AcasXu));
        var network = OnnxImport.ToNetwork(graph, 1);
        var x = DataLike(OnnxTestFiles.AcasXu, 5).Select(Rational.FromDouble).ToArray();
        var b = new Rational[] { new(1, 2), 0, new(1, 4), new(1, 2), new(-1, 2) };
        var fx = graph.Evaluate(x)[1];
        var delta = fx - graph.Evaluate(b)[1];
        Assert.Equal(delta, Attribute.BaselineShapley(network, x, b).Sum.Rational);
        Assert.Equal(delta, Attribute.DeepLiftRescale(network, x, b).Sum.Rational);
        Assert.Equal(delta, Attribute.DeepLiftRevealCancel(network, x, b).Sum.Rational);
        Assert.Equal(fx - (graph.Evaluate(b)[1] + graph.Evaluate(new Rational[5])[1]) * Rational.Half,
            Attribute.ExpectedGradients(network, x, [b, new Rational[5]]).Sum.Rational);
        foreach (var r in new[] { Attribute.BaselineShapley(network, x, b), Attribute.Gradient(network, x), Attribute.LrpEpsilon(network, x, new Rational(1, 100)) })
            Assert.Equal(fx, r.FInput.Rational);
        using var model = OnnxTensorModel.Create(graph, 1);
        var numeric = model.Gradient([.. x.Select(v => v.ToDouble())]);
        var exact = Attribute.Gradient(network, x).Attributions.Select(a => a.Rational!.Value.ToDouble()).ToArray();
        for (int i = 0; i < 5; i++) Assert.True(Math.Abs(numeric[i] - exact[i]) <= 1e-9 * Math.Max(1, Math.Abs(exact[i])), $"dF/dx_{i}");
    }

    [Theory]
    [InlineData("residual")]
    [InlineData("all-operators")]
    public void Methods_ImportedGraphFixture_SumToDeltaAndReportFx(string name)
    {
        var graph = OnnxGraph.Parse(OnnxFixtures.ByName(name));
        var network = OnnxImport.ToNetwork(graph);
        var rng = new Random(2);
        var x = OnnxTestFiles.Point(rng, graph.InputCount, -1, 1).Select(Rational.FromDouble).ToArray();
        var b = OnnxTestFiles.Point(rng, graph.InputCount, -1, 1).Select(Rational.FromDouble).ToArray();
        var delta = graph.Evaluate(x)[0] - graph.Evaluate(b)[0];
        Assert.Equal(delta, Attribute.DeepLiftRescale(network, x, b).Sum.Rational);
        Assert.Equal(delta, Attribute.IntegratedGradients(network, x, b).Sum.Rational);
        var lrp = Attribute.LrpZero(network, x);
        Assert.Equal(graph.Evaluate(x)[0], lrp.FInput.Rational);
        Assert.True(lrp.Exact);
    }
}
