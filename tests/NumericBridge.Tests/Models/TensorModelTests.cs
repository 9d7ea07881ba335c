using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Onnx;
using Verifier.NumericBridge.Tests.Onnx;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Models;

/// <summary>
/// The one base of the tensor models and the one exact-line entry point (issue 12, item 5): every model kind, networks,
/// CNNs and ONNX graphs, goes through <see cref="NumericAttribute.ExactLineIntegratedGradients(TensorModel, IReadOnlyList{double}, IReadOnlyList{double}, int?, int?)"/>
/// and equals the exact IG; the EG and reference-breakpoint variants live in the library.
/// </summary>
public class TensorModelTests
{
    private static double[] D(IEnumerable<Rational> r) => [.. r.Select(v => v.ToDouble())];

    private static double[] Exact(Network net, Rational[] x, Rational[] x0) =>
        [.. Attribute.IntegratedGradients(net, x, x0).Attributions.Select(a => a.Rational!.Value.ToDouble())];

    private static void Close(double[] expected, IReadOnlyList<double> actual, double relative, string what)
    {
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= relative * scale, $"{what}, A{i + 1}: {actual[i]:R} vs {expected[i]:R}");
    }

    [Fact]
    public void ExactLine_EveryModelKind_GoesThroughTheOneEntryPointAndEqualsTheExactIg()
    {
        // A network as a TorchModel and the same ONNX-exported network as an OnnxTensorModel give the same pieces and the exact IG.
        var rng = new Random(7);
        var net = RandomNetworks.Create(rng, [4, 8, 8, 1]);
        var x = RandomNetworks.Point(rng, 4);
        var x0 = RandomNetworks.Point(rng, 4);
        var exact = Exact(net, x, x0);
        using TensorModel torch = TorchModel.FromNetwork(net);
        using TensorModel onnx = OnnxTensorModel.Create(OnnxGraph.Parse(OnnxExport.ToBytes(net)));
        foreach (var model in new[] { torch, onnx })
        {
            var r = NumericAttribute.ExactLineIntegratedGradients(model, D(x), D(x0));
            Close(exact, r.Attributions, 1e-12, model.GetType().Name);
            Assert.True(Math.Abs(r.CompletenessDelta) <= 1e-12 * Math.Max(1, exact.Max(Math.Abs)), $"{model.GetType().Name}: delta {r.CompletenessDelta}");
        }
        Assert.Equal(NumericAttribute.ExactLineIntegratedGradients(torch, D(x), D(x0)).Evaluations,
            NumericAttribute.ExactLineIntegratedGradients(onnx, D(x), D(x0)).Evaluations);
    }

    [Fact]
    public void ExactLine_ConvModel_ThroughTheEntryPointEqualsItsOwnMethodAndCountsPiecesOnce()
    {
        using var cnn = ConvModel.Random(new Random(3), channels: 1, side: 8, convChannels: 2, hidden: 4, classes: 2);
        var rng = new Random(4);
        var x = Enumerable.Range(0, cnn.Inputs).Select(_ => rng.NextDouble()).ToArray();
        var x0 = new double[cnn.Inputs];
        var viaBase = NumericAttribute.ExactLineIntegratedGradients(cnn, x, x0);
        var viaModel = cnn.ExactLineIntegratedGradients(x, x0);
        var chunked = cnn.ExactLineWithScanChunk(x, x0, batchSize: 3, scanChunk: 2);
        Assert.Equal(viaBase.Attributions, viaModel.Attributions);
        Assert.Equal(viaBase.Evaluations, chunked.Evaluations); // chunks share their ends: each breakpoint counted once
        Close(viaBase.Attributions, chunked.Attributions, 1e-12, "chunked");
        Assert.True(Math.Abs(viaBase.CompletenessDelta) <= 1e-12 * Math.Max(1, Math.Abs(viaBase.FInput)), $"delta {viaBase.CompletenessDelta}");
    }

    [Fact]
    public void ExactLine_ExpressionModel_IsRefusedWithTheReason()
    {
        using var model = TorchModel.FromExpression(ExprParser.Parse("relu(x1 - x2)"), 2);
        Assert.False(model.IsPiecewiseLinear);
        var e = Assert.Throws<ArgumentException>(() => NumericAttribute.ExactLineIntegratedGradients(model, [1.0, 0.0], [0.0, 0.0]));
        Assert.Contains("compiled from an expression", e.Message);
    }

    [Fact]
    public void ExactLine_OnnxGraphBeyondTheBudget_StopsWithALimitError()
    {
        // The tent map iterated 6 times, exported to ONNX: 64 pieces on [0, 1].
        var layers = new List<Layer>();
        for (int i = 0; i < 6; i++)
        {
            layers.Add(new DenseLayer(new Rational[,] { { 1 }, { 1 } }, [Rational.Zero, -Rational.Half]));
            layers.Add(new ReluLayer());
            layers.Add(new DenseLayer(new Rational[,] { { 2, -4 } }, [Rational.Zero]));
        }
        using var model = OnnxTensorModel.Create(OnnxGraph.Parse(OnnxExport.ToBytes(new Network(1, layers))));
        Assert.Equal(64, NumericAttribute.ExactLineIntegratedGradients(model, [1.0], [0.0]).Evaluations);
        Assert.Throws<SymbolicLimitException>(() => NumericAttribute.ExactLineIntegratedGradients(model, [1.0], [0.0], maxPieces: 63));
        Assert.Equal(64, NumericAttribute.ExactLineIntegratedGradients(model, [1.0], [0.0], maxPieces: 64).Evaluations);
    }

    [Fact]
    public void IntegratedGradientsAtBreakpoints_ExactBreakpointsOfTheSameNetwork_EqualsTheModelsOwnExactLine()
    {
        var rng = new Random(21);
        var net = RandomNetworks.Create(rng, [3, 6, 6, 1]);
        var x = RandomNetworks.Point(rng, 3);
        var x0 = RandomNetworks.Point(rng, 3);
        using var model = TorchModel.FromNetwork(net);
        var t = NetworkLine.Restrict(net, x0, x).Breakpoints;
        var atReference = NumericAttribute.IntegratedGradientsAtBreakpoints(model, x, x0, t);
        Close(Exact(net, x, x0), atReference.Attributions, 1e-12, "reference breakpoints");
        Assert.Equal(t.Count - 1, atReference.Evaluations);
        Assert.Equal("ig:exact-line:reference-breakpoints", atReference.Method);
    }

    [Fact]
    public void IntegratedGradientsAtBreakpoints_BreakpointsNotFromZeroToOne_AreRefused()
    {
        using var model = TorchModel.FromNetwork(new Network(1, [new DenseLayer(new Rational[,] { { 1 } }, [Rational.Zero]), new ReluLayer()]));
        Assert.Throws<ArgumentException>(() => NumericAttribute.IntegratedGradientsAtBreakpoints(model, [Rational.One], [Rational.Zero], [Rational.Zero, Rational.Half]));
        Assert.Throws<ArgumentException>(() => NumericAttribute.IntegratedGradientsAtBreakpoints(model, [Rational.One], [Rational.Zero], [Rational.Zero, Rational.One, Rational.Half, Rational.One]));
    }

    [Fact]
    public void ExactLineExpectedGradients_TwoBaselines_IsTheWeightedAverageOfTheExactIgs()
    {
        var rng = new Random(31);
        var net = RandomNetworks.Create(rng, [3, 6, 1]);
        var x = RandomNetworks.Point(rng, 3);
        var b1 = RandomNetworks.Point(rng, 3);
        var b2 = RandomNetworks.Point(rng, 3);
        using var model = TorchModel.FromNetwork(net);
        var eg = NumericAttribute.ExactLineExpectedGradients(model, D(x), [D(b1), D(b2)], [0.25, 0.75]);
        var e1 = Exact(net, x, b1);
        var e2 = Exact(net, x, b2);
        Close([.. e1.Select((v, i) => 0.25 * v + 0.75 * e2[i])], eg.Attributions, 1e-12, "EG");
        Assert.Equal("eg:exact-line", eg.Method);
        Assert.Throws<ArgumentException>(() => NumericAttribute.ExactLineExpectedGradients(model, D(x), [D(b1)], [0.5, 0.5]));
    }

    [Fact]
    public void RiemannIg_ConvModel_FormsItsPathOnTheModelsDeviceAndEqualsTheHostRoute()
    {
        // Every tensor model now forms its path points on its device (as the MLP did); the generic route through
        // Gradients gives the same sums up to rounding.
        using var cnn = ConvModel.Random(new Random(5), channels: 1, side: 8, convChannels: 2, hidden: 4, classes: 2);
        var rng = new Random(6);
        var x = Enumerable.Range(0, cnn.Inputs).Select(_ => rng.NextDouble()).ToArray();
        var x0 = new double[cnn.Inputs];
        var options = new NumericIgOptions { Rule = QuadratureRule.Middle, Steps = 20, BatchSize = 7 };
        var onDevice = NumericAttribute.IntegratedGradients(cnn, x, x0, options);
        var (nodes, weights) = Quadrature.NodesAndWeights(QuadratureRule.Middle, 20);
        var host = NumericAttribute.Multiply(NumericAttribute.WeightedGradientSum(cnn, x0, x, nodes, weights, 7), NumericAttribute.Difference(x, x0));
        Close(host, onDevice.Attributions, 1e-13, "on-device path");
    }
}
