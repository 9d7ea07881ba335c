using System.Collections.Immutable;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

internal sealed partial class GraphLowering
{
    private static readonly ReluLayer Relu = new();

    /// <summary>A piecewise-linear operation as its layers; the map of its result.</summary>
    private LoweredMap Nonlinear(OnnxOperation op, LoweredMap[] operands, ImmutableArray<int>[] shapes)
    {
        if (!op.Op.IsPiecewiseLinear)
            throw new OnnxModelException(op.Name, "cannot convert to a network: it is not piecewise linear (it runs on the numeric model only)");
        var x = operands[0];
        int n = x.Count;
        switch (op.Op)
        {
            case ActivationOp a:
                return a.Kind switch
                {
                    ActivationKind.Relu => Apply(Relu, x, op.Name),
                    ActivationKind.Abs => Apply(new AbsLayer(), x, op.Name),
                    _ => a.Alpha.IsOne ? x : Apply(new LeakyReluLayer(a.Alpha), x, op.Name),
                };
            case PReluOp p:
            {
                var slope = ExactKernels.BroadcastIndex(p.Slope.Shape, op.OutputShape);
                var slopes = slope.Select(i => p.Slope[i]).ToArray();
                if (slopes.All(s => s == slopes[0])) return slopes[0].IsOne ? x : Apply(new LeakyReluLayer(slopes[0]), x, op.Name);
                // prelu(z) = relu(z) - s relu(-z)
                var both = Concat(x, x.Negate());
                var r = Apply(Relu, both, op.Name);
                return Map(r, i => [(i, Rational.One), (n + i, -slopes[i])], _ => Rational.Zero, n);
            }
            case ClipOp c:
                return Clip(c, x, op.Name);
            case ExtremumOp e:
            {
                // max(a, b, ...) over the operands broadcast to the output: a max-pool over their concatenation, grouped by
                // output element in operand order (the constant last), so the first maximal operand wins a tie;
                // min(a, ...) = -max(-a, ...)
                int outputs = (int)ExactTensor.ElementCount(op.OutputShape);
                var parts = new List<LoweredMap>();
                for (int k = 0; k < operands.Length; k++)
                {
                    var index = ExactKernels.BroadcastIndex(shapes[k], op.OutputShape);
                    var broadcast = Select(operands[k], index);
                    parts.Add(e.IsMax ? broadcast : broadcast.Negate());
                }
                if (e.Constant is { } constant)
                {
                    var index = ExactKernels.BroadcastIndex(constant.Shape, op.OutputShape);
                    var values = index.Select(i => e.IsMax ? constant[i] : -constant[i]).ToArray();
                    parts.Add(new LoweredMap([], 0, [.. values.Select(_ => Array.Empty<int>())], [.. values.Select(_ => Array.Empty<Rational>())], values));
                }
                var groups = Enumerable.Range(0, outputs).Select(i => (IReadOnlyList<int>)[.. Enumerable.Range(0, parts.Count).Select(k => k * outputs + i)]).ToArray();
                var max = Apply(new MaxPoolLayer(groups), Concat([.. parts]), op.Name);
                return e.IsMax ? max : max.Negate();
            }
            case MaxPoolOp m:
            {
                var xs = shapes[0];
                var taps = ExactKernels.Taps([.. xs.Skip(2)], [.. op.OutputShape.Skip(2)], m.Kernel, m.Strides, m.PadsBegin, m.PadsEnd, m.Dilations);
                int maps = xs[0] * xs[1], inMap = (int)ExactTensor.ElementCount([.. xs.Skip(2)]);
                var groups = new List<IReadOnlyList<int>>();
                for (int map = 0; map < maps; map++)
                    foreach (var row in taps) groups.Add([.. row.Where(t => t >= 0).Select(t => map * inMap + t)]);
                if (groups.Any(g => g.Count == 0)) throw new OnnxModelException(op.Name, "cannot convert to a network: a window lies entirely in the padding");
                return Apply(new MaxPoolLayer(groups), x, op.Name);
            }
            case ReduceMaxOp r:
                return Apply(new MaxPoolLayer([.. ExactKernels.ReduceGroups(shapes[0], r.Axes).Select(g => (IReadOnlyList<int>)g)]), x, op.Name);
            default:
                throw new OnnxModelException(op.Name, "cannot convert to a network: it has no network form");
        }
    }

    // clip(z) with both bounds lo < hi is the clip activation; one bound is lo + relu(z - lo) or hi - relu(hi - z); with
    // lo >= hi every element is min(max(z, lo), hi) = hi.
    private LoweredMap Clip(ClipOp c, LoweredMap x, string where)
    {
        int n = x.Count;
        if (c.Min is { } lo && c.Max is { } hi)
        {
            if (lo < hi) return Apply(new ClipLayer(lo, hi), x, where);
            return new LoweredMap([], 0, [.. Enumerable.Range(0, n).Select(_ => Array.Empty<int>())], [.. Enumerable.Range(0, n).Select(_ => Array.Empty<Rational>())],
                [.. Enumerable.Range(0, n).Select(_ => hi)]);
        }
        if (c.Min is { } low) return Apply(Relu, x.Shift(_ => -low), where).Shift(_ => low);
        if (c.Max is { } high) return Apply(Relu, x.Negate().Shift(_ => high), where).Negate().Shift(_ => high);
        return x;
    }

    /// <summary>Elements <paramref name="index"/> of a map (a broadcast or a selection).</summary>
    private static LoweredMap Select(LoweredMap m, int[] index) => new(m.Sources, m.Width,
        [.. index.Select(i => m.Columns[i])], [.. index.Select(i => m.Coefficients[i])], [.. index.Select(i => m.Constants[i])]);

    /// <summary>Maps concatenated, over their sources joined.</summary>
    private LoweredMap Concat(params LoweredMap[] parts) =>
        LoweredMap.Compose(LinearMap.Select([.. Enumerable.Range(0, parts.Sum(p => p.Count))]), parts, WidthOf);

    /// <summary>A map over the node behind <paramref name="x"/> (an identity map): element i = sum of the given terms plus a constant.</summary>
    private static LoweredMap Map(LoweredMap x, Func<int, (int, Rational)[]> terms, Func<int, Rational> constant, int count)
    {
        var rows = Enumerable.Range(0, count).Select(i => terms(i).Where(t => !t.Item2.IsZero).ToArray()).ToArray();
        return new LoweredMap(x.Sources, x.Width, [.. rows.Select(r => r.Select(t => t.Item1).ToArray())], [.. rows.Select(r => r.Select(t => t.Item2).ToArray())],
            [.. Enumerable.Range(0, count).Select(constant)]);
    }
}
