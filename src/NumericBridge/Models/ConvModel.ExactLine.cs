using TorchSharp;
using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Runtime;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Models;

public sealed partial class ConvModel
{
    /// <summary>How many pieces go through one sign-change scan, to bound the memory of the scans.</summary>
    private const int ScanChunk = 256;

    /// <summary>
    /// Integrated Gradients with no discretisation error, in float64, through the one exact-line entry point
    /// (<see cref="NumericAttribute.ExactLineIntegratedGradients(TensorModel, IReadOnlyList{double}, IReadOnlyList{double}, int?, int?)"/>):
    /// the straight segment p(t) = x' + t (x - x') is split at every t in (0, 1) where a relu pre-activation changes sign
    /// or the winner of a max-pooling window changes hands (<see cref="LineBreakpoints"/>).
    /// </summary>
    /// <remarks>
    /// Sotoudeh and Thakur 2019, "Computing Linear Restrictions of Neural Networks" (ExactLine), on convolutional
    /// networks. Breakpoints are computed in float64, so the result equals the exact IG up to rounding.
    /// </remarks>
    /// <param name="input">x.</param>
    /// <param name="baseline">x'.</param>
    /// <param name="batchSize">Points per gradient pass; null: from the available memory.</param>
    /// <param name="maxPieces">The budget of pieces; null: <see cref="NumericIgOptions.DefaultMaxPieces"/>.</param>
    /// <exception cref="ArgumentException">A point has the wrong length or a non-finite entry, or the batch size is below 1.</exception>
    /// <exception cref="Verifier.Symbolic.Expressions.SymbolicLimitException">The segment has more than <paramref name="maxPieces"/> pieces.</exception>
    public NumericAttribution ExactLineIntegratedGradients(IReadOnlyList<double> input, IReadOnlyList<double> baseline, int? batchSize = null,
        int? maxPieces = null) =>
        NumericAttribute.ExactLineIntegratedGradients(this, input, baseline, batchSize, maxPieces);

    /// <summary>The same with the scan's chunk size given (null: from the working-set cap); for tests of the chunking.</summary>
    internal NumericAttribution ExactLineWithScanChunk(IReadOnlyList<double> input, IReadOnlyList<double> baseline, int? batchSize, int? scanChunk,
        int? maxPieces = null) =>
        NumericAttribute.ExactLine(this, input, baseline, batchSize, maxPieces, (x0, direction, budget) => Breakpoints(x0, direction, scanChunk, budget));

    /// <summary>The breakpoints of the segment, by the depth-first scan of <see cref="Breakpoints"/>.</summary>
    internal override Tensor LineBreakpoints(Tensor x0, Tensor direction, int maxPieces) => Breakpoints(x0, direction, null, maxPieces);

    /// <summary>The sorted breakpoints 0 = t_0 &lt; ... &lt; t_P = 1 of F on the segment x0 + t direction (rows of n), each once.</summary>
    /// <remarks>
    /// The scan is depth first: whenever a layer's splitting leaves more than a chunk of pieces, the
    /// points are carried through the remaining layers a chunk of pieces at a time (consecutive chunks share their end
    /// point), and a chunk's values are only formed when it is scanned. The pieces of different chunks never interact,
    /// so the breakpoints are those of one pass over all points, while the memory stays at one chunk's activations per
    /// layer instead of (pieces x the widest layer), which for a CNN is hundreds of megabytes of fresh pages. A chunk is
    /// as many points as one forward pass holds within <see cref="BatchSizing.WorkingSetBytes"/> (activations and im2col
    /// buffers, no autograd): 35 points for the benchmark CNN (118,678 elements a point). Measured there (scan alone, 2 cores): chunks of 16, 32, 64,
    /// 128 and 256 points took 1.7, 0.87, 0.75, 3.5 and 3.6 s; past the cap the passes page-fault.
    /// </remarks>
    private Tensor Breakpoints(Tensor x0Row, Tensor directionRow, int? scanChunk, int maxPieces)
    {
        var found = new List<double>();
        using (no_grad())
        using (NewDisposeScope())
        {
            var t = tensor(new[] { 0.0, 1.0 }, ScalarType.Float64, device: x0Row.device);
            var x0 = x0Row.reshape(Channels, Height, Width);
            var direction = directionRow.reshape(Channels, Height, Width);
            var values = x0.unsqueeze(0) + t.reshape(2, 1, 1, 1) * direction.unsqueeze(0);
            int chunk = scanChunk ?? Math.Max(MinChunkPieces, BatchSizing.For(this, int.MaxValue, null, factor: 1));
            Scan(0, t, values, found, chunk, maxPieces);
        }
        // Chunks share their ends, and two neurons may switch at the same float: keep each t once.
        found.Sort();
        var distinct = new List<double>(found.Count);
        foreach (double v in found)
            if (distinct.Count == 0 || v > distinct[^1]) distinct.Add(v);
        return tensor(distinct.ToArray(), ScalarType.Float64, device: x0Row.device);
    }

