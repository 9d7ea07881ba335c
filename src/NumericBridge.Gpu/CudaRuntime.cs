using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;
using Verifier.NumericBridge.Runtime;

namespace Verifier.NumericBridge.Gpu;

/// <summary>Options of <see cref="CudaRuntime.TryInitialize(string?, CudaLoadOptions, out string)"/>.</summary>
/// <param name="SkipSymbolCheck">Load even when <see cref="LibtorchCompatibility"/> reports missing symbols (the process
/// may then die at the first call of a missing function). Off by default.</param>
/// <param name="AllowCpuLibtorchBeside">Load even when TorchSharp-cpu's libtorch sits next to the application, which
/// TorchSharp would load a second time beside the CUDA one. Off by default; for experiments only.</param>
public sealed record CudaLoadOptions(bool SkipSymbolCheck = false, bool AllowCpuLibtorchBeside = false)
{
    /// <summary>The defaults: check symbols, refuse a second libtorch.</summary>
    public static CudaLoadOptions Default { get; } = new();
}

/// <summary>
/// Loads CUDA libtorch from a directory the user names and binds TorchSharp 0.107.0 to it, Try-style, with a load
/// trace. There is no CUDA TorchSharp package on the package mirror; this is how the bridge reaches a GPU.
/// </summary>
/// <remarks>
/// <para>The directory is, in order: the argument; the environment variable <see cref="DirectoryVariable"/>
/// (<c>VERIFIER_LIBTORCH_CUDA</c>), e.g. <c>$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))')/lib</c>;
/// the application's directory when a CUDA TorchSharp package put <c>libtorch_cuda.so</c> there.</para>
/// <para>How it works, following TorchSharp's own loader (<c>src/TorchSharp/Torch.cs</c>, <c>LoadNativeBackend</c>):
/// TorchSharp loads libtorch by bare name (<c>NativeLibrary.TryLoad("torch_cuda", assembly, null)</c>, then
/// <c>"LibTorchSharp"</c>); on Linux a bare name is first looked for next to the application and then handed to
/// <c>dlopen</c>, which matches a library that is already loaded by its <c>DT_SONAME</c>. So we first load the
/// directory's libraries by full path in dependency order (<see cref="LibtorchCompatibility.LibraryNames"/>), after
/// <c>libtorch_global_deps.so</c> as PyTorch's own <c>import torch</c> does; TorchSharp's later by-name loads, and the
/// glue's <c>DT_NEEDED</c> entries, then bind to those copies. Then the core's <see cref="TorchRuntime"/> loads the glue
/// (repairing its libstdc++ version need where needed) and runs its CPU smoke test on this libtorch, and
/// <c>torch.TryInitializeDeviceType(DeviceType.CUDA)</c> asks libtorch whether CUDA works.</para>
/// <para>Two refusals protect the process: a directory whose libraries lack symbols the glue needs is not loaded (a
/// missing function would kill the process at its first call), and neither is one when TorchSharp-cpu's libtorch is
/// next to the application or already loaded (two copies of libtorch_cpu.so in one process register their operators
/// twice). The GPU runner is therefore published without the CPU natives (<c>-p:VerifierCudaOnly=true</c>).</para>
/// <para>Native libraries load once per process: the outcome of the first call is kept, and a later call with another
/// directory is refused. Everything that uses TorchSharp must come after this call.</para>
/// </remarks>
public static class CudaRuntime
{
    /// <summary>The environment variable naming the CUDA libtorch directory.</summary>
    public const string DirectoryVariable = "VERIFIER_LIBTORCH_CUDA";

    private static readonly object Gate = new();
    private static (string? Directory, bool Ok, string Trace)? _outcome;

    /// <summary>Loads CUDA libtorch from <paramref name="libtorchDirectory"/> (or as resolved, see the remarks) with the default options.</summary>
    public static bool TryInitialize(string? libtorchDirectory, out string trace) =>
        TryInitialize(libtorchDirectory, CudaLoadOptions.Default, out trace);

