using static Verifier.NumericBridge.Tests.Onnx.OnnxModelBuilder;

namespace Verifier.NumericBridge.Tests.Onnx;

/// <summary>Small ONNX models written in code, covering every supported operator and opset form.</summary>
internal static class OnnxFixtures
{
    /// <summary>Every piecewise-linear operator (and Identity, Dropout, Constant) in one opset-13 graph, NCHW [1, 2, 6, 6] to [1, 5].</summary>
    public static byte[] AllOperators()
    {
        var b = new OnnxModelBuilder(13);
        var x = b.Input("x", 1, 2, 6, 6);
        var mean = b.Constant([1, 2, 1, 1], [0.25, -0.5]);
        var std = b.Constant([1, 2, 1, 1], [0.5, 2]);
        var d = b.Node("Div", [b.Node("Sub", [x, mean]), std]);
        var conv = b.Node("Conv", [d, b.Random([4, 2, 3, 3]), b.Random([4])], Ints("pads", 1, 1, 1, 1), Ints("kernel_shape", 3, 3));
        var bn = b.Node("BatchNormalization", [conv, b.Random([4], 0.5, 1.5), b.Random([4]), b.Random([4]), b.Random([4], 0.5, 2)], Float("epsilon", 1e-3f));
        var r = b.Node("Relu", [b.Node("Identity", [bn])]);
        var conv2 = b.Node("Conv", [r, b.Random([4, 2, 3, 3]), b.Random([4])], Int("group", 2), Ints("dilations", 2, 2), Ints("pads", 2, 2, 2, 2));
        var lk = b.Node("LeakyRelu", [conv2], Float("alpha", 0.1f));
        var mp = b.Node("MaxPool", [lk], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        var pad = b.Node("Pad", [mp, b.Ints([0, 0, 1, 1, 0, 0, 1, 1])]);
        var ap = b.Node("AveragePool", [pad], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1));
        var pr = b.Node("PRelu", [ap, b.Random([4, 1, 1])]);
        var cl = b.Node("Clip", [pr, b.Weight([], [-0.5]), b.Weight([], [0.5])]);
        var ab = b.Node("Abs", [ap]);
        var cat = b.Node("Concat", [cl, ab], Int("axis", 1));
        var mx = b.Node("Max", [cat, b.Weight([], [0.05])]);
        var mn = b.Node("Min", [mx, b.Node("Mul", [cat, b.Weight([1], [2])])]);
        var dr = b.Node("Dropout", [mn, b.Weight([], [0.5])]);
        var tr = b.Node("Transpose", [dr], Ints("perm", 0, 2, 3, 1));
        var fl = b.Node("Flatten", [tr], Int("axis", 1));
        var gm = b.Node("Gemm", [fl, b.Random([6, 72]), b.Random([6])], Int("transB", 1), Float("alpha", 0.5f), Float("beta", 2f));
        var gap = b.Node("Squeeze", [b.Node("GlobalAveragePool", [cat]), b.Ints([2, 3])]);
        var mm = b.Node("MatMul", [gap, b.Random([8, 6])]);
        var add = b.Node("Add", [gm, mm]);
        var rs = b.Node("Reshape", [b.Node("Unsqueeze", [add, b.Ints([1])]), b.Ints([1, 2, 3])]);
        var rm = b.Node("ReduceMax", [rs], Ints("axes", 2), Int("keepdims", 0));
        var ga = b.Node("Gather", [add, b.Ints([0, -1, 2])], Int("axis", 1));
        var c2 = b.Node("Concat", [rm, ga], Int("axis", 1));
        var y = b.Node("Sub", [b.Weight([5], [1, 2, 3, 4, 5]), b.Node("Mul", [c2, b.Weight([], [3])])]);
        b.Output(y);
        return b.Build();
    }

