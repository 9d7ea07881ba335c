using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Rewrites.NetworkSurgery;

namespace Verifier.Axioms.Rewrites;

/// <summary>A function-preserving rewrite of a network: a different network that computes exactly the same function.</summary>
/// <param name="Name">What was done, e.g. <c>split neuron 1 of layer 0 into fractions 1/3 and 2/3</c>.</param>
/// <param name="Result">The rewritten network.</param>
public sealed record NetworkRewrite(string Name, Network Result);

/// <summary>A network changed in one weight so that it computes a different function, with an input where the two differ.</summary>
/// <param name="Name">What was changed.</param>
/// <param name="Result">The changed network.</param>
/// <param name="Witness">An input x with F(x) != G(x), checked exactly.</param>
/// <param name="Before">F(x) of the original network.</param>
/// <param name="After">G(x) of the changed network.</param>
public sealed record Perturbation(string Name, Network Result, IReadOnlyList<Rational> Witness, Rational Before, Rational After);

/// <summary>
/// Function-preserving rewrites of piecewise-linear networks, for implementation invariance: each returns a new network
/// with other weights or another structure that computes exactly the same function (checked by the tests with exact
/// evaluation at random rational points). <see cref="Perturb"/> is the negative control: one changed weight, and an input
/// where the function changed.
/// </summary>
/// <remarks>
/// Layers are addressed by their 0-based index in <see cref="Network.Layers"/>, neurons by their 0-based output index in
/// that (dense) layer. A neuron is hidden when its dense layer's outputs reach another dense layer through element-wise
/// activations only (<see cref="HiddenLayers"/>); splitting, scaling and cancelling pairs need that, and rely on every
/// activation we have (relu, leaky_relu, abs, identity) being positively homogeneous: act(c z) = c act(z) for c &gt; 0.
/// Sundararajan, Taly, Yan 2017, section 2.2 (functionally equivalent networks).
/// </remarks>
public static partial class NetworkRewrites
{
    private static readonly Rational[] Fractions = [Rational.Half, new(1, 3), new(2, 3), new(1, 4), new(3, 4)];
    private static readonly Rational[] Scales = [2, 3, Rational.Half, new(1, 3), new(3, 2)];

    /// <summary>The indices of the dense layers whose neurons are hidden (see the remarks of <see cref="NetworkRewrites"/>).</summary>
    public static IReadOnlyList<int> HiddenLayers(Network net)
    {
        ArgumentNullException.ThrowIfNull(net);
        return HiddenDenseLayers(net);
    }

