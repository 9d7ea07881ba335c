using TorchSharp;
using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Onnx;

public sealed partial class OnnxTensorModel
{
    /// <summary>
    /// Integrated Gradients with no discretisation error on the imported graph, in float64: the straight segment
    /// x' + t (x - x') is pushed through the graph's operations on tensors, split before every piecewise-linear operation
    /// (<see cref="OnnxGraph.Kinks"/>) at each t where an operand crosses a kink (relu, leaky relu, prelu and abs at 0, clip
    /// at its bounds) or a max's winner changes (max pooling, ReduceMax, Max, Min), every value still to be read being
    /// interpolated at the new points; F is then affine on every piece, and one batched gradient at the piece midpoints
    /// gives A_i = (x_i - x'_i) sum_p |piece p| dF/dx_i(midpoint p). <see cref="NumericAttribution.Evaluations"/> is the
    /// number of pieces.
    /// </summary>
    /// <remarks>
    /// ExactLine (Sotoudeh and Thakur 2019) on the graph itself, independent of its exact lowering
    /// (<see cref="OnnxImport.ToNetwork"/>). The scan is depth first: when a split leaves more points than one pass holds within
    /// <see cref="BatchSizing.WorkingSetBytes"/>, the remaining operations run on chunks of consecutive pieces, which never
    /// interact. Breakpoints are found in float64, so the result equals the exact IG up to rounding.
    /// </remarks>
    /// <exception cref="ArgumentException">The model is not float64, a point has the wrong length or a non-finite entry, or the batch size is below 1.</exception>
    /// <exception cref="OnnxModelException">The graph has a smooth operation (it has no pieces).</exception>
    /// <exception cref="Verifier.Symbolic.Expressions.SymbolicLimitException">The segment has more than <paramref name="maxPieces"/> pieces.</exception>
    /// <param name="input">x.</param>
    /// <param name="baseline">x'.</param>
    /// <param name="batchSize">Points per gradient pass; null: from the available memory.</param>
    /// <param name="maxPieces">The budget of pieces; null: <see cref="NumericIgOptions.DefaultMaxPieces"/>.</param>
    public NumericAttribution ExactLineIntegratedGradients(IReadOnlyList<double> input, IReadOnlyList<double> baseline, int? batchSize = null, int? maxPieces = null) =>
        NumericAttribute.ExactLineIntegratedGradients(this, input, baseline, batchSize, maxPieces);

    /// <summary>The graph's breakpoints of the segment (see <see cref="ExactLineIntegratedGradients"/>).</summary>
    /// <exception cref="OnnxModelException">The graph has a smooth operation (it has no pieces).</exception>
    internal override Tensor LineBreakpoints(Tensor x0, Tensor direction, int maxPieces)
    {
        if (Graph.Operations.FirstOrDefault(o => !o.Op.IsPiecewiseLinear) is { } smooth)
            throw new OnnxModelException(smooth.Name, "exact-line IG needs a piecewise-linear model; this operation is smooth");
        try
        {
            return GraphBreakpoints(x0, direction, maxPieces);
        }
        finally
        {
            foreach (var pairs in _winners.Values) pairs.Dispose();
            _winners.Clear();
            _groups.Clear();
        }
    }

    // The sorted breakpoints of the segment x0 + t direction, t in [0, 1].
    private Tensor GraphBreakpoints(Tensor x0, Tensor direction, int maxPieces)
    {
        var kinks = Graph.Kinks().ToDictionary(k => k.Operation);
        var lastRead = new Dictionary<string, int>();
        for (int i = 0; i < Graph.Operations.Length; i++) foreach (var name in Graph.Operations[i].Inputs) lastRead[name] = i;
        foreach (var o in Graph.Outputs) lastRead[o.Name] = int.MaxValue;
        int chunk = (int)Math.Max(2, BatchSizing.WorkingSetBytes / (8 * Math.Max(1, ActivationElementsPerPoint ?? 1)));
        var found = new List<double>();
        using (no_grad())
        {
            var t = tensor(new[] { 0.0, 1.0 }, ScalarType.Float64, device: x0.device);
            var input = Graph.Input;
            var values = new Dictionary<string, Tensor>
            {
                [input.Name] = (x0.unsqueeze(0) + t.unsqueeze(1) * direction.unsqueeze(0)).to_type(DType).reshape([-1, .. input.Shape.Select(d => (long)d)]),
            };
            Scan(0, t, values, kinks, lastRead, chunk, found, maxPieces);
        }
        return tensor(found.ToArray(), ScalarType.Float64, device: x0.device);
    }