    /// <summary>The smooth operators (numeric only) after an input normalisation, opset 11.</summary>
    public static byte[] Smooth()
    {
        var b = new OnnxModelBuilder(11);
        var x = b.Input("x", 1, 4);
        var h = b.Node("Gemm", [x, b.Random([4, 6]), b.Random([6])]);
        var s = b.Node("Sigmoid", [h]);
        var t = b.Node("Tanh", [h]);
        var sp = b.Node("Softplus", [h]);
        var e = b.Node("Exp", [b.Node("Mul", [h, b.Weight([], [0.5])])]);
        var l = b.Node("Log", [b.Node("Add", [sp, b.Weight([], [1])])]);
        var y = b.Node("Concat", [s, t, e, l], Int("axis", 1));
        b.Output(b.Node("MatMul", [y, b.Random([24, 3])]));
        return b.Build();
    }

    /// <summary>A residual block: conv, batch norm, relu, conv, Add of the two branches, relu, global pooling, dense (opset 11).</summary>
    public static byte[] Residual()
    {
        var b = new OnnxModelBuilder(11);
        var x = b.Input("x", 1, 3, 5, 5);
        var c1 = b.Node("Conv", [x, b.Random([3, 3, 3, 3]), b.Random([3])], Ints("pads", 1, 1, 1, 1));
        var bn = b.Node("BatchNormalization", [c1, b.Random([3], 0.5, 1.5), b.Random([3]), b.Random([3]), b.Random([3], 0.5, 2)]);
        var r = b.Node("Relu", [bn]);
        var c2 = b.Node("Conv", [r, b.Random([3, 3, 3, 3]), b.Random([3])], Str("auto_pad", "SAME_UPPER"));
        var sum = b.Node("Relu", [b.Node("Add", [x, c2])]);
        var pooled = b.Node("Flatten", [b.Node("GlobalAveragePool", [sum])]);
        b.Output(b.Node("Gemm", [pooled, b.Random([2, 3]), b.Random([2])], Int("transB", 1)));
        return b.Build();
    }

    /// <summary>An NHWC model as tf2onnx writes it: Transpose to NCHW, conv, relu, Transpose back, reshape, MatMul + Add (opset 13).</summary>
    public static byte[] Nhwc()
    {
        var b = new OnnxModelBuilder(13);
        var x = b.Input("x", 1, 6, 6, 3);
        var nchw = b.Node("Transpose", [x], Ints("perm", 0, 3, 1, 2));
        var c = b.Node("Relu", [b.Node("Conv", [nchw, b.Random([4, 3, 3, 3]), b.Random([4])], Ints("strides", 2, 2), Str("auto_pad", "VALID"))]);
        var nhwc = b.Node("Transpose", [c], Ints("perm", 0, 2, 3, 1));
        var flat = b.Node("Reshape", [nhwc, b.Ints([-1, 16])]);
        b.Output(b.Node("Add", [b.Node("MatMul", [flat, b.Random([16, 3])]), b.Random([3])]));
        return b.Build();
    }

