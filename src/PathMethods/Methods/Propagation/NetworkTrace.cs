using System.Collections.Immutable;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods.Propagation;

/// <summary>Forward passes of a network through its public layers, keeping every intermediate vector.</summary>
internal static class NetworkTrace
{
    // Entry 0 is x, entry i + 1 the output of node i (for a chain, entry i is the input of layer i); the last entry is
    // the network's whole output vector.
    public static Rational[][] Forward(Network network, IReadOnlyList<Rational> x) =>
        network.Propagate(x, (_, layer, input) => Apply(layer, input));

    public static Rational[] Apply(Layer layer, Rational[] input) => layer.Match(
        dense: d => Dense(d, input),
        activation: a => [.. input.Select(a.Apply)],
        maxPool: p => [.. p.Groups.Select(g => input[ArgMax(g, input)])],
        sparse: s => Sparse(s, input));

    // The rows of an affine layer (dense or sparse) as (columns, weights) pairs and the bias, for the propagation rules
    // that treat both alike.
    public static (int[] Columns, Rational[] Weights)[]? Rows(Layer layer) => layer.Match<(int[], Rational[])[]?>(
        dense: d => [.. d.Weights.Select(row => (Enumerable.Range(0, row.Length).Where(j => !row[j].IsZero).ToArray(), row.Where(w => !w.IsZero).ToArray()))],
        activation: _ => null,
        maxPool: _ => null,
        sparse: s => [.. Enumerable.Range(0, s.OutputCount).Select(i => { var (c, w) = s.Row(i); return (c.ToArray(), w.ToArray()); })]);

    // Adds the gradient-like vector of a node's concatenated input into its sources' vectors (created on first use).
    public static void Scatter(Network network, int node, Rational[] below, Rational[]?[] values)
    {
        int at = 0;
        foreach (int s in network.Nodes[node].Sources)
        {
            var target = values[s + 1] ??= new Rational[network.Widths[s + 1]];
            for (int j = 0; j < target.Length; j++) target[j] += below[at + j];
            at += target.Length;
        }
    }

    // The first maximal entry of the group, in the order the group lists them (the network's own tie rule).
    public static int ArgMax(ImmutableArray<int> group, IReadOnlyList<Rational> values)
    {
        int best = group[0];
        foreach (int i in group)
            if (values[i] > values[best]) best = i;
        return best;
    }

    // The network's input count must match the point's; the message names the network and the point.
    public static void CheckInput(Network network, IReadOnlyList<Rational> point, string parameter)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(point, parameter);
        if (point.Count != network.Inputs)
            throw new ArgumentException($"the network has {network.Inputs} inputs but the {parameter} has {point.Count} coordinates", parameter);
    }

    private static Rational[] Sparse(SparseLayer s, Rational[] input)
    {
        var output = new Rational[s.OutputCount];
        for (int k = 0; k < output.Length; k++)
        {
            var acc = s.Bias[k];
            var (columns, weights) = s.Row(k);
            for (int m = 0; m < columns.Length; m++)
                if (!input[columns.Span[m]].IsZero) acc += weights.Span[m] * input[columns.Span[m]];
            output[k] = acc;
        }
        return output;
    }

    private static Rational[] Dense(DenseLayer d, Rational[] input)
    {
        var output = new Rational[d.OutputCount];
        for (int k = 0; k < output.Length; k++)
        {
            var acc = d.Bias[k];
            var row = d.Weights[k];
            for (int j = 0; j < row.Length; j++)
                if (!row[j].IsZero && !input[j].IsZero) acc += row[j] * input[j];
            output[k] = acc;
        }
        return output;
    }
}