    // Runs operations from `from` on the points t (sorted) with the live values, appending the final breakpoints to found
    // (a chunk's first point when found already ends with it is skipped). A split that leaves more points than a chunk
    // holds is not formed at once: each chunk of consecutive points gets its values interpolated from the old points, and
    // the remaining operations run on it alone.
    private void Scan(int from, Tensor t, Dictionary<string, Tensor> values, Dictionary<int, OnnxKink> kinks, Dictionary<string, int> lastRead, int chunk,
        List<double> found, int maxPieces)
    {
        using var scope = NewDisposeScope();
        for (int i = from; i < _steps.Count; i++)
        {
            var (op, run) = _steps[i];
            if (kinks.TryGetValue(i, out var kink) && SplitPoints(op, kink, values) is var (s, piece) && s.shape[0] > 0)
            {
                // The breakpoints of earlier chunks, this chunk's and the new ones: stop before the split is formed.
                if (found.Count + t.shape[0] - 1 + s.shape[0] > maxPieces) throw NumericIgOptions.TooManyPieces(maxPieces);
                var (all, left, right, fraction) = Merge(t, s, piece);
                long points = all.shape[0];
                if (points <= chunk || i + 1 == _steps.Count)
                {
                    t = all;
                    foreach (var name in values.Keys.ToList()) values[name] = Interpolate(values[name], left, right, fraction);
                }
                else
                {
                    for (long a = 0; a + 1 < points; a += chunk - 1)
                    {
                        long count = Math.Min(points - 1, a + chunk - 1) - a + 1;
                        var part = values.ToDictionary(e => e.Key,
                            e => Interpolate(e.Value, left.narrow(0, a, count), right.narrow(0, a, count), fraction.narrow(0, a, count)));
                        part[op.Output] = run([.. op.Inputs.Select(name => part[name])]);
                        Drop(part, lastRead, i);
                        Scan(i + 1, all.narrow(0, a, count), part, kinks, lastRead, chunk, found, maxPieces);
                    }
                    return;
                }
            }
            values[op.Output] = run([.. op.Inputs.Select(name => values[name])]);
            Drop(values, lastRead, i);
        }
        var ts = t.cpu().data<double>().ToArray();
        int skip = found.Count > 0 && ts.Length > 0 && found[^1] == ts[0] ? 1 : 0;
        found.AddRange(ts.Skip(skip));
    }

    private static void Drop(Dictionary<string, Tensor> values, Dictionary<string, int> lastRead, int i)
    {
        foreach (var name in values.Keys.Where(n => lastRead.GetValueOrDefault(n, -1) <= i).ToList()) values.Remove(name);
    }

    // Where operation op's operands make it bend inside a piece: fractions s of pieces and the pieces' indices.
    private (Tensor S, Tensor Piece)? SplitPoints(OnnxOperation op, OnnxKink kink, Dictionary<string, Tensor> values)
    {
        var x = values[op.Inputs[0]];
        long points = x.shape[0];
        var flat = x.reshape(points, -1).to_type(ScalarType.Float64);
        if (kink.Kind == KinkKind.Crossing)
        {
            var parts = kink.Points.Select(k => LineSplits.SignChanges(k.IsZero ? flat : flat - k.ToDouble())).ToArray();
            if (parts.Length == 0) return null;
            return parts.Length == 1 ? parts[0] : (cat(parts.Select(p => p.S).ToArray()), cat(parts.Select(p => p.Piece).ToArray()));
        }
        var (columns, groups) = WinnerGroups(op, values, points);
        if (groups.Length == 0) return null;
        if (!_winners.TryGetValue(op, out var pairs))
        {
            int size = groups.Max(g => g.Length);
            var index = new long[groups.Length * size];
            for (int k = 0; k < groups.Length; k++)
                for (int m = 0; m < size; m++) index[k * size + m] = groups[k][m < groups[k].Length ? m : 0];
            _winners[op] = pairs = WinnerPairs.Of(index, groups.Length, size, columns.device);
        }
        return LineSplits.WinnerChanges(columns, pairs);
    }

    // Per max operation of the current scan: the pairs of members of its groups (built once).
    private readonly Dictionary<OnnxOperation, WinnerPairs> _winners = new(ReferenceEqualityComparer.Instance);

