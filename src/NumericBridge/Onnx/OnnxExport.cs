using System.Globalization;
using Google.Protobuf;
using Onnx;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>A network cannot be written as ONNX as asked: a weight has no exact float64 value and rounding was not allowed.</summary>
public sealed class OnnxExportException(string message) : InvalidOperationException(message), IInputError;

/// <summary>Choices of <see cref="OnnxExport"/>.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>Exact weights only (the default).</summary>
    public static readonly OnnxExportOptions Default = new();

    /// <summary>When true, a weight that float64 cannot represent is rounded to the nearest float64; false (the default) refuses it.</summary>
    public bool RoundWeights { get; init; }
}

/// <summary>
/// Writes a <c>verifier-network/1</c> <see cref="Network"/> as an ONNX model (opset 13, float64 input <c>[1, n]</c> and output
/// <c>[1, m]</c>) that ONNX Runtime runs and that <see cref="OnnxGraph.Load"/> with <see cref="OnnxChain.ToNetwork"/> reads
/// back as the same network (a chain of dense, activation and max-pool layers); a graph, or a network with sparse or clip
/// layers, reads back with <see cref="OnnxImport.ToNetwork"/> as a network with the same function.
/// </summary>
/// <remarks>
/// dense: <c>Gemm</c> (transB = 1, W as <c>[out, in]</c>); relu: <c>Relu</c>; abs: <c>Abs</c>; leaky_relu(alpha):
/// <c>Max(x, alpha x)</c>, or <c>Min</c> for alpha &gt; 1 (ONNX Runtime has no float64 LeakyRelu); identity: the same with
/// alpha 1, so that it survives the import (which removes <c>Identity</c> nodes); maxpool: for each group size s, the groups
/// of that size as one <c>Gather</c> of their indices, <c>Reshape</c> to <c>[1, groups, s]</c> and <c>ReduceMax</c> over the
/// last axis; several sizes are joined by <c>Concat</c> and put back in order by a <c>Gather</c>; clip: <c>Clip</c>; sparse:
/// <c>Gather</c> of every row's columns (rows padded to the longest), <c>Reshape</c>, <c>Mul</c> by the weights, a
/// <c>MatMul</c> by ones to sum each row, and <c>Add</c> of the bias (never a dense matrix); a node with several sources reads their
/// <c>Concat</c>. The attributed output is kept in the metadata entry <c>verifier.output</c>.
/// </remarks>
public static class OnnxExport
{
    /// <summary>The opset of written models.</summary>
    public const int Opset = 13;

    /// <summary>The model as bytes.</summary>
    /// <exception cref="OnnxExportException">A weight has no exact float64 value (the message names the layer and the value) and <see cref="OnnxExportOptions.RoundWeights"/> is false, or a value is beyond the float64 range.</exception>
    public static byte[] ToBytes(Network network, OnnxExportOptions? options = null) => ToModel(network, options ?? OnnxExportOptions.Default).ToByteArray();

    /// <summary>Writes the model to <paramref name="path"/>.</summary>
    /// <exception cref="OnnxExportException">As for <see cref="ToBytes"/>.</exception>
    public static void Save(Network network, string path, OnnxExportOptions? options = null) => File.WriteAllBytes(path, ToBytes(network, options));

    private static ModelProto ToModel(Network network, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        var writer = new Writer(options);
        string current = "input";
        writer.Graph.Input.Add(ValueInfo("input", [1, network.Inputs]));
        var values = new string[network.LayerCount + 1];
        values[0] = "input";
        for (int i = 0; i < network.LayerCount; i++)
        {
            // a node of a graph reads its sources concatenated
            var sources = network.Nodes[i].Sources;
            string x = sources.Length == 1 ? values[sources[0] + 1]
                : writer.Node("Concat", [.. sources.Select(s => values[s + 1])], $"layer{i}", new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            values[i + 1] = current = writer.Layer(network.LayerAt(i), i, x);
        }
        if (current == "input") current = writer.Node("Identity", [current], "layer0");
        writer.Graph.Output.Add(ValueInfo(current, [1, network.OutputWidth]));
        var model = new ModelProto { IrVersion = 7, ProducerName = "verifier", ProducerVersion = "1", Graph = writer.Graph, DocString = network.ToString() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "verifier.output", Value = network.Output.ToString(CultureInfo.InvariantCulture) });
        return model;
    }

