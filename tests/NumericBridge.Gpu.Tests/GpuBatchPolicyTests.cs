using Verifier.NumericBridge.Models;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Gpu.Tests;

public class GpuBatchPolicyTests
{
    [Theory]
    // free bytes, activation elements, element size, points -> batch
    [InlineData(2_400_000L, 1000L, 8, 0, 50)]        // 0.5 * 2.4e6 / (1000 * 8 * 3) = 50 exactly
    [InlineData(2_399_999L, 1000L, 8, 0, 49)]        // just below: floor
    [InlineData(2_400_000L, 1000L, 4, 0, 100)]       // float32 halves the bytes per point
    [InlineData(2_400_000L, 1000L, 8, 20, 20)]       // never more than the points
    [InlineData(10L, 1000L, 8, 0, 1)]                // at least 1
    [InlineData(0L, 1000L, 8, 0, 1)]
    [InlineData(85_899_345_920L, 1000L, 8, 0, 65536)] // 80 GiB: capped
    public void PointsPerBatch_Cases_FollowTheFormula(long free, long elements, int size, int points, int expected) =>
        Assert.Equal(expected, GpuBatchPolicy.PointsPerBatch(free, elements, size, points));

    [Fact]
    public void PointsPerBatch_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GpuBatchPolicy.PointsPerBatch(-1, 10, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => GpuBatchPolicy.PointsPerBatch(10, 0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => GpuBatchPolicy.PointsPerBatch(10, 10, 0));
    }

    [Fact]
    public void ActivationElements_Network_IsTheSumOfItsWidths()
    {
        var w = new Rational[3, 2];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) w[i, j] = Rational.One;
        var net = new Network(2, [new DenseLayer(w, [Rational.Zero, Rational.Zero, Rational.Zero]), new ReluLayer()], 0);
        Assert.Equal(2 + 3 + 3, GpuBatchPolicy.ActivationElements(net));
    }

    [Fact]
    public void ActivationElements_BenchmarkCnn_CountsEveryMapIm2colAndThePoolingWindows()
    {
        using var cnn = ConvModel.Random(new Random(1), channels: 3, side: 32, convChannels: 8, hidden: 32, classes: 10);
        // input 3*32*32, conv im2col 3*9*30*30 + 8*30*30, relu, conv im2col 8*9*28*28 + 8*28*28, relu,
        // windows 8*28*28 + pooled 8*14*14, dense 32, relu, dense 10
        long expected = 3072 + 24300 + 7200 + 7200 + 56448 + 6272 + 6272 + 6272 + 1568 + 32 + 32 + 10;
        Assert.Equal(expected, GpuBatchPolicy.ActivationElements(cnn));
    }
}

public class GpuPrecisionTests
{
    [Theory]
    [InlineData("float64", GpuPrecision.Float64, NumericPrecision.Float64)]
    [InlineData("F32", GpuPrecision.Float32, NumericPrecision.Float32)]
    [InlineData("tf32", GpuPrecision.Tf32, NumericPrecision.Float32)]
    public void Parse_Names_GiveThePrecisionAndModelType(string text, GpuPrecision expected, NumericPrecision model)
    {
        Assert.Equal(expected, GpuPrecisionSwitch.Parse(text));
        Assert.Equal(model, GpuPrecisionSwitch.ModelPrecision(expected));
    }

    [Fact]
    public void Parse_Unknown_Throws() => Assert.Throws<FormatException>(() => GpuPrecisionSwitch.Parse("bf16"));
}
