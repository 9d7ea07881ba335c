using System.Numerics;
using System.Runtime.CompilerServices;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>One layer with its rationals scaled to integers of type <typeparamref name="TInt"/>, applied by the line kernel.</summary>
internal abstract class IntegerLayer<TInt> where TInt : IBinaryInteger<TInt>
{
    /// <summary>Applies the layer to the kernel's points (splitting them first where the layer has kinks).</summary>
    public abstract void Apply(LineKernel<TInt> kernel);
}

/// <summary>A dense layer as <c>(Weights x + Bias) / Denominator</c>, with the least common denominator of all its entries.</summary>
internal sealed class IntegerDense<TInt> : IntegerLayer<TInt> where TInt : IBinaryInteger<TInt>
{
    public required TInt[][] Weights { get; init; }
    public required TInt[] Bias { get; init; }
    public required TInt Denominator { get; init; }

    public override void Apply(LineKernel<TInt> kernel) => kernel.Dense(this);
}

/// <summary>A sparse layer as <c>(A x + Bias) / Denominator</c> in compressed sparse rows, with the least common denominator of its entries.</summary>
internal sealed class IntegerSparse<TInt> : IntegerLayer<TInt> where TInt : IBinaryInteger<TInt>
{
    public required int[] RowStarts { get; init; }
    public required int[] Columns { get; init; }
    public required TInt[] Values { get; init; }
    public required TInt[] Bias { get; init; }
    public required TInt Denominator { get; init; }

    public override void Apply(LineKernel<TInt> kernel) => kernel.Sparse(this);

    /// <summary>The integer form of <paramref name="layer"/>.</summary>
    /// <exception cref="OverflowException">An entry does not fit <typeparamref name="TInt"/>.</exception>
    public static IntegerSparse<TInt> From(SparseLayer layer)
    {
        var lcm = IntegerScale.Lcm(layer.Values.Concat(layer.Bias));
        return new IntegerSparse<TInt>
        {
            RowStarts = [.. layer.RowStarts],
            Columns = [.. layer.Columns],
            Values = [.. layer.Values.Select(v => IntegerScale.Scale<TInt>(v, lcm))],
            Bias = [.. layer.Bias.Select(v => IntegerScale.Scale<TInt>(v, lcm))],
            Denominator = TInt.CreateChecked(lcm),
        };
    }
}

/// <summary>Rationals scaled to integers over a common denominator.</summary>
internal static class IntegerScale
{
    /// <summary>The least common multiple of the denominators.</summary>
    public static BigInteger Lcm(IEnumerable<Rational> values)
    {
        BigInteger lcm = BigInteger.One;
        foreach (var r in values)
        {
            var d = r.Denominator;
            if (!d.IsOne) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, d) * d;
        }
        return lcm;
    }

    /// <summary>r times <paramref name="lcm"/> (a multiple of its denominator), as <typeparamref name="TInt"/>.</summary>
    /// <exception cref="OverflowException">The value does not fit.</exception>
    public static TInt Scale<TInt>(Rational r, BigInteger lcm) where TInt : IBinaryInteger<TInt> =>
        TInt.CreateChecked(r.Numerator * (lcm / r.Denominator));
}

/// <summary>A max-pool layer: its groups of input indices.</summary>
internal sealed class IntegerMaxPool<TInt> : IntegerLayer<TInt> where TInt : IBinaryInteger<TInt>
{
    public required int[][] Groups { get; init; }

    public override void Apply(LineKernel<TInt> kernel) => kernel.MaxPool(this);
}

