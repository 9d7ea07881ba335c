using System.Diagnostics;
using System.Globalization;
using System.Text;
using Verifier.NumericBridge;
using Verifier.NumericBridge.Gpu;
using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;

namespace Verifier.GpuRunner;

/// <summary>
/// <c>bench</c>: exact-line IG and Riemann IG on the MLP and the CNN of bench/NumericBridge.Bench, and Riemann IG on a
/// ResNet-18-size network (exact-line IG does not apply: its scan handles dense / conv / relu / max-pool chains, not
/// residual sums and average pooling), on the CPU and on CUDA, with the same Riemann IG written directly in PyTorch
/// (pytorch_ig.py) on the same weights, and the ratios, in one run.
/// </summary>
internal static class Bench
{
    /// <summary>One timed problem: a label, how to build it on a device, and (for Riemann IG) its rule for PyTorch.</summary>
    private sealed record Problem(string Label, NetSpec Spec, Func<ComputeDevice, (Func<NumericAttribution> Run, IDisposable Model)> Build, double[]? Nodes, double[]? Weights, Func<ComputeDevice, int> Batch);

    private sealed record Measured(double Ms, double[] Attributions, int Evaluations);

    public static int Run(RunnerOptions options)
    {
        var trace = new StringBuilder();
        bool cuda = Startup.Initialize(options, trace);
        var devices = new List<ComputeDevice>();
        if (options.Device is "cpu" or "both") devices.Add(ComputeDevice.Cpu);
        if (options.Device is "cuda" or "both")
        {
            if (cuda) devices.Add(ComputeDevice.Cuda());
            else if (options.Device == "cuda")
            {
                Console.Error.Write(trace);
                Console.Error.WriteLine("CUDA is not available (trace above); run doctor, or use --device cpu");
                return 2;
            }
            else Console.WriteLine("CUDA not available: CPU only (run doctor for the trace)");
        }
        if (options.Precision == GpuPrecision.Tf32 && !devices.Any(d => !d.IsCpu))
        {
            Console.Error.WriteLine("tf32 is a CUDA (tensor core) mode and needs a CUDA device");
            return 2;
        }
        if (cuda) Console.WriteLine(GpuPrecisionSwitch.Apply(options.Precision));
        int repeats = options.Repeats ?? (options.Quick ? 3 : 5);
        Console.WriteLine($"TorchSharp {TorchSharp.torch.__version__}; {Environment.ProcessorCount} logical cores, torch threads {TorchSharp.torch.get_num_threads()}; " +
            $"devices {string.Join(", ", devices)}; precision {options.Precision.ToString().ToLowerInvariant()}; seed {options.Seed}; median of {repeats} after a warm-up{(options.Quick ? "; --quick sizes" : "")}");

        var problems = Problems(options, devices.Any(d => !d.IsCpu));
        var results = new Dictionary<(string Label, string Device), Measured>();
        foreach (var problem in problems)
        {
            foreach (var device in devices)
            {
                int r = problem.Spec.Name == "resnet18" ? Math.Min(repeats, 3) : repeats;
                if (options.Quick && problem.Label.StartsWith("cnn exact-line", StringComparison.Ordinal)) r = 1; // tens of seconds a run on a small CPU
                try
                {
                    var (run, model) = problem.Build(device);
                    using (model)
                    {
                        var first = run();
                        double ms = Median(run, r);
                        results[(problem.Label, device.ToString())] = new Measured(ms, first.Attributions, first.Evaluations);
                        Console.WriteLine($"  {problem.Label,-34} {device,-7} {ms,10:F1} ms  ({first.Evaluations} {(problem.Nodes is null ? "pieces" : "points")}, completeness delta {first.CompletenessDelta:E2})");
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Console.WriteLine($"  {problem.Label,-34} {device,-7} FAILED: {e.GetType().Name}: {FirstLine(e.Message)}");
                }
            }
        }

        var pytorch = options.NoPyTorch ? [] : PyTorchRuns(options, problems, devices);
        Report(problems, devices, results, pytorch);
        return 0;
    }

    /// <summary><c>export</c>: writes the Riemann problems for pytorch_ig.py without running anything else.</summary>
    public static int Export(RunnerOptions options)
    {
        var trace = new StringBuilder();
        Startup.Initialize(options, trace);
        string work = options.Work ?? Path.Combine(Path.GetTempPath(), "verifier-gpurunner");
        var problems = Problems(options, false).Where(p => p.Nodes is not null).ToList();
        NetSpec.Export(work, [.. problems.Select(p => (p.Spec, p.Nodes!, p.Weights!, p.Batch(ComputeDevice.Cpu), p.Label))],
            DType(options), options.Precision == GpuPrecision.Tf32, options.Repeats ?? 3);
        Console.WriteLine($"wrote {Path.Combine(work, "manifest.json")} and tensors.bin ({problems.Count} problems); run: python3 pytorch_ig.py --manifest {Path.Combine(work, "manifest.json")} --device cuda --out results.json");
        return 0;
    }

    private static string DType(RunnerOptions options) => options.Precision == GpuPrecision.Float64 ? "float64" : "float32";

    private static List<Problem> Problems(RunnerOptions options, bool anyCuda)
    {
        var precision = GpuPrecisionSwitch.ModelPrecision(options.Precision);
        int elementSize = precision == NumericPrecision.Float64 ? 8 : 4;
        int[] stepCounts = options.Quick ? [50] : [50, 300];
        var problems = new List<Problem>();

        // 1. The MLP of bench/NumericBridge.Bench.
        var rng = new Random(options.Seed);
        var net = NetSpec.Mlp(rng, [784, 100, 100, 100, 10]);
        var mlp = NetSpec.FromNetwork("mlp", "MLP 784 -> 100 -> 100 -> 100 -> 10 (relu)", net);
        mlp.Input = [.. Enumerable.Range(0, 784).Select(_ => rng.NextDouble())];
        mlp.Baseline = new double[784];
        long mlpElements = GpuBatchPolicy.ActivationElements(net);
        problems.Add(new Problem("mlp exact-line (float64)", mlp, d =>
        {
            var m = TorchModel.FromNetwork(net, NumericPrecision.Float64, d);
            return (() => NumericAttribute.ExactLineIntegratedGradients(m, mlp.Input, mlp.Baseline), m);
        }, null, null, _ => 0));
        foreach (int steps in stepCounts)
        {
            var (nodes, weights) = Quadrature.NodesAndWeights(QuadratureRule.Middle, steps);
            int Batch(ComputeDevice d) => BatchFor(d, mlpElements, elementSize, steps, cpuBatch: steps);
            problems.Add(new Problem($"mlp riemann middle {steps}", mlp, d =>
            {
                var m = TorchModel.FromNetwork(net, precision, d);
                var o = new NumericIgOptions { Rule = QuadratureRule.Middle, Steps = steps, BatchSize = Batch(d) };
                return (() => NumericAttribute.IntegratedGradients(m, mlp.Input, mlp.Baseline, o), m);
            }, nodes, weights, Batch));
        }

        // 2. The CNN of bench/NumericBridge.Bench (float64 only: ConvModel has no float32 form).
        var crng = new Random(options.Seed);
        var layers = ConvLayers(crng);
        NetSpec cnnSpec;
        using (var probe = ConvModel.Create(3, 32, 32, layers))
            cnnSpec = NetSpec.FromConv("cnn", "CNN 3x32x32: conv 3->8 3x3, relu, conv 8->8 3x3, relu, maxpool 2, dense 1568->32, relu, dense 32->10", probe);
        cnnSpec.Input = [.. Enumerable.Range(0, cnnSpec.Inputs).Select(_ => crng.NextDouble())];
        cnnSpec.Baseline = new double[cnnSpec.Inputs];
        using (var probe = ConvModel.Create(3, 32, 32, layers))
        {
            long cnnElements = GpuBatchPolicy.ActivationElements(probe);
            problems.Add(new Problem("cnn exact-line (float64)", cnnSpec, d =>
            {
                var m = ConvModel.Create(3, 32, 32, layers, 0, d);
                return (() => m.ExactLineIntegratedGradients(cnnSpec.Input, cnnSpec.Baseline), m);
            }, null, null, _ => 0));
            foreach (int steps in stepCounts)
            {
                var (nodes, weights) = Quadrature.NodesAndWeights(QuadratureRule.Middle, steps);
                int Batch(ComputeDevice d) => BatchFor(d, cnnElements, 8, steps, cpuBatch: 64);
                problems.Add(new Problem($"cnn riemann middle {steps} (float64)", cnnSpec, d =>
                {
                    var m = ConvModel.Create(3, 32, 32, layers, 0, d);
                    var o = new NumericIgOptions { Rule = QuadratureRule.Middle, Steps = steps, BatchSize = Batch(d) };
                    return (() => m.IntegratedGradients(cnnSpec.Input, cnnSpec.Baseline, o), m);
                }, nodes, weights, Batch));
            }
        }

        // 3. The ResNet-18-size network: Riemann IG only.
        int side = options.Quick ? 64 : 224;
        int resSteps = options.Quick ? 16 : 32;
        var rrng = new Random(options.Seed);
        var resnet = NetSpec.ResNet18(rrng, side);
        resnet.Input = [.. Enumerable.Range(0, resnet.Inputs).Select(_ => rrng.NextDouble())];
        resnet.Baseline = new double[resnet.Inputs];
        var (rn, rw) = Quadrature.NodesAndWeights(QuadratureRule.Middle, resSteps);
        long resElements = ResNetElements(side);
        int ResBatch(ComputeDevice d) => BatchFor(d, resElements, elementSize, resSteps, cpuBatch: options.Quick ? 16 : 8);
        problems.Add(new Problem($"resnet18 {side}px riemann middle {resSteps}", resnet, d =>
        {
            var m = new SpecModel(resnet, precision, d.ToString());
            var o = new NumericIgOptions { Rule = QuadratureRule.Middle, Steps = resSteps, BatchSize = ResBatch(d) };
            return (() => NumericAttribute.IntegratedGradients(m, resnet.Input, resnet.Baseline, o), m);
        }, rn, rw, ResBatch));
        if (anyCuda)
            foreach (var p in problems.Where(p => p.Nodes is not null))
                Console.WriteLine($"  batch on cuda:0 for {p.Label}: {p.Batch(ComputeDevice.Cuda())} points");
        return problems;
    }

    /// <summary>The CNN's layers, drawn as ConvModel.Random draws them (same weights for a given seed).</summary>
    private static IReadOnlyList<CnnLayer> ConvLayers(Random rng)
    {
        using var m = ConvModel.Random(rng, channels: 3, side: 32, convChannels: 8, hidden: 32, classes: 10);
        return m.Layers;
    }

    /// <summary>Activation elements per point of the ResNet (input, every conv / pool output; a bound for the batch policy).</summary>
    private static long ResNetElements(int side)
    {
        long s = (side + 1) / 2; // after the 7x7/2 convolution
        long total = 3L * side * side + 64 * s * s;
        s = (s + 1) / 2;         // after max pooling
        total += 64 * s * s;
        foreach (int width in new[] { 64, 128, 256, 512 })
        {
            if (width != 64) s = (s + 1) / 2;
            total += 2 * 5 * width * s * s; // two blocks of conv, relu, conv, add, relu
        }
        return total + 512 + 1000;
    }

    private static int BatchFor(ComputeDevice device, long elements, int elementSize, int points, int cpuBatch)
    {
        if (device.IsCpu) return Math.Min(cpuBatch, points);
        return GpuBatchPolicy.TryForDevice(device.Index, elements, elementSize, points, out int batch, out _) ? batch : Math.Min(cpuBatch, points);
    }

    private static double Median(Func<NumericAttribution> run, int repeats)
    {
        var times = new double[Math.Max(1, repeats)];
        for (int k = 0; k < times.Length; k++)
        {
            var clock = Stopwatch.StartNew();
            run(); // results come back to the host as arrays, so a GPU run is finished when this returns
            times[k] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times.Length % 2 == 1 ? times[times.Length / 2] : (times[times.Length / 2 - 1] + times[times.Length / 2]) / 2;
    }

    private static Dictionary<(string Label, string Device), Measured> PyTorchRuns(RunnerOptions options, List<Problem> problems, List<ComputeDevice> devices)
    {
        var found = new Dictionary<(string, string), Measured>();
        var riemann = problems.Where(p => p.Nodes is not null).ToList();
        foreach (var device in devices)
        {
            string work = Path.Combine(options.Work ?? Path.Combine(Path.GetTempPath(), "verifier-gpurunner"), device.IsCpu ? "cpu" : "cuda");
            NetSpec.Export(work, [.. riemann.Select(p => (p.Spec, p.Nodes!, p.Weights!, p.Batch(device), p.Label))],
                DType(options), options.Precision == GpuPrecision.Tf32, options.Repeats ?? (options.Quick ? 3 : 5));
            string output = Path.Combine(work, "results.json");
            var outcome = PyTorchScript.Run(options.Python, Path.Combine(work, "manifest.json"), device.IsCpu ? "cpu" : "cuda", output);
            if (outcome is null)
            {
                Console.WriteLine($"PyTorch on {device}: skipped ({PyTorchScript.LastProblem})");
                continue;
            }
            Console.WriteLine($"PyTorch on {device}: torch {outcome.Version}");
            foreach (var (label, ms, attributions) in outcome.Results) found[(label, device.ToString())] = new Measured(ms, attributions, 0);
        }
        return found;
    }

    private static void Report(List<Problem> problems, List<ComputeDevice> devices, Dictionary<(string Label, string Device), Measured> ours, Dictionary<(string Label, string Device), Measured> pytorch)
    {
        Console.WriteLine();
        Console.WriteLine("== ratios (time / time; > 1 means the second is faster); rel. diff = max |a - b| / max |b| of the attributions");
        foreach (var p in problems)
        {
            var line = new StringBuilder($"  {p.Label,-34}");
            if (devices.Count == 2 && ours.TryGetValue((p.Label, "cpu"), out var c) && ours.TryGetValue((p.Label, "cuda:0"), out var g))
                line.Append(CultureInfo.InvariantCulture, $"  ours cpu/cuda {c.Ms / g.Ms,7:F2} (rel. diff {RelDiff(g.Attributions, c.Attributions):E1})");
            foreach (var d in devices)
                if (ours.TryGetValue((p.Label, d.ToString()), out var o) && pytorch.TryGetValue((p.Label, d.ToString()), out var t))
                    line.Append(CultureInfo.InvariantCulture, $"  {d}: ours/pytorch {o.Ms / t.Ms,7:F2} (rel. diff {RelDiff(o.Attributions, t.Attributions):E1})");
            Console.WriteLine(line);
        }
    }

    internal static double RelDiff(double[] a, double[] b)
    {
        if (a.Length != b.Length) return double.NaN;
        double scale = b.Select(Math.Abs).DefaultIfEmpty(0).Max(), worst = 0;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        return scale == 0 ? worst : worst / scale;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