    /// <summary>The fewest pieces one chunk of the depth-first scan carries through the layers (tiny chunks cost calls).</summary>
    private const int MinChunkPieces = 8;

    /// <summary>
    /// Pushes the points <paramref name="t"/> (ascending, with the layer-<paramref name="from"/> inputs
    /// <paramref name="values"/>) through layers <paramref name="from"/>.. and adds every breakpoint met to
    /// <paramref name="found"/>. When <paramref name="split"/> is false the first layer's kinks have been split
    /// already (the points are a chunk of a split).
    /// </summary>
    private void Scan(int from, Tensor t, Tensor values, List<double> found, int chunk, int maxPieces, bool split = true)
    {
        for (int l = from; l < _layers.Count; l++)
        {
            var layer = _layers[l];
            if (split || l > from)
            {
                if (layer.SplitPoints(values) is var (s, piece) && s.shape[0] > 0)
                {
                    // The breakpoints found in earlier chunks, this chunk's and the new ones: stop before the split is formed.
                    if (found.Count + t.shape[0] - 1 + s.shape[0] > maxPieces) throw NumericIgOptions.TooManyPieces(maxPieces);
                    var (a, b, fraction, newT) = Refine(t, s, piece);
                    long points = newT.shape[0];
                    if (points - 1 > chunk)
                    {
                        for (long start = 0; start < points - 1; start += chunk)
                        {
                            using var chunkScope = NewDisposeScope();
                            long count = Math.Min(points - 1 - start, chunk) + 1;
                            var part = Interpolate(values, a.narrow(0, start, count), b.narrow(0, start, count), fraction.narrow(0, start, count));
                            Scan(l, newT.narrow(0, start, count), part, found, chunk, maxPieces, split: false);
                        }
                        return;
                    }
                    t = newT;
                    values = Interpolate(values, a, b, fraction);
                }
            }
            values = layer.Forward(values);
        }
        found.AddRange(t.cpu().contiguous().data<double>().ToArray());
    }

    /// <summary>
    /// The points after splitting: the old points and the crossings at fractions <paramref name="s"/> of the pieces
    /// <paramref name="piece"/>, in ascending t, each given as (a, b, fraction) so that its values are
    /// values[a] + fraction (values[b] - values[a]) (exact on a piece); and their t.
    /// </summary>
    private static (Tensor A, Tensor B, Tensor Fraction, Tensor T) Refine(Tensor t, Tensor s, Tensor piece)
    {
        long old = t.shape[0];
        var own = arange(old, dtype: ScalarType.Int64, device: t.device);
        var a = cat([own, piece]);
        var b = cat([own, piece + 1]);
        var fraction = cat([zeros(old, ScalarType.Float64, device: t.device), s]);
        var ta = t.index_select(0, a);
        var allT = ta + fraction * (t.index_select(0, b) - ta);
        var order = allT.argsort();
        return (a.index_select(0, order), b.index_select(0, order), fraction.index_select(0, order), allT.index_select(0, order));
    }

