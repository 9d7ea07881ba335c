using TorchSharp;
using Verifier.NumericBridge.Runtime;

namespace Verifier.NumericBridge.Gpu;

/// <summary>The arithmetic of a GPU run.</summary>
public enum GpuPrecision
{
    /// <summary>IEEE binary64 throughout: the default, and the only one for cross-checks against exact results.</summary>
    Float64,
    /// <summary>IEEE binary32 with TF32 switched off in cuBLAS and cuDNN (true float32 products).</summary>
    Float32,
    /// <summary>
    /// float32 tensors with TF32 tensor-core products in cuBLAS matrix multiplications and cuDNN convolutions (10-bit
    /// mantissa inputs, float32 accumulation): fastest on Ampere and later, least accurate.
    /// </summary>
    Tf32,
}

/// <summary>Applies a <see cref="GpuPrecision"/>: the model precision to build with, and libtorch's TF32 switches.</summary>
/// <remarks>
/// TorchSharp 0.107.0 exposes both switches: <c>torch.backends.cuda.matmul.allow_tf32</c> (cuBLAS) and
/// <c>torch.backends.cudnn.allow_tf32</c> (cuDNN) (<c>src/TorchSharp/Torch.cs</c>, class <c>backends</c>). They are
/// process-wide libtorch settings, not ours to scope: the runner sets them once, before it builds models. PyTorch's
/// defaults are matmul off and cuDNN on; <see cref="GpuPrecision.Float32"/> turns both off so that float32 means float32.
/// </remarks>
public static class GpuPrecisionSwitch
{
    /// <summary>The model precision to build with: float64 for <see cref="GpuPrecision.Float64"/>, else float32.</summary>
    public static NumericPrecision ModelPrecision(GpuPrecision precision) =>
        precision == GpuPrecision.Float64 ? NumericPrecision.Float64 : NumericPrecision.Float32;

    /// <summary>Reads <c>float64</c>, <c>float32</c> or <c>tf32</c> (also <c>f64</c>, <c>f32</c>), case-insensitively.</summary>
    /// <exception cref="FormatException">None of these.</exception>
    public static GpuPrecision Parse(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "float64" or "f64" or "double" => GpuPrecision.Float64,
        "float32" or "f32" or "float" => GpuPrecision.Float32,
        "tf32" => GpuPrecision.Tf32,
        _ => throw new FormatException($"'{text}' is not a precision: expected float64, float32 or tf32"),
    };

    /// <summary>
    /// Sets libtorch's TF32 switches for <paramref name="precision"/> (on for <see cref="GpuPrecision.Tf32"/>, off
    /// otherwise) and returns what they read back. Needs CUDA initialised (<see cref="CudaRuntime"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">TF32 was asked for but CUDA is not available, or TorchSharp does not load.</exception>
    public static string Apply(GpuPrecision precision)
    {
        bool tf32 = precision == GpuPrecision.Tf32;
        TorchRuntime.EnsureInitialized();
        if (tf32 && !torch.cuda.is_available())
            throw new InvalidOperationException("TF32 needs a CUDA device; CUDA is not available in this process");
        torch.backends.cuda.matmul.allow_tf32 = tf32;
        torch.backends.cudnn.allow_tf32 = tf32;
        return $"precision {precision.ToString().ToLowerInvariant()}: model {ModelPrecision(precision).ToString().ToLowerInvariant()}, " +
               $"matmul.allow_tf32 = {torch.backends.cuda.matmul.allow_tf32}, cudnn.allow_tf32 = {torch.backends.cudnn.allow_tf32}";
    }
}
