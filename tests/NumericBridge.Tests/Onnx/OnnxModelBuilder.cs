using Google.Protobuf;
using Onnx;

namespace Verifier.NumericBridge.Tests.Onnx;

/// <summary>Builds ONNX models in code (there is no Python onnx package here): inputs, weights, nodes, outputs.</summary>
internal sealed class OnnxModelBuilder(int opset, int elementType = 1)
{
    private readonly GraphProto _graph = new() { Name = "fixture" };
    private readonly Random _rng = new(1234);
    private int _next;

    public int Opset { get; } = opset;

    public string Input(string name, params long[] shape)
    {
        _graph.Input.Add(Value(name, elementType, shape));
        return name;
    }

    public static ValueInfoProto Value(string name, int type, long[]? shape)
    {
        var t = new TypeProto.Types.Tensor { ElemType = type };
        if (shape is not null)
        {
            t.Shape = new TensorShapeProto();
            foreach (var d in shape) t.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = t } };
    }

    /// <summary>A weight of the builder's element type with the given values.</summary>
    public string Weight(long[] shape, double[] values, string? name = null)
    {
        name ??= $"w{_next++}";
        _graph.Initializer.Add(Tensor(name, shape, values, elementType));
        return name;
    }

    /// <summary>A weight with uniform random values in [lo, hi).</summary>
    public string Random(long[] shape, double lo = -1, double hi = 1, string? name = null) =>
        Weight(shape, [.. Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => lo + (hi - lo) * _rng.NextDouble())], name);

    public string Ints(long[] values, string? name = null)
    {
        name ??= $"i{_next++}";
        var t = new TensorProto { Name = name, DataType = 7 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        _graph.Initializer.Add(t);
        return name;
    }

    public static TensorProto Tensor(string name, long[] shape, double[] values, int type)
    {
        var t = new TensorProto { Name = name, DataType = type };
        t.Dims.AddRange(shape);
        if (type == 11) t.DoubleData.AddRange(values);
        else t.FloatData.AddRange(values.Select(v => (float)v));
        return t;
    }

    /// <summary>A node; returns its (first) output's name.</summary>
    public string Node(string op, string[] inputs, params AttributeProto[] attributes)
    {
        string output = $"{op.ToLowerInvariant()}{_next++}";
        var n = new NodeProto { OpType = op, Name = output + "_node" };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        n.Attribute.AddRange(attributes);
        _graph.Node.Add(n);
        return output;
    }

    /// <summary>A Constant node holding a tensor of the builder's element type.</summary>
    public string Constant(long[] shape, double[] values) =>
        Node("Constant", [], new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = Tensor("c", shape, values, elementType) });

    public void Output(string name) => _graph.Output.Add(Value(name, elementType, null));

    public GraphProto Graph => _graph;

    public byte[] Build()
    {
        var m = new ModelProto { IrVersion = Opset >= 21 ? 10 : 7, ProducerName = "fixture", Graph = _graph };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return m.ToByteArray();
    }

    public static AttributeProto Int(string name, long v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = v };

    public static AttributeProto Float(string name, float v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = v };

    public static AttributeProto Ints(string name, params long[] v)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(v);
        return a;
    }

    public static AttributeProto Str(string name, string v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(v) };
}