    /// <summary>values[a] + fraction (values[b] - values[a]) row by row, in the shape of <paramref name="values"/>.</summary>
    private static Tensor Interpolate(Tensor values, Tensor a, Tensor b, Tensor fraction)
    {
        var va = values.index_select(0, a);
        var vb = values.index_select(0, b);
        var shape = new long[values.dim()];
        shape[0] = a.shape[0];
        for (int d = 1; d < shape.Length; d++) shape[d] = 1;
        return va + fraction.reshape(shape) * (vb - va);
    }

    /// <summary>
    /// Where a column of <paramref name="z"/> (<c>[P+1, D]</c>, the values at the current points) changes sign strictly
    /// inside a piece: the fractions s in (0, 1) of the piece and the piece indices. Scanned in chunks of pieces.
    /// </summary>
    private static (Tensor S, Tensor Piece, Tensor Column) SignChanges(Tensor z)
    {
        long pieces = z.shape[0] - 1;
        var fractions = new List<Tensor>();
        var indices = new List<Tensor>();
        var columns = new List<Tensor>();
        for (long start = 0; start < pieces; start += ScanChunk)
        {
            long count = Math.Min(pieces, start + ScanChunk) - start;
            var za = z.narrow(0, start, count);
            var zb = z.narrow(0, start + 1, count);
            var at = ((za * zb) < 0).nonzero(); // [K, 2]: piece, column
            if (at.shape[0] == 0) continue;
            var piece = at.select(1, 0);
            var column = at.select(1, 1);
            var a = za.index([piece, column]);
            var b = zb.index([piece, column]);
            fractions.Add(a / (a - b));
            indices.Add(piece + start);
            columns.Add(column);
        }
        if (fractions.Count == 0) return (empty(0, ScalarType.Float64, device: z.device), empty(0, ScalarType.Int64, device: z.device), empty(0, ScalarType.Int64, device: z.device));
        return (cat(fractions), cat(indices), cat(columns));
    }

    private static (Tensor S, Tensor Piece) Drop((Tensor S, Tensor Piece, Tensor Column) changes) => (changes.S, changes.Piece);

    /// <summary>
    /// Where the maximum of a pooling window changes hands inside a piece: the crossings of two members of a window
    /// (<paramref name="windows"/> is <c>[P+1, G, k]</c>) at which both are maximal in the window; other crossings are
    /// not kinks of the max and are dropped.
    /// </summary>
    private static (Tensor S, Tensor Piece) WinnerChanges(Tensor windows)
    {
        long k = windows.shape[2];
        var first = new List<long>();
        var second = new List<long>();
        for (long i = 0; i < k; i++)
            for (long j = i + 1; j < k; j++) { first.Add(i); second.Add(j); }
        if (first.Count == 0) return (empty(0, ScalarType.Float64, device: windows.device), empty(0, ScalarType.Int64, device: windows.device));
        long pairs = first.Count;
        var pi = tensor(first.ToArray(), ScalarType.Int64, device: windows.device);
        var pj = tensor(second.ToArray(), ScalarType.Int64, device: windows.device);
        var d = windows.index_select(2, pi) - windows.index_select(2, pj); // [P+1, G, pairs]
        var (s, piece, column) = SignChanges(d.flatten(1));
        if (s.shape[0] == 0) return (s, piece);
        var pair = column % pairs;
        var window = ((column - pair) / pairs).to_type(ScalarType.Int64); // exact: the division has no remainder
        var a = windows.index([piece, window]);           // [K, k]
        var b = windows.index([piece + 1, window]);
        var at = a + s.unsqueeze(1) * (b - a);            // the window's values at the crossing
        var max = at.max(1).values;
        var member = at.gather(1, pi.index_select(0, pair).unsqueeze(1)).squeeze(1);
        var scale = max.abs().clamp_min(1.0);
        var keep = (member >= max - 1e-12 * scale).nonzero().squeeze(1);
        return (s.index_select(0, keep), piece.index_select(0, keep));
    }
}