    private static ValueInfoProto ValueInfo(string name, long[] shape)
    {
        var t = new TypeProto.Types.Tensor { ElemType = 11, Shape = new TensorShapeProto() };
        foreach (var d in shape) t.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = t } };
    }

    private sealed class Writer(OnnxExportOptions options)
    {
        private int _next;

        public GraphProto Graph { get; } = new() { Name = "network" };

        public string Layer(Layer layer, int index, string x)
        {
            string prefix = $"layer{index}";
            return layer.Match(
                dense: d =>
                {
                    var w = d.Weights.SelectMany(row => row).Select((v, k) => Double(v, $"layer {index} (dense) weight [{k / d.InputCount}][{k % d.InputCount}]")).ToArray();
                    var b = d.Bias.Select((v, k) => Double(v, $"layer {index} (dense) bias [{k}]")).ToArray();
                    return Node("Gemm", [x, Weight(prefix + ".weight", [d.OutputCount, d.InputCount], w), Weight(prefix + ".bias", [d.OutputCount], b)], prefix,
                        new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
                },
                sparse: sp => Sparse(x, sp, prefix, index),
                maxPool: m => MaxPool(x, m, prefix),
                activation: a => a switch
                {
                    ReluLayer => Node("Relu", [x], prefix),
                    AbsLayer => Node("Abs", [x], prefix),
                    LeakyReluLayer l => Leaky(x, l.Alpha, prefix, $"layer {index} (leaky_relu) alpha"),
                    IdentityLayer => Leaky(x, Rational.One, prefix, ""),
                    ClipLayer c => Node("Clip", [x, Weight(prefix + ".lo", [], [Double(c.Lo, $"layer {index} (clip) lo")]),
                        Weight(prefix + ".hi", [], [Double(c.Hi, $"layer {index} (clip) hi")])], prefix),
                    _ => ReluForm(x, a, prefix, index),
                });
        }

        // A sparse layer: each row's entries gathered (rows padded with column 0 and weight 0 to the longest row), multiplied
        // by their weights and summed per row, plus the bias: Gather, Reshape [1, rows, r], Mul, MatMul by ones [r, 1]
        // (the sum over the last axis with operators the importer reads), Reshape [1, rows], Add.
        private string Sparse(string x, SparseLayer sp, string prefix, int index)
        {
            int r = Math.Max(1, Enumerable.Range(0, sp.OutputCount).Max(i => sp.RowStarts[i + 1] - sp.RowStarts[i]));
            var columns = new long[sp.OutputCount * r];
            var weights = new double[sp.OutputCount * r];
            for (int i = 0; i < sp.OutputCount; i++)
                for (int k = sp.RowStarts[i]; k < sp.RowStarts[i + 1]; k++)
                {
                    columns[i * r + k - sp.RowStarts[i]] = sp.Columns[k];
                    weights[i * r + k - sp.RowStarts[i]] = Double(sp.Values[k], $"layer {index} (sparse) entry [{i}][{sp.Columns[k]}]");
                }
            var gathered = Node("Gather", [x, Ints(prefix + ".columns", columns)], prefix, new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            var rows = Node("Reshape", [gathered, Ints(prefix + ".shape", [1, sp.OutputCount, r])], prefix);
            var products = Node("Mul", [rows, Weight(prefix + ".values", [1, sp.OutputCount, r], weights)], prefix);
            var summed = Node("MatMul", [products, Weight(prefix + ".ones", [r, 1], [.. Enumerable.Repeat(1.0, r)])], prefix);
            var sums = Node("Reshape", [summed, Ints(prefix + ".rows", [1, sp.OutputCount])], prefix);
            var bias = sp.Bias.Select((v, k) => Double(v, $"layer {index} (sparse) bias [{k}]")).ToArray();
            return Node("Add", [sums, Weight(prefix + ".bias", [1, sp.OutputCount], bias)], prefix);
        }

        // Any other activation from its description c0 + c1 z + sum_i w_i relu(s_i (z - k_i)).
        private string ReluForm(string x, ActivationLayer a, string prefix, int index)
        {
            var f = a.Function;
            string what = $"layer {index} ({a.TypeName})";
            string? acc = null;
            void Add(string term) => acc = acc is null ? term : Node("Add", [acc, term], prefix);
            if (!f.Slope.IsZero) Add(Node("Mul", [x, Weight($"{prefix}.slope", [], [Double(f.Slope, what + " slope")])], prefix));
            for (int t = 0; t < f.Terms.Length; t++)
            {
                var term = f.Terms[t];
                var shifted = term.Kink.IsZero ? x : Node("Sub", [x, Weight($"{prefix}.kink{t}", [], [Double(term.Kink, what + " kink")])], prefix);
                var signed = term.Sign > 0 ? shifted : Node("Neg", [shifted], prefix);
                Add(Node("Mul", [Node("Relu", [signed], prefix), Weight($"{prefix}.weight{t}", [], [Double(term.Weight, what + " weight")])], prefix));
            }
            var constant = Weight($"{prefix}.constant", [], [Double(f.Constant, what + " constant")]);
            return acc is null ? Node("Add", [Node("Mul", [x, Weight($"{prefix}.zero", [], [0.0])], prefix), constant], prefix) : Node("Add", [acc, constant], prefix);
        }

        private string Leaky(string x, Rational alpha, string prefix, string what)
        {
            var scaled = Node("Mul", [x, Weight(prefix + ".alpha", [], [Double(alpha, what)])], prefix);
            return Node(alpha <= Rational.One ? "Max" : "Min", [x, scaled], prefix);
        }

        private string MaxPool(string x, MaxPoolLayer m, string prefix)
        {
            var sizes = m.Groups.Select(g => g.Length).Distinct().ToList();
            var parts = new List<string>();
            var order = new List<int>();
            foreach (int size in sizes)
            {
                var members = Enumerable.Range(0, m.Groups.Length).Where(k => m.Groups[k].Length == size).ToList();
                order.AddRange(members);
                var indices = Ints(prefix + $".groups{size}", [.. members.SelectMany(k => m.Groups[k]).Select(i => (long)i)]);
                var gathered = Node("Gather", [x, indices], prefix, new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
                var windows = Node("Reshape", [gathered, Ints(prefix + $".shape{size}", [1, members.Count, size])], prefix);
                var reduce = new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints };
                reduce.Ints.Add(2);
                parts.Add(Node("ReduceMax", [windows], prefix, reduce, new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 }));
            }
            if (parts.Count == 1) return parts[0];
            var joined = Node("Concat", [.. parts], prefix, new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            var inverse = new long[order.Count];
            for (int p = 0; p < order.Count; p++) inverse[order[p]] = p;
            return Node("Gather", [joined, Ints(prefix + ".order", inverse)], prefix, new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        }

        private double Double(Rational v, string what)
        {
            double d = v.ToDouble();
            if (!double.IsFinite(d)) throw new OnnxExportException($"{what} = {v} is beyond the float64 range");
            if (!options.RoundWeights && Rational.FromDouble(d) != v)
                throw new OnnxExportException($"{what} = {v} has no exact float64 value; ask for rounding to write the nearest float64 ({d.ToString("R", CultureInfo.InvariantCulture)})");
            return d;
        }

        private string Weight(string name, long[] shape, double[] values)
        {
            var t = new TensorProto { Name = name, DataType = 11 };
            t.Dims.AddRange(shape);
            t.DoubleData.AddRange(values);
            Graph.Initializer.Add(t);
            return name;
        }

        private string Ints(string name, long[] values)
        {
            var t = new TensorProto { Name = name, DataType = 7 };
            t.Dims.Add(values.Length);
            t.Int64Data.AddRange(values);
            Graph.Initializer.Add(t);
            return name;
        }

        public string Node(string op, string[] inputs, string prefix, params AttributeProto[] attributes)
        {
            string output = $"{prefix}.{op.ToLowerInvariant()}{_next++}";
            var node = new NodeProto { OpType = op, Name = output };
            node.Input.AddRange(inputs);
            node.Output.Add(output);
            node.Attribute.AddRange(attributes);
            Graph.Node.Add(node);
            return output;
        }
    }
}
