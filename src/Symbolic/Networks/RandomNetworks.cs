using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>The activation layers <see cref="RandomNetworks"/> may place between dense layers.</summary>
public enum RandomActivation
{
    /// <summary><see cref="ReluLayer"/>.</summary>
    Relu,
    /// <summary><see cref="LeakyReluLayer"/> with alpha drawn from 1/100, 1/10, 1/4, 1/2.</summary>
    LeakyRelu,
    /// <summary><see cref="AbsLayer"/>.</summary>
    Abs,
    /// <summary><see cref="IdentityLayer"/>.</summary>
    Identity,
    /// <summary>A <see cref="MaxPoolLayer"/> that keeps the width: each output is the max of 2 or 3 random inputs.</summary>
    MaxPool,
}

/// <summary>Options of <see cref="RandomNetworks.Create"/>.</summary>
public sealed record RandomNetworkOptions
{
    /// <summary>Weights and biases are n / d with n uniform in [-MaxNumerator, MaxNumerator]; default 3.</summary>
    public int MaxNumerator { get; init; } = 3;

    /// <summary>The denominators d drawn uniformly; default 1, 2, 4.</summary>
    public IReadOnlyList<int> Denominators { get; init; } = [1, 2, 4];

    /// <summary>The activations drawn uniformly for each hidden layer; default relu only.</summary>
    public IReadOnlyList<RandomActivation> Activations { get; init; } = [RandomActivation.Relu];

    /// <summary>
    /// Further activations from the <see cref="ActivationCatalogue"/> (e.g. clip), drawn uniformly together with
    /// <see cref="Activations"/>; their parameters are drawn as the weights are (n / d) until they satisfy the kind's
    /// constraints. Default none, which leaves the draws of a seed as they were before the catalogue.
    /// </summary>
    public IReadOnlyList<ActivationKind> ExtraActivations { get; init; } = [];

    /// <summary>Relu only, weights n / d with |n| &lt;= 3 and d in {1, 2, 4}.</summary>
    public static readonly RandomNetworkOptions Default = new();
}

/// <summary>
/// Random networks with small rational weights, for tests, properties and benchmarks. Deterministic for a
/// seeded <see cref="Random"/>.
/// </summary>
public static class RandomNetworks
{
    /// <summary>
    /// A network with layer widths <paramref name="widths"/> (inputs first, outputs last): a dense layer between
    /// every two widths, and an activation drawn from <paramref name="options"/> after every dense layer but the last.
    /// E.g. widths [4, 16, 16, 1] give dense 4-&gt;16, relu, dense 16-&gt;16, relu, dense 16-&gt;1.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two widths, or a width below 1.</exception>
    public static Network Create(Random rng, IReadOnlyList<int> widths, RandomNetworkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(widths);
        options ??= RandomNetworkOptions.Default;
        if (widths.Count < 2) throw new ArgumentException("give at least an input and an output width", nameof(widths));
        foreach (int w in widths) if (w < 1) throw new ArgumentException($"widths must be at least 1, not {w}", nameof(widths));
        int kinds = options.Activations.Count + options.ExtraActivations.Count;
        if (kinds == 0) throw new ArgumentException("options list no activations", nameof(options));
        var layers = new List<Layer>();
        for (int l = 0; l + 1 < widths.Count; l++)
        {
            var weights = new Rational[widths[l + 1]][];
            for (int i = 0; i < weights.Length; i++) weights[i] = Vector(rng, widths[l], options);
            layers.Add(new DenseLayer(weights, Vector(rng, widths[l + 1], options)));
            if (l + 2 < widths.Count)
            {
                int k = rng.Next(kinds);
                layers.Add(k < options.Activations.Count
                    ? Activation(rng, widths[l + 1], options.Activations[k])
                    : Activation(rng, options.ExtraActivations[k - options.Activations.Count], options));
            }
        }
        return new Network(widths[0], layers, rng.Next(widths[^1]));
    }

