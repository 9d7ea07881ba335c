using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Methods;

public class ExactLineTests
{
    private static double[] D(IEnumerable<Rational> r) => [.. r.Select(v => v.ToDouble())];

    private static void AssertMatchesExact(Network net, Rational[] x, Rational[] x0, string label)
    {
        var exact = Attribute.IntegratedGradients(net, x, x0);
        var e = exact.Attributions.Select(a => a.Rational!.Value.ToDouble()).ToArray();
        using var model = TorchModel.FromNetwork(net);
        var numeric = NumericAttribute.ExactLineIntegratedGradients(model, D(x), D(x0));
        // Relative 1e-12 of the largest exact attribution (at least 1): only float64 rounding of breakpoints and sums.
        double scale = Math.Max(1, e.Max(Math.Abs));
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(numeric.Attributions[i] - e[i]) <= 1e-12 * scale, $"{label}, A{i + 1}: {numeric.Attributions[i]:R} vs exact {e[i]:R}");
        Assert.True(Math.Abs(numeric.CompletenessDelta) <= 1e-12 * scale, $"{label}: delta {numeric.CompletenessDelta}");
        if (exact.Pieces is { } breakpoints) Assert.True(numeric.Evaluations >= 1 && numeric.Evaluations <= breakpoints.Count + 1, $"{label}: {numeric.Evaluations} pieces, exact breakpoints {breakpoints.Count}");
    }

    [Fact]
    public void ExactLine_100RandomReluNetworks_EqualsExactIgToRelative1e12()
    {
        for (int seed = 1; seed <= 100; seed++)
        {
            var rng = new Random(seed);
            var net = RandomNetworks.Create(rng, [4, 8, 8, 1]);
            AssertMatchesExact(net, RandomNetworks.Point(rng, 4), RandomNetworks.Point(rng, 4), $"seed {seed}");
        }
    }

    [Fact]
    public void ExactLine_RandomNetworksAllLayerTypes_EqualsExactIg()
    {
        var options = new RandomNetworkOptions
        {
            Activations = [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.Identity, RandomActivation.MaxPool],
        };
        for (int seed = 1; seed <= 40; seed++)
        {
            var rng = new Random(1000 + seed);
            var net = RandomNetworks.Create(rng, [4, 8, 8, 1], options);
            AssertMatchesExact(net, RandomNetworks.Point(rng, 4), RandomNetworks.Point(rng, 4), $"seed {1000 + seed}");
        }
    }

    [Fact]
    public void ExactLine_OneRelu_ReportsTwoPiecesAndTheArea()
    {
        // F(x) = relu(x - 1) from 0 to 3: kink at t = 1/3, IG = 2 = F(3) - F(0).
        var net = new Network(1, [new DenseLayer(new Rational[,] { { 1 } }, [(Rational)(-1)]), new ReluLayer()]);
        using var model = TorchModel.FromNetwork(net);
        var r = NumericAttribute.ExactLineIntegratedGradients(model, [3.0], [0.0]);
        Assert.Equal(2, r.Evaluations);
        Assert.True(Math.Abs(r.Attributions[0] - 2) <= 1e-15, $"{r.Attributions[0]}"); // tolerance: one rounding of 1/3
    }

    [Fact]
    public void ExactLine_Float32Model_Throws()
    {
        using var model = TorchModel.FromNetwork(RandomNetworks.Create(new Random(1), [2, 3, 1]), NumericPrecision.Float32);
        var e = Assert.Throws<ArgumentException>(() => NumericAttribute.ExactLineIntegratedGradients(model, [1, 1], [0, 0]));
        Assert.Contains("float64", e.Message);
    }
}
