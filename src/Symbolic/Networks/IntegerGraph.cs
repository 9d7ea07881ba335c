using System.Numerics;
using System.Runtime.CompilerServices;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>One node of an <see cref="IntegerGraph{TInt}"/>: its sources and its integer form.</summary>
internal abstract class IntegerNode<TInt> where TInt : IBinaryInteger<TInt>
{
    /// <summary>The sources (-1 the input, k node k), concatenated.</summary>
    public required int[] Sources { get; init; }

    /// <summary>The width of the concatenated sources.</summary>
    public required int InputWidth { get; init; }

    /// <summary>The width of the output.</summary>
    public required int OutputWidth { get; init; }
}

/// <summary>
/// An affine node (dense or sparse) as <c>(A x + Bias) / Denominator</c> with integer entries, in compressed sparse rows and,
/// for propagating changes of single inputs, compressed sparse columns.
/// </summary>
internal sealed class IntegerAffine<TInt> : IntegerNode<TInt> where TInt : IBinaryInteger<TInt>
{
    public required int[] RowStarts { get; init; }
    public required int[] Columns { get; init; }
    public required TInt[] Values { get; init; }
    public required int[] ColumnStarts { get; init; }
    public required int[] Rows { get; init; }
    public required TInt[] ColumnValues { get; init; }
    public required TInt[] Bias { get; init; }
    public required TInt Denominator { get; init; }

    /// <summary>The bits of the largest |entry| (computed once: a dense MNIST layer has 200,000 entries).</summary>
    public long WeightBits
    {
        get
        {
            if (_weightBits < 0)
            {
                long bits = 0;
                foreach (var v in Values) bits = Math.Max(bits, (long)BigInteger.Abs(BigInteger.CreateTruncating(v)).GetBitLength());
                _weightBits = bits;
            }
            return _weightBits;
        }
    }

    private long _weightBits = -1;

    /// <summary>The row entries as 64-bit integers and their widest bit length, or null when one does not fit (computed once).</summary>
    public (long[] Values, int Bits)? LongValues
    {
        get
        {
            if (!_narrowed) { _longValues = Narrow(Values); _narrowed = true; }
            return _longValues;
        }
    }

    private (long[] Values, int Bits)? _longValues;
    private bool _narrowed;

    private static (long[], int)? Narrow(TInt[] values)
    {
        var result = new long[values.Length];
        int bits = 0;
        for (int k = 0; k < values.Length; k++)
        {
            if (values[k].GetShortestBitLength() > 63) return null; // with the sign bit: |v| < 2^62
            long v = long.CreateTruncating(values[k]);
            result[k] = v;
            bits = Math.Max(bits, 64 - BitOperations.LeadingZeroCount((ulong)Math.Abs(v)));
        }
        return (result, bits);
    }

    /// <summary>The integer form of rows given as (column, value) lists over <paramref name="inputWidth"/> columns.</summary>
    /// <exception cref="OverflowException">An entry does not fit <typeparamref name="TInt"/>.</exception>
    public static IntegerAffine<TInt> From(int[] sources, int inputWidth, IReadOnlyList<(int[] Columns, Rational[] Values)> rows, IReadOnlyList<Rational> bias)
    {
        var lcm = IntegerScale.Lcm(rows.SelectMany(r => r.Values).Concat(bias));
        var starts = new int[rows.Count + 1];
        for (int i = 0; i < rows.Count; i++) starts[i + 1] = starts[i] + rows[i].Columns.Length;
        var columns = new int[starts[^1]];
        var values = new TInt[starts[^1]];
        var perColumn = new int[inputWidth + 1];
        for (int i = 0; i < rows.Count; i++)
            for (int k = 0; k < rows[i].Columns.Length; k++)
            {
                columns[starts[i] + k] = rows[i].Columns[k];
                values[starts[i] + k] = IntegerScale.Scale<TInt>(rows[i].Values[k], lcm);
                perColumn[rows[i].Columns[k] + 1]++;
            }
        for (int j = 0; j < inputWidth; j++) perColumn[j + 1] += perColumn[j];
        var fill = (int[])perColumn.Clone();
        var rowOf = new int[columns.Length];
        var columnValues = new TInt[columns.Length];
        for (int i = 0; i < rows.Count; i++)
            for (int k = starts[i]; k < starts[i + 1]; k++)
            {
                int at = fill[columns[k]]++;
                rowOf[at] = i;
                columnValues[at] = values[k];
            }
        return new IntegerAffine<TInt>
        {
            Sources = sources, InputWidth = inputWidth, OutputWidth = rows.Count,
            RowStarts = starts, Columns = columns, Values = values,
            ColumnStarts = perColumn, Rows = rowOf, ColumnValues = columnValues,
            Bias = [.. bias.Select(b => IntegerScale.Scale<TInt>(b, lcm))],
            Denominator = TInt.CreateChecked(lcm),
        };
    }
}

