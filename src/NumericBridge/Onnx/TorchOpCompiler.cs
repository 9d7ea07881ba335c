using System.Collections.Immutable;
using TorchSharp;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// Compiles each operation of an imported graph to tensor code on a batch: every value carries a leading batch axis
/// <c>[B, ...shape]</c> in front of its ONNX shape, so the graph's own first axis (often a batch of 1) is an ordinary axis.
/// Constants are placed on the device once, in the model's type, and owned by the compiler until it is disposed.
/// </summary>
internal sealed class TorchOpCompiler(ScalarType dtype, Device device, Func<string, ImmutableArray<int>> shapeOf)
    : IOnnxOpVisitor<OnnxOperation, Func<Tensor[], Tensor>>, IDisposable
{
    private readonly List<Tensor> _owned = [];

    public void Dispose()
    {
        foreach (var t in _owned) t.Dispose();
        _owned.Clear();
    }

    /// <summary>The operation as a function of its batched operands, ending in the batched output shape.</summary>
    public Func<Tensor[], Tensor> Compile(OnnxOperation op)
    {
        var f = op.Op.Accept(this, op);
        long[] shape = [-1, .. op.OutputShape.Select(d => (long)d)];
        return inputs => f(inputs).reshape(shape);
    }

    private Tensor Const(ExactTensor c) => Const(c.ToDoubles(), [.. c.Shape.Select(d => (long)d)]);

    private Tensor Const(double[] values, long[] shape)
    {
        var t = tensor(values, shape, ScalarType.Float64).to_type(dtype);
        if (device.type != DeviceType.CPU) t = t.to(device);
        t = t.DetachFromDisposeScope();
        _owned.Add(t);
        return t;
    }

    /// <summary>A batched value <c>[B, ...shape]</c> with ones inserted after the batch axis up to <paramref name="rank"/> (numpy alignment from the right).</summary>
    private static Tensor Align(Tensor x, IReadOnlyList<int> shape, int rank) =>
        x.reshape([-1, .. Enumerable.Repeat(1L, rank - shape.Count), .. shape.Select(d => (long)d)]);

    private Tensor Aligned(Tensor x, OnnxOperation op, int input) => Align(x, shapeOf(op.Inputs[input]), op.OutputShape.Length);

    public Func<Tensor[], Tensor> Visit(MatMulOp op, OnnxOperation o)
    {
        var xShape = shapeOf(o.Inputs[0]);
        long[] wShape = op.Weight.Rank != 1 ? [.. op.Weight.Shape.Select(d => (long)d)]
            : op.WeightFirst ? [1, op.Weight.Shape[0]] : [op.Weight.Shape[0], 1];
        var w = Const(op.Weight.ToDoubles(), wShape); // a 1-D weight promoted as numpy's matmul does
        var bias = op.Bias is null ? null : Const(op.Bias);
        int[] promotedX = xShape.Length == 1 ? (op.WeightFirst ? [xShape[0], 1] : [1, xShape[0]]) : [.. xShape];
        int rank = Math.Max(promotedX.Length, (int)w.dim());
        return x =>
        {
            var xa = Align(x[0], promotedX, rank);
            var y = op.WeightFirst ? w.matmul(xa) : xa.matmul(w);
            y = y.reshape([-1, .. o.OutputShape.Select(d => (long)d)]);
            return bias is null ? y : y + bias;
        };
    }

    public Func<Tensor[], Tensor> Visit(ConstantBinaryOp op, OnnxOperation o)
    {
        var c = Const(op.Constant);
        return x =>
        {
            var a = Aligned(x[0], o, 0);
            return op.Operator switch
            {
                BinaryOperator.Add => a + c,
                BinaryOperator.Sub => op.ConstantFirst ? c - a : a - c,
                BinaryOperator.Mul => a * c,
                _ => op.ConstantFirst ? c / a : a / c,
            };
        };
    }

    public Func<Tensor[], Tensor> Visit(ValueBinaryOp op, OnnxOperation o) => x =>
        op.Operator == BinaryOperator.Add ? Aligned(x[0], o, 0) + Aligned(x[1], o, 1) : Aligned(x[0], o, 0) - Aligned(x[1], o, 1);

    public Func<Tensor[], Tensor> Visit(ActivationOp op, OnnxOperation o)
    {
        double alpha = op.Alpha.ToDouble();
        return op.Kind switch
        {
            ActivationKind.Relu => x => nn.functional.relu(x[0]),
            // strict comparison: leaky_relu'(0) = alpha, as PyTorch
            ActivationKind.LeakyRelu => x => where(x[0] > 0, x[0], x[0] * alpha),
            ActivationKind.Abs => x => x[0].abs(),
            ActivationKind.Sigmoid => x => x[0].sigmoid(),
            ActivationKind.Tanh => x => x[0].tanh(),
            ActivationKind.Softplus => x => x[0].logaddexp(zeros_like(x[0])),
            ActivationKind.Exp => x => x[0].exp(),
            _ => x => x[0].log(),
        };
    }

    public Func<Tensor[], Tensor> Visit(PReluOp op, OnnxOperation o)
    {
        var slope = Const(op.Slope);
        return x => where(x[0] > 0, x[0], x[0] * slope);
    }

    public Func<Tensor[], Tensor> Visit(ClipOp op, OnnxOperation o) => x =>
    {
        var y = x[0];
        if (op.Min is { } lo) y = y.clamp_min(lo.ToDouble());
        if (op.Max is { } hi) y = y.clamp_max(hi.ToDouble());
        return y;
    };

    public Func<Tensor[], Tensor> Visit(ExtremumOp op, OnnxOperation o)
    {
        var c = op.Constant is null ? null : Const(op.Constant);
        Tensor Pick(Tensor a, Tensor b) => op.IsMax ? where(b > a, b, a) : where(b < a, b, a); // the first extremal operand wins
        return x =>
        {
            var y = Aligned(x[0], o, 0);
            for (int i = 1; i < x.Length; i++) y = Pick(y, Aligned(x[i], o, i));
            return c is null ? y : Pick(y, c);
        };
    }

    public Func<Tensor[], Tensor> Visit(ConvOp op, OnnxOperation o)
    {
        var inShape = shapeOf(o.Inputs[0]);
        bool oneD = inShape.Length == 3;
        var ws = op.Weight.Shape;
        var w = Const(op.Weight.ToDoubles(), oneD ? [ws[0], ws[1], 1, ws[2]] : [.. ws.Select(d => (long)d)]);
        var bias = op.Bias is null ? null : Const(op.Bias);
        var (strides, dilations) = (Spatial(op.Strides, oneD, 1), Spatial(op.Dilations, oneD, 1));
        var pads = TorchPads(op.PadsBegin, op.PadsEnd);
        return x =>
        {
            var maps = SpatialBatch(x[0], inShape, oneD);
            if (pads is not null) maps = nn.functional.pad(maps, pads, PaddingModes.Constant, 0);
            long[] zero = [.. strides.Select(_ => 0L)];
            return inShape.Length == 5
                ? nn.functional.conv3d(maps, w, bias, strides, zero, dilations, op.Group)
                : nn.functional.conv2d(maps, w, bias, strides, zero, dilations, op.Group);
        };
    }

    public Func<Tensor[], Tensor> Visit(MaxPoolOp op, OnnxOperation o)
    {
        var inShape = shapeOf(o.Inputs[0]);
        bool oneD = inShape.Length == 3;
        var (kernel, strides, dilations) = (Spatial(op.Kernel, oneD, 1), Spatial(op.Strides, oneD, 1), Spatial(op.Dilations, oneD, 1));
        var pads = TorchPads(op.PadsBegin, op.PadsEnd);
        long[] zero = [.. kernel.Select(_ => 0L)];
        return x =>
        {
            var maps = SpatialBatch(x[0], inShape, oneD);
            if (pads is not null) maps = nn.functional.pad(maps, pads, PaddingModes.Constant, double.NegativeInfinity);
            return inShape.Length == 5
                ? nn.functional.max_pool3d(maps, kernel, strides, zero, dilations, false)
                : nn.functional.max_pool2d(maps, kernel, strides, zero, dilations, false);
        };
    }

    public Func<Tensor[], Tensor> Visit(AveragePoolOp op, OnnxOperation o)
    {
        var inShape = shapeOf(o.Inputs[0]);
        bool oneD = inShape.Length == 3;
        var outSpatial = o.OutputShape.Skip(2).ToArray();
        var taps = ExactKernels.Taps([.. inShape.Skip(2)], outSpatial, op.Kernel, op.Strides, op.PadsBegin, op.PadsEnd, [.. op.Kernel.Select(_ => 1)]);
        var counts = ExactKernels.AverageCounts(taps, op.CountIncludePad).Select(c => (double)Math.Max(c, 1)).ToArray();
        var divisor = Const(counts, oneD ? [1, outSpatial[0]] : [.. outSpatial.Select(d => (long)d)]);
        long windowSize = op.Kernel.Aggregate(1L, (a, k) => a * k);
        var (kernel, strides) = (Spatial(op.Kernel, oneD, 1), Spatial(op.Strides, oneD, 1));
        var end = op.PadsEnd.Zip(op.CeilExtra, (e, c) => e + c).ToImmutableArray();
        var pads = TorchPads(op.PadsBegin, end);
        long[] zero = [.. kernel.Select(_ => 0L)];
        return x =>
        {
            var maps = SpatialBatch(x[0], inShape, oneD);
            if (pads is not null) maps = nn.functional.pad(maps, pads, PaddingModes.Constant, 0);
            var mean = inShape.Length == 5
                ? nn.functional.avg_pool3d(maps, kernel, strides, zero, false, true, null)
                : nn.functional.avg_pool2d(maps, kernel, strides, zero, false, true, null);
            return mean * windowSize / divisor;
        };
    }

    public Func<Tensor[], Tensor> Visit(AffineOp op, OnnxOperation o)
    {
        var (scale, shift) = (Const(op.Scale), Const(op.Shift));
        return x => Aligned(x[0], o, 0) * scale + shift;
    }

    public Func<Tensor[], Tensor> Visit(ReshapeOp op, OnnxOperation o) => x => x[0];

    public Func<Tensor[], Tensor> Visit(TransposeOp op, OnnxOperation o)
    {
        long[] perm = [0, .. op.Perm.Select(p => (long)p + 1)];
        return x => x[0].permute(perm);
    }

    public Func<Tensor[], Tensor> Visit(ConcatOp op, OnnxOperation o)
    {
        var constants = op.Parts.Select(p => p is null ? null : Const(p)).ToArray();
        return x =>
        {
            int next = 0;
            long batch = x[0].shape[0];
            var parts = constants.Select(c => c is null ? x[next++] : c.unsqueeze(0).expand([batch, .. c.shape])).ToArray();
            return cat(parts, op.Axis + 1);
        };
    }

    public Func<Tensor[], Tensor> Visit(PadOp op, OnnxOperation o)
    {
        var pads = TorchPads(op.PadsBegin, op.PadsEnd) ?? [0, 0];
        double value = op.Value.ToDouble();
        return x => nn.functional.pad(x[0], pads, PaddingModes.Constant, value);
    }

    public Func<Tensor[], Tensor> Visit(GatherOp op, OnnxOperation o)
    {
        var index = tensor(op.Indices.ToInt64(), ScalarType.Int64);
        if (device.type != DeviceType.CPU) index = index.to(device);
        index = index.DetachFromDisposeScope();
        _owned.Add(index);
        return x => x[0].index_select(op.Axis + 1, index);
    }

    public Func<Tensor[], Tensor> Visit(ReduceMaxOp op, OnnxOperation o)
    {
        int rank = shapeOf(o.Inputs[0]).Length;
        long[] perm = [0, .. Enumerable.Range(0, rank).Where(d => !op.Axes.Contains(d)).Concat(op.Axes).Select(d => (long)d + 1)];
        int kept = rank - op.Axes.Length;
        return x =>
        {
            var moved = x[0].permute(perm);
            var flat = moved.reshape([.. moved.shape.Take(kept + 1), -1]);
            return flat.max(-1, false).values; // the first maximal element in C order gets the gradient
        };
    }

    /// <summary>The feature maps of a batched <c>[B, N, C, spatial...]</c> as <c>[B N, C, spatial...]</c>; 1-D maps get a height of 1.</summary>
    private static Tensor SpatialBatch(Tensor x, IReadOnlyList<int> shape, bool oneD)
    {
        long[] s = [-1, shape[1], .. (oneD ? new long[] { 1 } : []), .. shape.Skip(2).Select(d => (long)d)];
        return x.reshape(s);
    }

    private static long[] Spatial(IReadOnlyList<int> values, bool oneD, long pad) =>
        oneD ? [pad, values[0]] : [.. values.Select(v => (long)v)];

    /// <summary>torch's pad list (last dimension first) for begin/end pads of the trailing dimensions; null when all are zero.</summary>
    private static long[]? TorchPads(IReadOnlyList<int> begin, IReadOnlyList<int> end)
    {
        if (begin.All(p => p == 0) && end.All(p => p == 0)) return null;
        var pads = new List<long>();
        for (int d = begin.Count - 1; d >= 0; d--) { pads.Add(begin[d]); pads.Add(end[d]); }
        return [.. pads];
    }
}
