using System.Collections.Immutable;
using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

internal static partial class OnnxOpBuilder
{
    /// <summary>The explicit pads of a convolution or pooling node: <c>pads</c>, or <c>auto_pad</c> resolved from the shapes.</summary>
    private static (ImmutableArray<int> Begin, ImmutableArray<int> End) Pads(NodeContext n, IReadOnlyList<int> spatial,
        IReadOnlyList<int> kernel, IReadOnlyList<int> strides, IReadOnlyList<int> dilations)
    {
        int dims = spatial.Count;
        string autoPad = n.String("auto_pad", "NOTSET");
        switch (autoPad)
        {
            case "NOTSET" or "":
                var pads = n.Ints("pads") ?? new long[2 * dims];
                if (pads.Length != 2 * dims) throw n.Error($"pads has {pads.Length} entries for {dims} spatial dimensions");
                if (pads.Any(p => p < 0)) throw n.Error("negative pads are not supported");
                return ([.. pads.Take(dims).Select(p => (int)p)], [.. pads.Skip(dims).Select(p => (int)p)]);
            case "VALID":
                return ([.. new int[dims]], [.. new int[dims]]);
            case "SAME_UPPER" or "SAME_LOWER":
                var begin = new int[dims];
                var end = new int[dims];
                for (int i = 0; i < dims; i++) (begin[i], end[i]) = ShapeMath.SamePads(spatial[i], kernel[i], strides[i], dilations[i], autoPad == "SAME_UPPER");
                return ([.. begin], [.. end]);
            default:
                throw n.Error($"auto_pad '{autoPad}' is not an ONNX value");
        }
    }

    /// <summary>The input of a convolution or pooling node: <c>[N, C, spatial...]</c> with 1 to 3 spatial dimensions.</summary>
    private static ImmutableArray<int> SpatialInput(NodeContext n)
    {
        var x = n.Shape(0);
        if (x.Length < 3 || x.Length > 5) throw n.Error($"expects an input [N, C, spatial...] with 1 to 3 spatial dimensions, not {ShapeMath.Text(x)}");
        return x;
    }

    private static BuiltOp Conv(NodeContext n)
    {
        n.Inputs(2, 3);
        var x = SpatialInput(n);
        int dims = x.Length - 2;
        var w = n.Constant(1, "weight");
        if (w.Rank != x.Length) throw n.Error($"its weight {ShapeMath.Text(w.Shape)} does not match the input {ShapeMath.Text(x)}");
        int group = checked((int)n.Int("group", 1));
        if (group < 1 || x[1] % group != 0 || w.Shape[0] % group != 0 || w.Shape[1] * group != x[1])
            throw n.Error($"group {group} does not fit {x[1]} input channels and a weight {ShapeMath.Text(w.Shape)}");
        var kernel = w.Shape.Skip(2).ToArray();
        if (n.Ints("kernel_shape") is { } ks && !ks.Select(k => (int)k).SequenceEqual(kernel))
            throw n.Error($"kernel_shape [{string.Join(", ", ks)}] differs from the weight's {ShapeMath.Text(kernel)}");
        var strides = n.PerDimension("strides", dims, 1);
        var dilations = n.PerDimension("dilations", dims, 1);
        var spatial = x.Skip(2).ToArray();
        var (begin, end) = Pads(n, spatial, kernel, strides, dilations);
        var shape = new List<int> { x[0], w.Shape[0] };
        for (int i = 0; i < dims; i++) shape.Add(ShapeMath.Window(n.Name, spatial[i], kernel[i], strides[i], begin[i], end[i], dilations[i], false).Size);
        ExactTensor? bias = null;
        if (n.Has(2))
        {
            bias = n.Constant(2, "bias");
            if (bias.Count != w.Shape[0]) throw n.Error($"its bias has {bias.Count} entries for {w.Shape[0]} output channels");
        }
        return One(n, new ConvOp(w, bias, strides, begin, end, dilations, group), [.. shape], n.InputName(0));
    }

    private static (ImmutableArray<int> Kernel, ImmutableArray<int> Strides, ImmutableArray<int> Dilations) Window(NodeContext n, int dims)
    {
        var kernel = n.Ints("kernel_shape") ?? throw n.Error("kernel_shape is missing");
        if (kernel.Length != dims) throw n.Error($"kernel_shape has {kernel.Length} entries for {dims} spatial dimensions");
        return ([.. kernel.Select(k => (int)k)], n.PerDimension("strides", dims, 1), n.PerDimension("dilations", dims, 1));
    }

    private static BuiltOp MaxPool(NodeContext n)
    {
        n.Inputs(1, 1);
        var x = SpatialInput(n);
        int dims = x.Length - 2;
        var (kernel, strides, dilations) = Window(n, dims);
        var spatial = x.Skip(2).ToArray();
        var (begin, end) = Pads(n, spatial, kernel, strides, dilations);
        bool ceil = n.Int("ceil_mode", 0) != 0;
        var shape = new List<int> { x[0], x[1] };
        var padEnd = end.ToArray();
        for (int i = 0; i < dims; i++)
        {
            var (size, extra) = ShapeMath.Window(n.Name, spatial[i], kernel[i], strides[i], begin[i], end[i], dilations[i], ceil);
            shape.Add(size);
            padEnd[i] += extra;
        }
        return One(n, new MaxPoolOp(kernel, strides, begin, [.. padEnd], dilations), [.. shape], n.InputName(0));
    }

