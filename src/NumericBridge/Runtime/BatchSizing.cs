using Verifier.NumericBridge.Models;

namespace Verifier.NumericBridge.Runtime;

/// <summary>
/// The automatic batch size of path points (<see cref="Methods.NumericIgOptions.BatchSize"/> left null): as many points
/// per forward and backward pass as fit in a quarter of the available memory, within [1, <see cref="MaxBatch"/>] and
/// never more than there are points.
/// </summary>
/// <remarks>
/// <para>
/// bytes per point = E x s x <see cref="AutogradFactor"/>, where E is the number of activation elements one row produces
/// in a forward pass (the input and every layer's output: for a network the sum of its widths, for a compiled expression
/// the inputs plus its nodes, for a <see cref="ConvModel"/> the sizes of its feature maps) and s the element size (4 or 8
/// bytes). The factor 3 counts the activations that autograd keeps from the forward pass for the backward pass (1), the
/// gradients with respect to them, which the backward pass creates layer by layer and which at most match the activations
/// (1), and the copies made around the passes: the path points, the conversion of the gradients to float64 and the
/// managed arrays they are read into (1, a bound that the input layer dominates). Conductance builds the graph of the
/// backward pass as well (a Jacobian-vector product by double back-propagation) and passes twice the factor.
/// </para>
/// <para>
/// budget = <see cref="MemoryFraction"/> x available memory, leaving the rest to the process and to whatever else runs;
/// batch = clamp(floor(min(budget, <see cref="WorkingSetBytes"/>) / bytes per point), 1, <see cref="MaxBatch"/>), then at
/// most the number of points. The working-set cap is measured, not a guess: on the CPU a pass whose buffers exceed glibc's
/// largest mmap threshold (32 MiB) gets fresh pages for them on every call and spends its time in page faults. For the
/// 3 x 32 x 32 CNN of the numeric-bridge benchmark (about 100k elements per point with the im2col buffers of its
/// convolutions), the gradient at 4738 points took 0.21 ms a point in batches of 32, 1.1 ms in batches of 128 and 1.45 ms
/// in batches of 512 (2 cores). A convolution counts its im2col buffer (in-channels x k x k x output positions) as
/// activation elements for that reason.
/// Available memory is /proc/meminfo's MemAvailable on Linux, capped by what the runtime may use
/// (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, which honours a container's memory limit); elsewhere the latter alone.
/// A model whose activations are not known (a TorchScript module, another <see cref="INumericModel"/>) gets
/// <see cref="UnknownModelBatch"/>. The batch size changes how the points are grouped, never which points are evaluated,
/// so results agree across batch sizes up to the order of float64 summation.
/// </para>
/// </remarks>
public static class BatchSizing
{
    /// <summary>The largest automatic batch.</summary>
    public const int MaxBatch = 4096;

    /// <summary>The most working memory one batch may take on the CPU (see the remarks).</summary>
    public const long WorkingSetBytes = 32L << 20;

    /// <summary>The share of the available memory that one batch may take.</summary>
    public const double MemoryFraction = 0.25;

    /// <summary>Bytes of working memory per activation byte of a forward and backward pass (see the remarks).</summary>
    public const int AutogradFactor = 3;

    /// <summary>The batch for a model whose activation size is not known (the former fixed default).</summary>
    public const int UnknownModelBatch = 512;

    /// <summary>
    /// The batch size for <paramref name="points"/> path points of <paramref name="model"/>: <paramref name="requested"/>
    /// when given (unchanged, as an explicit option always was), otherwise the automatic size.
    /// </summary>
    /// <param name="model">The model whose passes the batch goes through.</param>
    /// <param name="points">How many points there are in all (at least 1).</param>
    /// <param name="requested">The explicit batch size from the options, or null for automatic.</param>
    /// <param name="factor">The working-memory factor; <see cref="AutogradFactor"/> for a gradient pass.</param>
    public static int For(INumericModel model, int points, int? requested, int factor = AutogradFactor)
    {
        if (requested is int explicitSize) return explicitSize;
        long? elements = ActivationElements(model);
        if (elements is not long e) return Math.Clamp(points, 1, UnknownModelBatch);
        return Choose(e, ElementSize(model), factor, AvailableBytes(), points);
    }

    /// <summary>
    /// The policy as a pure function: floor(min(<see cref="MemoryFraction"/> x <paramref name="availableBytes"/>, <see cref="WorkingSetBytes"/>) /
    /// (<paramref name="activationElements"/> x <paramref name="elementSize"/> x <paramref name="factor"/>)), clamped to
    /// [1, <see cref="MaxBatch"/>] and to at most <paramref name="points"/>.
    /// </summary>
    public static int Choose(long activationElements, int elementSize, int factor, long availableBytes, int points)
    {
        double budget = Math.Min(MemoryFraction * Math.Max(0, availableBytes), WorkingSetBytes);
        return Fit(budget, BytesPerPoint(activationElements, elementSize, factor), MaxBatch, points);
    }

    /// <summary>
    /// How many points of <paramref name="bytesPerPoint"/> fit in <paramref name="budgetBytes"/>: clamped to
    /// [1, <paramref name="max"/>] and to at most <paramref name="points"/> (never below 1). The CPU and GPU policies
    /// differ only in the budget and the cap.
    /// </summary>
    public static int Fit(double budgetBytes, double bytesPerPoint, int max, int points)
    {
        int batch = (int)Math.Clamp(Math.Floor(budgetBytes / bytesPerPoint), 1, max);
        return Math.Max(1, Math.Min(batch, points));
    }

    /// <summary>Working bytes of one point in a pass: elements x element size x factor (at least 1 byte).</summary>
    public static double BytesPerPoint(long activationElements, int elementSize, int factor) =>
        Math.Max(1.0, (double)activationElements * elementSize * factor);

    /// <summary>
    /// The activation elements one row produces in a forward pass, input included; null where the model's graph is not
    /// visible.
    /// </summary>
    public static long? ActivationElements(INumericModel model) => model switch
    {
        TensorModel t => t.ActivationElementsPerPoint,
        _ => null,
    };

    /// <summary>Bytes per element of the model's passes: 4 for a float32 <see cref="TensorModel"/>, otherwise 8.</summary>
    public static int ElementSize(INumericModel model) =>
        model is TensorModel { Precision: NumericPrecision.Float32 } ? sizeof(float) : sizeof(double);

    /// <summary>
    /// The memory this process may use now: MemAvailable from /proc/meminfo where it can be read, at most the runtime's
    /// <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/> (physical memory or the container limit).
    /// </summary>
    public static long AvailableBytes()
    {
        long runtime = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long? meminfo = null;
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/meminfo")) meminfo = ParseMemAvailable(File.ReadAllText("/proc/meminfo"));
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        if (meminfo is long m && runtime > 0) return Math.Min(m, runtime);
        return meminfo ?? runtime;
    }

    /// <summary>The <c>MemAvailable:</c> line of /proc/meminfo text in bytes (the file gives kB); null when absent or unreadable.</summary>
    public static long? ParseMemAvailable(string meminfo)
    {
        ArgumentNullException.ThrowIfNull(meminfo);
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith("MemAvailable:", StringComparison.Ordinal)) continue;
            var parts = line["MemAvailable:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !long.TryParse(parts[0], out long value) || value < 0) return null;
            long unit = parts.Length > 1 && parts[1].Equals("kB", StringComparison.OrdinalIgnoreCase) ? 1024 : 1;
            return value * unit;
        }
        return null;
    }
}
