using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Methods;

public class ConductanceTests
{
    private static double[] D(IEnumerable<Rational> r) => [.. r.Select(v => v.ToDouble())];

    private static readonly RandomNetworkOptions AllActivations = new()
    {
        Activations = [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.Identity, RandomActivation.MaxPool],
    };

    /// <summary>F = 2 relu(x1 + x2) - relu(x1 - x2): dense (layer 0), relu (layer 1), dense (layer 2).</summary>
    private static Network HandNetwork() => new(2,
    [
        new DenseLayer(new Rational[,] { { 1, 1 }, { 1, -1 } }, [0, 0]),
        new ReluLayer(),
        new DenseLayer(new Rational[,] { { 2, -1 } }, [0]),
    ]);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void LayerConductance_HandNetwork_MidpointRuleIsExactBetweenKinks(int layer)
    {
        // x' = (-1, 0), x = (2, 1): z1 = -1 + 4 alpha (kink at 1/4), z2 = -1 + 2 alpha (kink at 1/2). Before layer 1's relu
        // and after it the flows agree: Cond_1 = 2 * 4 * (3/4) = 6, Cond_2 = -1 * 2 * (1/2) = -1; F(x) - F(x') = 5 - 0.
        // The integrand is a step function with its jumps on cell edges of the 8-cell midpoint rule, which is exact there.
        using var model = TorchModel.FromNetwork(HandNetwork());
        var c = NumericAttribute.LayerConductance(model, [2.0, 1.0], [-1.0, 0.0], layer, new NumericIgOptions { Rule = QuadratureRule.Middle, Steps = 8 });
        // Tolerance 1e-14: float64 rounding of sums of 8 terms.
        Assert.True(Math.Abs(c.Neurons[0] - 6) <= 1e-14, $"{c.Neurons[0]:R}");
        Assert.True(Math.Abs(c.Neurons[1] + 1) <= 1e-14, $"{c.Neurons[1]:R}");
        Assert.Equal(5.0, c.FInput);
        Assert.Equal(0.0, c.FBaseline);
        Assert.True(Math.Abs(c.CompletenessDelta) <= 1e-14, $"{c.CompletenessDelta:R}");
        Assert.Equal("conductance:middle:8", c.Method);
        Assert.Equal(8, c.Evaluations);
        var exact = Attribute.Conductance(HandNetwork(), [2, 1], [-1, 0], layer);
        Assert.Equal([6.0, -1.0], D(exact.Neurons));
    }

    [Theory]
    [InlineData(QuadratureRule.Middle, NumericPrecision.Float64, 500)]
    [InlineData(QuadratureRule.Middle, NumericPrecision.Float64, 4000)]
    [InlineData(QuadratureRule.Middle, NumericPrecision.Float64, 32000)]
    [InlineData(QuadratureRule.GaussLegendre, NumericPrecision.Float64, 500)]
    [InlineData(QuadratureRule.GaussLegendre, NumericPrecision.Float64, 4000)]
    [InlineData(QuadratureRule.Middle, NumericPrecision.Float32, 4000)]
    public void LayerConductance_RandomNetworks_CloseToExactWithinTwelveOverSteps(QuadratureRule rule, NumericPrecision precision, int steps)
    {
        // The integrand dF/dy_j dy_j/dalpha is piecewise constant along the path, so every rule's error is O(1/n) per jump.
        // Tolerance 12 / steps relative to max(1, max_j |exact Cond_j|), over every layer of [4, 8, 8, 1] networks with relu,
        // leaky relu, abs, identity and max-pool activations, 6 seeds. Measured worst: 9.6e-3 (middle, 500), 4.8e-4
        // (middle, 4000; float32 the same), 1.7e-4 (middle, 32000), 3.8e-3 (Gauss-Legendre, 500), 1.4e-3 (Gauss-Legendre,
        // 4000): at most 5.6 / steps.
        double tolerance = 12.0 / steps;
        for (int seed = 1; seed <= 6; seed++)
        {
            var rng = new Random(seed);
            var net = RandomNetworks.Create(rng, [4, 8, 8, 1], AllActivations);
            var x = RandomNetworks.Point(rng, 4);
            var x0 = RandomNetworks.Point(rng, 4);
            using var model = TorchModel.FromNetwork(net, precision);
            for (int layer = 0; layer < net.Layers.Count; layer++)
            {
                var exact = D(Attribute.Conductance(net, x, x0, layer).Neurons);
                var numeric = NumericAttribute.LayerConductance(model, D(x), D(x0), layer, new NumericIgOptions { Rule = rule, Steps = steps });
                Assert.Equal(exact.Length, numeric.Neurons.Length);
                double scale = Math.Max(1, exact.Max(Math.Abs));
                for (int j = 0; j < exact.Length; j++)
                    Assert.True(Math.Abs(numeric.Neurons[j] - exact[j]) <= tolerance * scale,
                        $"seed {seed}, layer {layer}, neuron {j}: {numeric.Neurons[j]:R} vs exact {exact[j]:R}");
            }
        }
    }

