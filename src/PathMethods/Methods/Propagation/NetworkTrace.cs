using System.Collections.Immutable;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods.Propagation;

/// <summary>Forward passes of a network through its public layers, keeping every intermediate vector.</summary>
internal static class NetworkTrace
{
    // Entry i is the input of layer i; the last entry is the network's whole output vector.
    public static Rational[][] Forward(Network network, IReadOnlyList<Rational> x)
    {
        var layers = network.Layers;
        var trace = new Rational[layers.Count + 1][];
        trace[0] = [.. x];
        for (int i = 0; i < layers.Count; i++) trace[i + 1] = Apply(layers[i], trace[i]);
        return trace;
    }

    public static Rational[] Apply(Layer layer, Rational[] input) => layer.Match(
        dense: d => Dense(d, input),
        activation: a => [.. input.Select(a.Apply)],
        maxPool: p => [.. p.Groups.Select(g => input[ArgMax(g, input)])]);

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
