using System.Numerics;
using System.Runtime.CompilerServices;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>The kinds of layer the integer kernels distinguish.</summary>
internal enum IntegerLayerKind { Dense, Relu, LeakyRelu, Abs, Identity, MaxPool }

/// <summary>
/// One layer with its rationals scaled to integers of type <typeparamref name="TInt"/>: a dense layer is
/// <c>(Weights x + Bias) / Denominator</c> with the least common denominator of all its entries; a leaky relu's
/// alpha is <c>AlphaNumerator / AlphaDenominator</c>.
/// </summary>
internal sealed class IntegerLayer<TInt> where TInt : IBinaryInteger<TInt>
{
    public required IntegerLayerKind Kind { get; init; }
    public TInt[][] Weights { get; init; } = [];
    public TInt[] Bias { get; init; } = [];
    public TInt Denominator { get; init; } = TInt.One;
    public TInt AlphaNumerator { get; init; } = TInt.Zero;
    public TInt AlphaDenominator { get; init; } = TInt.One;
    public int[][] Groups { get; init; } = [];
}

/// <summary>
/// A <see cref="Network"/> with integer weights of type <typeparamref name="TInt"/> (long, Int128 or BigInteger),
/// built once per network and cached, for the exact line kernel (<see cref="LineKernel{TInt}"/>).
/// </summary>
internal sealed class IntegerNetwork<TInt> where TInt : IBinaryInteger<TInt>
{
    private static readonly ConditionalWeakTable<Network, IntegerNetwork<TInt>> Cache = new();

    private IntegerNetwork(IntegerLayer<TInt>[]? layers) => Layers = layers;

    /// <summary>The layers, or null when some weight does not fit <typeparamref name="TInt"/>.</summary>
    public IntegerLayer<TInt>[]? Layers { get; }

    /// <summary>The integer form of <paramref name="network"/> (cached), or null when its weights do not fit.</summary>
    public static IntegerLayer<TInt>[]? For(Network network) => Cache.GetValue(network, Build).Layers;

    private static IntegerNetwork<TInt> Build(Network network)
    {
        var layers = new IntegerLayer<TInt>[network.Layers.Count];
        try
        {
            for (int i = 0; i < layers.Length; i++) layers[i] = Convert(network.Layers[i]);
        }
        catch (OverflowException)
        {
            return new IntegerNetwork<TInt>(null);
        }
        return new IntegerNetwork<TInt>(layers);
    }

    private static IntegerLayer<TInt> Convert(Layer layer) => layer switch
    {
        DenseLayer dense => ConvertDense(dense),
        ReluLayer => new IntegerLayer<TInt> { Kind = IntegerLayerKind.Relu },
        LeakyReluLayer leaky => new IntegerLayer<TInt>
        {
            Kind = IntegerLayerKind.LeakyRelu,
            AlphaNumerator = TInt.CreateChecked(leaky.Alpha.Numerator),
            AlphaDenominator = TInt.CreateChecked(leaky.Alpha.Denominator),
        },
        AbsLayer => new IntegerLayer<TInt> { Kind = IntegerLayerKind.Abs },
        IdentityLayer => new IntegerLayer<TInt> { Kind = IntegerLayerKind.Identity },
        MaxPoolLayer pool => new IntegerLayer<TInt>
        {
            Kind = IntegerLayerKind.MaxPool,
            Groups = [.. pool.Groups.Select(g => g.ToArray())],
        },
        _ => throw new NotSupportedException($"layer type {layer.TypeName} has no integer form"),
    };

    private static IntegerLayer<TInt> ConvertDense(DenseLayer dense)
    {
        BigInteger lcm = BigInteger.One;
        void Include(Rational r)
        {
            var d = r.Denominator;
            if (!d.IsOne) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, d) * d;
        }
        foreach (var row in dense.Weights) foreach (var w in row) Include(w);
        foreach (var b in dense.Bias) Include(b);
        TInt Scale(Rational r) => TInt.CreateChecked(r.Numerator * (lcm / r.Denominator));
        var weights = new TInt[dense.OutputCount][];
        for (int i = 0; i < weights.Length; i++)
        {
            var row = dense.Weights[i];
            weights[i] = new TInt[row.Length];
            for (int j = 0; j < row.Length; j++) weights[i][j] = Scale(row[j]);
        }
        var bias = new TInt[dense.OutputCount];
        for (int i = 0; i < bias.Length; i++) bias[i] = Scale(dense.Bias[i]);
        return new IntegerLayer<TInt>
        {
            Kind = IntegerLayerKind.Dense,
            Weights = weights,
            Bias = bias,
            Denominator = TInt.CreateChecked(lcm),
        };
    }
}