/// <summary>
/// An element-wise activation by regions: region 2j is the open interval between kinks j - 1 and j (j = 0 below every kink,
/// j = K above every kink), region 2j + 1 the kink j itself. On region r the activation is <c>a_r + b_r z</c>; in integers,
/// for z = V / D, its value is <c>(A[r] D + B[r] V) / (Scale D)</c>. Kink j is KinkNumerators[j] / KinkDenominators[j].
/// </summary>
internal sealed class IntegerActivationNode<TInt> : IntegerNode<TInt> where TInt : IBinaryInteger<TInt>
{
    public required ActivationFunction Function { get; init; }
    public required bool IsRelu { get; init; }
    public required TInt[] KinkNumerators { get; init; }
    public required TInt[] KinkDenominators { get; init; }
    public required TInt[] A { get; init; }
    public required TInt[] B { get; init; }
    public required TInt Scale { get; init; }

    /// <summary>The number of regions, 2K + 1.</summary>
    public int Regions => A.Length;

    /// <exception cref="OverflowException">A coefficient does not fit <typeparamref name="TInt"/>.</exception>
    public static IntegerActivationNode<TInt> From(int[] sources, int width, ActivationFunction f)
    {
        int kinks = f.Kinks.Length;
        var a = new Rational[2 * kinks + 1];
        var b = new Rational[2 * kinks + 1];
        for (int j = 0; j <= kinks; j++)
        {
            // on the interval j the slope is Slopes[j]; the intercept from the value at a point of its closure
            var at = j < kinks ? f.Kinks[j] : kinks > 0 ? f.Kinks[^1] : Rational.Zero;
            b[2 * j] = f.Slopes[j];
            a[2 * j] = f.Apply(at) - f.Slopes[j] * at;
            if (j < kinks)
            {
                a[2 * j + 1] = f.Apply(f.Kinks[j]); // on the kink itself z is constant, so the value is
                b[2 * j + 1] = Rational.Zero;
            }
        }
        var lcm = IntegerScale.Lcm(a.Concat(b));
        return new IntegerActivationNode<TInt>
        {
            Sources = sources, InputWidth = width, OutputWidth = width, Function = f, IsRelu = f.IsRelu,
            KinkNumerators = [.. f.Kinks.Select(k => TInt.CreateChecked(k.Numerator))],
            KinkDenominators = [.. f.Kinks.Select(k => TInt.CreateChecked(k.Denominator))],
            A = [.. a.Select(r => IntegerScale.Scale<TInt>(r, lcm))],
            B = [.. b.Select(r => IntegerScale.Scale<TInt>(r, lcm))],
            Scale = TInt.CreateChecked(lcm),
        };
    }

    /// <summary>The derivative on each region under <paramref name="convention"/> (the kink's own value on a kink region).</summary>
    public Rational[] Derivatives(KinkConvention convention)
    {
        var d = new Rational[Regions];
        for (int r = 0; r < d.Length; r++)
            d[r] = r % 2 == 0 ? Function.Slopes[r / 2] : Function.Derivative(Function.Kinks[r / 2], convention);
        return d;
    }
}

/// <summary>A max over groups of the concatenated sources; the first maximal member of a group wins a tie.</summary>
internal sealed class IntegerMaxNode<TInt> : IntegerNode<TInt> where TInt : IBinaryInteger<TInt>
{
    public required int[][] Groups { get; init; }

    /// <summary>For each input entry, the groups that list it (once per listing).</summary>
    public required int[][] GroupsOf { get; init; }
}

/// <summary>
/// A <see cref="Network"/> (chain or graph) with integer weights of type <typeparamref name="TInt"/> (long, Int128,
/// Int256 or BigInteger), built once per network and type and cached, for the piece kernel of ExactLine
/// (the piece kernel) and the gradient sweep.
/// </summary>
internal sealed class IntegerGraph<TInt> where TInt : IBinaryInteger<TInt>
{
    private static readonly ConditionalWeakTable<Network, IntegerGraph<TInt>> Cache = new();

    private IntegerGraph(IntegerNode<TInt>[]? nodes) => Nodes = nodes;

