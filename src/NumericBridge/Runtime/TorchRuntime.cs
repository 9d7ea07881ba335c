using System.Runtime.CompilerServices;
using System.Text;
using TorchSharp;

namespace Verifier.NumericBridge.Runtime;

/// <summary>
/// Loads TorchSharp's native back end (CPU) once per process, first repairing the build output's copy of
/// <c>libLibTorchSharp.so</c> when the system libstdc++ is too old for it.
/// </summary>
/// <remarks>
/// Every numeric entry point of the bridge calls <see cref="EnsureInitialized"/> before it touches TorchSharp. The
/// repair (see <see cref="ElfVersionNeed"/> and DESIGN.md, "Environment decisions") runs only on Linux, only when the
/// system libstdc++ lacks <c>GLIBCXX_3.4.32</c>, and only on the copy next to this assembly, never on the NuGet cache.
/// It works at run time because the CLR loads the native library lazily, at the first call into TorchSharp.
/// </remarks>
public static class TorchRuntime
{
    /// <summary>The libstdc++ version that TorchSharp 0.107.0's glue declares a need on.</summary>
    public const string RequiredLibStdCxxVersion = "GLIBCXX_3.4.32";

    private const string GlueLibrary = "libLibTorchSharp.so";

    private static readonly string[] LibStdCxxCandidates =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    ];

    private static readonly Lazy<(bool Ok, string Trace)> State = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Loads the native back end if it is not loaded yet. True when TorchSharp works on the CPU; the trace then
    /// says what was done (checked libstdc++, patched or not). False with the load trace when it does not.
    /// The outcome is computed once per process.
    /// </summary>
    public static bool TryInitialize(out string trace)
    {
        var (ok, text) = State.Value;
        trace = text;
        return ok;
    }

    /// <summary>Loads the native back end, or throws with the load trace.</summary>
    /// <exception cref="InvalidOperationException">TorchSharp's native back end does not load; the message holds the trace.</exception>
    public static void EnsureInitialized()
    {
        if (!TryInitialize(out string trace))
            throw new InvalidOperationException("TorchSharp's native back end did not load.\n" + trace);
    }

    private static (bool, string) Initialize()
    {
        var trace = new StringBuilder();
        try
        {
            if (OperatingSystem.IsLinux()) RepairGlueIfNeeded(trace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            trace.AppendLine($"repair of {GlueLibrary} failed: {e.Message}");
        }
        try
        {
            string smoke = TouchTorch();
            trace.AppendLine(smoke);
            return (true, trace.ToString());
        }
        catch (Exception e)
        {
            trace.AppendLine($"loading TorchSharp failed: {e.GetType().Name}: {e.Message}");
            if (e.InnerException is { } inner) trace.AppendLine($"  inner: {inner.GetType().Name}: {inner.Message}");
            return (false, trace.ToString());
        }
    }

    /// <summary>Patches the output copies of the glue when the system libstdc++ lacks the required version.</summary>
    private static void RepairGlueIfNeeded(StringBuilder trace)
    {
        string? libstdcxx = LibStdCxxCandidates.FirstOrDefault(File.Exists);
        if (libstdcxx is null)
        {
            trace.AppendLine("no system libstdc++.so.6 found in the usual places; nothing patched");
            return;
        }
        if (LibStdCxxHasVersion(libstdcxx, RequiredLibStdCxxVersion))
        {
            trace.AppendLine($"{libstdcxx} provides {RequiredLibStdCxxVersion}; nothing patched");
            return;
        }
        trace.AppendLine($"{libstdcxx} lacks {RequiredLibStdCxxVersion}");
        var copies = OutputCopies().ToList();
        if (copies.Count == 0) trace.AppendLine($"no {GlueLibrary} next to the assembly; nothing patched");
        foreach (string copy in copies)
        {
            if (IsInNuGetCache(copy))
            {
                trace.AppendLine($"{copy} is in the NuGet cache; left alone");
                continue;
            }
            var outcome = ElfVersionNeed.MakeWeak(copy, RequiredLibStdCxxVersion);
            trace.AppendLine($"{copy}: {outcome}");
        }
    }

    /// <summary>True when the library's bytes contain the NUL-terminated version name (what <c>strings | grep</c> would find).</summary>
    internal static bool LibStdCxxHasVersion(string path, string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        return File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0;
    }

    /// <summary>The copies of the glue in the build output: next to this assembly, flat or under <c>runtimes/&lt;rid&gt;/native</c>.</summary>
    internal static IEnumerable<string> OutputCopies()
    {
        // Assembly.Location is empty in a single-file or NativeAOT app; AppContext.BaseDirectory covers that case.
#pragma warning disable IL3000
        var directories = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(TorchRuntime).Assembly.Location) }
#pragma warning restore IL3000
            .Where(d => !string.IsNullOrEmpty(d))
            .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d!)))
            .Distinct();
        foreach (string directory in directories)
        {
            string flat = Path.Combine(directory, GlueLibrary);
            if (File.Exists(flat)) yield return flat;
            string runtimes = Path.Combine(directory, "runtimes");
            if (!Directory.Exists(runtimes)) continue;
            foreach (string rid in Directory.EnumerateDirectories(runtimes, "linux-*"))
            {
                string nested = Path.Combine(rid, "native", GlueLibrary);
                if (File.Exists(nested)) yield return nested;
            }
        }
    }

    private static bool IsInNuGetCache(string path)
    {
        string? configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(configured) && path.StartsWith(Path.GetFullPath(configured), StringComparison.Ordinal)) return true;
        return path.Contains("/.nuget/packages/", StringComparison.Ordinal);
    }

    /// <summary>The first touch of TorchSharp: kept out of line so that nothing in TorchSharp runs before the repair.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string TouchTorch()
    {
        torch.InitializeDeviceType(DeviceType.CPU);
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 3.0 }, dtype: torch.float64, requires_grad: true);
        var y = (x * x).sum();
        var grad = torch.autograd.grad([y], [x])[0];
        double value = grad.item<double>();
        if (value != 6.0) throw new InvalidOperationException($"smoke test: d/dx x^2 at 3 gave {value}, not 6");
        return $"TorchSharp loaded on the CPU (torch {torch.__version__}); smoke test d/dx x^2 at 3 = 6";
    }
}
