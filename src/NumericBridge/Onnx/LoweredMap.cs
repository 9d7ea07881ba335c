using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// A value of the graph being lowered, as an affine map of network values not yet written as a node: element i is
/// <c>Constants[i] + sum_k Coefficients[i][k] v[Columns[i][k]]</c>, where v is the concatenation of <see cref="Sources"/>
/// (-1 the network's input, k the output of node k). A value that a node computes is the identity map of that node.
/// </summary>
internal sealed class LoweredMap(int[] sources, int width, int[][] columns, Rational[][] coefficients, Rational[] constants)
{
    public int[] Sources { get; } = sources;

    /// <summary>The width of the concatenated sources.</summary>
    public int Width { get; } = width;

    public int[][] Columns { get; } = columns;
    public Rational[][] Coefficients { get; } = coefficients;
    public Rational[] Constants { get; } = constants;

    public int Count => Columns.Length;

    /// <summary>The stored terms.</summary>
    public long Entries => Columns.Sum(c => (long)c.Length);

    /// <summary>The identity of one value of <paramref name="width"/> entries.</summary>
    public static LoweredMap Identity(int source, int width) => new([source], width,
        [.. Enumerable.Range(0, width).Select(i => new[] { i })], [.. Enumerable.Range(0, width).Select(_ => new[] { Rational.One })], new Rational[width]);

    /// <summary>True when the map is one source unchanged.</summary>
    public bool IsIdentity => Sources.Length == 1 && Count == Width
        && Enumerable.Range(0, Count).All(i => Columns[i] is [var c] && c == i && Coefficients[i][0].IsOne && Constants[i].IsZero);

    /// <summary>The same map with every element negated.</summary>
    public LoweredMap Negate() => new(Sources, Width, Columns, [.. Coefficients.Select(r => r.Select(c => -c).ToArray())], [.. Constants.Select(c => -c)]);

    /// <summary>The same map plus a constant per element.</summary>
    public LoweredMap Shift(Func<int, Rational> by) =>
        new(Sources, Width, Columns, Coefficients, [.. Constants.Select((c, i) => c + by(i))]);

    /// <summary>
    /// The layer that computes the map from its sources: dense when at least half its entries are stored and the dense
    /// matrix has at most <paramref name="maxDense"/> entries (a Gemm or MatMul stays the dense layer it was), else sparse.
    /// </summary>
    public Layer ToLayer(long maxDense)
    {
        long dense = (long)Count * Width;
        if (dense <= maxDense && 2 * Entries >= dense)
        {
            var rows = new Rational[Count][];
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i] = new Rational[Width];
                for (int k = 0; k < Columns[i].Length; k++) rows[i][Columns[i][k]] += Coefficients[i][k];
            }
            return new DenseLayer(rows, Constants);
        }
        return new SparseLayer(Width, [.. Enumerable.Range(0, Count).Select(i =>
            (IReadOnlyList<(int, Rational)>)[.. Columns[i].Select((c, k) => (c, Coefficients[i][k]))])], Constants);
    }

    /// <summary>
    /// The map of an affine operation (<paramref name="op"/>, over its operands concatenated) applied to its operands'
    /// maps: the sources of all operands joined (each once), the terms substituted and added up.
    /// </summary>
    public static LoweredMap Compose(LinearMap op, IReadOnlyList<LoweredMap> operands, Func<int, int> widthOf)
    {
        var sources = new List<int>();
        var offsets = new Dictionary<int, int>();
        int width = 0;
        foreach (var operand in operands)
            foreach (int s in operand.Sources)
                if (offsets.TryAdd(s, width)) { sources.Add(s); width += widthOf(s); }
        // each operand element's row, in the joined column space
        var rows = new List<(int[] Columns, Rational[] Coefficients, Rational Constant)>();
        foreach (var operand in operands)
        {
            var shift = new int[operand.Width];
            int local = 0;
            foreach (int s in operand.Sources)
            {
                int w = widthOf(s);
                for (int j = 0; j < w; j++) shift[local + j] = offsets[s] + j;
                local += w;
            }
            for (int i = 0; i < operand.Count; i++)
                rows.Add(([.. operand.Columns[i].Select(c => shift[c])], operand.Coefficients[i], operand.Constants[i]));
        }
        var sum = new Rational[width];
        var seen = new bool[width];
        var touched = new List<int>();
        var columns = new int[op.Sources.Length][];
        var coefficients = new Rational[op.Sources.Length][];
        var constants = new Rational[op.Sources.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            var constant = op.Constants[i];
            for (int k = 0; k < op.Sources[i].Length; k++)
            {
                var w = op.Coefficients[i][k];
                var (c, a, b) = rows[op.Sources[i][k]];
                constant += w * b;
                for (int m = 0; m < c.Length; m++)
                {
                    if (!seen[c[m]]) { seen[c[m]] = true; touched.Add(c[m]); }
                    sum[c[m]] += w * a[m];
                }
            }
            touched.Sort();
            var keep = touched.Where(j => !sum[j].IsZero).ToArray();
            columns[i] = keep;
            coefficients[i] = [.. keep.Select(j => sum[j])];
            constants[i] = constant;
            foreach (int j in touched) { sum[j] = Rational.Zero; seen[j] = false; }
            touched.Clear();
        }
        return new LoweredMap([.. sources], width, columns, coefficients, constants);
    }

    /// <summary>An upper bound on the terms of <see cref="Compose"/>: what composing costs before it is done.</summary>
    public static long ComposedEntries(LinearMap op, IReadOnlyList<LoweredMap> operands)
    {
        var sizes = operands.SelectMany(o => o.Columns.Select(c => (long)c.Length)).ToArray();
        long total = 0;
        foreach (var row in op.Sources) foreach (int k in row) total += sizes[k];
        return total;
    }
}
