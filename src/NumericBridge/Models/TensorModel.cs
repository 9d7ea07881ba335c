using TorchSharp;
using Verifier.NumericBridge.Runtime;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Models;

/// <summary>
/// The one base of the tensor models: a map from R^n to R^m on TorchSharp with one attributed output, whose points are
/// rows of n numbers (an image or any shaped input flattened in C order). It holds everything the models share: values and
/// gradients on batches, the conversions between arrays and tensors on the model's device, the point checks, and disposal.
/// A derived model supplies its forward pass on rows (<see cref="ForwardAll"/>), its activation count for the batch
/// policy, and, when it is piecewise linear, the breakpoints of a straight segment (<see cref="LineBreakpoints"/>) that
/// the one exact-line entry point (<see cref="Methods.NumericAttribute.ExactLineIntegratedGradients(TensorModel, IReadOnlyList{double}, IReadOnlyList{double}, int?, int?)"/>) uses.
/// </summary>
/// <remarks>
/// Derived models: <see cref="TorchModel"/> (networks, expressions, TorchScript), <see cref="ConvModel"/> (CNNs built in
/// C#) and <see cref="Onnx.OnnxTensorModel"/> (an imported ONNX graph); another assembly derives its own (the GPU runner's
/// ResNet-size model) by overriding the forward pass, the shape and the disposal. Public members take and return arrays, never
/// tensors. Not thread-safe.
/// </remarks>
public abstract class TensorModel : INumericModel, IDisposable
{
    private bool _disposed;

    /// <summary>For derived models.</summary>
    protected TensorModel() { }

    /// <summary>The number of inputs n.</summary>
    public abstract int Inputs { get; }

    /// <summary>The 0-based index of the attributed output.</summary>
    public abstract int Output { get; }

    /// <summary>The number of outputs m.</summary>
    public abstract int OutputWidth { get; }

    /// <summary>The floating-point type of the weights and of every pass.</summary>
    public abstract NumericPrecision Precision { get; }

    /// <summary>Where the weights live and the passes run. Results always come back to the host as arrays.</summary>
    public abstract ComputeDevice Device { get; }

    /// <summary>
    /// Activation elements one point produces in a forward pass (input and every intermediate value, and the im2col
    /// buffers of convolutions), or null when the model's graph is not visible (TorchScript). Sizes the automatic batch
    /// (<see cref="BatchSizing"/>).
    /// </summary>
    public abstract long? ActivationElementsPerPoint { get; }

    /// <summary>True when the model is piecewise linear and can give the breakpoints of a segment (<see cref="LineBreakpoints"/>).</summary>
    public abstract bool IsPiecewiseLinear { get; }

    /// <summary>The TorchSharp form of <see cref="Device"/>.</summary>
    protected internal Device TorchDevice => Device.ToTorch();

    /// <summary>The TorchSharp type of <see cref="Precision"/>.</summary>
    protected internal ScalarType DType => Precision == NumericPrecision.Float64 ? ScalarType.Float64 : ScalarType.Float32;

    /// <summary>The input's shape for messages, e.g. <c> (3 x 32 x 32)</c>; empty for a flat input.</summary>
    protected virtual string ShapeText => "";

    /// <summary>Why <see cref="LineBreakpoints"/> is not available, for the message of the exact-line methods.</summary>
    protected virtual string NotPiecewiseLinearReason => "the model is not piecewise linear";

    /// <summary>Every output on a batch of rows <c>[B, n]</c> of the model's type on its device: <c>[B, m]</c>.</summary>
    protected internal abstract Tensor ForwardAll(Tensor rows);

    /// <summary>
    /// The sorted breakpoints 0 = t_0 &lt;= ... &lt;= t_P = 1 (float64, on the model's device; repeated values allowed) of F on the
    /// segment <paramref name="x0"/> + t <paramref name="direction"/> (both float64 <c>[n]</c>): F is affine between
    /// consecutive ones. Throws <see cref="Verifier.Symbolic.Expressions.SymbolicLimitException"/> before forming more than
    /// <paramref name="maxPieces"/> pieces.
    /// </summary>
    /// <exception cref="ArgumentException">The model is not piecewise linear.</exception>
    internal virtual Tensor LineBreakpoints(Tensor x0, Tensor direction, int maxPieces) =>
        throw new ArgumentException($"exact-line IG needs a piecewise-linear model: {NotPiecewiseLinearReason}");

    /// <summary>The attributed output F(x).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> has the wrong length or a NaN or infinite entry.</exception>
    public double Evaluate(IReadOnlyList<double> x) => EvaluateBatch(Batch([x], nameof(x)))[0];

