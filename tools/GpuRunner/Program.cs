// The GPU runner: a self-contained program for GPU hosts with no .NET SDK and no network (docs/GPU.md).
//
//   Verifier.GpuRunner doctor         [--libtorch DIR] [--require-cuda]
//   Verifier.GpuRunner bench          [--libtorch DIR] [--device cpu|cuda|both] [--precision float64|float32|tf32]
//                                     [--quick] [--repeats N] [--seed N] [--python PATH | --no-pytorch] [--work DIR]
//   Verifier.GpuRunner crosscheck-gpu [--libtorch DIR] [--seed N]
//   Verifier.GpuRunner export         [--work DIR] [--quick] [--seed N] [--precision ...]
//
// The libtorch directory comes from --libtorch, else VERIFIER_LIBTORCH_CUDA; with neither, the CPU libtorch published
// next to the runner is used (and CUDA is unavailable). CUDA libtorch is loaded before anything else touches TorchSharp.
using Verifier.GpuRunner;

var options = RunnerOptions.Parse(args, out string? error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(RunnerOptions.Usage);
    return 2;
}
try
{
    return options.Command switch
    {
        "doctor" => Doctor.Run(options),
        "bench" => Bench.Run(options),
        "crosscheck-gpu" => CrosscheckGpu.Run(options),
        "export" => Bench.Export(options),
        _ => Usage(),
    };
}
catch (Exception e) when (e is InvalidOperationException or NotSupportedException or IOException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine(RunnerOptions.Usage);
    return 2;
}
