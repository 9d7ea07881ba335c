using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>A graph input or output: its name, static shape and element type.</summary>
/// <param name="Name">The value's name in the model.</param>
/// <param name="Shape">The dimensions (every one known at import).</param>
/// <param name="ElementType">Float32 or Float64.</param>
public sealed record OnnxValue(string Name, ImmutableArray<int> Shape, OnnxElementType ElementType)
{
    /// <summary>The number of elements.</summary>
    public int Count => (int)ExactTensor.ElementCount(Shape);
}

/// <summary>
/// One operation of an imported graph: the normalised <see cref="Op"/> applied to the computed values
/// <see cref="Inputs"/>, giving the value <see cref="Output"/> of shape <see cref="OutputShape"/>.
/// </summary>
/// <param name="Name">The ONNX node's description for messages: <c>node 'Conv_0' (Conv)</c> or <c>node #3 (Gemm)</c>.</param>
/// <param name="OpType">The ONNX operator it came from (<c>Gemm</c>, <c>Conv</c>, ...).</param>
/// <param name="Inputs">The computed operands (graph inputs or outputs of earlier operations), in order.</param>
/// <param name="Output">The name of the value it produces.</param>
/// <param name="OutputShape">The output's shape, for one input point.</param>
/// <param name="Op">What it computes.</param>
public sealed record OnnxOperation(string Name, string OpType, ImmutableArray<string> Inputs, string Output, ImmutableArray<int> OutputShape, OnnxOp Op);

/// <summary>
/// An imported ONNX model as a checked, immutable graph: the computed operations in topological order (constants
/// folded, Identity and Dropout removed, every shape known), weights as exact rationals, and the opset.
/// </summary>
/// <remarks>
/// <para>Load a file with <see cref="Load"/>; run it exactly with <see cref="Evaluate(IReadOnlyList{Rational})"/>, numerically with
/// <c>OnnxTensorModel</c>, or convert a chain of dense and activation operations to a <c>Network</c> with
/// <c>OnnxChain</c>.</para>
/// <para>Points are the graph's single input flattened in C order; outputs are every graph output flattened in C order
/// and concatenated, so output K is entry K of that vector.</para>
/// </remarks>
public sealed partial class OnnxGraph
{
    private readonly Dictionary<string, ImmutableArray<int>> _shapes;

    internal OnnxGraph(int opset, string producer, ImmutableArray<OnnxValue> inputs, ImmutableArray<OnnxValue> outputs,
        ImmutableArray<OnnxOperation> operations, Dictionary<string, ImmutableArray<int>> shapes, int sourceNodes,
        IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, int> sourceOperators, long parameters)
    {
        Metadata = metadata;
        SourceOperators = sourceOperators;
        Parameters = parameters;
        Opset = opset;
        Producer = producer;
        Inputs = inputs;
        Outputs = outputs;
        Operations = operations;
        _shapes = shapes;
        SourceNodes = sourceNodes;
    }

    /// <summary>The version of the default ONNX operator set the model imports (7 to 21).</summary>
    public int Opset { get; }

    /// <summary>The model's producer name and version, e.g. <c>pytorch 1.8</c> (empty when the model does not say).</summary>
    public string Producer { get; }

    /// <summary>The graph inputs that are not weights (initializers listed as inputs by older exporters are weights).</summary>
    public ImmutableArray<OnnxValue> Inputs { get; }

    /// <summary>The graph outputs, in order.</summary>
    public ImmutableArray<OnnxValue> Outputs { get; }

    /// <summary>The computed operations in an order where every operand comes first.</summary>
    public ImmutableArray<OnnxOperation> Operations { get; }

    /// <summary>The model's <c>metadata_props</c> (e.g. <c>verifier.output</c> in files written by <see cref="OnnxExport"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The model's operators (node op types, Constant, Identity and Dropout included) with how many nodes use each.</summary>
    public IReadOnlyDictionary<string, int> SourceOperators { get; }

    /// <summary>The number of floating-point weights: the elements of every float initializer and Constant node.</summary>
    public long Parameters { get; }

    /// <summary>How many nodes the model's graph had before folding and removal.</summary>
    public int SourceNodes { get; }

    /// <summary>The shape of a computed value (a graph input or an operation's output).</summary>
    /// <exception cref="KeyNotFoundException">No computed value has that name.</exception>
    public ImmutableArray<int> ShapeOf(string value) => _shapes[value];

    /// <summary>The single graph input (what a point feeds).</summary>
    /// <exception cref="OnnxModelException">The graph has several inputs.</exception>
    public OnnxValue Input => Inputs.Length == 1 ? Inputs[0]
        : throw new OnnxModelException($"the model has {Inputs.Length} inputs ({string.Join(", ", Inputs.Select(i => $"'{i.Name}'"))}); only models with one input are supported");

    /// <summary>The number of input features n: the input's elements.</summary>
    public int InputCount => Input.Count;

    /// <summary>The number of outputs: the elements of every graph output.</summary>
    public int OutputCount => Outputs.Sum(o => o.Count);

    /// <summary>True when every operation is piecewise linear (no sigmoid, tanh, softplus, exp or log).</summary>
    public bool IsPiecewiseLinear => Operations.All(o => o.Op.IsPiecewiseLinear);

    /// <summary>
    /// The exact forward pass: every graph output at <paramref name="x"/> (the input flattened in C order), flattened
    /// and concatenated, in exact rational arithmetic.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="InputCount"/> entries.</exception>
    /// <exception cref="OnnxModelException">The graph has a smooth operation (no exact rational value), or a Log of a non-positive value.</exception>
    public Rational[] Evaluate(IReadOnlyList<Rational> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count != InputCount)
            throw new ArgumentException($"the model has {InputCount} inputs ([{string.Join(", ", Input.Shape)}]) but the point has {x.Count} coordinates", nameof(x));
        var values = new Dictionary<string, ExactTensor> { [Input.Name] = ExactTensor.Own(Input.Shape, [.. x]) };
        foreach (var op in Operations)
        {
            var inputs = op.Inputs.Select(name => values[name]).ToArray();
            values[op.Output] = ExactEvaluator.Apply(op, inputs);
        }
        var result = new List<Rational>(OutputCount);
        foreach (var output in Outputs) result.AddRange(values[output.Name].ToArray());
        return [.. result];
    }

    /// <summary>Entry <paramref name="output"/> of <see cref="Evaluate(IReadOnlyList{Rational})"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is not below <see cref="OutputCount"/>.</exception>
    public Rational Evaluate(IReadOnlyList<Rational> x, int output)
    {
        CheckOutput(output);
        return Evaluate(x)[output];
    }

    internal void CheckOutput(int output)
    {
        if (output < 0 || output >= OutputCount)
            throw new ArgumentOutOfRangeException(nameof(output), output, $"output {output} is out of range: the model has {OutputCount} outputs (0-based indices 0..{OutputCount - 1})");
    }

    /// <summary>For people: <c>onnx opset 9, input [1, 784], 6 operations, output [1, 10]</c>.</summary>
    public override string ToString() =>
        $"onnx opset {Opset}, input {string.Join(", ", Inputs.Select(i => "[" + string.Join(", ", i.Shape) + "]"))}, {Operations.Length} operations, output {string.Join(", ", Outputs.Select(o => "[" + string.Join(", ", o.Shape) + "]"))}";
}