    [Fact]
    public void LayerConductance_RandomNetworks_SumsToOutputDifference()
    {
        // Completeness through any layer: sum_j Cond_j = F(x) - F(x'). With 4000 Gauss-Legendre nodes on a piecewise-constant
        // integrand the gap is quadrature error: tolerance 12 / 4000 relative to max(1, sum_j |Cond_j|) (measured worst 2.6e-3
        // of max_j |Cond_j|). It is the same quadrature of dF/dalpha as IG's, so the sums agree with IG's to float64 rounding:
        // 1e-12 relative to max(1, |F(x) - F(x')|) (measured 1.1e-14).
        for (int seed = 1; seed <= 6; seed++)
        {
            var rng = new Random(100 + seed);
            var net = RandomNetworks.Create(rng, [5, 10, 10, 10, 2], AllActivations);
            double[] x = D(RandomNetworks.Point(rng, 5)), x0 = D(RandomNetworks.Point(rng, 5));
            using var model = TorchModel.FromNetwork(net);
            var ig = NumericAttribute.IntegratedGradients(model, x, x0, new NumericIgOptions { Steps = 4000 });
            double difference = Math.Max(1, Math.Abs(ig.FInput - ig.FBaseline));
            for (int layer = 0; layer < net.Layers.Count; layer++)
            {
                var c = NumericAttribute.LayerConductance(model, x, x0, layer, new NumericIgOptions { Steps = 4000 });
                double scale = Math.Max(1, c.Neurons.Sum(Math.Abs));
                Assert.True(Math.Abs(c.CompletenessDelta) <= 12.0 / 4000 * scale, $"seed {seed}, layer {layer}: delta {c.CompletenessDelta:R}");
                Assert.True(Math.Abs(c.Neurons.Sum() - ig.Attributions.Sum()) <= 1e-12 * difference, $"seed {seed}, layer {layer}");
            }
        }
    }

    [Fact]
    public void LayerConductance_BatchSize_DoesNotChangeResult()
    {
        var rng = new Random(5);
        var net = RandomNetworks.Create(rng, [4, 8, 8, 1], AllActivations);
        double[] x = D(RandomNetworks.Point(rng, 4)), x0 = D(RandomNetworks.Point(rng, 4));
        using var model = TorchModel.FromNetwork(net);
        var auto = NumericAttribute.LayerConductance(model, x, x0, 2, new NumericIgOptions { Steps = 100 });
        var seven = NumericAttribute.LayerConductance(model, x, x0, 2, new NumericIgOptions { Steps = 100, BatchSize = 7 });
        for (int j = 0; j < auto.Neurons.Length; j++) Assert.True(Math.Abs(auto.Neurons[j] - seven.Neurons[j]) <= 1e-13); // tolerance: summation order
    }

    [Fact]
    public void LayerConductance_LayerOutOfRange_ThrowsNamingTheRange()
    {
        using var model = TorchModel.FromNetwork(HandNetwork());
        var low = Assert.Throws<ArgumentOutOfRangeException>(() => NumericAttribute.LayerConductance(model, [1.0, 1.0], [0.0, 0.0], -1));
        var high = Assert.Throws<ArgumentOutOfRangeException>(() => NumericAttribute.LayerConductance(model, [1.0, 1.0], [0.0, 0.0], 3));
        Assert.Contains("0..2", low.Message);
        Assert.Contains("3 layers", high.Message);
    }

    [Fact]
    public void LayerConductance_ExpressionModel_ThrowsNoLayers()
    {
        using var model = TorchModel.FromExpression(ExprParser.Parse("relu(x1 + x2)"), 2);
        var e = Assert.Throws<ArgumentException>(() => NumericAttribute.LayerConductance(model, [1.0, 1.0], [0.0, 0.0], 0));
        Assert.Contains("built from a network", e.Message);
    }

    [Fact]
    public void LayerConductance_BadPointsAndOptions_Throw()
    {
        using var model = TorchModel.FromNetwork(HandNetwork());
        var nan = Assert.Throws<ArgumentException>(() => NumericAttribute.LayerConductance(model, [double.NaN, 1.0], [0.0, 0.0], 1));
        Assert.Contains("non-finite", nan.Message);
        var length = Assert.Throws<ArgumentException>(() => NumericAttribute.LayerConductance(model, [1.0, 1.0], [0.0, 0.0, 0.0], 1));
        Assert.Contains("2 inputs", length.Message);
        var batch = Assert.Throws<ArgumentException>(() => NumericAttribute.LayerConductance(model, [1.0, 1.0], [0.0, 0.0], 1, new NumericIgOptions { BatchSize = 0 }));
        Assert.Contains("batch size must be at least 1", batch.Message);
    }
}
