namespace Verifier.NumericBridge.Gpu.Tests;

/// <summary>
/// A fact that needs a CUDA device: skipped, with the reason as the skip message, when this machine has no NVIDIA GPU,
/// when <c>VERIFIER_LIBTORCH_CUDA</c> is not set, when TorchSharp-cpu's libtorch is in the test output (build with
/// <c>-p:VerifierCudaOnly=true</c>), or when CUDA libtorch does not initialise (the end of its trace is the reason).
/// </summary>
public sealed class GpuFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Why = new(Probe);

    public GpuFactAttribute()
    {
        if (Why.Value is { } reason) Skip = "needs a CUDA GPU: " + reason;
    }

    /// <summary>True when CUDA libtorch initialised in this process.</summary>
    public static bool CudaUsable => Why.Value is null;

    private static string? Probe()
    {
        if (!File.Exists("/dev/nvidia0") && !File.Exists("/proc/driver/nvidia/version"))
            return "no NVIDIA GPU on this machine (no /dev/nvidia0, no /proc/driver/nvidia/version)";
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(CudaRuntime.DirectoryVariable)))
            return $"{CudaRuntime.DirectoryVariable} is not set (point it at a CUDA libtorch such as a PyTorch installation's torch/lib)";
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libtorch_cpu.so")) || File.Exists(Path.Combine(AppContext.BaseDirectory, "libtorch_cpu.so")))
            return "TorchSharp-cpu's libtorch is in the test output; run dotnet test with -p:VerifierCudaOnly=true";
        if (CudaRuntime.TryInitialize(null, out string trace)) return null;
        return "CUDA libtorch did not initialise: " + string.Join(" | ", trace.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(4));
    }
}
