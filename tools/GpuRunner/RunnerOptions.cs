using System.Globalization;
using System.Text;
using Verifier.NumericBridge.Gpu;
using Verifier.NumericBridge.Runtime;

namespace Verifier.GpuRunner;

/// <summary>The runner's command line.</summary>
internal sealed record RunnerOptions
{
    public const string Usage =
        "usage: Verifier.GpuRunner doctor|bench|crosscheck-gpu|export [--libtorch DIR] [--device cpu|cuda|both] " +
        "[--precision float64|float32|tf32] [--quick] [--repeats N] [--seed N] [--python PATH] [--no-pytorch] [--work DIR] [--require-cuda]";

    public required string Command { get; init; }
    public string? Libtorch { get; init; }
    public string Device { get; init; } = "both";
    public GpuPrecision Precision { get; init; } = GpuPrecision.Float64;
    public bool Quick { get; init; }
    public int? Repeats { get; init; }
    public int Seed { get; init; } = 1;
    public string Python { get; init; } = "python3";
    public bool NoPyTorch { get; init; }
    public string? Work { get; init; }
    public bool RequireCuda { get; init; }

    public static RunnerOptions? Parse(string[] args, out string? error)
    {
        error = null;
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            error = "no command";
            return null;
        }
        var o = new RunnerOptions { Command = args[0] };
        for (int k = 1; k < args.Length; k++)
        {
            string Next() => k + 1 < args.Length ? args[++k] : throw new FormatException($"{args[k]} needs a value");
            try
            {
                o = args[k] switch
                {
                    "--libtorch" => o with { Libtorch = Next() },
                    "--device" => o with { Device = CheckDevice(Next()) },
                    "--precision" => o with { Precision = GpuPrecisionSwitch.Parse(Next()) },
                    "--quick" => o with { Quick = true },
                    "--repeats" => o with { Repeats = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--seed" => o with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--python" => o with { Python = Next() },
                    "--no-pytorch" => o with { NoPyTorch = true },
                    "--work" => o with { Work = Next() },
                    "--require-cuda" => o with { RequireCuda = true },
                    _ => throw new FormatException($"unknown option {args[k]}"),
                };
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }
        }
        return o;
    }

    private static string CheckDevice(string d) => d is "cpu" or "cuda" or "both" ? d : throw new FormatException($"--device takes cpu, cuda or both, not {d}");

    /// <summary>True when a libtorch directory is named (argument or environment variable).</summary>
    public bool HasLibtorchDirectory =>
        !string.IsNullOrWhiteSpace(Libtorch) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(CudaRuntime.DirectoryVariable));
}

/// <summary>Loads the native back end the way the options ask, first thing in the process.</summary>
internal static class Startup
{
    /// <summary>
    /// With a libtorch directory: CUDA libtorch through the core's <see cref="DeviceBackends"/> seam (which finds the Gpu
    /// assembly referenced by this runner); without one: the CPU libtorch next to the runner. Returns whether CUDA is
    /// usable; throws when not even the CPU works.
    /// </summary>
    public static bool Initialize(RunnerOptions options, StringBuilder trace)
    {
        if (options.HasLibtorchDirectory)
        {
            bool cuda = DeviceBackends.TryLoadCuda(options.Libtorch, out string cudaTrace);
            trace.Append(cudaTrace);
            if (!TorchRuntime.TryInitialize(out string cpuTrace))
                throw new InvalidOperationException("TorchSharp did not load on this libtorch:\n" + trace + cpuTrace);
            return cuda;
        }
        trace.AppendLine($"no libtorch directory (--libtorch or {CudaRuntime.DirectoryVariable}): using the CPU libtorch published with the runner; CUDA not tried");
        if (PublishedCpuLibtorch() is null)
            throw new InvalidOperationException($"this runner was published with -p:VerifierCudaOnly=true and has no libtorch of its own: name the host's with --libtorch DIR or {CudaRuntime.DirectoryVariable} (docs/GPU.md)");
        if (!TorchRuntime.TryInitialize(out string cpu))
            throw new InvalidOperationException("TorchSharp did not load on the CPU. A runner published with -p:VerifierCudaOnly=true has no CPU libtorch: name the host's with --libtorch.\n" + cpu);
        trace.Append(cpu);
        return false;
    }

    /// <summary>
    /// The directory of TorchSharp-cpu's libtorch published with the runner (flat in a RID-specific publish, under
    /// runtimes/linux-x64/native in a plain build); null in a CUDA-only build. Without it TorchSharp would fall back to
    /// copying libtorch out of a NuGet cache, which a GPU host does not have.
    /// </summary>
    public static string? PublishedCpuLibtorch() =>
        new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native") }
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")));
}