    /// <summary>Pad then AveragePool (count_include_pad and ceil_mode), MaxPool with ceil_mode and dilations (opset 11).</summary>
    public static byte[] PoolingWithPad()
    {
        var b = new OnnxModelBuilder(11);
        var x = b.Input("x", 1, 2, 7, 7);
        var p = b.Node("Pad", [x, b.Ints([0, 0, 1, 2, 0, 0, 2, 1]), b.Weight([], [0.25])]);
        var a = b.Node("AveragePool", [p], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 0, 0, 1), Int("count_include_pad", 1), Int("ceil_mode", 1));
        var m = b.Node("MaxPool", [x], Ints("kernel_shape", 2, 3), Ints("strides", 2, 2), Ints("dilations", 2, 1), Int("ceil_mode", 1));
        var a2 = b.Node("AveragePool", [x], Ints("kernel_shape", 3, 3), Ints("strides", 3, 3), Ints("pads", 1, 1, 1, 1), Int("ceil_mode", 1));
        var y = b.Node("Concat", [b.Node("Flatten", [a]), b.Node("Flatten", [m]), b.Node("Flatten", [a2])], Int("axis", 1));
        b.Output(y);
        return b.Build();
    }

    /// <summary>Input normalisation with Constant nodes (Sub, Div), a dense layer and relu (opset 9), as PyTorch exports it.</summary>
    public static byte[] Normalisation()
    {
        var b = new OnnxModelBuilder(9);
        var x = b.Input("x", 1, 1, 3, 3);
        var mean = b.Constant([1, 1, 1, 1], [0.1307]);
        var std = b.Constant([1, 1, 1, 1], [0.3081]);
        var n = b.Node("Div", [b.Node("Sub", [x, mean]), std]);
        var h = b.Node("Relu", [b.Node("Gemm", [b.Node("Flatten", [n]), b.Random([5, 9]), b.Random([5])], Int("transB", 1))]);
        b.Output(b.Node("Gemm", [h, b.Random([2, 5]), b.Random([2])], Int("transB", 1)));
        return b.Build();
    }

    /// <summary>One-dimensional convolution and pooling ([N, C, L]), opset 13.</summary>
    public static byte[] OneDimensional()
    {
        var b = new OnnxModelBuilder(13);
        var x = b.Input("x", 1, 2, 9);
        var c = b.Node("Relu", [b.Node("Conv", [x, b.Random([3, 2, 3]), b.Random([3])], Ints("pads", 1, 0), Ints("strides", 2))]);
        var m = b.Node("MaxPool", [c], Ints("kernel_shape", 2), Ints("pads", 0, 1), Ints("strides", 2));
        var a = b.Node("AveragePool", [c], Ints("kernel_shape", 2));
        b.Output(b.Node("Concat", [m, a], Int("axis", 2)));
        return b.Build();
    }

    /// <summary>
    /// The same function in the forms of several opsets: Clip bounds as attributes (opset 7) or inputs (11+), Squeeze and
    /// Unsqueeze axes as attributes (before 13) or inputs (13+), Pad pads as attributes (before 11) or inputs, ReduceMax
    /// axes as attributes (before 18) or inputs (18+), Dropout's ratio as an attribute (before 12) or input.
    /// </summary>
    public static byte[] OpsetVariant(int opset)
    {
        var b = new OnnxModelBuilder(opset);
        var x = b.Input("x", 1, 4);
        var h = b.Node("Gemm", [x, b.Random([4, 6]), b.Random([6])]);
        string clip = opset < 11
            ? b.Node("Clip", [h], Float("min", -0.25f), Float("max", 0.75f))
            : b.Node("Clip", [h, b.Weight([], [-0.25]), b.Weight([], [0.75])]);
        string drop = opset < 12 ? b.Node("Dropout", [clip], Float("ratio", 0.3f)) : b.Node("Dropout", [clip, b.Weight([], [0.3])]);
        string un = opset < 13 ? b.Node("Unsqueeze", [drop], Ints("axes", 1)) : b.Node("Unsqueeze", [drop, b.Ints([1])]);
        string padded = opset < 11
            ? b.Node("Pad", [un], Ints("pads", 0, 0, 1, 0, 0, 0), Float("value", 0.5f))
            : b.Node("Pad", [un, b.Ints([0, 0, 1, 0, 0, 0]), b.Weight([], [0.5])]);
        string reduced = opset < 18
            ? b.Node("ReduceMax", [padded], Ints("axes", 2), Int("keepdims", 1))
            : b.Node("ReduceMax", [padded, b.Ints([2])], Int("keepdims", 1));
        string sq = opset < 13 ? b.Node("Squeeze", [reduced], Ints("axes", 2)) : b.Node("Squeeze", [reduced, b.Ints([2])]);
        b.Output(b.Node("MatMul", [sq, b.Random([1, 2])]));
        return b.Build();
    }

    /// <summary>Every fixture by name, for the oracle theories.</summary>
    public static byte[] ByName(string name) => name switch
    {
        "all-operators" => AllOperators(),
        "smooth" => Smooth(),
        "residual" => Residual(),
        "nhwc" => Nhwc(),
        "pooling-with-pad" => PoolingWithPad(),
        "normalisation" => Normalisation(),
        "one-dimensional" => OneDimensional(),
        _ when name.StartsWith("opset-", StringComparison.Ordinal) => OpsetVariant(int.Parse(name[6..])),
        _ => throw new ArgumentException(name),
    };
}
