namespace Verifier.NumericBridge;

/// <summary>The floating-point type of a model's weights and of its forward and backward passes.</summary>
public enum NumericPrecision
{
    /// <summary>IEEE 754 binary32 (PyTorch's default <c>float32</c>).</summary>
    Float32,
    /// <summary>IEEE 754 binary64 (<c>float64</c>).</summary>
    Float64,
}