    /// <summary>
    /// Splits hidden neuron h = act(w·x + b) into two copies act(f (w·x + b)) and act((1 - f)(w·x + b)) with the same outgoing
    /// weights: their sum is f h + (1 - f) h = h. The new copy is appended as the layer's last neuron.
    /// </summary>
    /// <exception cref="ArgumentException">The layer's neurons are not hidden, or the neuron is out of range.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not strictly between 0 and 1.</exception>
    public static NetworkRewrite SplitNeuron(Network net, int layer, int neuron, Rational fraction)
    {
        int c = RequireHidden(net, layer, nameof(layer));
        var d = (DenseLayer)net.Layers[layer];
        CheckNeuron(d, neuron);
        if (fraction.Sign <= 0 || fraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the fraction must lie strictly between 0 and 1");
        var rest = 1 - fraction;
        var w = Rows(d);
        var b = d.Bias.ToArray();
        var row = w[neuron];
        var bias = b[neuron];
        w[neuron] = row.Select(v => v * fraction).ToArray();
        b[neuron] = bias * fraction;
        w = [.. w, row.Select(v => v * rest).ToArray()];
        b = [.. b, bias * rest];
        var next = (DenseLayer)net.Layers[c];
        var nw = Rows(next).Select(r => (Rational[])[.. r, r[neuron]]).ToArray();
        return new($"split neuron {neuron} of layer {layer} into fractions {fraction} and {rest}",
            Replace(net, (layer, Dense(w, b)), (c, Dense(nw, next.Bias.ToArray()))));
    }

    /// <summary>
    /// Adds two hidden neurons to a layer, both act(incoming·x + bias), with outgoing weights <paramref name="outgoing"/> and
    /// its negation: their contributions cancel exactly.
    /// </summary>
    /// <exception cref="ArgumentException">The layer's neurons are not hidden, or a vector has the wrong length.</exception>
    public static NetworkRewrite AddCancellingPair(Network net, int layer, IReadOnlyList<Rational> incoming, Rational bias, IReadOnlyList<Rational> outgoing)
    {
        int c = RequireHidden(net, layer, nameof(layer));
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(outgoing);
        var d = (DenseLayer)net.Layers[layer];
        var next = (DenseLayer)net.Layers[c];
        if (incoming.Count != d.InputCount) throw new ArgumentException($"layer {layer} has {d.InputCount} inputs but {incoming.Count} incoming weights were given", nameof(incoming));
        if (outgoing.Count != next.OutputCount) throw new ArgumentException($"layer {c} has {next.OutputCount} outputs but {outgoing.Count} outgoing weights were given", nameof(outgoing));
        var w = Rows(d);
        var b = d.Bias.ToArray();
        w = [.. w, incoming.ToArray(), incoming.ToArray()];
        b = [.. b, bias, bias];
        var nw = Rows(next).Select((r, i) => (Rational[])[.. r, outgoing[i], -outgoing[i]]).ToArray();
        return new($"add a cancelling pair of neurons to layer {layer} (outgoing weights v and -v)",
            Replace(net, (layer, Dense(w, b)), (c, Dense(nw, next.Bias.ToArray()))));
    }

    /// <summary>
    /// Reorders the neurons of a dense layer: new neuron k is old neuron <paramref name="permutation"/>[k]. The consumer
    /// follows: dense columns are reordered, max-pool groups renumbered, or the attributed output index moved.
    /// </summary>
    /// <exception cref="ArgumentException">The layer is not dense, or the list is not a permutation of its neurons.</exception>
    public static NetworkRewrite PermuteNeurons(Network net, int layer, IReadOnlyList<int> permutation)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(permutation);
        if (layer < 0 || layer >= net.Layers.Count || net.Layers[layer] is not DenseLayer d)
            throw new ArgumentException($"layer {layer} is not a dense layer of {net}", nameof(layer));
        int width = d.OutputCount;
        if (permutation.Count != width || permutation.Distinct().Count() != width || permutation.Any(p => p < 0 || p >= width))
            throw new ArgumentException($"not a permutation of the {width} neurons of layer {layer}: [{string.Join(", ", permutation)}]", nameof(permutation));
        var inverse = new int[width];
        for (int k = 0; k < width; k++) inverse[permutation[k]] = k;
        var layers = net.Layers.ToList();
        layers[layer] = Dense(permutation.Select(p => d.Weights[p].ToArray()).ToArray(), permutation.Select(p => d.Bias[p]).ToArray());
        int c = Consumer(net, layer);
        int output = net.Output;
        if (c == layers.Count) output = inverse[output];
        else
            layers[c] = layers[c].Match<Layer>(
                dense: next => Dense(next.Weights.Select(r => permutation.Select(p => r[p]).ToArray()).ToArray(), next.Bias.ToArray()),
                activation: a => throw new InvalidOperationException($"the consumer of layer {layer} is the element-wise {a}"),
                maxPool: pool => new MaxPoolLayer(pool.Groups.Select(g => (IReadOnlyList<int>)g.Select(i => inverse[i]).ToArray()).ToArray()),
                sparse: next => next.WithColumns(next.InputCount, j => inverse[j]));
        return new($"permute the neurons of layer {layer} to [{string.Join(", ", permutation)}]", new Network(net.Inputs, layers, output));
    }

