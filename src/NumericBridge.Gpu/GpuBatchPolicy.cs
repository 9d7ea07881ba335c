using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using Verifier.Symbolic.Networks;

namespace Verifier.NumericBridge.Gpu;

/// <summary>
/// How many path points go through one forward and backward pass on a GPU: as many as fit in a share of the free
/// device memory, given the activation size of one point.
/// </summary>
/// <remarks>
/// <para>bytes per point = E x s x <see cref="AutogradFactor"/>, with E the activation elements of one point (the input
/// and every layer's output), s the element size (8 for float64, 4 for float32 and TF32). The factor 3 counts the
/// activations autograd keeps for the backward pass (1), the gradients of the same size that the backward pass creates
/// (1), and the temporaries around the passes (the path points themselves, dtype conversions, the gathered pooling
/// windows; 1). It is the same accounting as the core's host-memory batch sizing.</para>
/// <para>points per batch = clamp(floor(<see cref="MemoryFraction"/> x free bytes / bytes per point), 1,
/// <see cref="MaxBatch"/>), then at most the number of points. Half of the free memory is left to the caching
/// allocator's fragmentation, cuBLAS / cuDNN workspaces and the weights' gradients. The batch size changes how points
/// are grouped, never which points are evaluated: results agree across batch sizes up to float64 summation order.</para>
/// <para>Unmeasured on a GPU in this repository so far: the factor is an accounting bound, not a fitted value.</para>
/// </remarks>
public static class GpuBatchPolicy
{
    /// <summary>Working bytes per activation byte of a forward and backward pass.</summary>
    public const int AutogradFactor = 3;

    /// <summary>The share of the free device memory one batch may take.</summary>
    public const double MemoryFraction = 0.5;

    /// <summary>The largest batch: beyond this a pass is bound by arithmetic, and larger batches only hold memory.</summary>
    public const int MaxBatch = 65536;

    /// <summary>
    /// The policy as a pure function: floor(<see cref="MemoryFraction"/> x <paramref name="freeBytes"/> /
    /// (<paramref name="activationElements"/> x <paramref name="elementSize"/> x <see cref="AutogradFactor"/>)), clamped
    /// to [1, <see cref="MaxBatch"/>] and to at most <paramref name="points"/> (when positive).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activationElements"/> or <paramref name="elementSize"/> is below 1, or <paramref name="freeBytes"/> is negative.</exception>
    public static int PointsPerBatch(long freeBytes, long activationElements, int elementSize, int points = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(freeBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(activationElements, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(elementSize, 1);
        return BatchSizing.Fit(MemoryFraction * freeBytes, BatchSizing.BytesPerPoint(activationElements, elementSize, AutogradFactor),
            MaxBatch, points > 0 ? points : int.MaxValue);
    }

    /// <summary>The activation elements of one point of a network: the sum of its widths (input included).</summary>
    public static long ActivationElements(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.Widths.Sum(w => (long)w);
    }

    /// <summary>
    /// The activation elements of one point of a CNN, as the CPU policy counts them (<see cref="BatchSizing.ActivationElements"/>):
    /// the input map, every layer's output map, the im2col buffer of each convolution and the gathered windows before
    /// each max pooling.
    /// </summary>
    public static long ActivationElements(ConvModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return BatchSizing.ActivationElements(model) ?? throw new InvalidOperationException("a ConvModel always has an activation count");
    }

    /// <summary>
    /// The batch for <paramref name="points"/> points of a model with <paramref name="activationElements"/> elements of
    /// <paramref name="elementSize"/> bytes on CUDA <paramref name="device"/>, from its free memory now; false with the
    /// reason when the memory cannot be read (the caller then chooses a fixed size).
    /// </summary>
    public static bool TryForDevice(int device, long activationElements, int elementSize, int points, out int batch, out string why)
    {
        batch = 0;
        if (!GpuMemory.TryGetInfo(device, out var info, out why)) return false;
        batch = PointsPerBatch(info.FreeBytes, activationElements, elementSize, points);
        why = $"{info}; {activationElements} activation elements x {elementSize} B x {AutogradFactor} per point -> {batch} points per batch";
        return true;
    }
}
