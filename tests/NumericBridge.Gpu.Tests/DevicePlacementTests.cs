using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Gpu.Tests;

/// <summary>Device members on a machine without CUDA: the CPU path is unchanged, a CUDA device is refused clearly.</summary>
public class DevicePlacementTests
{
    private static Network SmallNet()
    {
        var w1 = new Rational[,] { { new(1), new(-2) }, { new(3, 4), new(1, 2) } };
        var w2 = new Rational[,] { { new(1), new(-1) } };
        return new Network(2, [new DenseLayer(w1, [new(1, 8), new(-1, 4)]), new ReluLayer(), new DenseLayer(w2, [Rational.Zero])], 0);
    }

    [Fact]
    public void FromNetwork_ExplicitCpu_SameAttributionsBitForBitAsTheDefault()
    {
        using var implicitCpu = TorchModel.FromNetwork(SmallNet());
        using var explicitCpu = TorchModel.FromNetwork(SmallNet(), NumericPrecision.Float64, ComputeDevice.Cpu);
        Assert.Equal(ComputeDevice.Cpu, explicitCpu.Device);
        double[] x = [0.7, -0.3], x0 = [-0.5, 0.9];
        Assert.Equal(NumericAttribute.ExactLineIntegratedGradients(implicitCpu, x, x0).Attributions,
                     NumericAttribute.ExactLineIntegratedGradients(explicitCpu, x, x0).Attributions);
        Assert.Equal(implicitCpu.Gradients(new double[,] { { 0.1, 0.2 } }), explicitCpu.Gradients(new double[,] { { 0.1, 0.2 } }));
    }

    [Fact]
    public void Create_ConvModelOnCpu_ReportsTheCpu()
    {
        using var cnn = ConvModel.Random(new Random(2), 1, 6, 2, 4, 3, device: ComputeDevice.Cpu);
        Assert.Equal(ComputeDevice.Cpu, cnn.Device);
    }

    [Fact]
    public void FromNetwork_CudaWithoutCudaLoaded_ThrowsNamingTheFix()
    {
        if (GpuFactAttribute.CudaUsable) return; // a GPU host that loaded CUDA: the refusal does not happen there
        var e = Assert.Throws<InvalidOperationException>(() => TorchModel.FromNetwork(SmallNet(), NumericPrecision.Float64, ComputeDevice.Cuda()));
        Assert.Contains("cuda:0 is not available", e.Message);
        Assert.Contains("DeviceBackends.TryLoadCuda", e.Message);
    }
}
