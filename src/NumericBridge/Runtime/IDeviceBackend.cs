namespace Verifier.NumericBridge.Runtime;

/// <summary>
/// A hardware back end that the core finds at run time (see <see cref="DeviceBackends"/>). The core defines this
/// seam and never references an implementation; <c>Verifier.NumericBridge.Gpu</c> implements it for CUDA.
/// </summary>
/// <remarks>An implementation needs a public parameterless constructor: the core creates it by reflection.</remarks>
public interface IDeviceBackend
{
    /// <summary>The back end's short name, e.g. <c>cuda</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Loads the back end's native libraries and initialises the device, once per process. True when at least one
    /// device is usable; false otherwise. Either way <paramref name="trace"/> says what was tried, file by file.
    /// </summary>
    /// <param name="libraryDirectory">Where the native libraries are (e.g. a PyTorch installation's <c>torch/lib</c>);
    /// null to let the back end resolve it (its environment variable, then its own defaults).</param>
    /// <param name="trace">The load trace.</param>
    bool TryInitialize(string? libraryDirectory, out string trace);
}
