using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// An imported ONNX graph as a numeric model on TorchSharp (float32 or float64, CPU or CUDA): points are the graph's input
/// flattened in C order, and the attributed output is entry <see cref="Output"/> of every graph output flattened in C
/// order and concatenated. Public members take and return arrays, never tensors.
/// </summary>
/// <remarks>
/// Weights are the graph's exact values rounded once to <see cref="Precision"/>. At kinks the gradient is PyTorch's:
/// relu'(0) = 0, leaky_relu'(0) = prelu'(0) = alpha, abs'(0) = 0, and the first maximal operand of a max (a pooling window
/// or ReduceMax in C order, Max in operand order) takes the gradient. Not thread-safe.
/// </remarks>
public sealed partial class OnnxTensorModel : INumericModel, IDisposable
{
    private readonly TorchOpCompiler _compiler;
    private readonly List<(OnnxOperation Op, Func<Tensor[], Tensor> Run)> _steps;
    private bool _disposed;

    private OnnxTensorModel(OnnxGraph graph, int output, NumericPrecision precision, ComputeDevice device, TorchOpCompiler compiler,
        List<(OnnxOperation, Func<Tensor[], Tensor>)> steps)
    {
        Graph = graph;
        Output = output;
        Precision = precision;
        Device = device;
        _compiler = compiler;
        _steps = steps;
    }

    /// <summary>The imported graph.</summary>
    public OnnxGraph Graph { get; }

    /// <summary>The number of inputs n (the input's elements).</summary>
    public int Inputs => Graph.InputCount;

    /// <summary>The 0-based index of the attributed output in the flattened, concatenated outputs.</summary>
    public int Output { get; }

    /// <summary>The number of outputs (every graph output's elements).</summary>
    public int OutputWidth => Graph.OutputCount;

    /// <summary>The floating-point type of the weights and of every pass.</summary>
    public NumericPrecision Precision { get; }

    /// <summary>Where the weights live and the passes run.</summary>
    public ComputeDevice Device { get; }

    /// <summary>
    /// Activation elements one point produces in a forward pass: the input, every operation's output, and the im2col
    /// buffer of every convolution (in-channels / groups x kernel x output positions). Sizes the automatic batch (<see cref="BatchSizing"/>).
    /// </summary>
    public long ActivationElementsPerPoint
    {
        get
        {
            long total = Graph.InputCount;
            foreach (var op in Graph.Operations)
            {
                long size = ExactTensor.ElementCount(op.OutputShape);
                total += size;
                if (op.Op is ConvOp conv)
                    total += size / conv.Weight.Shape[0] * conv.Weight.Shape.Skip(1).Aggregate(1L, (a, d) => a * d);
            }
            return total;
        }
    }

    internal ScalarType DType => Precision == NumericPrecision.Float64 ? ScalarType.Float64 : ScalarType.Float32;

    /// <summary>
    /// The graph as tensor operations in <paramref name="precision"/> on <paramref name="device"/> (the CPU by default),
    /// attributing output <paramref name="output"/>. Loads TorchSharp on first use.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is not below the number of outputs.</exception>
    /// <exception cref="OnnxModelException">The graph has more than one input.</exception>
    /// <exception cref="InvalidOperationException">TorchSharp does not load, or the CUDA device is not available.</exception>
    public static OnnxTensorModel Create(OnnxGraph graph, int output = 0, NumericPrecision precision = NumericPrecision.Float64, ComputeDevice device = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _ = graph.Input;
        graph.CheckOutput(output);
        TorchRuntime.EnsureInitialized();
        device.EnsureAvailable();
        var dtype = precision == NumericPrecision.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var compiler = new TorchOpCompiler(dtype, device.ToTorch(), graph.ShapeOf);
        try
        {
            using var scope = NewDisposeScope();
            var steps = graph.Operations.Select(op => (op, compiler.Compile(op))).ToList();
            return new OnnxTensorModel(graph, output, precision, device, compiler, steps);
        }
        catch
        {
            compiler.Dispose();
            throw;
        }
    }

    /// <summary>The attributed output F(x).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> has the wrong length or a NaN or infinite entry.</exception>
    public double Evaluate(IReadOnlyList<double> x) => EvaluateBatch(PointRows.From([x], Inputs, Shape, nameof(x)))[0];

    /// <summary>The attributed output at every row of <paramref name="points"/> (<c>[B, n]</c>).</summary>
    /// <exception cref="ArgumentException">The rows are not n wide, or an entry is NaN or infinite.</exception>
    public double[] EvaluateBatch(double[,] points)
    {
        PointRows.Check(points, Inputs, Shape, nameof(points));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return ToDoubles(ForwardAll(ToTensor(points)).select(1, Output));
    }

    /// <summary>Every output (flattened and concatenated) at every row of <paramref name="points"/>: <c>[B, outputs]</c>.</summary>
    /// <exception cref="ArgumentException">The rows are not n wide, or an entry is NaN or infinite.</exception>
    public double[,] EvaluateAll(double[,] points)
    {
        PointRows.Check(points, Inputs, Shape, nameof(points));
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
        var g = Gradients(PointRows.From([x], Inputs, Shape, nameof(x)));
        var row = new double[Inputs];
        for (int j = 0; j < Inputs; j++) row[j] = g[0, j];
        return row;
    }

    /// <summary>The gradient of the attributed output at every row of <paramref name="points"/>, in one batched backward pass.</summary>
    /// <exception cref="ArgumentException">The rows are not n wide, or an entry is NaN or infinite.</exception>
    public double[,] Gradients(double[,] points)
    {
        PointRows.Check(points, Inputs, Shape, nameof(points));
        using var scope = NewDisposeScope();
        Tensor grad;
        using (enable_grad())
        {
            var x = ToTensor(points).requires_grad_(true);
            var y = ForwardAll(x).select(1, Output).sum();
            grad = y.requires_grad ? autograd.grad([y], [x])[0] : zeros_like(x);
        }
        var flat = ToDoubles(grad);
        var result = new double[points.GetLength(0), Inputs];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    /// <summary>Every output on a batch <c>[B, n]</c>: <c>[B, outputs]</c>.</summary>
    internal Tensor ForwardAll(Tensor x)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var input = Graph.Input;
        var values = new Dictionary<string, Tensor> { [input.Name] = x.reshape([-1, .. input.Shape.Select(d => (long)d)]) };
        foreach (var (op, run) in _steps) values[op.Output] = run([.. op.Inputs.Select(name => values[name])]);
        long batch = x.shape[0];
        return cat([.. Graph.Outputs.Select(o => values[o.Name].reshape(batch, -1))], 1);
    }

    private Tensor ToTensor(double[,] points)
    {
        var flat = new double[points.Length];
        Buffer.BlockCopy(points, 0, flat, 0, flat.Length * sizeof(double));
        var t = tensor(flat, [points.GetLength(0), points.GetLength(1)], ScalarType.Float64).to_type(DType);
        return Device.IsCpu ? t : t.to(Device.ToTorch());
    }

    private static double[] ToDoubles(Tensor t) => t.to_type(ScalarType.Float64).cpu().contiguous().reshape(-1).data<double>().ToArray();

    private string Shape => $" ({string.Join(" x ", Graph.Input.Shape)})";

    /// <summary>Releases the model's tensors.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _compiler.Dispose();
    }
}
