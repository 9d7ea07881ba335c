using System.Collections.Immutable;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// One node of a <see cref="Network"/> that is a graph: a layer and the earlier values it reads. The layer receives the
/// outputs of its <see cref="Sources"/> concatenated in the order listed; -1 is the network's input, and k &gt;= 0 the
/// output of node k, which must come before this node. A chain is the graph where node i reads node i - 1 (node 0 the input).
/// </summary>
/// <remarks>
/// A residual connection <c>y = f(x) + x</c> is a sparse layer (<see cref="SparseLayer"/>, the matrix <c>[I I]</c>) with the
/// two sources; a concatenation is a sparse selection with several sources; a max of two computed values is a max-pool
/// layer over their concatenation. Equality compares the layer and the sources.
/// </remarks>
public sealed class NetworkNode : IEquatable<NetworkNode>
{
    /// <summary>A node that applies <paramref name="layer"/> to the concatenation of <paramref name="sources"/>.</summary>
    /// <exception cref="NetworkFormatException">There are no sources, or a source is below -1.</exception>
    public NetworkNode(Layer layer, IEnumerable<int> sources)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(sources);
        Layer = layer;
        Sources = [.. sources];
        if (Sources.IsEmpty) throw new NetworkFormatException("a node must read at least one source");
        foreach (int s in Sources)
            if (s < -1) throw new NetworkFormatException($"a source is -1 (the network's input) or a node index, not {s}");
    }

    /// <summary>The node of a chain at position <paramref name="index"/>: it reads the node before it (the input for node 0).</summary>
    public static NetworkNode Chained(Layer layer, int index) => new(layer, [index - 1]);

    /// <summary>The layer.</summary>
    public Layer Layer { get; }

    /// <summary>The values the layer reads, concatenated in this order: -1 for the network's input, k for node k's output.</summary>
    public ImmutableArray<int> Sources { get; }

    /// <summary>True when the node reads only the node before it, as in a chain.</summary>
    public bool IsChainedAt(int index) => Sources.Length == 1 && Sources[0] == index - 1;

    /// <inheritdoc />
    public bool Equals(NetworkNode? other) =>
        ReferenceEquals(this, other) || (other is not null && Layer.Equals(other.Layer) && Sources.AsSpan().SequenceEqual(other.Sources.AsSpan()));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NetworkNode n && Equals(n);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Layer);
        foreach (int s in Sources) h.Add(s);
        return h.ToHashCode();
    }

    /// <summary>For people: the layer and its sources, e.g. <c>sparse 4x8, 8 entries [...] &lt;- [1, -1]</c>.</summary>
    public override string ToString() => $"{Layer} <- [{string.Join(", ", Sources)}]";
}

/// <summary>
/// An operation that handles chains of layers only was given a network that is a graph (a node reads something other
/// than the node before it). An input error: the message names the operation and the first node that branches.
/// </summary>
public sealed class NotAChainException : NotSupportedException, IInputError
{
    /// <summary>An exception with the given message.</summary>
    public NotAChainException(string message) : base(message) { }
}