/// <summary>
/// An activation <c>c0 + c1 z + sum_t w_t relu(s_t (z - k_t))</c> in integers, for z = V / D: its output is
/// <c>(C0 D + C1 V + sum_t W_t relu(s_t (V Kd_t - Kn_t D))) / (Scale D)</c>, where k_t = Kn_t / Kd_t, Scale is the least
/// common multiple of the denominators of c0, c1 and w_t Kd_t, C0 = c0 Scale, C1 = c1 Scale and W_t = w_t Scale / Kd_t.
/// Relu and the identity keep their own fast paths.
/// </summary>
internal sealed class IntegerActivation<TInt> : IntegerLayer<TInt> where TInt : IBinaryInteger<TInt>
{
    public IntegerActivation(ActivationFunction f)
    {
        IsRelu = f.IsRelu;
        IsIdentity = f.IsIdentity;
        KinkNumerators = [.. f.Kinks.Select(k => TInt.CreateChecked(k.Numerator))];
        KinkDenominators = [.. f.Kinks.Select(k => TInt.CreateChecked(k.Denominator))];
        BigInteger lcm = BigInteger.One;
        void Include(BigInteger d) => lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, d) * d;
        Include(f.Constant.Denominator);
        Include(f.Slope.Denominator);
        foreach (var t in f.Terms) Include(t.Weight.Denominator * t.Kink.Denominator);
        TInt Scaled(Rational r) => TInt.CreateChecked(r.Numerator * (lcm / r.Denominator));
        Scale = TInt.CreateChecked(lcm);
        C0 = Scaled(f.Constant);
        C1 = Scaled(f.Slope);
        int n = f.Terms.Length;
        Weights = new TInt[n];
        Signs = new int[n];
        TermNumerators = new TInt[n];
        TermDenominators = new TInt[n];
        for (int i = 0; i < n; i++)
        {
            var t = f.Terms[i];
            Weights[i] = TInt.CreateChecked(t.Weight.Numerator * (lcm / (t.Weight.Denominator * t.Kink.Denominator)));
            Signs[i] = t.Sign;
            TermNumerators[i] = TInt.CreateChecked(t.Kink.Numerator);
            TermDenominators[i] = TInt.CreateChecked(t.Kink.Denominator);
        }
    }

    public bool IsRelu { get; }
    public bool IsIdentity { get; }

    /// <summary>The distinct kinks Kn / Kd, in increasing order (the split points of the line kernel).</summary>
    public TInt[] KinkNumerators { get; }
    public TInt[] KinkDenominators { get; }

    public TInt Scale { get; }
    public TInt C0 { get; }
    public TInt C1 { get; }

    /// <summary>Per term: W_t, s_t and its kink Kn_t / Kd_t.</summary>
    public TInt[] Weights { get; }
    public int[] Signs { get; }
    public TInt[] TermNumerators { get; }
    public TInt[] TermDenominators { get; }

    public override void Apply(LineKernel<TInt> kernel) => kernel.Activation(this);
}

/// <summary>
/// A chain <see cref="Network"/> with integer weights of type <typeparamref name="TInt"/> (long, Int128 or BigInteger),
/// built once per network and cached, for the exact line kernel of chains (<see cref="LineKernel{TInt}"/>).
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
            for (int i = 0; i < layers.Length; i++) layers[i] = network.Layers[i].Accept(Converter.Instance);
        }
        catch (OverflowException)
        {
            return new IntegerNetwork<TInt>(null);
        }
        return new IntegerNetwork<TInt>(layers);
    }

    private sealed class Converter : ILayerVisitor<IntegerLayer<TInt>>
    {
        public static readonly Converter Instance = new();

        public IntegerLayer<TInt> VisitActivation(ActivationLayer layer) => new IntegerActivation<TInt>(layer.Function);

        public IntegerLayer<TInt> VisitMaxPool(MaxPoolLayer layer) => new IntegerMaxPool<TInt> { Groups = [.. layer.Groups.Select(g => g.ToArray())] };

        public IntegerLayer<TInt> VisitSparse(SparseLayer layer) => IntegerSparse<TInt>.From(layer);

        public IntegerLayer<TInt> VisitDense(DenseLayer dense)
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
            return new IntegerDense<TInt> { Weights = weights, Bias = bias, Denominator = TInt.CreateChecked(lcm) };
        }
    }
}
