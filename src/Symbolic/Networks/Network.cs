using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// An immutable piecewise-linear network with exact rational weights: a chain of <see cref="Layer"/>s from
/// <see cref="Inputs"/> inputs, or more generally a small directed acyclic graph of <see cref="Nodes"/>, each a layer
/// applied to the concatenated outputs of earlier nodes or of the input (<see cref="NetworkNode.Sources"/>). Output entry
/// <see cref="Output"/> of the last node is the attributed scalar F(x1, ..., xn). Equality is structural (same inputs,
/// output index and equal nodes).
/// </summary>
/// <remarks>
/// The file format is <c>verifier-network/1</c> (<see cref="NetworkJson"/>). Shapes are checked at construction, so a
/// constructed network can always be evaluated. Values are numbered as in <see cref="Widths"/>: value 0 is the input and
/// value i + 1 the output of node i. Operations written for chains read <see cref="Layers"/>, which refuses a graph with a
/// <see cref="NotAChainException"/>; graph-aware ones read <see cref="Nodes"/>.
/// </remarks>
public sealed partial class Network : IEquatable<Network>
{
    private readonly ImmutableArray<NetworkNode> _nodes;
    private readonly ImmutableArray<Layer> _layers;
    private readonly ImmutableArray<int> _widths;
    private readonly int _branch = -1; // the first node that does not read the node before it, or -1 for a chain

    /// <summary>A chain: a network with <paramref name="inputs"/> inputs, the given layers in order, and output index <paramref name="output"/>.</summary>
    /// <exception cref="NetworkFormatException">
    /// <paramref name="inputs"/> is less than 1, a layer does not fit the width it receives (the message names the
    /// layer, 0-based, and its type), or <paramref name="output"/> is not an index of the final layer's output.
    /// </exception>
    public Network(int inputs, IEnumerable<Layer> layers, int output = 0)
        : this(inputs, [.. Chain(layers)], output) { }