    /// <summary>
    /// Multiplies a hidden neuron's incoming weights and bias by c &gt; 0 and its outgoing weights by 1/c:
    /// (1/c) act(c z) = act(z).
    /// </summary>
    /// <exception cref="ArgumentException">The layer's neurons are not hidden, or the neuron is out of range.</exception>
    /// <exception cref="ArgumentOutOfRangeException">c is not positive.</exception>
    public static NetworkRewrite ScaleThroughRelu(Network net, int layer, int neuron, Rational c)
    {
        int consumer = RequireHidden(net, layer, nameof(layer));
        var d = (DenseLayer)net.Layers[layer];
        CheckNeuron(d, neuron);
        if (c.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(c), c, "the scale must be positive");
        var w = Rows(d);
        var b = d.Bias.ToArray();
        w[neuron] = w[neuron].Select(v => v * c).ToArray();
        b[neuron] *= c;
        var next = (DenseLayer)net.Layers[consumer];
        var inv = c.Reciprocal();
        var nw = Rows(next);
        foreach (var r in nw) r[neuron] *= inv;
        return new($"scale neuron {neuron} of layer {layer} by {c} (outgoing weights by {inv})",
            Replace(net, (layer, Dense(w, b)), (consumer, Dense(nw, next.Bias.ToArray()))));
    }

    /// <summary>Inserts an <c>identity</c> layer before layer <paramref name="position"/> (Layers.Count appends it).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The position is not in 0..Layers.Count.</exception>
    public static NetworkRewrite InsertIdentityLayer(Network net, int position)
    {
        CheckPosition(net, position);
        var layers = net.Layers.ToList();
        layers.Insert(position, new IdentityLayer());
        return new($"insert an identity layer at position {position}", new Network(net.Inputs, layers, net.Output));
    }

    /// <summary>
    /// Inserts the identity through relu before layer <paramref name="position"/>: z -&gt; dense [I; -I] -&gt; relu -&gt;
    /// dense [I, -I], since relu(z) - relu(-z) = z.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The position is not in 0..Layers.Count.</exception>
    public static NetworkRewrite InsertReluIdentity(Network net, int position)
    {
        CheckPosition(net, position);
        int w = net.Widths[position];
        var layers = net.Layers.ToList();
        layers.InsertRange(position, ReluIdentity(w));
        return new($"insert relu(z) - relu(-z) = z at position {position}", new Network(net.Inputs, layers, net.Output));
    }

    /// <summary>One applicable rewrite of each kind, with fixed parameters (first hidden layer, first neuron, fraction 1/2, scale 2).</summary>
    public static IReadOnlyList<NetworkRewrite> All(Network net)
    {
        ArgumentNullException.ThrowIfNull(net);
        var result = new List<NetworkRewrite>();
        // Max-pooling written with relus first: the rewrite that discrete-gradient methods (DeepLIFT, LRP) are most
        // sensitive to.
        for (int l = 0; l < net.Layers.Count; l++)
            if (MaxPoolAsRelu(net, l) is { } pool) result.Add(pool);
        var hidden = HiddenDenseLayers(net);
        if (hidden.Count > 0)
        {
            int l = hidden[0];
            var d = (DenseLayer)net.Layers[l];
            result.Add(SplitNeuron(net, l, 0, Rational.Half));
            var next = (DenseLayer)net.Layers[Consumer(net, l)];
            result.Add(AddCancellingPair(net, l, Enumerable.Repeat(Rational.One, d.InputCount).ToArray(), Rational.One,
                Enumerable.Repeat(Rational.One, next.OutputCount).ToArray()));
            var scalable = ScalableNeurons(net).ToList();
            if (scalable.Count > 0) result.Add(ScaleThroughRelu(net, scalable[0].Layer, scalable[0].Neuron, 2));
        }
        for (int l = 0; l < net.Layers.Count; l++)
        {
            if (net.Layers[l] is not DenseLayer { OutputCount: > 1 } d) continue;
            var permuted = PermuteNeurons(net, l, Enumerable.Range(0, d.OutputCount).Reverse().ToArray());
            if (!permuted.Result.Equals(net)) { result.Add(permuted); break; }
        }
        result.Add(InsertIdentityLayer(net, net.Layers.Count / 2));
        result.Add(InsertReluIdentity(net, (net.Layers.Count + 1) / 2));
        return result;
    }

