using System.Text;

namespace Verifier.NumericBridge.Gpu.Tests;

public class CudaRuntimeTests
{
    [Fact]
    public void ResolveDirectory_ArgumentGiven_WinsOverTheEnvironment()
    {
        var trace = new StringBuilder();
        string? dir = CudaRuntime.ResolveDirectory("/opt/a/torch/lib", "/opt/b/torch/lib", null, trace);
        Assert.Equal("/opt/a/torch/lib", dir);
        Assert.Contains("from the argument", trace.ToString());
    }

    [Fact]
    public void ResolveDirectory_OnlyEnvironment_UsesIt()
    {
        var trace = new StringBuilder();
        Assert.Equal("/opt/b/torch/lib", CudaRuntime.ResolveDirectory(null, "/opt/b/torch/lib", null, trace));
        Assert.Contains($"from {CudaRuntime.DirectoryVariable}", trace.ToString());
    }

    [Fact]
    public void ResolveDirectory_ApplicationDirectoryWithLibtorchCuda_UsesIt()
    {
        string app = TestFiles.ScratchDirectory();
        File.WriteAllText(Path.Combine(app, "libtorch_cuda.so"), "");
        var trace = new StringBuilder();
        Assert.Equal(app, CudaRuntime.ResolveDirectory(" ", "", app, trace));
        Assert.Contains("CUDA TorchSharp package", trace.ToString());
    }

    [Fact]
    public void ResolveDirectory_NothingGiven_ReturnsNullAndSaysWhatToSet()
    {
        var trace = new StringBuilder();
        Assert.Null(CudaRuntime.ResolveDirectory(null, null, TestFiles.ScratchDirectory(), trace));
        string text = trace.ToString();
        Assert.Contains($"{CudaRuntime.DirectoryVariable} is not set", text);
        Assert.Contains("holds no libtorch_cuda.so", text);
        Assert.Contains("import torch", text);
    }

    [Fact]
    public void TryInitialize_MissingDirectory_FailsWithTrace()
    {
        string dir = Path.Combine(TestFiles.ScratchDirectory(), "no-such-lib");
        Assert.False(CudaRuntime.TryInitialize(dir, out string trace));
        Assert.Contains($"the directory {dir} does not exist", trace);
    }

    [Fact]
    public void TryInitialize_DirectoryWithoutLibtorch_RefusesBeforeLoadingAnything()
    {
        string dir = TestFiles.ScratchDirectory();
        Assert.False(CudaRuntime.TryInitialize(dir, out string trace));
        Assert.Contains("libtorch_cuda.so not found", trace);
        Assert.Contains("refused: this libtorch cannot serve TorchSharp 0.107.0", trace);
        Assert.DoesNotContain("load  ", trace); // no library was loaded
        // Nothing was loaded, so a second call with another directory is not refused as a swap.
        Assert.False(CudaRuntime.TryInitialize(TestFiles.ScratchDirectory(), out string again));
        Assert.DoesNotContain("already loaded", again);
    }

    [Fact]
    public void CpuLibtorchConflicts_CpuNativesInTheOutput_NamesThem()
    {
        // The test output holds TorchSharp-cpu's libtorch unless built with -p:VerifierCudaOnly=true.
        string beside = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libtorch_cpu.so");
        var conflicts = CudaRuntime.CpuLibtorchConflicts(TestFiles.ScratchDirectory());
        if (File.Exists(beside)) Assert.Contains(conflicts, c => c.Contains(beside, StringComparison.Ordinal));
        else Assert.DoesNotContain(conflicts, c => c.Contains("next to the application", StringComparison.Ordinal));
    }

    [Fact]
    public void SameDirectory_ThroughASymbolicLink_IsTheSame()
    {
        string real = TestFiles.ScratchDirectory();
        string link = real + "-link";
        Directory.CreateSymbolicLink(link, real);
        Assert.True(CudaRuntime.SameDirectory(link, real + "/"));
        Assert.False(CudaRuntime.SameDirectory(link, TestFiles.ScratchDirectory()));
    }
}