    private static BuiltOp AveragePool(NodeContext n)
    {
        n.Inputs(1, 1);
        var x = SpatialInput(n);
        int dims = x.Length - 2;
        var (kernel, strides, dilations) = Window(n, dims);
        if (dilations.Any(d => d != 1)) throw n.Error("AveragePool with dilations is not supported");
        var spatial = x.Skip(2).ToArray();
        var (begin, end) = Pads(n, spatial, kernel, strides, dilations);
        bool ceil = n.Int("ceil_mode", 0) != 0;
        var shape = new List<int> { x[0], x[1] };
        var extra = new int[dims];
        for (int i = 0; i < dims; i++)
        {
            var (size, more) = ShapeMath.Window(n.Name, spatial[i], kernel[i], strides[i], begin[i], end[i], 1, ceil);
            shape.Add(size);
            extra[i] = more;
        }
        bool includePad = n.Int("count_include_pad", 0) != 0;
        return One(n, new AveragePoolOp(kernel, strides, begin, end, [.. extra], includePad), [.. shape], n.InputName(0));
    }

    private static BuiltOp GlobalAveragePool(NodeContext n)
    {
        n.Inputs(1, 1);
        var x = SpatialInput(n);
        int dims = x.Length - 2;
        ImmutableArray<int> ones = [.. Enumerable.Repeat(1, dims)], zeros = [.. new int[dims]];
        var shape = new List<int> { x[0], x[1] };
        shape.AddRange(ones);
        return One(n, new AveragePoolOp([.. x.Skip(2)], ones, zeros, zeros, zeros, false), [.. shape], n.InputName(0));
    }

    /// <summary>
    /// BatchNormalization in inference mode as <c>x scale' + shift</c> per channel (axis 1): scale' = scale / sqrt(var + eps)
    /// and shift = B - mean scale'. The square root is exact when var + eps is the square of a rational; otherwise it is
    /// rounded to float64 (relative error below 2^-52), the only rounding the importer does.
    /// </summary>
    private static BuiltOp BatchNormalization(NodeContext n)
    {
        n.Inputs(5, 5);
        var x = n.Shape(0);
        if (x.Length < 2) throw n.Error($"expects an input [N, C, ...], not {ShapeMath.Text(x)}");
        if (n.Opset < 9 && n.Int("spatial", 1) == 0) throw n.Error("spatial = 0 is not supported");
        if (n.Int("training_mode", 0) != 0) throw n.Error("training_mode = 1 is not supported (inference only)");
        int c = x[1];
        var scale = n.Constant(1, "scale");
        var b = n.Constant(2, "B");
        var mean = n.Constant(3, "mean");
        var variance = n.Constant(4, "variance");
        foreach (var (t, what) in new[] { (scale, "scale"), (b, "B"), (mean, "mean"), (variance, "variance") })
            if (t.Count != c) throw n.Error($"its {what} has {t.Count} entries for {c} channels");
        var eps = n.Float("epsilon", 1e-5f);
        var factor = new Rational[c];
        var shift = new Rational[c];
        for (int i = 0; i < c; i++)
        {
            var v = variance[i] + eps;
            if (v.Sign <= 0) throw n.Error($"channel {i} has variance + epsilon = {v}, not positive");
            factor[i] = scale[i] / Sqrt(v);
            shift[i] = b[i] - mean[i] * factor[i];
        }
        var channelShape = new int[x.Length - 1];
        Array.Fill(channelShape, 1);
        channelShape[0] = c;
        return One(n, new AffineOp(ExactTensor.Own([.. channelShape], factor), ExactTensor.Own([.. channelShape], shift)), x, n.InputName(0));
    }

    /// <summary>sqrt(v) for v &gt; 0: exact when v is the square of a rational, otherwise rounded to float64 (from a root of at least 64 bits).</summary>
    internal static Rational Sqrt(Rational v)
    {
        var p = v.Numerator;
        var q = v.Denominator;
        var rp = IntegerSqrt(p);
        var rq = IntegerSqrt(q);
        if (rp * rp == p && rq * rq == q) return new Rational(rp, rq);
        // floor(sqrt(p / q * 4^s)) / 2^s with at least 64 significant bits, then rounded once to a double.
        long bits = (long)p.GetBitLength() - (long)q.GetBitLength();
        int s = (int)Math.Max(0, 66 - bits / 2);
        var root = IntegerSqrt((p << (2 * s)) / q);
        double d = Math.ScaleB((double)root, -s);
        return Rational.FromDouble(d);
    }

    private static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n.Sign <= 0) return BigInteger.Zero;
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }
}
