using System.Globalization;
using System.Runtime.InteropServices;

namespace Verifier.NumericBridge.Gpu;

/// <summary>Free and total memory of one CUDA device, in bytes, as <c>cudaMemGetInfo</c> reports them.</summary>
/// <param name="Device">The device index.</param>
/// <param name="FreeBytes">Free memory now.</param>
/// <param name="TotalBytes">The device's memory.</param>
public readonly record struct GpuMemoryInfo(int Device, long FreeBytes, long TotalBytes)
{
    /// <summary>E.g. <c>free 77.1 GiB of 79.1 GiB</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"free {FreeBytes / 1073741824.0:F1} GiB of {TotalBytes / 1073741824.0:F1} GiB");
}

/// <summary>
/// GPU memory through the CUDA runtime: TorchSharp 0.107.0 exposes no memory query (no <c>torch.cuda.mem_get_info</c>;
/// checked in its <c>src/TorchSharp/Torch.cs</c> and <c>PInvoke/LibTorchSharp.THSCuda.cs</c>), so this calls
/// <c>cudaSetDevice</c> and <c>cudaMemGetInfo</c> of <c>libcudart</c> directly.
/// </summary>
/// <remarks>
/// The runtime library is looked up by its soname (<c>libcudart.so.12</c>, <c>.13</c>, <c>.11.0</c>, then
/// <c>libcudart.so</c>): once CUDA libtorch is loaded (<see cref="CudaRuntime"/>), its own copy is already in the process
/// and <c>dlopen</c> returns that one, so both share one CUDA context. Call only after <see cref="CudaRuntime.TryInitialize(string?, out string)"/>
/// succeeded; before, the lookup may find no runtime or another one.
/// </remarks>
public static unsafe class GpuMemory
{
    private static readonly string[] RuntimeNames = ["libcudart.so.12", "libcudart.so.13", "libcudart.so.11.0", "libcudart.so"];

    /// <summary>Free and total memory of <paramref name="device"/>; false with the reason when the CUDA runtime cannot be reached or fails.</summary>
    public static bool TryGetInfo(int device, out GpuMemoryInfo info, out string why)
    {
        info = default;
        IntPtr library = IntPtr.Zero;
        string? name = RuntimeNames.FirstOrDefault(n => NativeLibrary.TryLoad(n, out library));
        if (name is null)
        {
            why = $"no CUDA runtime library loaded ({string.Join(", ", RuntimeNames)})";
            return false;
        }
        if (!NativeLibrary.TryGetExport(library, "cudaSetDevice", out IntPtr setDevice) || !NativeLibrary.TryGetExport(library, "cudaMemGetInfo", out IntPtr memGetInfo))
        {
            why = $"{name} lacks cudaSetDevice or cudaMemGetInfo";
            return false;
        }
        int status = ((delegate* unmanaged<int, int>)setDevice)(device);
        if (status != 0)
        {
            why = $"cudaSetDevice({device}) returned error {status}";
            return false;
        }
        nuint free = 0, total = 0;
        status = ((delegate* unmanaged<nuint*, nuint*, int>)memGetInfo)(&free, &total);
        if (status != 0)
        {
            why = $"cudaMemGetInfo returned error {status}";
            return false;
        }
        info = new GpuMemoryInfo(device, checked((long)free), checked((long)total));
        why = "";
        return true;
    }
}
