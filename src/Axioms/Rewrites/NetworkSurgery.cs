using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Rewrites;

/// <summary>
/// Structural edits of networks shared by the rewrites, the algebra and the shrinker: dense matrices as mutable
/// arrays, composition of dense layers, and edits of one dense layer's outputs (neurons) carried through to the
/// layer that consumes them.
/// </summary>
/// <remarks>
/// The consumer of a dense layer L is the first layer after L that is not an element-wise activation: a dense layer
/// (its columns are the neurons of L), a max-pool layer (its groups list them), or the end of the network (the
/// attributed <see cref="Network.Output"/> is one of them).
/// </remarks>
internal static class NetworkSurgery
{
    /// <summary>The weights as mutable rows.</summary>
    public static Rational[][] Rows(DenseLayer d) => d.Weights.Select(r => r.ToArray()).ToArray();

    /// <summary>A dense layer from mutable rows and bias.</summary>
    public static DenseLayer Dense(Rational[][] weights, Rational[] bias) =>
        new(weights.Select(r => (IReadOnlyList<Rational>)r).ToArray(), bias);

    /// <summary>A zero matrix.</summary>
    public static Rational[][] Zeros(int rows, int columns)
    {
        var m = new Rational[rows][];
        for (int i = 0; i < rows; i++) m[i] = new Rational[columns];
        return m;
    }

    /// <summary>The identity dense layer of width w.</summary>
    public static DenseLayer Identity(int w)
    {
        var m = Zeros(w, w);
        for (int i = 0; i < w; i++) m[i][i] = Rational.One;
        return Dense(m, new Rational[w]);
    }

    /// <summary>second ∘ first: W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2).</summary>
    public static DenseLayer Compose(DenseLayer first, DenseLayer second)
    {
        int rows = second.OutputCount, mid = first.OutputCount, cols = first.InputCount;
        var w = Zeros(rows, cols);
        var b = new Rational[rows];
        for (int i = 0; i < rows; i++)
        {
            var acc = second.Bias[i];
            for (int k = 0; k < mid; k++)
            {
                var s = second.Weights[i][k];
                if (s.IsZero) continue;
                acc += s * first.Bias[k];
                var row = first.Weights[k];
                for (int j = 0; j < cols; j++)
                    if (!row[j].IsZero) w[i][j] += s * row[j];
            }
            b[i] = acc;
        }
        return Dense(w, b);
    }

    /// <summary>The layers with every run of consecutive dense layers composed into one.</summary>
    public static List<Layer> MergeDense(IEnumerable<Layer> layers)
    {
        var result = new List<Layer>();
        foreach (var layer in layers)
        {
            if (layer is DenseLayer d && result.Count > 0 && result[^1] is DenseLayer prev) result[^1] = Compose(prev, d);
            else result.Add(layer);
        }
        return result;
    }

    /// <summary>
    /// The network with <paramref name="map"/> (from m new inputs to the network's n inputs) applied first: composed
    /// into the first layer when that is dense, otherwise prepended.
    /// </summary>
    public static Network Precompose(Network net, DenseLayer map)
    {
        var layers = net.Layers.ToList();
        if (layers.Count > 0 && layers[0] is DenseLayer first) layers[0] = Compose(map, first);
        else layers.Insert(0, map);
        return new Network(map.InputCount, layers, net.Output);
    }

    /// <summary>True for the element-wise activations with act(c z) = c act(z) for c &gt; 0 (no constant, every kink at 0:
    /// relu, leaky_relu, abs, identity; not clip).</summary>
    public static bool IsPositivelyHomogeneous(Layer l) =>
        l.Match(dense: _ => false, activation: a => a.Function.IsPositivelyHomogeneous, maxPool: _ => false, sparse: _ => false);

    /// <summary>True for an element-wise activation (a layer that keeps the neurons of the layer before it).</summary>
    public static bool IsElementwise(Layer l) => l.Match(dense: _ => false, activation: _ => true, maxPool: _ => false, sparse: _ => false);

    /// <summary>
    /// An activation on width <paramref name="w"/> as dense, relu, dense layers, from its relu form
    /// C + sum_j w_j relu(s_j (z - k_j)) (<see cref="ActivationFunction.ReluForm"/>): the first layer stacks one block
    /// s_j (z - k_j) per term, the last one sums the blocks with weights w_j and adds C. For abs this is [I; -I], relu, [I, I].
    /// </summary>
    public static Layer[] ExpandToRelu(ActivationFunction f, int w)
    {
        var (constant, terms) = f.ReluForm();
        int m = terms.Length;
        var up = Zeros(m * w, w);
        var upBias = new Rational[m * w];
        var down = Zeros(w, m * w);
        var downBias = new Rational[w];
        for (int j = 0; j < m; j++)
            for (int i = 0; i < w; i++)
            {
                up[j * w + i][i] = terms[j].Sign;
                upBias[j * w + i] = -terms[j].Sign * terms[j].Kink;
                down[i][j * w + i] = terms[j].Weight;
            }
        for (int i = 0; i < w; i++) downBias[i] = constant;
        return [Dense(up, upBias), new ReluLayer(), Dense(down, downBias)];
    }

