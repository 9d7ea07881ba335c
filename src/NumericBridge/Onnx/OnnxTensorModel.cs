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
public sealed partial class OnnxTensorModel : TensorModel
{
    private readonly TorchOpCompiler _compiler;
    private readonly List<(OnnxOperation Op, Func<Tensor[], Tensor> Run)> _steps;

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
    public override int Inputs => Graph.InputCount;

    /// <summary>The 0-based index of the attributed output in the flattened, concatenated outputs.</summary>
    public override int Output { get; }

    /// <summary>The number of outputs (every graph output's elements).</summary>
    public override int OutputWidth => Graph.OutputCount;

    /// <summary>The floating-point type of the weights and of every pass.</summary>
    public override NumericPrecision Precision { get; }

    /// <summary>Where the weights live and the passes run.</summary>
    public override ComputeDevice Device { get; }

    /// <summary>True when every operation is piecewise linear (no Sigmoid, Tanh, Softplus, Exp, Log).</summary>
    public override bool IsPiecewiseLinear => Graph.Operations.All(o => o.Op.IsPiecewiseLinear);

    /// <inheritdoc/>

    protected override string NotPiecewiseLinearReason =>
        Graph.Operations.FirstOrDefault(o => !o.Op.IsPiecewiseLinear) is { } smooth ? $"operation {smooth.Name} is smooth" : "";

    /// <summary>
    /// Activation elements one point produces in a forward pass: the input, every operation's output, and the im2col
    /// buffer of every convolution (in-channels / groups x kernel x output positions). Sizes the automatic batch (<see cref="BatchSizing"/>).
    /// </summary>
    public override long? ActivationElementsPerPoint
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

    /// <summary>Every output on a batch <c>[B, n]</c>: <c>[B, outputs]</c>.</summary>
    protected internal override Tensor ForwardAll(Tensor x)
    {
        ThrowIfDisposed();
        var input = Graph.Input;
        var values = new Dictionary<string, Tensor> { [input.Name] = x.reshape([-1, .. input.Shape.Select(d => (long)d)]) };
        foreach (var (op, run) in _steps) values[op.Output] = run([.. op.Inputs.Select(name => values[name])]);
        long batch = x.shape[0];
        return cat([.. Graph.Outputs.Select(o => values[o.Name].reshape(batch, -1))], 1);
    }

    /// <inheritdoc/>

    protected override string ShapeText => $" ({string.Join(" x ", Graph.Input.Shape)})";

    /// <summary>Releases the model's tensors.</summary>
    protected override void ReleaseTensors() => _compiler.Dispose();
}
