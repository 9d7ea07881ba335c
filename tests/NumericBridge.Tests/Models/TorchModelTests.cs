using Verifier.NumericBridge.Models;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Models;

public class TorchModelTests
{
    private static readonly RandomNetworkOptions AllLayers = new()
    {
        Activations = [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.Identity, RandomActivation.MaxPool],
    };

    private static double[] D(IEnumerable<Rational> r) => [.. r.Select(v => v.ToDouble())];

    [Fact]
    public void Gradient_AbsOfAffine_IsSlopeWithSign()
    {
        // F = |3x - 1|: F(2) = 5, F'(2) = 3, F'(0) = -3 (d/dx x^2 is the runtime's smoke test).
        var net = new Network(1, [new DenseLayer(new Rational[,] { { 3 } }, [(Rational)(-1)]), new AbsLayer()]);
        using var model = TorchModel.FromNetwork(net);
        Assert.Equal(5.0, model.Evaluate([2.0]));
        Assert.Equal([3.0], model.Gradient([2.0]));
        Assert.Equal([-3.0], model.Gradient([0.0]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Forward_RandomNetworksAllLayerTypes_MatchesExactInFloat64(int seed)
    {
        var rng = new Random(seed);
        var net = RandomNetworks.Create(rng, [4, 8, 8, 3], AllLayers);
        using var model = TorchModel.FromNetwork(net);
        var points = new double[20, 4];
        var exact = new double[20];
        for (int i = 0; i < 20; i++)
        {
            var p = RandomNetworks.Point(rng, 4);
            for (int j = 0; j < 4; j++) points[i, j] = p[j].ToDouble();
            exact[i] = net.Evaluate(p).ToDouble();
        }
        var numeric = model.EvaluateBatch(points);
        // Weights n/d with d in {1, 2, 4} and inputs n/d with d <= 4: float64 rounding only; 1e-12 absolute is generous.
        for (int i = 0; i < 20; i++) Assert.True(Math.Abs(numeric[i] - exact[i]) <= 1e-12, $"point {i}: {numeric[i]} vs {exact[i]}");
    }

    [Theory]
    [InlineData(4, NumericPrecision.Float64, 1e-12)]
    [InlineData(5, NumericPrecision.Float32, 1e-4)]
    public void Gradients_BatchedRandomPoints_MatchExactGradient(int seed, NumericPrecision precision, double tolerance)
    {
        var rng = new Random(seed);
        var net = RandomNetworks.Create(rng, [4, 8, 8, 1], AllLayers);
        using var model = TorchModel.FromNetwork(net, precision);
        const int count = 30;
        var points = new double[count, 4];
        var exact = new double[count][];
        for (int i = 0; i < count; i++)
        {
            // Irrational-looking offsets keep points off kinks, where conventions could legitimately differ.
            var p = Enumerable.Range(0, 4).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
            for (int j = 0; j < 4; j++) points[i, j] = p[j];
            exact[i] = D(net.Gradient([.. p.Select(Rational.FromDouble)]));
        }
        var g = model.Gradients(points);
        for (int i = 0; i < count; i++)
            for (int j = 0; j < 4; j++)
                Assert.True(Math.Abs(g[i, j] - exact[i][j]) <= tolerance * Math.Max(1, Math.Abs(exact[i][j])), $"point {i}, x{j + 1}: {g[i, j]} vs {exact[i][j]}");
    }

    [Fact]
    public void Gradient_LeakyReluAtZero_IsAlphaAsPyTorch()
    {
        // F = leaky_relu(2x - 1, 1/4): PyTorch's leaky_relu_backward takes the alpha side at 0, so F'(1/2) = 2 * 1/4.
        var net = new Network(1, [new DenseLayer(new Rational[,] { { 2 } }, [(Rational)(-1)]), new LeakyReluLayer(new Rational(1, 4))]);
        using var model = TorchModel.FromNetwork(net);
        Assert.Equal(0.0, model.Evaluate([0.5]));
        Assert.Equal([0.5], model.Gradient([0.5]));
        Assert.Equal([2.0], model.Gradient([1.0]));
        Assert.Equal([0.5], model.Gradient([0.0]));
    }

    [Fact]
    public void Evaluate_WrongLengthOrNaN_ThrowsWithMessage()
    {
        using var model = TorchModel.FromNetwork(RandomNetworks.Create(new Random(1), [3, 4, 1]));
        var wrong = Assert.Throws<ArgumentException>(() => model.Evaluate([1.0, 2.0]));
        Assert.Contains("3 inputs", wrong.Message);
        var nan = Assert.Throws<ArgumentException>(() => model.Gradient([1.0, double.NaN, 0.0]));
        Assert.Contains("non-finite", nan.Message);
    }
}
