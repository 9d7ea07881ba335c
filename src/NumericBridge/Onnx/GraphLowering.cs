using System.Collections.Immutable;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// The lowering of <see cref="OnnxImport.ToNetwork"/>: the graph's operations in order, every value kept as an affine map
/// of network values (<see cref="LoweredMap"/>) until a piecewise-linear operation needs it as a node. Consecutive affine
/// operations (a reshape, a convolution and its batch normalisation, the addition of a residual branch) compose into one
/// map while that does not multiply the stored terms; an activation or max writes its operand's map as a dense or sparse
/// layer (reading one or several earlier nodes), then its own layer.
/// </summary>
internal sealed partial class GraphLowering(OnnxGraph graph, OnnxImportNetworkOptions options)
{
    private readonly List<NetworkNode> _nodes = [];
    private readonly List<int> _widths = [];
    private readonly Dictionary<string, int> _readers = [];

    public Network Run(int output)
    {
        var values = new Dictionary<string, LoweredMap> { [graph.Input.Name] = LoweredMap.Identity(-1, graph.InputCount) };
        foreach (var op in graph.Operations)
            foreach (var name in op.Inputs) _readers[name] = _readers.GetValueOrDefault(name) + 1;
        foreach (var o in graph.Outputs) _readers[o.Name] = _readers.GetValueOrDefault(o.Name) + 1;
        foreach (var op in graph.Operations)
        {
            var shapes = op.Inputs.Select(graph.ShapeOf).ToArray();
            var operands = op.Inputs.Select(name => values[name]).ToArray();
            var map = LinearMaps.Of(op, shapes);
            var result = map is not null ? Affine(op, map, operands) : Nonlinear(op, operands, shapes);
            // a map that several operations read is written once, not composed into each of them
            if (_readers.GetValueOrDefault(op.Output) > 1 && !result.IsIdentity && !IsSelection(result)) result = Node(result, op.Name);
            values[op.Output] = result;
        }
        var outputs = graph.Outputs.Select(o => values[o.Name]).ToArray();
        var last = outputs.Length == 1 ? outputs[0] : LoweredMap.Compose(
            LinearMap.Select([.. Enumerable.Range(0, outputs.Sum(o => o.Count))]), outputs, WidthOf);
        // the network's output is the last node's: write the outputs' map unless it is exactly that node
        bool isLastNode = last.IsIdentity && last.Sources[0] == _nodes.Count - 1;
        if (!isLastNode) WriteNode(last);
        return Network.Graph(graph.InputCount, _nodes, output);
    }

    private int WidthOf(int source) => source < 0 ? graph.InputCount : _widths[source];

    private static bool IsSelection(LoweredMap m) =>
        Enumerable.Range(0, m.Count).All(i => m.Columns[i].Length <= 1 && (m.Columns[i].Length == 0 || m.Coefficients[i][0].IsOne) && m.Constants[i].IsZero);

    // An affine operation: composed with its operands' maps, unless that would multiply the stored terms (a product of two
    // convolutions or dense layers), in which case the operands become nodes first.
    private LoweredMap Affine(OnnxOperation op, LinearMap map, LoweredMap[] operands)
    {
        long own = map.Sources.Sum(s => (long)s.Length) + operands.Sum(o => o.Entries);
        if (LoweredMap.ComposedEntries(map, operands) > 2 * own)
            operands = [.. operands.Select(o => o.IsIdentity ? o : Node(o, op.Name))];
        return LoweredMap.Compose(map, operands, WidthOf);
    }

    /// <summary>The map as a node (unless it already is one), and the identity map of that node.</summary>
    private LoweredMap Node(LoweredMap map, string where)
    {
        if (map.IsIdentity) return map;
        long dense = (long)map.Count * map.Width;
        if (map.Entries > options.MaxEntries)
            throw new OnnxModelException(where, $"cannot convert to a network: an affine layer of {map.Count} x {map.Width} with {map.Entries} stored entries, more than OnnxImportNetworkOptions.MaxEntries ({options.MaxEntries})");
        _ = dense;
        return LoweredMap.Identity(WriteNode(map), map.Count);
    }

    /// <summary>Writes the map as a layer reading its sources; returns the node's index.</summary>
    private int WriteNode(LoweredMap map) => Add(map.ToLayer(options.MaxDenseEntries), map.Sources, map.Count);

    private int Add(Layer layer, int[] sources, int width)
    {
        _nodes.Add(new NetworkNode(layer, sources));
        _widths.Add(width);
        return _nodes.Count - 1;
    }

    /// <summary>The operand as the output of one node (written when it is a map of several values or not the identity).</summary>
    private int Base(LoweredMap operand, string where) => Node(operand, where).Sources[0];

    /// <summary>A layer applied to one value; the identity map of its output.</summary>
    private LoweredMap Apply(Layer layer, LoweredMap operand, string where)
    {
        int source = Base(operand, where);
        int width = layer.OutputWidth(WidthOf(source));
        return LoweredMap.Identity(Add(layer, [source], width), width);
    }

    private static ImmutableArray<int> ShapeOf(ImmutableArray<int>[] shapes, int k) => shapes[k];
}

/// <summary>Limits of <see cref="OnnxImport.ToNetwork"/>.</summary>
public sealed record OnnxImportNetworkOptions
{
    /// <summary>The defaults: dense layers of at most 4,194,304 weights, layers of at most 16,777,216 stored entries.</summary>
    public static readonly OnnxImportNetworkOptions Default = new();

    /// <summary>
    /// The most weights (rows x columns) a layer may have to be written as a dense layer; default 4,194,304. An affine map
    /// that stores at least half its entries (a Gemm, a MatMul) and fits is dense; every other one is a sparse layer.
    /// </summary>
    public long MaxDenseEntries { get; init; } = 4L << 20;

    /// <summary>The most stored entries of one layer (dense or sparse); default 16,777,216.</summary>
    public long MaxEntries { get; init; } = 16L << 20;
}