    /// <summary>
    /// A graph: a network with <paramref name="inputs"/> inputs whose nodes read the input (-1) or earlier nodes, and
    /// output index <paramref name="output"/> of the last node. Nodes that all read the node before them make a chain.
    /// </summary>
    /// <exception cref="NetworkFormatException">
    /// <paramref name="inputs"/> is less than 1, a node reads itself or a later node, a layer does not fit the width of its
    /// concatenated sources (the message names the node, 0-based, and its type), or <paramref name="output"/> is not an
    /// index of the last node's output.
    /// </exception>
    public static Network Graph(int inputs, IEnumerable<NetworkNode> nodes, int output = 0)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return new(inputs, [.. nodes], output);
    }

    // Nodes checked in order (a chain's layers are wrapped as chained nodes first).
    private Network(int inputs, ImmutableArray<NetworkNode> nodes, int output)
    {
        if (inputs < 1) throw new NetworkFormatException($"inputs must be at least 1, not {inputs}");
        _nodes = nodes;
        var widths = ImmutableArray.CreateBuilder<int>(_nodes.Length + 1);
        widths.Add(inputs);
        for (int i = 0; i < _nodes.Length; i++)
        {
            var node = _nodes[i] ?? throw new ArgumentException($"node {i} is null", nameof(nodes));
            int width = 0;
            foreach (int s in node.Sources)
            {
                if (s >= i)
                    throw NetworkFormatException.AtLayer(i, node.Layer.TypeName, $"it reads {(s == i ? "itself" : $"layer {s}, which comes after it")}; a layer reads -1 (the input) or earlier layers");
                width += widths[s + 1];
            }
            var problem = node.Layer.ShapeProblem(width);
            if (problem is not null) throw NetworkFormatException.AtLayer(i, node.Layer.TypeName, problem);
            widths.Add(node.Layer.OutputWidth(width));
            if (_branch < 0 && !node.IsChainedAt(i)) _branch = i;
        }
        int last = widths[^1];
        if (output < 0 || output >= last)
            throw new NetworkFormatException($"output {output} is out of range: the network has {NetworkFormatException.Count(last, "output")} (0-based indices 0..{last - 1})");
        Inputs = inputs;
        Output = output;
        _widths = widths.MoveToImmutable();
        _layers = [.. _nodes.Select(n => n.Layer)];
    }

    /// <summary>The number of inputs n (the dimension of x).</summary>
    public int Inputs { get; }

    /// <summary>True when every node reads the node before it (node 0 the input): the network is a chain of <see cref="Layers"/>.</summary>
    public bool IsChain => _branch < 0;

    /// <summary>The nodes in order (each reads the input or earlier nodes); for a chain, node i reads node i - 1.</summary>
    public IReadOnlyList<NetworkNode> Nodes => _nodes;

    /// <summary>The layers of a chain, first to last.</summary>
    /// <exception cref="NotAChainException">The network is a graph: use <see cref="Nodes"/>.</exception>
    public IReadOnlyList<Layer> Layers => IsChain ? _layers : throw RequireChainError("this operation");

    /// <summary>The number of nodes (layers), chain or graph.</summary>
    public int LayerCount => _nodes.Length;

    /// <summary>The layer of node <paramref name="index"/>, chain or graph.</summary>
    public Layer LayerAt(int index) => _nodes[index].Layer;

    /// <summary>The 0-based index, in the last node's output, of the attributed scalar output.</summary>
    public int Output { get; }

    /// <summary>The width of the last node's output (<see cref="Inputs"/> when there are no layers).</summary>
    public int OutputWidth => _widths[^1];

    /// <summary>
    /// The widths of the values: <c>Widths[0]</c> is the input width, <c>Widths[i + 1]</c> the output width of node i. For a
    /// chain, <c>Widths[i]</c> is also the input width of layer i.
    /// </summary>
    public IReadOnlyList<int> Widths => _widths;

    /// <summary>The width node <paramref name="index"/> receives: its sources' widths added.</summary>
    public int InputWidth(int index)
    {
        int width = 0;
        foreach (int s in _nodes[index].Sources) width += _widths[s + 1];
        return width;
    }

    /// <summary>
    /// Throws a <see cref="NotAChainException"/> naming <paramref name="operation"/> when the network is a graph; does
    /// nothing for a chain.
    /// </summary>
    /// <exception cref="NotAChainException">The network is a graph.</exception>
    public void RequireChain(string operation)
    {
        if (!IsChain) throw RequireChainError(operation);
    }

    private NotAChainException RequireChainError(string operation)
    {
        var node = _nodes[_branch];
        return new NotAChainException(
            $"{operation} handles chains of layers only, but the network is a graph: layer {_branch} ({node.Layer.TypeName}) reads {Describe(node.Sources)}");
    }

    private static string Describe(IReadOnlyList<int> sources) =>
        string.Join(" and ", sources.Select(s => s < 0 ? "the input" : $"layer {s}"));

    /// <summary>The same nodes with another attributed output.</summary>
    /// <exception cref="NetworkFormatException"><paramref name="output"/> is out of range.</exception>
    public Network WithOutput(int output) => new(Inputs, _nodes, output);

    /// <summary>The last node's whole output vector at <paramref name="x"/>, exactly.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> entries.</exception>
    public Rational[] ForwardAll(IReadOnlyList<Rational> x) => Trace(x)[^1];

    /// <summary>The attributed output F(x), the entry <see cref="Output"/> of <see cref="ForwardAll"/>, exactly.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> entries.</exception>
    public Rational Evaluate(IReadOnlyList<Rational> x) => ForwardAll(x)[Output];

    /// <summary>
    /// Runs a computation over the values in node order: <paramref name="apply"/> receives the node index, its layer and
    /// its sources' values concatenated, and returns the node's output. Entry 0 of the result is
    /// <paramref name="input"/>, entry i + 1 the output of node i. The back ends that follow the graph (exact values,
    /// expressions, SMT terms, propagation rules) run through it.
    /// </summary>
    public T[][] Propagate<T>(IReadOnlyList<T> input, Func<int, Layer, T[], T[]> apply)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(apply);
        var values = new T[_nodes.Length + 1][];
        values[0] = [.. input];
        for (int i = 0; i < _nodes.Length; i++) values[i + 1] = apply(i, _nodes[i].Layer, Gather(values, i));
        return values;
    }

    /// <summary>The sources of node <paramref name="index"/> concatenated, from the values numbered as in <see cref="Widths"/>.</summary>
    public T[] Gather<T>(IReadOnlyList<T[]> values, int index)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sources = _nodes[index].Sources;
        if (sources.Length == 1) return values[sources[0] + 1];
        var joined = new T[InputWidth(index)];
        int at = 0;
        foreach (int s in sources)
        {
            values[s + 1].CopyTo(joined, at);
            at += values[s + 1].Length;
        }
        return joined;
    }

    /// <summary>Every value at <paramref name="x"/>, exactly: entry 0 is x, entry i + 1 the output of node i (for a chain, entry i is the input of layer i).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> entries.</exception>
    public Rational[][] ValuesAt(IReadOnlyList<Rational> x) => Trace(x);

    /// <summary>The values at x: entry 0 is x, entry i + 1 the output of node i (for a chain, entry i is the input of layer i).</summary>
    internal Rational[][] Trace(IReadOnlyList<Rational> x)
    {
        CheckDimension(x, nameof(x));
        // many weights: on the integer form, one gcd per value instead of one per weight (IntegerForward)
        if (WeightCount >= IntegerForward.MinWeights && IntegerGraph<System.Numerics.BigInteger>.For(this) is { } nodes)
            return IntegerForward.Trace(nodes, _widths, x);
        return RationalTrace(x);
    }

    /// <summary>The values at x by each layer's own rational <see cref="Layer.Forward"/> (what <see cref="Trace"/> does on small networks).</summary>
    internal Rational[][] RationalTrace(IReadOnlyList<Rational> x)
    {
        CheckDimension(x, nameof(x));
        return Propagate(x, (i, layer, input) =>
        {
            var output = new Rational[_widths[i + 1]];
            layer.Forward(input, output);
            return output;
        });
    }

    private long _weightCount = -1;

    /// <summary>The number of weights: dense layers' rows times columns, sparse layers' entries.</summary>
    internal long WeightCount
    {
        get
        {
            if (_weightCount >= 0) return _weightCount;
            long count = 0;
            foreach (var layer in _layers)
                count += layer switch { DenseLayer d => (long)d.OutputCount * d.InputCount, SparseLayer sp => sp.EntryCount, _ => 0 };
            return _weightCount = count;
        }
    }

    internal void CheckDimension(IReadOnlyList<Rational> x, string parameter)
    {
        ArgumentNullException.ThrowIfNull(x, parameter);
        if (x.Count != Inputs)
            throw new ArgumentException($"the network has {NetworkFormatException.Count(Inputs, "input")} but the point has {NetworkFormatException.Count(x.Count, "coordinate")}", parameter);
    }

    /// <inheritdoc />
    public bool Equals(Network? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Inputs != Inputs || other.Output != Output || other._nodes.Length != _nodes.Length) return false;
        for (int i = 0; i < _nodes.Length; i++)
            if (!_nodes[i].Equals(other._nodes[i])) return false;
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Network n && Equals(n);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Inputs);
        h.Add(Output);
        foreach (var node in _nodes) h.Add(node);
        return h.ToHashCode();
    }

    /// <summary>
    /// For people: the widths and layer types, e.g. <c>network 2 -&gt; dense 4 -&gt; relu -&gt; dense 1, output 0</c>; a node
    /// that does not read the node before it shows its sources, e.g. <c>sparse 4 [2, -1]</c>.
    /// </summary>
    public override string ToString()
    {
        var parts = new List<string> { $"network {Inputs}" };
        for (int i = 0; i < _nodes.Length; i++)
        {
            string text = _nodes[i].Layer.Match(dense => $"dense {_widths[i + 1]}", activation => activation.TypeName,
                pool => $"maxpool {_widths[i + 1]}", sparse => $"sparse {_widths[i + 1]}");
            parts.Add(_nodes[i].IsChainedAt(i) ? text : $"{text} [{string.Join(", ", _nodes[i].Sources)}]");
        }
        return string.Join(" -> ", parts) + $", output {Output}";
    }

    private static IEnumerable<NetworkNode> Chain(IEnumerable<Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        int i = 0;
        foreach (var layer in layers)
        {
            if (layer is null) throw new ArgumentException($"layer {i} is null", nameof(layers));
            yield return NetworkNode.Chained(layer, i++);
        }
    }
}
