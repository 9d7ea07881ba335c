using System.Text;
using Verifier.NumericBridge.Runtime;

namespace Verifier.NumericBridge.Gpu.Tests;

[Collection(nameof(EnvironmentCollection))]
public class DeviceBackendsTests
{
    [Fact]
    public void TryFindCuda_GpuAssemblyReferenced_CreatesTheCudaBackend()
    {
        Assert.True(DeviceBackends.TryFindCuda(out var backend, out string trace), trace);
        Assert.IsType<CudaBackend>(backend);
        Assert.Equal("cuda", backend!.Name);
        Assert.Contains("part of the application", trace);
    }

    [Fact]
    public void LocateCudaAssembly_NextToTheApplication_FindsTheFile()
    {
        var trace = new StringBuilder();
        string? path = DeviceBackends.LocateCudaAssembly(trace);
        Assert.Equal(Path.Combine(Path.GetFullPath(AppContext.BaseDirectory), DeviceBackends.CudaAssemblyFileName), path);
    }

    [Fact]
    public void LocateCudaAssembly_VariableNamesADirectoryWithoutIt_SaysSoThenFallsBack()
    {
        string dir = TestFiles.ScratchDirectory();
        string? before = Environment.GetEnvironmentVariable(DeviceBackends.AssemblyVariable);
        try
        {
            Environment.SetEnvironmentVariable(DeviceBackends.AssemblyVariable, dir);
            var trace = new StringBuilder();
            string? path = DeviceBackends.LocateCudaAssembly(trace);
            Assert.Contains($"no {Path.Combine(dir, DeviceBackends.CudaAssemblyFileName)} (from {DeviceBackends.AssemblyVariable})", trace.ToString());
            Assert.NotNull(path);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DeviceBackends.AssemblyVariable, before);
        }
    }

    [Fact]
    public void TryLoadCuda_BadDirectory_FailsWithTheBackendsTrace()
    {
        string dir = Path.Combine(TestFiles.ScratchDirectory(), "missing");
        Assert.False(DeviceBackends.TryLoadCuda(dir, out string trace));
        Assert.Contains("CUDA back end: Verifier.NumericBridge.Gpu is part of the application", trace);
        Assert.Contains("does not exist", trace);
    }
}

/// <summary>Tests that set environment variables run one at a time.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public class EnvironmentCollection;

public class ComputeDeviceTests
{
    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData("CUDA", "cuda:0")]
    [InlineData("cuda:3", "cuda:3")]
    [InlineData(" gpu ", "cuda:0")]
    public void Parse_Names_RoundTripToPyTorchSpelling(string text, string expected) =>
        Assert.Equal(expected, ComputeDevice.Parse(text).ToString());

    [Theory]
    [InlineData("cuda:-1")]
    [InlineData("tpu")]
    [InlineData("cuda:x")]
    public void Parse_Bad_Throws(string text) => Assert.Throws<FormatException>(() => ComputeDevice.Parse(text));

    [Fact]
    public void Default_IsTheCpu()
    {
        Assert.Equal(ComputeDevice.Cpu, default);
        Assert.True(default(ComputeDevice).IsCpu);
    }
}
