using System.Text;
using Verifier.NumericBridge;
using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;

namespace Verifier.GpuRunner;

/// <summary>
/// <c>crosscheck-gpu</c>: exact-line IG (and 50-step middle Riemann IG) in float64 on CUDA against the CPU, on the MLP
/// and the CNN of the benchmark; passes when max |gpu - cpu| / max |cpu| &lt;= 1e-12 for every one.
/// </summary>
internal static class CrosscheckGpu
{
    /// <summary>The agreement asked of float64 results on two devices (only the order of floating-point sums differs).</summary>
    public const double Tolerance = 1e-12;

    public static int Run(RunnerOptions options)
    {
        var trace = new StringBuilder();
        if (!Startup.Initialize(options, trace))
        {
            Console.Write(trace);
            Console.WriteLine("crosscheck-gpu: CUDA is not available (trace above); nothing compared");
            return 2;
        }
        var cuda = ComputeDevice.Cuda();
        var rng = new Random(options.Seed);
        var net = NetSpec.Mlp(rng, [784, 100, 100, 100, 10]);
        var x = Enumerable.Range(0, 784).Select(_ => rng.NextDouble()).ToArray();
        var x0 = new double[784];
        var riemann = new NumericIgOptions { Rule = QuadratureRule.Middle, Steps = 50, BatchSize = 50 };
        int failures = 0;
        using (var cpu = TorchModel.FromNetwork(net, NumericPrecision.Float64))
        using (var gpu = TorchModel.FromNetwork(net, NumericPrecision.Float64, cuda))
        {
            failures += Compare("mlp exact-line", () => NumericAttribute.ExactLineIntegratedGradients(gpu, x, x0), () => NumericAttribute.ExactLineIntegratedGradients(cpu, x, x0));
            failures += Compare("mlp riemann middle 50", () => NumericAttribute.IntegratedGradients(gpu, x, x0, riemann), () => NumericAttribute.IntegratedGradients(cpu, x, x0, riemann));
        }
        var crng = new Random(options.Seed);
        using (var cpuCnn = ConvModel.Random(crng, 3, 32, 8, 32, 10))
        using (var gpuCnn = ConvModel.Create(3, 32, 32, cpuCnn.Layers, 0, cuda))
        {
            var cx = Enumerable.Range(0, cpuCnn.Inputs).Select(_ => crng.NextDouble()).ToArray();
            var cx0 = new double[cpuCnn.Inputs];
            failures += Compare("cnn exact-line", () => gpuCnn.ExactLineIntegratedGradients(cx, cx0), () => cpuCnn.ExactLineIntegratedGradients(cx, cx0));
            failures += Compare("cnn riemann middle 50", () => gpuCnn.IntegratedGradients(cx, cx0, riemann), () => cpuCnn.IntegratedGradients(cx, cx0, riemann));
        }
        Console.WriteLine(failures == 0 ? "crosscheck-gpu: all agree" : $"crosscheck-gpu: {failures} FAILED");
        return failures == 0 ? 0 : 1;
    }

    private static int Compare(string label, Func<NumericAttribution> gpu, Func<NumericAttribution> cpu)
    {
        try
        {
            var g = gpu();
            var c = cpu();
            double diff = Bench.RelDiff(g.Attributions, c.Attributions);
            bool ok = diff <= Tolerance && g.Evaluations == c.Evaluations;
            Console.WriteLine($"  {label,-24} rel. diff {diff:E2} (tolerance {Tolerance:E0}); evaluations gpu {g.Evaluations}, cpu {c.Evaluations}; {(ok ? "ok" : "FAIL")}");
            return ok ? 0 : 1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.WriteLine($"  {label,-24} FAILED: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            return 1;
        }
    }
}