    // Groups of each max operation (they depend only on the shapes), built once.
    private readonly Dictionary<OnnxOperation, int[][]> _groups = new(ReferenceEqualityComparer.Instance);

    // The columns a max reads ([points, k]) and its groups over them: pooling windows, reduced axes, or the operands of
    // Max and Min broadcast and concatenated (negated for Min, so that the winner of the max is the min's).
    private (Tensor Columns, int[][] Groups) WinnerGroups(OnnxOperation op, Dictionary<string, Tensor> values, long points)
    {
        var xs = Graph.ShapeOf(op.Inputs[0]);
        var flat = values[op.Inputs[0]].reshape(points, -1).to_type(ScalarType.Float64);
        switch (op.Op)
        {
            case MaxPoolOp m:
            {
                if (!_groups.TryGetValue(op, out var cached))
                {
                    var taps = ExactKernels.Taps([.. xs.Skip(2)], [.. op.OutputShape.Skip(2)], m.Kernel, m.Strides, m.PadsBegin, m.PadsEnd, m.Dilations);
                    int maps = xs[0] * xs[1], inMap = (int)ExactTensor.ElementCount([.. xs.Skip(2)]);
                    var groups = new List<int[]>();
                    for (int map = 0; map < maps; map++)
                        foreach (var row in taps) groups.Add([.. row.Where(tap => tap >= 0).Select(tap => map * inMap + tap)]);
                    _groups[op] = cached = [.. groups.Where(g => g.Length > 0)];
                }
                return (flat, cached);
            }
            case ReduceMaxOp r:
                if (!_groups.TryGetValue(op, out var reduced)) _groups[op] = reduced = ExactKernels.ReduceGroups(xs, r.Axes);
                return (flat, reduced);
            case ExtremumOp e:
            {
                int outputs = (int)ExactTensor.ElementCount(op.OutputShape);
                var parts = new List<Tensor>();
                for (int k = 0; k < op.Inputs.Length; k++)
                {
                    var index = ExactKernels.BroadcastIndex(Graph.ShapeOf(op.Inputs[k]), op.OutputShape).Select(i => (long)i).ToArray();
                    var column = values[op.Inputs[k]].reshape(points, -1).to_type(ScalarType.Float64).index_select(1, tensor(index, ScalarType.Int64, device: flat.device));
                    parts.Add(e.IsMax ? column : -column);
                }
                if (e.Constant is { } constant)
                {
                    var index = ExactKernels.BroadcastIndex(constant.Shape, op.OutputShape);
                    var row = tensor(index.Select(i => e.IsMax ? constant[i].ToDouble() : -constant[i].ToDouble()).ToArray(), ScalarType.Float64, device: flat.device);
                    parts.Add(row.unsqueeze(0).expand(points, outputs));
                }
                var groups = Enumerable.Range(0, outputs).Select(i => Enumerable.Range(0, parts.Count).Select(k => k * outputs + i).ToArray()).ToArray();
                return (cat([.. parts], 1), groups);
            }
            default:
                return (flat, []);
        }
    }

    // The points t with the points at fractions s of the pieces `piece` added, sorted; for each, the old points it lies
    // between (left, right) and its fraction there (an old point is its own left and right, fraction 0).
    private static (Tensor All, Tensor Left, Tensor Right, Tensor Fraction) Merge(Tensor t, Tensor s, Tensor piece)
    {
        long old = t.shape[0];
        var ta = t.index_select(0, piece);
        var tb = t.index_select(0, piece + 1);
        var all = cat([t, ta + s * (tb - ta)]);
        var order = all.argsort();
        var self = arange(old, ScalarType.Int64, device: t.device);
        var left = cat([self, piece]).index_select(0, order);
        var right = cat([self, piece + 1]).index_select(0, order);
        var fraction = cat([zeros(old, ScalarType.Float64, device: t.device), s]).index_select(0, order);
        return (all.index_select(0, order), left, right, fraction);
    }

    // A value at new points, linearly between the old points left and right (exact on a piece).
    private static Tensor Interpolate(Tensor v, Tensor left, Tensor right, Tensor fraction)
    {
        var flat = v.reshape(v.shape[0], -1);
        var va = flat.index_select(0, left);
        var vb = flat.index_select(0, right);
        var joined = va + fraction.to_type(v.dtype).unsqueeze(1) * (vb - va);
        return joined.reshape([-1, .. v.shape.Skip(1)]);
    }
}
