using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Gpu.Tests;

/// <summary>On a GPU host only (see <see cref="GpuFactAttribute"/>): the same exact-line IG on CUDA and on the CPU.</summary>
public class GpuTests
{
    /// <summary>float64 on two devices differs only in the order of sums.</summary>
    private const double Tolerance = 1e-12;

    [GpuFact]
    public void TryInitialize_OnAGpuHost_ReportsDevicesAndMemory()
    {
        Assert.True(CudaRuntime.TryInitialize(null, out string trace), trace);
        Assert.Contains("torch.cuda.is_available() = True", trace);
        Assert.True(GpuMemory.TryGetInfo(0, out var info, out string why), why);
        Assert.InRange(info.FreeBytes, 1, info.TotalBytes);
    }

    [GpuFact]
    public void ExactLine_MlpOnCuda_AgreesWithTheCpu()
    {
        var rng = new Random(3);
        var net = RandomMlp(rng, [64, 32, 32, 4]);
        var x = Enumerable.Range(0, 64).Select(_ => rng.NextDouble()).ToArray();
        var x0 = new double[64];
        using var cpu = TorchModel.FromNetwork(net);
        using var gpu = TorchModel.FromNetwork(net, NumericPrecision.Float64, ComputeDevice.Cuda());
        var a = NumericAttribute.ExactLineIntegratedGradients(gpu, x, x0);
        var b = NumericAttribute.ExactLineIntegratedGradients(cpu, x, x0);
        Assert.Equal(b.Evaluations, a.Evaluations);
        Assert.True(RelDiff(a.Attributions, b.Attributions) <= Tolerance, $"relative difference {RelDiff(a.Attributions, b.Attributions):E2}");
    }

    [GpuFact]
    public void ExactLine_CnnOnCuda_AgreesWithTheCpu()
    {
        using var cpu = ConvModel.Random(new Random(4), 3, 16, 4, 16, 5);
        using var gpu = ConvModel.Create(3, 16, 16, cpu.Layers, 0, ComputeDevice.Cuda());
        var rng = new Random(5);
        var x = Enumerable.Range(0, cpu.Inputs).Select(_ => rng.NextDouble()).ToArray();
        var x0 = new double[cpu.Inputs];
        var a = gpu.ExactLineIntegratedGradients(x, x0);
        var b = cpu.ExactLineIntegratedGradients(x, x0);
        Assert.True(RelDiff(a.Attributions, b.Attributions) <= Tolerance, $"relative difference {RelDiff(a.Attributions, b.Attributions):E2}");
    }

    [GpuFact]
    public void Apply_Tf32_SetsBothSwitches()
    {
        Assert.Contains("matmul.allow_tf32 = True, cudnn.allow_tf32 = True", GpuPrecisionSwitch.Apply(GpuPrecision.Tf32));
        Assert.Contains("matmul.allow_tf32 = False, cudnn.allow_tf32 = False", GpuPrecisionSwitch.Apply(GpuPrecision.Float64));
    }

    private static double RelDiff(double[] a, double[] b)
    {
        double scale = b.Max(Math.Abs), worst = 0;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        return worst / scale;
    }

    private static Network RandomMlp(Random rng, int[] widths)
    {
        var layers = new List<Layer>();
        for (int l = 0; l + 1 < widths.Length; l++)
        {
            var w = new Rational[widths[l + 1], widths[l]];
            for (int i = 0; i < widths[l + 1]; i++)
                for (int j = 0; j < widths[l]; j++) w[i, j] = new Rational(rng.Next(-512, 513), 1024);
            layers.Add(new DenseLayer(w, [.. Enumerable.Range(0, widths[l + 1]).Select(_ => new Rational(rng.Next(-100, 101), 1024))]));
            if (l + 2 < widths.Length) layers.Add(new ReluLayer());
        }
        return new Network(widths[0], layers, 0);
    }
}
