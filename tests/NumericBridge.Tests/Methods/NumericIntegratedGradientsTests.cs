using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Methods;

public class NumericIntegratedGradientsTests
{
    private static double[] D(IEnumerable<Rational> r) => [.. r.Select(v => v.ToDouble())];

    private static double[] ExactIg(Network net, Rational[] x, Rational[] baseline) =>
        [.. Attribute.IntegratedGradients(net, x, baseline).Attributions.Select(a => a.Rational!.Value.ToDouble())];

    [Theory]
    [InlineData(QuadratureRule.Trapezoid, NumericPrecision.Float64, 4000, 2e-3)]
    [InlineData(QuadratureRule.Middle, NumericPrecision.Float64, 4000, 2e-3)]
    [InlineData(QuadratureRule.GaussLegendre, NumericPrecision.Float64, 4000, 2e-3)]
    [InlineData(QuadratureRule.Left, NumericPrecision.Float64, 4000, 5e-3)]
    [InlineData(QuadratureRule.Right, NumericPrecision.Float64, 4000, 5e-3)]
    [InlineData(QuadratureRule.Trapezoid, NumericPrecision.Float32, 4000, 2e-3)]
    public void IntegratedGradients_ManySteps_CloseToExact(QuadratureRule rule, NumericPrecision precision, int steps, double tolerance)
    {
        // Piecewise-linear integrands: every rule's error is O(1/n) per kink (jumps of the gradient), so the
        // tolerance, relative to max(1, max |exact A_i|), is a few kinks times |x - x'| times the gradient jump over n.
        for (int seed = 1; seed <= 5; seed++)
        {
            var rng = new Random(seed);
            var net = RandomNetworks.Create(rng, [4, 8, 8, 1]);
            var x = RandomNetworks.Point(rng, 4);
            var x0 = RandomNetworks.Point(rng, 4);
            var exact = ExactIg(net, x, x0);
            using var model = TorchModel.FromNetwork(net, precision);
            var numeric = NumericAttribute.IntegratedGradients(model, D(x), D(x0), new NumericIgOptions { Rule = rule, Steps = steps, BatchSize = 1000 });
            double scale = Math.Max(1, exact.Max(Math.Abs));
            for (int i = 0; i < 4; i++)
                Assert.True(Math.Abs(numeric.Attributions[i] - exact[i]) <= tolerance * scale,
                    $"seed {seed}, A{i + 1}: {numeric.Attributions[i]} vs exact {exact[i]}");
        }
    }

    [Fact]
    public void IntegratedGradients_LinearNetwork_CaptumTrapezoidFallsShortByNMinus1OverN()
    {
        // F(x) = 2 x1 - 3 x2 + 1/2: exact IG from 0 to (1, 1) is (2, -3), F(x) - F(x') = -1.
        var net = new Network(2, [new DenseLayer(new Rational[,] { { 2, -3 } }, [Rational.Parse("1/2")])]);
        using var model = TorchModel.FromNetwork(net);
        const int n = 10;
        var trapezoid = NumericAttribute.IntegratedGradients(model, [1.0, 1.0], [0.0, 0.0], new NumericIgOptions { Rule = QuadratureRule.Trapezoid, Steps = n });
        var captum = NumericAttribute.IntegratedGradients(model, [1.0, 1.0], [0.0, 0.0], new NumericIgOptions { Rule = QuadratureRule.CaptumTrapezoid, Steps = n });
        // Tolerance 1e-14: float64 rounding of sums of 10 weights.
        Assert.True(Math.Abs(trapezoid.CompletenessDelta) <= 1e-14, $"{trapezoid.CompletenessDelta}");
        Assert.True(Math.Abs(trapezoid.Attributions[0] - 2) <= 1e-14 && Math.Abs(trapezoid.Attributions[1] + 3) <= 1e-14);
        Assert.True(Math.Abs(captum.Attributions[0] - 2.0 * (n - 1) / n) <= 1e-14, $"{captum.Attributions[0]}");
        Assert.True(Math.Abs(captum.Attributions.Sum() - (-1.0) * (n - 1) / n) <= 1e-14);
        Assert.True(Math.Abs(captum.CompletenessDelta - 1.0 / n) <= 1e-14, $"{captum.CompletenessDelta}"); // sum - (-1) = 1/n
    }

    [Theory]
    [InlineData(NumericPrecision.Float64)]
    [InlineData(NumericPrecision.Float32)]
    public void IntegratedGradients_RepeatedRuns_BitIdentical(NumericPrecision precision)
    {
        // Determinism: the same model, points and options give the same bits, run after run and model after model.
        var rng = new Random(21);
        var net = RandomNetworks.Create(rng, [6, 16, 16, 1]);
        double[] x = D(RandomNetworks.Point(rng, 6)), x0 = D(RandomNetworks.Point(rng, 6));
        using var first = TorchModel.FromNetwork(net, precision);
        using var second = TorchModel.FromNetwork(net, precision);
        foreach (var rule in Enum.GetValues<QuadratureRule>())
        {
            var options = new NumericIgOptions { Rule = rule, Steps = 37 };
            var a = NumericAttribute.IntegratedGradients(first, x, x0, options);
            var b = NumericAttribute.IntegratedGradients(first, x, x0, options);
            var c = NumericAttribute.IntegratedGradients(second, x, x0, options);
            Assert.Equal(a.Attributions, b.Attributions);
            Assert.Equal(a.Attributions, c.Attributions);
        }
        if (precision == NumericPrecision.Float64)
            Assert.Equal(NumericAttribute.ExactLineIntegratedGradients(first, x, x0).Attributions,
                NumericAttribute.ExactLineIntegratedGradients(second, x, x0).Attributions);
    }

    [Fact]
    public void IntegratedGradients_BatchSize_DoesNotChangeResult()
    {
        var rng = new Random(9);
        var net = RandomNetworks.Create(rng, [4, 8, 8, 1]);
        using var model = TorchModel.FromNetwork(net);
        double[] x = D(RandomNetworks.Point(rng, 4)), x0 = D(RandomNetworks.Point(rng, 4));
        var one = NumericAttribute.IntegratedGradients(model, x, x0, new NumericIgOptions { Steps = 100, BatchSize = 1000 });
        var many = NumericAttribute.IntegratedGradients(model, x, x0, new NumericIgOptions { Steps = 100, BatchSize = 7 });
        for (int i = 0; i < 4; i++) Assert.True(Math.Abs(one.Attributions[i] - many.Attributions[i]) <= 1e-13); // tolerance: summation order
        Assert.Equal("ig:gausslegendre:100", one.Method);
    }

    [Fact]
    public void IntegratedGradients_NaNInput_ThrowsWithMessage()
    {
        using var model = TorchModel.FromNetwork(RandomNetworks.Create(new Random(1), [2, 3, 1]));
        var e = Assert.Throws<ArgumentException>(() => NumericAttribute.IntegratedGradients(model, [double.PositiveInfinity, 0], [0, 0]));
        Assert.Contains("non-finite", e.Message);
    }
}
