using System.Runtime.InteropServices;
using System.Text;
using Verifier.NumericBridge.Gpu;
using Verifier.NumericBridge.Runtime;

namespace Verifier.GpuRunner;

/// <summary><c>doctor</c>: what this host has, and the full load trace of libtorch and CUDA.</summary>
internal static class Doctor
{
    public static int Run(RunnerOptions options)
    {
        Console.WriteLine("== host");
        Console.WriteLine($"  {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, {Environment.ProcessorCount} logical cores");
        Console.WriteLine($"  runner directory: {AppContext.BaseDirectory}");
        Console.WriteLine($"  NVIDIA driver: {(File.Exists("/proc/driver/nvidia/version") ? File.ReadLines("/proc/driver/nvidia/version").FirstOrDefault()?.Trim() : "none (/proc/driver/nvidia/version absent)")}");
        Console.WriteLine($"  /dev/nvidia0: {(File.Exists("/dev/nvidia0") ? "present" : "absent")}");
        string? beside = Startup.PublishedCpuLibtorch();
        Console.WriteLine($"  CPU libtorch published beside the runner: {(beside is not null ? $"yes, in {beside} (a build without -p:VerifierCudaOnly=true)" : "no (a CUDA-only build: the host's libtorch is needed)")}");
        Console.WriteLine($"  {CudaRuntime.DirectoryVariable} = {Environment.GetEnvironmentVariable(CudaRuntime.DirectoryVariable) ?? "(unset)"}");

        Console.WriteLine("== CUDA back end assembly");
        DeviceBackends.TryFindCuda(out _, out string found);
        Console.Write(Indent(found));

        bool cuda = false;
        if (options.HasLibtorchDirectory)
        {
            Console.WriteLine("== loading libtorch (compatibility check, files, TorchSharp, CUDA)");
            var trace = new StringBuilder();
            try
            {
                cuda = Startup.Initialize(options, trace);
            }
            catch (InvalidOperationException e)
            {
                trace.AppendLine(e.Message);
            }
            Console.Write(Indent(trace.ToString()));
        }
        else
        {
            Console.WriteLine($"== no libtorch directory given (--libtorch or {CudaRuntime.DirectoryVariable}); checking the CPU libtorch beside the runner");
            if (beside is null)
                Console.WriteLine($"  none: a CUDA-only build (-p:VerifierCudaOnly=true) loads nothing until it is given the host's libtorch (--libtorch DIR or {CudaRuntime.DirectoryVariable})");
            else
            {
                Console.Write(Indent(LibtorchCompatibility.Check(beside).Format()));
                Console.Write(Indent(TorchRuntime.TryInitialize(out string cpu) ? cpu : "TorchSharp did not load:\n" + cpu));
            }
        }
        Console.WriteLine("== verdict");
        Console.WriteLine(cuda ? "  CUDA: available" : "  CUDA: NOT available (see the trace above)");
        return options.RequireCuda && !cuda ? 1 : 0;
    }

    public static string Indent(string text) =>
        string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => "  " + l.TrimEnd('\r') + "\n"));
}