    /// <summary>The index of the consumer of layer <paramref name="layer"/>'s outputs (Layers.Count for the end).</summary>
    public static int Consumer(Network net, int layer)
    {
        int k = layer + 1;
        while (k < net.Layers.Count && IsElementwise(net.Layers[k])) k++;
        return k;
    }

    /// <summary>
    /// The dense layers whose neurons are hidden: their consumer is a dense layer reached through positively homogeneous
    /// element-wise activations only (where a neuron may be split, scaled, or joined by a cancelling pair).
    /// </summary>
    public static List<int> HiddenDenseLayers(Network net)
    {
        var result = new List<int>();
        for (int l = 0; l < net.Layers.Count; l++)
        {
            if (net.Layers[l] is not DenseLayer) continue;
            int c = Consumer(net, l);
            if (c < net.Layers.Count && net.Layers[c] is DenseLayer && Between(net, l, c).All(IsPositivelyHomogeneous)) result.Add(l);
        }
        return result;
    }

    /// <summary>The layers strictly between two indices.</summary>
    public static IEnumerable<Layer> Between(Network net, int from, int to)
    {
        for (int k = from + 1; k < to; k++) yield return net.Layers[k];
    }

    /// <summary>Checks that <paramref name="layer"/> is a dense layer with a dense consumer; returns the consumer's index.</summary>
    public static int RequireHidden(Network net, int layer, string parameter)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (layer < 0 || layer >= net.Layers.Count || net.Layers[layer] is not DenseLayer)
            throw new ArgumentException($"layer {layer} is not a dense layer of {net}", parameter);
        if (!HiddenDenseLayers(net).Contains(layer))
            throw new ArgumentException($"the neurons of layer {layer} are not hidden: its outputs do not reach a dense layer through relu, leaky_relu, abs or identity layers only", parameter);
        return Consumer(net, layer);
    }

    /// <summary>
    /// Removes outputs (neurons) of layer <paramref name="index"/> (a dense or max-pool layer) and carries the removal to
    /// the consumer: dense columns are deleted, max-pool groups lose the indices (a group left empty is removed in turn);
    /// returns null when a layer would be left without outputs or the attributed output would be removed.
    /// </summary>
    public static Network? RemoveOutputs(Network net, int index, IReadOnlyCollection<int> removed)
    {
        var layers = net.Layers.ToList();
        int output = net.Output;
        return RemoveOutputs(layers, index, removed, ref output) ? new Network(net.Inputs, layers, output) : null;
    }

    private static bool RemoveOutputs(List<Layer> layers, int index, IReadOnlyCollection<int> removed, ref int output)
    {
        if (removed.Count == 0) return true;
        var edited = layers[index].Match<Layer?>(
            dense: d => removed.Count >= d.OutputCount ? null : Dense(
                d.Weights.Where((_, i) => !removed.Contains(i)).Select(r => r.ToArray()).ToArray(),
                d.Bias.Where((_, i) => !removed.Contains(i)).ToArray()),
            activation: _ => null,
            maxPool: p => removed.Count >= p.Groups.Length ? null
                : new MaxPoolLayer(p.Groups.Where((_, k) => !removed.Contains(k)).Select(g => (IReadOnlyList<int>)g.ToArray()).ToArray()),
            sparse: s => removed.Count >= s.OutputCount ? null
                : s.WithRows([.. Enumerable.Range(0, s.OutputCount).Where(i => !removed.Contains(i))]));
        if (edited is null) return false;
        layers[index] = edited;
        int c = index + 1;
        while (c < layers.Count && IsElementwise(layers[c])) c++;
        if (c == layers.Count)
        {
            if (removed.Contains(output)) return false;
            int o = output;
            output -= removed.Count(i => i < o);
            return true;
        }
        var removedFromConsumer = new List<int>();
        var consumer = layers[c].Match<Layer?>(
            dense: next => Dense(next.Weights.Select(r => r.Where((_, j) => !removed.Contains(j)).ToArray()).ToArray(), next.Bias.ToArray()),
            activation: _ => null,
            maxPool: pool =>
            {
                var groups = new List<IReadOnlyList<int>>();
                for (int k = 0; k < pool.Groups.Length; k++)
                {
                    var g = pool.Groups[k].Where(i => !removed.Contains(i)).Select(i => i - removed.Count(r => r < i)).ToArray();
                    groups.Add(g.Length > 0 ? g : [0]);
                    if (g.Length == 0) removedFromConsumer.Add(k);
                }
                return new MaxPoolLayer(groups);
            },
            sparse: next => next.WithColumns(next.InputCount - removed.Count, j => removed.Contains(j) ? -1 : j - removed.Count(r => r < j)));
        if (consumer is null) return false;
        layers[c] = consumer;
        return RemoveOutputs(layers, c, removedFromConsumer, ref output);
    }
}
