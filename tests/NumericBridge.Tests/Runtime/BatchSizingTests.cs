using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Runtime;

public class BatchSizingTests
{
    private const long MiB = 1L << 20;
    private const long GiB = 1L << 30;

    [Theory]
    // elements, element size, factor, available bytes, points -> batch
    [InlineData(1394, 8, 3, 1 * GiB, 1_000_000, 1002)]        // MNIST MLP, 1 GiB: the 32 MiB working-set cap, 33554432 / 33456 = 1002.9
    [InlineData(100, 8, 3, 1 * GiB, 1_000_000, 4096)]         // a small model: 33554432 / 2400 = 13981 -> cap 4096
    [InlineData(100_000, 8, 3, 1 * GiB, 1_000_000, 13)]       // the benchmark CNN with its im2col buffers: 33554432 / 2400000 = 13.98
    [InlineData(1394, 8, 3, 100 * MiB, 1_000_000, 783)]       // 26214400 / 33456 = 783.5
    [InlineData(1394, 4, 3, 100 * MiB, 1_000_000, 1567)]      // float32 halves the bytes: 26214400 / 16728 = 1567.1
    [InlineData(1394, 8, 6, 100 * MiB, 1_000_000, 391)]       // conductance's doubled factor
    [InlineData(1394, 8, 3, 1 * GiB, 50, 50)]                 // never more than the points
    [InlineData(1_000_000_000, 8, 3, 1 * GiB, 50, 1)]         // one point does not fit: still 1
    [InlineData(10, 8, 3, 0, 50, 1)]                          // nothing available: 1
    [InlineData(10, 8, 3, -5, 50, 1)]                         // an unreadable figure: 1
    public void Choose_SizesAndMemory_QuarterOfMemoryClamped(long elements, int elementSize, int factor, long available, int points, int expected) =>
        Assert.Equal(expected, BatchSizing.Choose(elements, elementSize, factor, available, points));

    [Fact]
    public void Choose_MoreMemory_NeverSmallerBatch()
    {
        int previous = 0;
        for (long available = 0; available <= 4 * GiB; available += 64 * MiB)
        {
            int batch = BatchSizing.Choose(100, 8, 3, available, int.MaxValue);
            Assert.InRange(batch, Math.Max(1, previous), BatchSizing.MaxBatch);
            previous = batch;
        }
        Assert.Equal(BatchSizing.MaxBatch, previous);
    }

    [Theory]
    [InlineData("MemTotal:       131072000 kB\nMemFree:         1000 kB\nMemAvailable:   65536000 kB\n", 65536000L * 1024)]
    [InlineData("MemAvailable: 12 kB", 12L * 1024)]
    [InlineData("MemTotal: 5 kB\n", null)]
    [InlineData("MemAvailable: lots kB\n", null)]
    public void ParseMemAvailable_MeminfoText_BytesOrNull(string text, long? expected) =>
        Assert.Equal(expected, BatchSizing.ParseMemAvailable(text));

    [Fact]
    public void AvailableBytes_OnThisMachine_PositiveAndWithinRuntimeLimit()
    {
        long available = BatchSizing.AvailableBytes();
        Assert.True(available > 0, $"{available}");
        Assert.True(available <= GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, $"{available}");
    }

    [Fact]
    public void ActivationElements_Models_CountInputsAndLayerOutputs()
    {
        var net = RandomNetworks.Create(new Random(1), [784, 100, 100, 100, 10]);
        using var mlp = TorchModel.FromNetwork(net, NumericPrecision.Float32);
        // 784 + (100 + 100) * 3 + 10: the input, three dense layers and their relus, the output layer.
        Assert.Equal(1394L, BatchSizing.ActivationElements(mlp));
        Assert.Equal(4, BatchSizing.ElementSize(mlp));
        using var expression = TorchModel.FromExpression(ExprParser.Parse("relu(x1 + x2)"), 2);
        Assert.Equal(2L + ExprParser.Parse("relu(x1 + x2)").NodeCount, BatchSizing.ActivationElements(expression));
        Assert.Equal(8, BatchSizing.ElementSize(expression));
        using var cnn = ConvModel.Random(new Random(1), 1, 8, 2, 4, 3);
        // [1,8,8] 64; conv3 im2col 1*9*36 = 324, [2,6,6] 72; relu 72; conv3 im2col 2*9*16 = 288, [2,4,4] 32; relu 32;
        // pool windows 32 then [2,2,2] 8; dense 4; relu 4; dense 3.
        Assert.Equal(64L + 324 + 72 + 72 + 288 + 32 + 32 + 32 + 8 + 4 + 4 + 3, BatchSizing.ActivationElements(cnn));
    }

    [Fact]
    public void For_ExplicitSize_ReturnedUnchanged()
    {
        using var model = TorchModel.FromNetwork(RandomNetworks.Create(new Random(1), [2, 3, 1]));
        Assert.Equal(7, BatchSizing.For(model, 100, 7));
        Assert.Equal(1000, BatchSizing.For(model, 100, 1000)); // as before: an explicit size is not clamped, the loops are
        int auto = BatchSizing.For(model, 100, null);
        Assert.InRange(auto, 1, 100);
    }

    [Fact]
    public void IntegratedGradients_AutoBatchSize_MatchesExplicitBatches()
    {
        var rng = new Random(9);
        var net = RandomNetworks.Create(rng, [4, 8, 8, 1]);
        using var model = TorchModel.FromNetwork(net);
        double[] x = [.. RandomNetworks.Point(rng, 4).Select(r => r.ToDouble())], x0 = [.. RandomNetworks.Point(rng, 4).Select(r => r.ToDouble())];
        var auto = NumericAttribute.IntegratedGradients(model, x, x0, new NumericIgOptions { Steps = 300 });
        var seven = NumericAttribute.IntegratedGradients(model, x, x0, new NumericIgOptions { Steps = 300, BatchSize = 7 });
        Assert.Null(NumericIgOptions.Default.BatchSize);
        for (int i = 0; i < 4; i++) Assert.True(Math.Abs(auto.Attributions[i] - seven.Attributions[i]) <= 1e-13); // tolerance: summation order
    }

    [Fact]
    public void IntegratedGradients_ZeroBatchSize_KeepsTheMessage()
    {
        using var model = TorchModel.FromNetwork(new Network(1, [new DenseLayer(new Rational[,] { { 1 } }, [0])]));
        var e = Assert.Throws<ArgumentException>(() => NumericAttribute.IntegratedGradients(model, [1.0], [0.0], new NumericIgOptions { BatchSize = 0 }));
        Assert.Contains("batch size must be at least 1, not 0", e.Message);
    }
}