    /// <summary>
    /// Loads CUDA libtorch and initialises CUDA. True when at least one CUDA device is usable. The trace lists where
    /// the directory came from, the compatibility check, every file loaded or failed (with the loader's message),
    /// TorchSharp's CPU smoke test, <c>torch.cuda.is_available()</c>, the device count and the free memory.
    /// </summary>
    public static bool TryInitialize(string? libtorchDirectory, CudaLoadOptions options, out string trace)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (Gate)
        {
            var text = new StringBuilder();
            string? directory = ResolveDirectory(libtorchDirectory, Environment.GetEnvironmentVariable(DirectoryVariable), AppContext.BaseDirectory, text);
            if (_outcome is { } done)
            {
                if (directory is not null && done.Directory is not null && !SameDirectory(directory, done.Directory))
                {
                    trace = text + $"refused: libtorch was already loaded from {done.Directory} in this process; native libraries cannot be swapped\n" + done.Trace;
                    return false;
                }
                trace = text + "(outcome of the first initialisation in this process)\n" + done.Trace;
                return done.Ok;
            }
            bool ok = directory is not null && Initialize(directory, options, text);
            trace = text.ToString();
            // A run that stopped before loading anything may be retried with another directory; one that loaded may not.
            if (directory is not null && _loadedAnything) _outcome = (directory, ok, trace);
            return ok;
        }
    }

    /// <summary>True once a native library was loaded by <see cref="Initialize"/>: from then on the outcome is final.</summary>
    private static bool _loadedAnything;

    /// <summary>
    /// The libtorch directory: <paramref name="argument"/>, else <paramref name="environmentValue"/> (the value of
    /// <see cref="DirectoryVariable"/>), else <paramref name="applicationDirectory"/> when it holds <c>libtorch_cuda.so</c>;
    /// null when none applies. Each step is added to <paramref name="trace"/>. A pure function of its arguments and the
    /// file system.
    /// </summary>
    public static string? ResolveDirectory(string? argument, string? environmentValue, string? applicationDirectory, StringBuilder trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (!string.IsNullOrWhiteSpace(argument))
        {
            trace.AppendLine($"libtorch directory from the argument: {Path.GetFullPath(argument)}");
            return Path.GetFullPath(argument);
        }
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            trace.AppendLine($"libtorch directory from {DirectoryVariable}: {Path.GetFullPath(environmentValue)}");
            return Path.GetFullPath(environmentValue);
        }
        trace.AppendLine($"no libtorch directory given and {DirectoryVariable} is not set");
        if (!string.IsNullOrWhiteSpace(applicationDirectory))
        {
            string app = Path.GetFullPath(applicationDirectory);
            if (File.Exists(Path.Combine(app, "libtorch_cuda.so")))
            {
                trace.AppendLine($"libtorch directory: the application's, which holds libtorch_cuda.so (a CUDA TorchSharp package): {app}");
                return app;
            }
            trace.AppendLine($"the application's directory {app} holds no libtorch_cuda.so (no CUDA TorchSharp package)");
        }
        trace.AppendLine($"set {DirectoryVariable} to a CUDA libtorch directory, e.g. the output of: python3 -c \"import torch, os; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))\"");
        return null;
    }

    private static bool Initialize(string directory, CudaLoadOptions options, StringBuilder trace)
    {
        if (!OperatingSystem.IsLinux())
        {
            trace.AppendLine("refused: loading CUDA libtorch from a directory is implemented for Linux only");
            return false;
        }
        if (!Directory.Exists(directory))
        {
            trace.AppendLine($"refused: the directory {directory} does not exist");
            return false;
        }

        // 1. Would the glue find every symbol it needs?
        var report = LibtorchCompatibility.Check(directory);
        trace.Append(report.Format());
        if (!report.CanLoadGlue && !options.SkipSymbolCheck)
        {
            trace.AppendLine("refused: this libtorch cannot serve TorchSharp 0.107.0 (see above); point " + DirectoryVariable + " at a libtorch 2.10 (PyTorch 2.10) installation");
            return false;
        }

        // 2. Is there a second libtorch that TorchSharp would load as well?
        var conflicts = CpuLibtorchConflicts(directory);
        foreach (string c in conflicts) trace.AppendLine($"conflict: {c}");
        if (conflicts.Count > 0 && !options.AllowCpuLibtorchBeside)
        {
            trace.AppendLine("refused: a second libtorch would be loaded beside this one (two copies of libtorch_cpu.so register their operators twice and abort the process). " +
                "Publish the runner with -p:VerifierCudaOnly=true (docs/GPU.md), and initialise CUDA before anything else uses TorchSharp.");
            return false;
        }

        // 3. Load the directory's libraries by full path, dependencies first.
        _loadedAnything = true;
        string globalDeps = Path.Combine(directory, "libtorch_global_deps.so");
        if (File.Exists(globalDeps) && !TryLoad(globalDeps, trace)) PreloadNvidiaLibraries(directory, trace);
        foreach (var lib in report.Libraries)
        {
            if (lib.Path is null)
            {
                trace.AppendLine($"skip  {lib.Name}: not in the directory");
                continue;
            }
            if (!TryLoad(lib.Path, trace) && !lib.Cuda)
            {
                trace.AppendLine("refused: a CPU library of libtorch did not load; TorchSharp is not touched");
                return false;
            }
        }

        // 4. The glue and the CPU smoke test, on this libtorch (the core's loader, with its libstdc++ repair).
        bool cpu = TorchRuntime.TryInitialize(out string cpuTrace);
        trace.Append(cpuTrace);
        if (!cpu) return false;

        // 5. CUDA.
        return InitializeCuda(trace);
    }

    /// <summary>Asks TorchSharp to initialise CUDA and describes the devices. Kept out of line: it is the first CUDA call into TorchSharp.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool InitializeCuda(StringBuilder trace)
    {
        try
        {
            bool device = torch.TryInitializeDeviceType(DeviceType.CUDA);
            bool available = torch.cuda.is_available();
            int count = available ? torch.cuda.device_count() : 0;
            trace.AppendLine($"torch.TryInitializeDeviceType(CUDA) = {device}; torch.cuda.is_available() = {available}; device count = {count}");
            if (!available || count == 0)
            {
                trace.AppendLine("CUDA is not available: libtorch_cuda.so is not loaded, or the NVIDIA driver / device is missing (check nvidia-smi)");
                return false;
            }
            trace.AppendLine($"cuDNN available: {torch.cuda.is_cudnn_available()}");
            for (int d = 0; d < count; d++)
                trace.AppendLine(GpuMemory.TryGetInfo(d, out var info, out string why) ? $"cuda:{d}: {info}" : $"cuda:{d}: memory unknown ({why})");
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            trace.AppendLine($"initialising CUDA failed: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }

    /// <summary>Loads one library by full path, adding "load" or "FAIL" with the loader's message to the trace.</summary>
    internal static bool TryLoad(string path, StringBuilder trace)
    {
        try
        {
            NativeLibrary.Load(path);
            trace.AppendLine($"load  {path}");
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            trace.AppendLine($"FAIL  {path}: {e.Message.Trim()}");
            return false;
        }
    }

    /// <summary>
    /// A pip-installed PyTorch keeps the CUDA libraries in <c>site-packages/nvidia/*/lib</c>; when
    /// <c>libtorch_global_deps.so</c> does not load on its own, load those (as PyTorch's <c>_preload_cuda_deps</c> does),
    /// in passes until no more load, since their order of dependence is not known here.
    /// </summary>
    private static void PreloadNvidiaLibraries(string directory, StringBuilder trace)
    {
        string nvidia = Path.GetFullPath(Path.Combine(directory, "..", "..", "nvidia"));
        if (!Directory.Exists(nvidia))
        {
            trace.AppendLine($"no {nvidia} (pip's CUDA libraries) to preload");
            return;
        }
        var pending = Directory.EnumerateDirectories(nvidia).SelectMany(d => Directory.Exists(Path.Combine(d, "lib")) ? Directory.EnumerateFiles(Path.Combine(d, "lib"), "*.so*") : [])
            .Order(StringComparer.Ordinal).ToList();
        int loaded = 0, passes = 0;
        while (pending.Count > 0 && passes++ < 8)
        {
            var failed = pending.Where(p => !NativeLibrary.TryLoad(p, out _)).ToList();
            loaded += pending.Count - failed.Count;
            if (failed.Count == pending.Count) break;
            pending = failed;
        }
        trace.AppendLine($"preloaded {loaded} CUDA libraries from {nvidia} in {passes} pass(es); not loaded: {(pending.Count == 0 ? "none" : string.Join(", ", pending.Select(Path.GetFileName)))}");
        string globalDeps = Path.Combine(directory, "libtorch_global_deps.so");
        TryLoad(globalDeps, trace);
    }

    /// <summary>
    /// Why TorchSharp would load a libtorch other than the one in <paramref name="directory"/>: TorchSharp-cpu's copy
    /// next to the application, or a libtorch_cpu.so already mapped into the process from elsewhere.
    /// </summary>
    internal static List<string> CpuLibtorchConflicts(string directory)
    {
        var found = new List<string>();
        string app = Path.GetFullPath(AppContext.BaseDirectory);
        foreach (string candidate in new[] { Path.Combine(app, "libtorch_cpu.so"), Path.Combine(app, "runtimes", "linux-x64", "native", "libtorch_cpu.so") })
            if (File.Exists(candidate) && !SameDirectory(Path.GetDirectoryName(candidate)!, directory))
                found.Add($"TorchSharp-cpu's {candidate} is next to the application; TorchSharp would load it too");
        foreach (string mapped in MappedLibraries("libtorch_cpu.so"))
            if (!SameDirectory(Path.GetDirectoryName(mapped)!, directory))
                found.Add($"{mapped} is already loaded in this process");
        return found;
    }

    /// <summary>Paths of loaded files whose name starts with <paramref name="fileName"/>, from /proc/self/maps.</summary>
    internal static IEnumerable<string> MappedLibraries(string fileName)
    {
        string[] lines;
        try { lines = File.ReadAllLines("/proc/self/maps"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
        return lines.Select(l => l.IndexOf('/') is int at and >= 0 ? l[at..].Trim() : null)
            .Where(p => p is not null && Path.GetFileName(p).StartsWith(fileName, StringComparison.Ordinal))
            .Select(p => p!).Distinct();
    }

    /// <summary>True when both name the same directory once symbolic links are resolved.</summary>
    internal static bool SameDirectory(string a, string b) => string.Equals(RealPath(a), RealPath(b), StringComparison.Ordinal);

    /// <summary>The canonical path (libc <c>realpath</c>), or the full path when that fails (e.g. the path does not exist).</summary>
    internal static string RealPath(string path)
    {
        string full = Path.GetFullPath(path).TrimEnd('/');
        if (!OperatingSystem.IsLinux()) return full;
        IntPtr resolved = realpath(full, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return full;
        try { return Marshal.PtrToStringUTF8(resolved) ?? full; }
        finally { Marshal.FreeHGlobal(resolved); } // realpath mallocs; FreeHGlobal is free() on Unix
    }

    [DllImport("libc", EntryPoint = "realpath", CharSet = CharSet.Ansi)]
    private static extern IntPtr realpath(string path, IntPtr resolved);
}
