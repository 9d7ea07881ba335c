using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// An affine operation as a sparse map: output element i = Constants[i] + sum_k Coefficients[i][k] x[Sources[i][k]], where
/// x is the operation's computed operands flattened in C order and concatenated.
/// </summary>
internal sealed record LinearMap(int[][] Sources, Rational[][] Coefficients, Rational[] Constants)
{
    /// <summary>True when every output is one operand element unchanged (a reshape, transpose, gather or concatenation).</summary>
    public bool IsSelection { get; } = Sources.Select((s, i) => s.Length == 1 && Coefficients[i][0].IsOne && Constants[i].IsZero).All(b => b);

    public static LinearMap Select(int[] sources) =>
        new([.. sources.Select(s => new[] { s })], [.. sources.Select(_ => new[] { Rational.One })], new Rational[sources.Length]);
}

/// <summary>The <see cref="LinearMap"/> of each affine operation; null for the others (activations, max-like operations).</summary>
internal sealed class LinearMaps : IOnnxOpVisitor<(OnnxOperation Op, ImmutableArray<int>[] Shapes), LinearMap?>
{
    private static readonly LinearMaps Instance = new();

    public static LinearMap? Of(OnnxOperation op, ImmutableArray<int>[] inputShapes) => op.Op.Accept(Instance, (op, inputShapes));

    /// <summary>Collects the terms of one output element.</summary>
    private sealed class Builder(int outputs)
    {
        private readonly List<int>[] _sources = [.. Enumerable.Range(0, outputs).Select(_ => new List<int>())];
        private readonly List<Rational>[] _coefficients = [.. Enumerable.Range(0, outputs).Select(_ => new List<Rational>())];
        private readonly Rational[] _constants = new Rational[outputs];

        public void Term(int output, int source, Rational coefficient)
        {
            if (coefficient.IsZero) return;
            _sources[output].Add(source);
            _coefficients[output].Add(coefficient);
        }

        public void Constant(int output, Rational value) => _constants[output] += value;

        public LinearMap Build() => new([.. _sources.Select(s => s.ToArray())], [.. _coefficients.Select(c => c.ToArray())], _constants);
    }

    public LinearMap? Visit(MatMulOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a)
    {
        var xs = a.Shapes[0];
        var ws = op.Weight.Shape;
        // the promoted operands [batch..., rows, cols] of numpy's matmul, left and right
        int[] left = op.WeightFirst ? Promote(ws, true) : Promote(xs, true);
        int[] right = op.WeightFirst ? Promote(xs, false) : Promote(ws, false);
        int n = left[^2], k = left[^1], m = right[^1];
        var batch = ShapeMath.Broadcast(a.Op.Name, left[..^2], right[..^2]);
        var il = ExactKernels.BroadcastIndex(left[..^2], batch);
        var ir = ExactKernels.BroadcastIndex(right[..^2], batch);
        var w = op.Weight.Values;
        var b = new Builder(il.Length * n * m);
        for (int t = 0; t < il.Length; t++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++)
                {
                    int o = (t * n + i) * m + j;
                    for (int p = 0; p < k; p++)
                    {
                        int l = (il[t] * n + i) * k + p, r = (ir[t] * k + p) * m + j;
                        if (op.WeightFirst) b.Term(o, r, w[l]);
                        else b.Term(o, l, w[r]);
                    }
                }
        if (op.Bias is not null) AddBroadcast(b, op.Bias, a.Op.OutputShape);
        return b.Build();
    }

    private static int[] Promote(ImmutableArray<int> shape, bool left) =>
        shape.Length == 1 ? (left ? [1, shape[0]] : [shape[0], 1]) : [.. shape];

    private static void AddBroadcast(Builder b, ExactTensor c, ImmutableArray<int> outShape)
    {
        var ic = ExactKernels.BroadcastIndex(c.Shape, outShape);
        for (int i = 0; i < ic.Length; i++) b.Constant(i, c[ic[i]]);
    }

    public LinearMap? Visit(ConstantBinaryOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a)
    {
        var outShape = a.Op.OutputShape;
        var ix = ExactKernels.BroadcastIndex(a.Shapes[0], outShape);
        var ic = ExactKernels.BroadcastIndex(op.Constant.Shape, outShape);
        var b = new Builder(ix.Length);
        for (int i = 0; i < ix.Length; i++)
        {
            var c = op.Constant[ic[i]];
            switch (op.Operator)
            {
                case BinaryOperator.Add: b.Term(i, ix[i], Rational.One); b.Constant(i, c); break;
                case BinaryOperator.Sub when op.ConstantFirst: b.Term(i, ix[i], Rational.MinusOne); b.Constant(i, c); break;
                case BinaryOperator.Sub: b.Term(i, ix[i], Rational.One); b.Constant(i, -c); break;
                case BinaryOperator.Mul: b.Term(i, ix[i], c); break;
                default: b.Term(i, ix[i], c.Reciprocal()); break;
            }
        }
        return b.Build();
    }

    public LinearMap? Visit(ValueBinaryOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a)
    {
        var ia = ExactKernels.BroadcastIndex(a.Shapes[0], a.Op.OutputShape);
        var ib = ExactKernels.BroadcastIndex(a.Shapes[1], a.Op.OutputShape);
        int offset = (int)ExactTensor.ElementCount(a.Shapes[0]);
        var b = new Builder(ia.Length);
        for (int i = 0; i < ia.Length; i++)
        {
            b.Term(i, ia[i], Rational.One);
            b.Term(i, offset + ib[i], op.Operator == BinaryOperator.Add ? Rational.One : Rational.MinusOne);
        }
        return b.Build();
    }

