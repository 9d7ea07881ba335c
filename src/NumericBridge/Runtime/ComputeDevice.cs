using System.Globalization;
using TorchSharp;

namespace Verifier.NumericBridge.Runtime;

/// <summary>The kinds of device a model's tensors can live on.</summary>
public enum ComputeDeviceKind
{
    /// <summary>The host CPU (the default; always available once TorchSharp loads).</summary>
    Cpu,
    /// <summary>An NVIDIA GPU through CUDA libtorch, loaded by <see cref="DeviceBackends.TryLoadCuda(out string)"/>.</summary>
    Cuda,
}

/// <summary>
/// Where a model's weights and passes live: the CPU (<c>default</c>) or one CUDA device. Our own type, so that no
/// public member of the bridge takes a TorchSharp <c>Device</c>.
/// </summary>
/// <param name="Kind">CPU or CUDA.</param>
/// <param name="Index">The CUDA device index (0 for the first GPU); always 0 for the CPU.</param>
public readonly record struct ComputeDevice(ComputeDeviceKind Kind, int Index = 0)
{
    /// <summary>The CPU, which is also <c>default(ComputeDevice)</c>.</summary>
    public static ComputeDevice Cpu => default;

    /// <summary>CUDA device <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static ComputeDevice Cuda(int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new ComputeDevice(ComputeDeviceKind.Cuda, index);
    }

    /// <summary>True for the CPU.</summary>
    public bool IsCpu => Kind == ComputeDeviceKind.Cpu;

    /// <summary>PyTorch's spelling: <c>cpu</c> or <c>cuda:0</c>.</summary>
    public override string ToString() => IsCpu ? "cpu" : $"cuda:{Index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads <c>cpu</c>, <c>cuda</c> (device 0) or <c>cuda:N</c>, case-insensitively.</summary>
    /// <exception cref="FormatException">The text is none of these.</exception>
    public static ComputeDevice Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim().ToLowerInvariant();
        if (s == "cpu") return Cpu;
        if (s == "cuda" || s == "gpu") return Cuda();
        if (s.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(s.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            return Cuda(index);
        throw new FormatException($"'{text}' is not a device: expected cpu, cuda or cuda:N");
    }

    /// <summary>
    /// Throws unless the device can take tensors: always true for the CPU; for CUDA, CUDA libtorch must have been loaded
    /// (<see cref="DeviceBackends.TryLoadCuda(out string)"/>) and the index must be below the device count.
    /// </summary>
    /// <exception cref="InvalidOperationException">The CUDA device is not available.</exception>
    internal void EnsureAvailable()
    {
        if (IsCpu) return;
        if (!torch.cuda.is_available())
            throw new InvalidOperationException($"{this} is not available: CUDA libtorch is not loaded in this process (call DeviceBackends.TryLoadCuda first; see docs/GPU.md)");
        int count = torch.cuda.device_count();
        if (Index >= count) throw new InvalidOperationException($"{this} is not available: CUDA reports {count} device(s)");
    }

    /// <summary>The TorchSharp device (kept internal: TorchSharp types stay inside the bridge).</summary>
    internal torch.Device ToTorch() => IsCpu ? torch.CPU : new torch.Device(DeviceType.CUDA, Index);
}