    /// <summary>The nodes, or null when some weight does not fit <typeparamref name="TInt"/>.</summary>
    public IntegerNode<TInt>[]? Nodes { get; }

    /// <summary>The integer form of <paramref name="network"/> (cached), or null when its weights do not fit.</summary>
    public static IntegerNode<TInt>[]? For(Network network) => Cache.GetValue(network, Build).Nodes;

    private static IntegerGraph<TInt> Build(Network network)
    {
        // a fixed-width form is the BigInteger one narrowed, entry by entry (the same integers: the scaling is the same),
        // instead of the lcm and the scaling of every rational weight again (some 0.1 s per type on an MNIST MLP)
        if (typeof(TInt) != typeof(BigInteger)) return Narrowed(IntegerGraph<BigInteger>.For(network)!);
        var nodes = new IntegerNode<TInt>[network.LayerCount];
        for (int i = 0; i < nodes.Length; i++)
        {
            int[] sources = [.. network.Nodes[i].Sources];
            int width = network.InputWidth(i);
            nodes[i] = network.LayerAt(i).Match<IntegerNode<TInt>>(
                dense: d => IntegerAffine<TInt>.From(sources, width,
                    [.. d.Weights.Select(row => (Enumerable.Range(0, row.Length).Where(j => !row[j].IsZero).ToArray(), row.Where(w => !w.IsZero).ToArray()))], d.Bias),
                sparse: s => IntegerAffine<TInt>.From(sources, width,
                    [.. Enumerable.Range(0, s.OutputCount).Select(r => { var (c, v) = s.Row(r); return (c.ToArray(), v.ToArray()); })], s.Bias),
                activation: a => IntegerActivationNode<TInt>.From(sources, width, a.Function),
                maxPool: p => MaxNode(sources, width, p));
        }
        return new IntegerGraph<TInt>(nodes); // BigInteger: nothing overflows
    }

    private static IntegerGraph<TInt> Narrowed(IntegerNode<BigInteger>[] big)
    {
        static TInt[] Each(BigInteger[] values)
        {
            var result = new TInt[values.Length];
            for (int k = 0; k < values.Length; k++) result[k] = TInt.CreateChecked(values[k]);
            return result;
        }
        var nodes = new IntegerNode<TInt>[big.Length];
        try
        {
            for (int i = 0; i < big.Length; i++)
            {
                nodes[i] = big[i] switch
                {
                    IntegerAffine<BigInteger> a => new IntegerAffine<TInt>
                    {
                        Sources = a.Sources, InputWidth = a.InputWidth, OutputWidth = a.OutputWidth,
                        RowStarts = a.RowStarts, Columns = a.Columns, Values = Each(a.Values),
                        ColumnStarts = a.ColumnStarts, Rows = a.Rows, ColumnValues = Each(a.ColumnValues),
                        Bias = Each(a.Bias), Denominator = TInt.CreateChecked(a.Denominator),
                    },
                    IntegerActivationNode<BigInteger> f => new IntegerActivationNode<TInt>
                    {
                        Sources = f.Sources, InputWidth = f.InputWidth, OutputWidth = f.OutputWidth, Function = f.Function, IsRelu = f.IsRelu,
                        KinkNumerators = Each(f.KinkNumerators), KinkDenominators = Each(f.KinkDenominators),
                        A = Each(f.A), B = Each(f.B), Scale = TInt.CreateChecked(f.Scale),
                    },
                    IntegerMaxNode<BigInteger> m => new IntegerMaxNode<TInt>
                    {
                        Sources = m.Sources, InputWidth = m.InputWidth, OutputWidth = m.OutputWidth, Groups = m.Groups, GroupsOf = m.GroupsOf,
                    },
                    var other => throw new InvalidOperationException($"unknown node {other}"),
                };
            }
        }
        catch (OverflowException)
        {
            return new IntegerGraph<TInt>(null);
        }
        return new IntegerGraph<TInt>(nodes);
    }

    private static IntegerMaxNode<TInt> MaxNode(int[] sources, int width, MaxPoolLayer pool)
    {
        var of = new List<int>[width];
        for (int g = 0; g < pool.Groups.Length; g++)
            foreach (int i in pool.Groups[g]) (of[i] ??= []).Add(g);
        return new IntegerMaxNode<TInt>
        {
            Sources = sources, InputWidth = width, OutputWidth = pool.Groups.Length,
            Groups = [.. pool.Groups.Select(g => g.ToArray())],
            GroupsOf = [.. of.Select(l => l?.ToArray() ?? [])],
        };
    }
}