    /// <summary>The attributed output at every row of <paramref name="points"/> (<c>[B, n]</c>).</summary>
    /// <exception cref="ArgumentException">The rows are not n wide, or an entry is NaN or infinite.</exception>
    public double[] EvaluateBatch(double[,] points)
    {
        CheckPoints(points, nameof(points));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return ToDoubles(ForwardOutput(ToTensor(points)));
    }

    /// <summary>Every output at every row of <paramref name="points"/>: <c>[B, m]</c>.</summary>
    /// <exception cref="ArgumentException">The rows are not n wide, or an entry is NaN or infinite.</exception>
    public double[,] EvaluateAll(double[,] points)
    {
        CheckPoints(points, nameof(points));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = ToDoubles(ForwardAll(ToTensor(points)));
        var result = new double[points.GetLength(0), OutputWidth];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    /// <summary>The gradient of the attributed output at <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> has the wrong length or a NaN or infinite entry.</exception>
    public double[] Gradient(IReadOnlyList<double> x)
    {
        var g = Gradients(Batch([x], nameof(x)));
        var row = new double[Inputs];
        for (int j = 0; j < Inputs; j++) row[j] = g[0, j];
        return row;
    }

    /// <summary>The gradient of the attributed output at every row of <paramref name="points"/>, in one batched backward pass.</summary>
    /// <remarks>At kinks the gradient is PyTorch's: relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = alpha, the first maximal entry of a max.</remarks>
    /// <exception cref="ArgumentException">The rows are not n wide, or an entry is NaN or infinite.</exception>
    public double[,] Gradients(double[,] points)
    {
        CheckPoints(points, nameof(points));
        using var scope = NewDisposeScope();
        var flat = ToDoubles(GradientTensor(ToTensor(points)));
        var result = new double[points.GetLength(0), Inputs];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    /// <summary>The attributed output on a batch of rows: <c>[B]</c>.</summary>
    internal Tensor ForwardOutput(Tensor rows) => ForwardAll(rows).select(1, Output);

    /// <summary>d F / d x on a batch of rows <c>[B, n]</c> of the model's type: <c>[B, n]</c> (rows are independent).</summary>
    internal Tensor GradientTensor(Tensor rows)
    {
        using var grad = enable_grad();
        var x = rows.detach().requires_grad_(true);
        var y = ForwardOutput(x).sum();
        // A model that does not depend on x (a constant expression) has no graph back to x: its gradient is 0.
        return y.requires_grad ? autograd.grad([y], [x])[0] : zeros_like(x);
    }

    /// <summary>Rows of doubles as a tensor of the model's type, on the model's device.</summary>
    internal Tensor ToTensor(double[,] points)
    {
        var flat = new double[points.Length];
        Buffer.BlockCopy(points, 0, flat, 0, flat.Length * sizeof(double));
        return OnDevice(tensor(flat, [points.GetLength(0), points.GetLength(1)], ScalarType.Float64).to_type(DType));
    }

    /// <summary>Values as a float64 tensor of the given shape on the model's device (for path nodes, weights, sums).</summary>
    internal Tensor Float64Tensor(double[] values, long[] shape) => OnDevice(tensor(values, shape, ScalarType.Float64));

    /// <summary>A float64 zero tensor of the given shape on the model's device.</summary>
    internal Tensor Float64Zeros(params long[] shape) => zeros(shape, ScalarType.Float64, device: TorchDevice);

    /// <summary>A CPU tensor moved to the model's device; on the CPU the same tensor, untouched.</summary>
    internal Tensor OnDevice(Tensor t) => Device.IsCpu ? t : t.to(TorchDevice);

    /// <summary>A tensor's values as float64 on the host, flattened (copied off the device first when it is on a GPU).</summary>
    internal static double[] ToDoubles(Tensor t) => t.to_type(ScalarType.Float64).cpu().contiguous().reshape(-1).data<double>().ToArray();

    /// <summary>Points as rows, after checking their lengths and that every entry is finite.</summary>
    internal double[,] Batch(IReadOnlyList<IReadOnlyList<double>> rows, string parameter) => PointRows.From(rows, Inputs, ShapeText, parameter);

    /// <summary>Checks that the rows are n wide and finite.</summary>
    internal void CheckPoints(double[,] points, string parameter) => PointRows.Check(points, Inputs, ShapeText, parameter);

    /// <summary>Throws when the model was disposed.</summary>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Releases the model's tensors (once).</summary>
    protected abstract void ReleaseTensors();

    /// <summary>Releases the model's tensors.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        ReleaseTensors();
        GC.SuppressFinalize(this);
    }
}
