using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;

namespace Verifier.NumericBridge.Runtime;

/// <summary>
/// Finds hardware back ends at run time. The core never references the CUDA assembly: it looks for
/// <c>Verifier.NumericBridge.Gpu.dll</c> and creates its <see cref="IDeviceBackend"/> by reflection.
/// </summary>
/// <remarks>
/// <para>Where the assembly is looked for, in order: already loaded or resolvable by the application (an application
/// that references the Gpu project, such as the GPU runner, finds it this way, also when trimmed or ahead-of-time
/// compiled, thanks to the <see cref="DynamicDependencyAttribute"/> below); the file or directory named by
/// <see cref="AssemblyVariable"/>; the application's directory; the directory of this assembly. A file found on disk
/// is loaded with <see cref="Assembly.LoadFrom(string)"/>, which NativeAOT does not support: an AOT application must
/// reference the Gpu project directly.</para>
/// <para>Initialising CUDA must come before anything else touches TorchSharp in the process (see docs/GPU.md): the
/// CUDA libtorch is loaded first and TorchSharp then binds to it.</para>
/// </remarks>
public static class DeviceBackends
{
    /// <summary>The file name of the CUDA back end's assembly.</summary>
    public const string CudaAssemblyFileName = "Verifier.NumericBridge.Gpu.dll";

    /// <summary>The assembly-qualified name of the CUDA back end's <see cref="IDeviceBackend"/> implementation.</summary>
    public const string CudaBackendTypeName = "Verifier.NumericBridge.Gpu.CudaBackend, Verifier.NumericBridge.Gpu";

    /// <summary>
    /// Environment variable: the path of <see cref="CudaAssemblyFileName"/>, or of the directory holding it, when it is
    /// not next to the application.
    /// </summary>
    public const string AssemblyVariable = "VERIFIER_GPU_ASSEMBLY";

    /// <summary>
    /// Finds the CUDA back end, loads CUDA libtorch and initialises the device (see <see cref="IDeviceBackend.TryInitialize"/>);
    /// the library directory comes from the back end's own resolution (its environment variable first).
    /// True when a CUDA device is usable. The trace says where the assembly was found and how the load went.
    /// </summary>
    public static bool TryLoadCuda(out string trace) => TryLoadCuda(null, out trace);

    /// <summary>
    /// The same with the libtorch directory given (e.g. a PyTorch installation's <c>torch/lib</c>); null resolves it
    /// as <see cref="TryLoadCuda(out string)"/> does.
    /// </summary>
    public static bool TryLoadCuda(string? libtorchDirectory, out string trace)
    {
        if (!TryFindCuda(out var backend, out string found) || backend is null)
        {
            trace = found;
            return false;
        }
        bool ok;
        string loadTrace;
        try
        {
            ok = backend.TryInitialize(libtorchDirectory, out loadTrace);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ok = false;
            loadTrace = $"the CUDA back end threw {e.GetType().Name}: {e.Message}";
        }
        trace = found + loadTrace;
        return ok;
    }

    /// <summary>
    /// Finds and creates the CUDA back end without initialising it. False, with the places searched, when the
    /// assembly is nowhere to be found or does not hold a usable back end.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Assembly.LoadFrom is the fallback for a back end that the application does not reference; a trimmed application references it and is served by Type.GetType, kept by DynamicDependency.")]
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "The type name is a constant; DynamicDependency keeps its constructor when the assembly is part of the application.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "The constructor is kept by DynamicDependency.")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, "Verifier.NumericBridge.Gpu.CudaBackend", "Verifier.NumericBridge.Gpu")]
    public static bool TryFindCuda(out IDeviceBackend? backend, out string trace)
    {
        var text = new StringBuilder();
        backend = null;
        Type? type = null;
        try
        {
            type = Type.GetType(CudaBackendTypeName, throwOnError: false);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            text.AppendLine($"resolving {CudaBackendTypeName} failed: {e.Message}");
        }
        if (type is not null)
        {
            string where = Where(type.Assembly);
            text.AppendLine($"CUDA back end: {type.Assembly.GetName().Name} is part of the application ({(where.Length == 0 ? "bundled, no file of its own" : where)})");
        }
        else
        {
            string? path = LocateCudaAssembly(text);
            if (path is null)
            {
                trace = text.ToString();
                return false;
            }
            try
            {
                var assembly = Assembly.LoadFrom(path);
                type = assembly.GetType("Verifier.NumericBridge.Gpu.CudaBackend", throwOnError: false);
                text.AppendLine($"CUDA back end: loaded {path}");
            }
            catch (Exception e) when (e is FileLoadException or BadImageFormatException or PlatformNotSupportedException or FileNotFoundException)
            {
                text.AppendLine($"loading {path} failed: {e.GetType().Name}: {e.Message}");
                trace = text.ToString();
                return false;
            }
        }
        if (type is null || !typeof(IDeviceBackend).IsAssignableFrom(type))
        {
            text.AppendLine($"the assembly has no type Verifier.NumericBridge.Gpu.CudaBackend implementing {nameof(IDeviceBackend)}");
            trace = text.ToString();
            return false;
        }
        try
        {
            backend = (IDeviceBackend?)Activator.CreateInstance(type);
        }
        catch (Exception e) when (e is MissingMethodException or TargetInvocationException or MemberAccessException)
        {
            text.AppendLine($"creating {type.FullName} failed: {e.GetType().Name}: {e.Message}");
        }
        trace = text.ToString();
        return backend is not null;
    }

    /// <summary>
    /// The path of <see cref="CudaAssemblyFileName"/> on disk, searched in <see cref="AssemblyVariable"/>, the
    /// application's directory and this assembly's directory; null when it is in none of them. Every place searched
    /// is added to <paramref name="trace"/>.
    /// </summary>
    public static string? LocateCudaAssembly(StringBuilder trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        foreach (var (place, candidate) in Candidates())
        {
            if (File.Exists(candidate))
            {
                trace.AppendLine($"CUDA back end: found {candidate} ({place})");
                return candidate;
            }
            trace.AppendLine($"CUDA back end: no {candidate} ({place})");
        }
        trace.AppendLine($"CUDA back end: {CudaAssemblyFileName} not found; build or publish with the Gpu project (tools/GpuRunner) or set {AssemblyVariable}");
        return null;
    }

    private static IEnumerable<(string Place, string Path)> Candidates()
    {
        string? configured = Environment.GetEnvironmentVariable(AssemblyVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            string full = Path.GetFullPath(configured);
            yield return ($"from {AssemblyVariable}", Directory.Exists(full) ? Path.Combine(full, CudaAssemblyFileName) : full);
        }
        yield return ("the application's directory", Path.Combine(Path.GetFullPath(AppContext.BaseDirectory), CudaAssemblyFileName));
        string? own = Where(typeof(DeviceBackends).Assembly);
        if (!string.IsNullOrEmpty(own)) yield return ("next to Verifier.NumericBridge", Path.Combine(own, CudaAssemblyFileName));
    }

    /// <summary>The directory of an assembly's file, or a note that it has none (single-file or AOT applications).</summary>
    private static string Where(Assembly assembly)
    {
#pragma warning disable IL3000 // Location is empty in single-file applications; handled.
        string location = assembly.Location;
#pragma warning restore IL3000
        return string.IsNullOrEmpty(location) ? "" : Path.GetDirectoryName(location) ?? "";
    }
}
