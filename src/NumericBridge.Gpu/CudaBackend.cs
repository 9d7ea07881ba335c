using Verifier.NumericBridge.Runtime;

namespace Verifier.NumericBridge.Gpu;

/// <summary>
/// The CUDA back end as the core sees it (<see cref="IDeviceBackend"/>): created by reflection by
/// <see cref="DeviceBackends"/>, it delegates to <see cref="CudaRuntime.TryInitialize(string?, out string)"/>.
/// </summary>
public sealed class CudaBackend : IDeviceBackend
{
    /// <summary><c>cuda</c>.</summary>
    public string Name => "cuda";

    /// <summary>Loads CUDA libtorch from <paramref name="libraryDirectory"/>, or from <see cref="CudaRuntime.DirectoryVariable"/> when null.</summary>
    public bool TryInitialize(string? libraryDirectory, out string trace) => CudaRuntime.TryInitialize(libraryDirectory, out trace);
}
