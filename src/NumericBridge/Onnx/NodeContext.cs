using System.Collections.Immutable;
using System.Globalization;
using Onnx;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// One ONNX node as the importer sees it: its operands (constant or computed, with shapes), its attributes with their
/// defaults, and the opset. Every accessor throws an <see cref="OnnxModelException"/> that names the node.
/// </summary>
internal sealed class NodeContext
{
    private readonly Func<string, ExactTensor?> _constant;
    private readonly Func<string, ImmutableArray<int>> _shape;
    private readonly int _computedIndex;

    /// <param name="node">The node.</param>
    /// <param name="description">How messages name it.</param>
    /// <param name="opset">The default-domain opset.</param>
    /// <param name="constant">The constant value of a name, or null when it is computed.</param>
    /// <param name="shape">The shape of a computed name.</param>
    /// <param name="computedIndex">When folding a node whose operands are all constant, the operand treated as computed; otherwise -1.</param>
    public NodeContext(NodeProto node, string description, int opset, Func<string, ExactTensor?> constant, Func<string, ImmutableArray<int>> shape, int computedIndex = -1)
    {
        Node = node;
        Name = description;
        Opset = opset;
        _constant = constant;
        _shape = shape;
        _computedIndex = computedIndex;
    }

    public NodeProto Node { get; }
    public string Name { get; }
    public int Opset { get; }
    public string OpType => Node.OpType;

    /// <summary>The node's output value (the first output).</summary>
    public string Output => Node.Output[0];

    public OnnxModelException Error(string problem) => new(Name, problem);

    /// <summary>True when operand <paramref name="i"/> is given (optional operands may be missing or named "").</summary>
    public bool Has(int i) => i < Node.Input.Count && Node.Input[i].Length > 0;

    public string InputName(int i) => Has(i) ? Node.Input[i] : throw Error($"input {i} is missing");

    public bool IsConstant(int i) => i != _computedIndex && _constant(InputName(i)) is not null;

    /// <summary>Operand <paramref name="i"/>, which must be a constant.</summary>
    public ExactTensor Constant(int i, string role) =>
        (i != _computedIndex ? _constant(InputName(i)) : null)
        ?? throw Error($"its {role} (input {i}, '{InputName(i)}') must be a constant; computed {role}s are not supported");

    /// <summary>The shape of operand <paramref name="i"/> (constant or computed).</summary>
    public ImmutableArray<int> Shape(int i) => _constant(InputName(i)) is { } c ? c.Shape : _shape(InputName(i));

    /// <summary>The node's operand count, trailing missing ones excluded.</summary>
    public int InputCount
    {
        get
        {
            int n = Node.Input.Count;
            while (n > 0 && Node.Input[n - 1].Length == 0) n--;
            return n;
        }
    }

    /// <summary>Checks the operand count.</summary>
    public void Inputs(int min, int max)
    {
        int n = InputCount;
        if (n < min || n > max)
            throw Error(min == max ? $"expects {min} inputs, not {n}" : $"expects {min} to {max} inputs, not {n}");
    }

    /// <summary>Refuses a node whose extra outputs (e.g. MaxPool's indices, Dropout's mask) are used.</summary>
    public void OnlyFirstOutput(ISet<string> used)
    {
        for (int i = 1; i < Node.Output.Count; i++)
            if (Node.Output[i].Length > 0 && used.Contains(Node.Output[i]))
                throw Error($"its output {i} ('{Node.Output[i]}') is used; only the first output is supported");
    }

    private AttributeProto? Attribute(string name) => Node.Attribute.FirstOrDefault(a => a.Name == name);

    public bool HasAttribute(string name) => Attribute(name) is not null;

    public long Int(string name, long fallback) => Attribute(name) is { } a ? a.I : fallback;

    /// <summary>A float attribute as the exact value of its float32.</summary>
    public Rational Float(string name, float fallback) => Rational.FromDouble(Attribute(name) is { } a ? a.F : fallback);

    public float RawFloat(string name, float fallback) => Attribute(name) is { } a ? a.F : fallback;

    public long[]? Ints(string name) => Attribute(name) is { } a ? [.. a.Ints] : null;

    public string String(string name, string fallback) => Attribute(name) is { } a ? a.S.ToStringUtf8() : fallback;

    public TensorProto? TensorAttribute(string name) => Attribute(name)?.T;

    /// <summary>Integers from an attribute or, from <paramref name="inputSince"/> on, from a constant operand (axes, pads, shapes).</summary>
    public long[]? IntsFromAttributeOrInput(string name, int inputIndex, int inputSince)
    {
        if (Opset < inputSince) return Ints(name);
        if (!Has(inputIndex)) return null;
        try
        {
            return Constant(inputIndex, name).ToInt64();
        }
        catch (InvalidDataException e)
        {
            throw Error($"its {name} must be integers: {e.Message}");
        }
    }

    /// <summary>A list attribute of one entry per spatial dimension, with a default.</summary>
    public ImmutableArray<int> PerDimension(string name, int dims, int fallback)
    {
        var values = Ints(name);
        if (values is null) return [.. Enumerable.Repeat(fallback, dims)];
        if (values.Length != dims) throw Error($"{name} has {values.Length} entries for {dims} spatial dimensions");
        return [.. values.Select(v => checked((int)v))];
    }

    public static string Describe(NodeProto node, int index) =>
        node.Name.Length > 0 ? $"node '{node.Name}' ({node.OpType})" : $"node #{index.ToString(CultureInfo.InvariantCulture)} ({node.OpType})";
}