    /// <summary>
    /// A network that is a graph, with widths <paramref name="widths"/> as <see cref="Create"/>: each hidden block is a dense
    /// layer and an activation drawn from <paramref name="options"/>; a block's dense layer reads the block before it or,
    /// at random, that block and an earlier value concatenated (a skip connection); after a block whose width an earlier
    /// block has, a sparse layer adds that earlier block's output to its own with random coefficients (a residual
    /// connection, <c>a y + b r</c>). The last dense layer reads the last block (and at random the input too).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two widths, or a width below 1.</exception>
    public static Network CreateGraph(Random rng, IReadOnlyList<int> widths, RandomNetworkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(widths);
        options ??= RandomNetworkOptions.Default;
        if (widths.Count < 2) throw new ArgumentException("give at least an input and an output width", nameof(widths));
        foreach (int w in widths) if (w < 1) throw new ArgumentException($"widths must be at least 1, not {w}", nameof(widths));
        int kinds = options.Activations.Count + options.ExtraActivations.Count;
        if (kinds == 0) throw new ArgumentException("options list no activations", nameof(options));
        var nodes = new List<NetworkNode>();
        var values = new List<(int Source, int Width)> { (-1, widths[0]) };
        int last = -1, lastWidth = widths[0];
        for (int l = 0; l + 1 < widths.Count; l++)
        {
            int[] sources = [last];
            int inWidth = lastWidth;
            if (values.Count > 1 && rng.Next(3) == 0)
            {
                var extra = values[rng.Next(values.Count - 1)];
                if (extra.Source != last) { sources = [last, extra.Source]; inWidth += extra.Width; }
            }
            var weights = new Rational[widths[l + 1]][];
            for (int i = 0; i < weights.Length; i++) weights[i] = Vector(rng, inWidth, options);
            nodes.Add(new NetworkNode(new DenseLayer(weights, Vector(rng, widths[l + 1], options)), sources));
            last = nodes.Count - 1;
            lastWidth = widths[l + 1];
            if (l + 2 == widths.Count) break;
            int k = rng.Next(kinds);
            var activation = k < options.Activations.Count
                ? Activation(rng, lastWidth, options.Activations[k])
                : Activation(rng, options.ExtraActivations[k - options.Activations.Count], options);
            nodes.Add(new NetworkNode(activation, [last]));
            last = nodes.Count - 1;
            var same = values.Where(v => v.Width == lastWidth && v.Source >= 0).ToList();
            if (same.Count > 0)
            {
                var earlier = same[rng.Next(same.Count)];
                var a = Vector(rng, lastWidth, options);
                var b = Vector(rng, lastWidth, options);
                var rows = Enumerable.Range(0, lastWidth).Select(i => (IReadOnlyList<(int, Rational)>)[(i, a[i]), (lastWidth + i, b[i])]).ToArray();
                nodes.Add(new NetworkNode(new SparseLayer(2 * lastWidth, rows, new Rational[lastWidth]), [last, earlier.Source]));
                last = nodes.Count - 1;
            }
            values.Add((last, lastWidth));
        }
        return Network.Graph(widths[0], nodes, rng.Next(widths[^1]));
    }

    /// <summary>A random point whose coordinates are n / d with |n| &lt;= <paramref name="maxNumerator"/> and 1 &lt;= d &lt;= <paramref name="maxDenominator"/>.</summary>
    public static Rational[] Point(Random rng, int dimension, int maxNumerator = 4, int maxDenominator = 4)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var x = new Rational[dimension];
        for (int i = 0; i < dimension; i++) x[i] = new Rational(rng.Next(-maxNumerator, maxNumerator + 1), rng.Next(1, maxDenominator + 1));
        return x;
    }

    private static Rational[] Vector(Random rng, int length, RandomNetworkOptions options)
    {
        var v = new Rational[length];
        for (int i = 0; i < length; i++)
            v[i] = new Rational(rng.Next(-options.MaxNumerator, options.MaxNumerator + 1), options.Denominators[rng.Next(options.Denominators.Count)]);
        return v;
    }

    private static readonly Rational[] Alphas = [new(1, 100), new(1, 10), new(1, 4), Rational.Half];

    private static Layer Activation(Random rng, int width, RandomActivation kind) => kind switch
    {
        RandomActivation.Relu => new ReluLayer(),
        RandomActivation.LeakyRelu => new LeakyReluLayer(Alphas[rng.Next(Alphas.Length)]),
        RandomActivation.Abs => new AbsLayer(),
        RandomActivation.Identity => new IdentityLayer(),
        RandomActivation.MaxPool => new MaxPoolLayer(Groups(rng, width)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown activation"),
    };

    // A layer of the kind with parameters n / d drawn as the weights are, redrawn until they satisfy its constraints.
    private static ActivationLayer Activation(Random rng, ActivationKind kind, RandomNetworkOptions options)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            var layer = kind.TryCreate(Vector(rng, kind.ParameterNames.Length, options));
            if (layer is not null) return layer;
        }
        throw new ArgumentException($"no parameters of {kind.Name} drawn from the options' numbers satisfy its constraints", nameof(options));
    }

    private static int[][] Groups(Random rng, int width)
    {
        var groups = new int[width][];
        for (int k = 0; k < width; k++)
        {
            groups[k] = new int[Math.Min(width, rng.Next(2, 4))];
            for (int m = 0; m < groups[k].Length; m++) groups[k][m] = rng.Next(width);
        }
        return groups;
    }
}