    public LinearMap? Visit(ConvOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a)
    {
        var xs = a.Shapes[0];
        var w = op.Weight;
        int n = xs[0], c = xs[1], m = w.Shape[0], cg = w.Shape[1], mg = m / op.Group;
        var taps = ExactKernels.Taps([.. xs.Skip(2)], [.. a.Op.OutputShape.Skip(2)], [.. w.Shape.Skip(2)], op.Strides, op.PadsBegin, op.PadsEnd, op.Dilations);
        int inMap = (int)ExactTensor.ElementCount([.. xs.Skip(2)]), outMap = taps.Length, k = outMap == 0 ? 0 : taps[0].Length;
        var b = new Builder(n * m * outMap);
        for (int s = 0; s < n; s++)
            for (int oc = 0; oc < m; oc++)
                for (int p = 0; p < outMap; p++)
                {
                    int o = (s * m + oc) * outMap + p;
                    if (op.Bias is not null) b.Constant(o, op.Bias[oc]);
                    for (int ic = 0; ic < cg; ic++)
                        for (int t = 0; t < k; t++)
                            if (taps[p][t] >= 0) b.Term(o, (s * c + oc / mg * cg + ic) * inMap + taps[p][t], w[(oc * cg + ic) * k + t]);
                }
        return b.Build();
    }

    public LinearMap? Visit(AveragePoolOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a)
    {
        var xs = a.Shapes[0];
        var taps = ExactKernels.Taps([.. xs.Skip(2)], [.. a.Op.OutputShape.Skip(2)], op.Kernel, op.Strides, op.PadsBegin, op.PadsEnd, [.. op.Kernel.Select(_ => 1)]);
        var counts = ExactKernels.AverageCounts(taps, op.CountIncludePad);
        int maps = xs[0] * xs[1], inMap = (int)ExactTensor.ElementCount([.. xs.Skip(2)]);
        var b = new Builder(maps * taps.Length);
        for (int mIndex = 0; mIndex < maps; mIndex++)
            for (int p = 0; p < taps.Length; p++)
                foreach (int t in taps[p])
                    if (t >= 0) b.Term(mIndex * taps.Length + p, mIndex * inMap + t, new Rational(1, counts[p]));
        return b.Build();
    }

    public LinearMap? Visit(AffineOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a)
    {
        var outShape = a.Op.OutputShape;
        var ix = ExactKernels.BroadcastIndex(a.Shapes[0], outShape);
        var iscale = ExactKernels.BroadcastIndex(op.Scale.Shape, outShape);
        var b = new Builder(ix.Length);
        for (int i = 0; i < ix.Length; i++) b.Term(i, ix[i], op.Scale[iscale[i]]);
        AddBroadcast(b, op.Shift, outShape);
        return b.Build();
    }

    public LinearMap? Visit(ReshapeOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a) =>
        LinearMap.Select([.. Enumerable.Range(0, (int)ExactTensor.ElementCount(a.Shapes[0]))]);

    public LinearMap? Visit(TransposeOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a) =>
        LinearMap.Select(ExactKernels.PermutationIndex(a.Shapes[0], op.Perm));

    public LinearMap? Visit(GatherOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a) =>
        LinearMap.Select(ExactKernels.GatherIndex(a.Shapes[0], op.Axis, op.Indices.ToInt64()));

    public LinearMap? Visit(ConcatOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a)
    {
        int next = 0;
        var offsets = new int?[op.Parts.Length];
        var shapes = new ImmutableArray<int>[op.Parts.Length];
        int offset = 0;
        for (int p = 0; p < op.Parts.Length; p++)
        {
            if (op.Parts[p] is { } c) { shapes[p] = c.Shape; continue; }
            shapes[p] = a.Shapes[next++];
            offsets[p] = offset;
            offset += (int)ExactTensor.ElementCount(shapes[p]);
        }
        var sources = ExactKernels.ConcatSources(shapes, op.Axis);
        var b = new Builder(sources.Length);
        for (int i = 0; i < sources.Length; i++)
        {
            var (part, index) = sources[i];
            if (op.Parts[part] is { } c) b.Constant(i, c[index]);
            else b.Term(i, offsets[part]!.Value + index, Rational.One);
        }
        return b.Build();
    }

    public LinearMap? Visit(PadOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a)
    {
        var outShape = a.Op.OutputShape;
        var strides = ExactTensor.Strides(outShape);
        int offset = 0;
        for (int d = 0; d < outShape.Length; d++) offset += op.PadsBegin[d] * strides[d];
        var target = ExactKernels.StridedIndex(a.Shapes[0], strides, offset);
        var b = new Builder((int)ExactTensor.ElementCount(outShape));
        var inside = new bool[(int)ExactTensor.ElementCount(outShape)];
        for (int i = 0; i < target.Length; i++) { b.Term(target[i], i, Rational.One); inside[target[i]] = true; }
        for (int i = 0; i < inside.Length; i++) if (!inside[i]) b.Constant(i, op.Value);
        return b.Build();
    }

    public LinearMap? Visit(ActivationOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a) => null;
    public LinearMap? Visit(PReluOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a) => null;
    public LinearMap? Visit(ClipOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a) => null;
    public LinearMap? Visit(ExtremumOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a) => null;
    public LinearMap? Visit(MaxPoolOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a) => null;
    public LinearMap? Visit(ReduceMaxOp op, (OnnxOperation Op, ImmutableArray<int>[] Shapes) a) => null;
}