    /// <summary>A rewrite of a kind drawn at random among those that apply, with random parameters; deterministic for a seeded
    /// <paramref name="rng"/>. The result always differs structurally from <paramref name="net"/>.</summary>
    public static NetworkRewrite Random(Network net, Random rng)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(rng);
        var hidden = HiddenDenseLayers(net);
        var kinds = new List<Func<NetworkRewrite?>>();
        if (hidden.Count > 0)
        {
            kinds.Add(() =>
            {
                int l = hidden[rng.Next(hidden.Count)];
                return SplitNeuron(net, l, rng.Next(net.Widths[l + 1]), Fractions[rng.Next(Fractions.Length)]);
            });
            kinds.Add(() => RandomCancellingPair(net, hidden[rng.Next(hidden.Count)], rng));
            var scalable = ScalableNeurons(net).ToList();
            if (scalable.Count > 0)
                kinds.Add(() =>
                {
                    var (l, j) = scalable[rng.Next(scalable.Count)];
                    return ScaleThroughRelu(net, l, j, Scales[rng.Next(Scales.Length)]);
                });
        }
        var pools = Enumerable.Range(0, net.Layers.Count).Where(l => MaxPoolAsRelu(net, l) is not null).ToList();
        if (pools.Count > 0) kinds.Add(() => MaxPoolAsRelu(net, pools[rng.Next(pools.Count)]));
        kinds.Add(() => RandomPermutation(net, rng));
        kinds.Add(() => InsertIdentityLayer(net, rng.Next(net.Layers.Count + 1)));
        kinds.Add(() => InsertReluIdentity(net, rng.Next(net.Layers.Count + 1)));
        while (true)
        {
            int k = rng.Next(kinds.Count);
            if (kinds[k]() is { } r) return r;
            kinds.RemoveAt(k); // not applicable after all (e.g. no two neurons differ); identity insertion always applies
        }
    }

    /// <summary>
    /// Changes one weight or bias by ±1 so that the network computes a different function, and returns an input where the
    /// values differ (checked exactly). Output-layer entries are tried first (a changed weight of a neuron that is active
    /// at the witness), then the other dense layers; null when no change is seen at the trial points (e.g. no dense layer).
    /// </summary>
    public static Perturbation? Perturb(Network net, Random rng)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(rng);
        var points = TrialPoints(net.Inputs, rng);
        var before = points.Select(net.Evaluate).ToArray();
        var dense = Enumerable.Range(0, net.Layers.Count).Where(l => net.Layers[l] is DenseLayer).ToList();
        if (dense.Count == 0) return null;
        int last = dense[^1];
        var entries = new List<(int Layer, int Row, int Column)>();
        foreach (int l in dense.AsEnumerable().Reverse())
        {
            var d = (DenseLayer)net.Layers[l];
            var layerEntries = new List<(int, int, int)>();
            for (int i = 0; i < d.OutputCount; i++)
            {
                if (l == last && Consumer(net, l) == net.Layers.Count && i != net.Output) continue;
                for (int j = -1; j < d.InputCount; j++) layerEntries.Add((l, i, j));
            }
            entries.AddRange(layerEntries.OrderBy(_ => rng.Next()));
        }
        Rational first = rng.Next(2) == 0 ? 1 : -1;
        foreach (var (l, i, j, delta) in entries.Take(64).SelectMany(e => new[] { (e.Layer, e.Row, e.Column, first), (e.Layer, e.Row, e.Column, -first) }))
        {
            var d = (DenseLayer)net.Layers[l];
            var w = Rows(d);
            var b = d.Bias.ToArray();
            if (j < 0) b[i] += delta;
            else w[i][j] += delta;
            var changed = Replace(net, (l, Dense(w, b)));
            for (int p = 0; p < points.Count; p++)
            {
                var after = changed.Evaluate(points[p]);
                if (after == before[p]) continue;
                var what = j < 0 ? $"bias {i}" : $"weight [{i}][{j}]";
                return new Perturbation($"add {delta} to {what} of layer {l}", changed, points[p], before[p], after);
            }
        }
        return null;
    }

    // The identity through relu on width w: [I; -I], relu, [I, -I] (relu(z) - relu(-z) = z).
    internal static Layer[] ReluIdentity(int w)
    {
        var (up, relu, down) = ThroughRelu(w, Rational.MinusOne);
        return [up, relu, down];
    }

    // z on width w through relu as [I; -I], relu, [I, sign I]: the identity for sign -1, |z| for sign +1.
    internal static (DenseLayer Up, ReluLayer Relu, DenseLayer Down) ThroughRelu(int w, Rational sign)
    {
        var up = Zeros(2 * w, w);
        var down = Zeros(w, 2 * w);
        for (int i = 0; i < w; i++)
        {
            up[i][i] = Rational.One;
            up[w + i][i] = Rational.MinusOne;
            down[i][i] = Rational.One;
            down[i][w + i] = sign;
        }
        return (Dense(up, new Rational[2 * w]), new ReluLayer(), Dense(down, new Rational[w]));
    }

    private static NetworkRewrite RandomCancellingPair(Network net, int layer, Random rng)
    {
        var d = (DenseLayer)net.Layers[layer];
        var next = (DenseLayer)net.Layers[Consumer(net, layer)];
        Rational Small() => new(rng.Next(-3, 4), rng.Next(1, 3));
        var incoming = Enumerable.Range(0, d.InputCount).Select(_ => Small()).ToArray();
        var outgoing = Enumerable.Range(0, next.OutputCount).Select(_ => Small()).ToArray();
        if (outgoing.All(v => v.IsZero)) outgoing[0] = Rational.One;
        return AddCancellingPair(net, layer, incoming, Small(), outgoing);
    }

    private static NetworkRewrite? RandomPermutation(Network net, Random rng)
    {
        var layers = Enumerable.Range(0, net.Layers.Count).Where(l => net.Layers[l] is DenseLayer { OutputCount: > 1 }).OrderBy(_ => rng.Next()).ToList();
        foreach (int l in layers)
        {
            int width = ((DenseLayer)net.Layers[l]).OutputCount;
            var pairs = new List<(int, int)>();
            for (int a = 0; a < width; a++)
                for (int b = a + 1; b < width; b++) pairs.Add((a, b));
            foreach (var (a, b) in pairs.OrderBy(_ => rng.Next()))
            {
                var p = Enumerable.Range(0, width).ToArray();
                (p[a], p[b]) = (p[b], p[a]);
                var r = PermuteNeurons(net, l, p);
                if (!r.Result.Equals(net)) return r;
            }
        }
        return null;
    }

    // Hidden neurons whose incoming weights or bias are not all zero (scaling them changes the weights).
    private static IEnumerable<(int Layer, int Neuron)> ScalableNeurons(Network net)
    {
        foreach (int l in HiddenDenseLayers(net))
        {
            var d = (DenseLayer)net.Layers[l];
            for (int j = 0; j < d.OutputCount; j++)
                if (!d.Bias[j].IsZero || d.Weights[j].Any(v => !v.IsZero)) yield return (l, j);
        }
    }

    private static List<Rational[]> TrialPoints(int n, Random rng)
    {
        var points = new List<Rational[]> { new Rational[n] };
        for (int i = 0; i < n; i++)
            foreach (var s in new Rational[] { 1, -1 })
            {
                var e = new Rational[n];
                e[i] = s;
                points.Add(e);
            }
        for (int k = 0; k < 24; k++) points.Add(RandomNetworks.Point(rng, n, 4, 2));
        return points;
    }

    private static Network Replace(Network net, params (int Index, Layer Layer)[] replacements)
    {
        var layers = net.Layers.ToList();
        foreach (var (i, l) in replacements) layers[i] = l;
        return new Network(net.Inputs, layers, net.Output);
    }

    private static void CheckNeuron(DenseLayer d, int neuron)
    {
        if (neuron < 0 || neuron >= d.OutputCount)
            throw new ArgumentException($"neuron {neuron} is out of range: the layer has {d.OutputCount} neurons", nameof(neuron));
    }

    private static void CheckPosition(Network net, int position)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (position < 0 || position > net.Layers.Count)
            throw new ArgumentOutOfRangeException(nameof(position), position, $"a position is in 0..{net.Layers.Count}");
    }
}
