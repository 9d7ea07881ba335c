namespace Verifier.NumericBridge.Gpu.Tests;

/// <summary>Where the test finds native files, and scratch directories.</summary>
internal static class TestFiles
{
    /// <summary>TorchSharp-cpu's libtorch: in the test output when copied there, else in the NuGet cache.</summary>
    public static string CpuLibtorchDirectory()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        if (File.Exists(Path.Combine(output, "libtorch_cpu.so"))) return output;
        string? packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages)) packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(packages, "libtorch-cpu-linux-x64", "2.10.0", "runtimes", "linux-x64", "native");
    }

    /// <summary>TorchSharp 0.107.0's glue.</summary>
    public static string Glue() => LibtorchCompatibility.FindGlue() ?? throw new InvalidOperationException("libLibTorchSharp.so not found");

    /// <summary>The system's libm (an ELF shared library that is surely not libtorch).</summary>
    public static string SystemLibm() =>
        new[] { "/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/lib64/libm.so.6", "/usr/lib64/libm.so.6" }
            .First(File.Exists);

    /// <summary>A fresh empty directory under the temporary directory.</summary>
    public static string ScratchDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "verifier-gpu-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
