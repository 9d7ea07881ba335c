using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>One normalised operation built from a node: what it computes, its computed operands and its output shape.</summary>
internal readonly record struct BuiltOp(OnnxOp Op, ImmutableArray<string> Inputs, ImmutableArray<int> Shape, string Output);

/// <summary>
/// Turns an ONNX node into normalised operations (<see cref="OnnxOp"/>), reading its opset-dependent attributes and
/// inputs and inferring its output shape. Unsupported operators and forms are <see cref="OnnxModelException"/>s naming the node.
/// </summary>
internal static partial class OnnxOpBuilder
{
    /// <summary>The operators the importer reads (besides Constant, Identity, Dropout and Shape, which it resolves itself).</summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>
    {
        "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "LeakyRelu", "PRelu", "Clip", "Abs", "Max", "Min", "MaxPool",
        "AveragePool", "GlobalAveragePool", "Conv", "BatchNormalization", "Flatten", "Reshape", "Transpose", "Concat", "Pad",
        "Squeeze", "Unsqueeze", "Sigmoid", "Tanh", "Softplus", "Exp", "Log", "Gather", "ReduceMax",
    };

    public static IReadOnlyList<BuiltOp> Build(NodeContext n) => n.OpType switch
    {
        "Gemm" => Gemm(n),
        "MatMul" => [MatMul(n)],
        "Add" => [Binary(n, BinaryOperator.Add)],
        "Sub" => [Binary(n, BinaryOperator.Sub)],
        "Mul" => [Binary(n, BinaryOperator.Mul)],
        "Div" => [Binary(n, BinaryOperator.Div)],
        "Relu" => [Activation(n, ActivationKind.Relu)],
        "Abs" => [Activation(n, ActivationKind.Abs)],
        "Sigmoid" => [Activation(n, ActivationKind.Sigmoid)],
        "Tanh" => [Activation(n, ActivationKind.Tanh)],
        "Softplus" => [Activation(n, ActivationKind.Softplus)],
        "Exp" => [Activation(n, ActivationKind.Exp)],
        "Log" => [Activation(n, ActivationKind.Log)],
        "LeakyRelu" => [Activation(n, ActivationKind.LeakyRelu, n.Float("alpha", 0.01f))],
        "PRelu" => [PRelu(n)],
        "Clip" => [Clip(n)],
        "Max" => [Extremum(n, true)],
        "Min" => [Extremum(n, false)],
        "Conv" => [Conv(n)],
        "MaxPool" => [MaxPool(n)],
        "AveragePool" => [AveragePool(n)],
        "GlobalAveragePool" => [GlobalAveragePool(n)],
        "BatchNormalization" => [BatchNormalization(n)],
        "Flatten" => [Flatten(n)],
        "Reshape" => [Reshape(n)],
        "Squeeze" => [Squeeze(n)],
        "Unsqueeze" => [Unsqueeze(n)],
        "Transpose" => [Transpose(n)],
        "Concat" => [Concat(n)],
        "Pad" => [Pad(n)],
        "Gather" => [Gather(n)],
        "ReduceMax" => [ReduceMax(n)],
        _ => throw n.Error($"operator '{n.OpType}' is not supported"),
    };

    private static BuiltOp One(NodeContext n, OnnxOp op, ImmutableArray<int> shape, params string[] inputs) => new(op, [.. inputs], shape, n.Output);

    private static IReadOnlyList<BuiltOp> Gemm(NodeContext n)
    {
        n.Inputs(2, 3);
        if (n.IsConstant(0)) throw n.Error("its A (input 0) is a constant and B is computed; only Gemm with a constant B is supported");
        var a = n.Shape(0);
        var b = n.Constant(1, "B");
        if (a.Length != 2 || b.Rank != 2) throw n.Error($"Gemm needs 2-D operands, not {ShapeMath.Text(a)} and {ShapeMath.Text(b.Shape)}");
        bool transA = n.Int("transA", 0) != 0, transB = n.Int("transB", 0) != 0;
        Rational alpha = n.Float("alpha", 1f), beta = n.Float("beta", 1f);
        var ops = new List<BuiltOp>();
        string x = n.InputName(0);
        if (transA)
        {
            a = [a[1], a[0]];
            string t = n.Output + "/transA";
            ops.Add(new BuiltOp(new TransposeOp([1, 0]), [x], a, t));
            x = t;
        }
        var w = ExactKernels.Map(transB ? ExactKernels.Transpose(b, [1, 0]) : b, v => alpha * v);
        if (w.Shape[0] != a[1]) throw n.Error($"Gemm of {ShapeMath.Text(a)} and {ShapeMath.Text(w.Shape)}: inner dimensions differ");
        ImmutableArray<int> shape = [a[0], w.Shape[1]];
        ExactTensor? bias = null;
        if (n.Has(2))
        {
            var c = n.Constant(2, "C");
            if (ShapeMath.Broadcast(n.Name, shape, c.Shape).SequenceEqual(shape) == false)
                throw n.Error($"its C {ShapeMath.Text(c.Shape)} does not broadcast to {ShapeMath.Text(shape)}");
            bias = ExactKernels.Map(c, v => beta * v);
        }
        ops.Add(new BuiltOp(new MatMulOp(w, false, bias), [x], shape, n.Output));
        return ops;
    }

    private static BuiltOp MatMul(NodeContext n)
    {
        n.Inputs(2, 2);
        bool c0 = n.IsConstant(0), c1 = n.IsConstant(1);
        if (!c0 && !c1) throw n.Error("it multiplies two computed values (not piecewise linear); only products with a constant are supported");
        var shape = ShapeMath.MatMul(n.Name, n.Shape(0), n.Shape(1));
        return c1
            ? One(n, new MatMulOp(n.Constant(1, "weight"), false, null), shape, n.InputName(0))
            : One(n, new MatMulOp(n.Constant(0, "weight"), true, null), shape, n.InputName(1));
    }

    private static BuiltOp Binary(NodeContext n, BinaryOperator op)
    {
        n.Inputs(2, 2);
        var shape = ShapeMath.Broadcast(n.Name, n.Shape(0), n.Shape(1));
        bool c0 = n.IsConstant(0), c1 = n.IsConstant(1);
        if (!c0 && !c1)
        {
            if (op is BinaryOperator.Mul or BinaryOperator.Div)
                throw n.Error($"it {(op == BinaryOperator.Mul ? "multiplies" : "divides")} two computed values (not piecewise linear); only {op} by a constant is supported");
            return One(n, new ValueBinaryOp(op), shape, n.InputName(0), n.InputName(1));
        }
        if (c1)
        {
            var c = n.Constant(1, "operand");
            if (op == BinaryOperator.Div && c.Values.ToArray().Any(v => v.IsZero)) throw n.Error("it divides by a constant that has a zero");
            return One(n, new ConstantBinaryOp(op, c, false), shape, n.InputName(0));
        }
        if (op == BinaryOperator.Div) throw n.Error("it divides a constant by a computed value (not piecewise linear); only division by a constant is supported");
        return One(n, new ConstantBinaryOp(op, n.Constant(0, "operand"), true), shape, n.InputName(1));
    }

    private static BuiltOp Activation(NodeContext n, ActivationKind kind, Rational alpha = default)
    {
        n.Inputs(1, 1);
        return One(n, new ActivationOp(kind, alpha), n.Shape(0), n.InputName(0));
    }

    private static BuiltOp PRelu(NodeContext n)
    {
        n.Inputs(2, 2);
        var x = n.Shape(0);
        var slope = n.Constant(1, "slope");
        if (!ShapeMath.Broadcast(n.Name, x, slope.Shape).SequenceEqual(x))
            throw n.Error($"its slope {ShapeMath.Text(slope.Shape)} does not broadcast to the input {ShapeMath.Text(x)}");
        var first = slope.Count > 0 ? slope[0] : Rational.Zero;
        bool uniform = slope.Values.ToArray().All(v => v == first);
        return uniform
            ? One(n, new ActivationOp(ActivationKind.LeakyRelu, first), x, n.InputName(0))
            : One(n, new PReluOp(slope), x, n.InputName(0));
    }

    private static BuiltOp Clip(NodeContext n)
    {
        Rational? min, max;
        if (n.Opset < 11)
        {
            n.Inputs(1, 1);
            float lo = n.RawFloat("min", float.MinValue), hi = n.RawFloat("max", float.MaxValue);
            min = lo == float.MinValue ? null : Rational.FromDouble(lo);
            max = hi == float.MaxValue ? null : Rational.FromDouble(hi);
        }
        else
        {
            n.Inputs(1, 3);
            min = n.Has(1) ? Scalar(n, 1, "min") : null;
            max = n.Has(2) ? Scalar(n, 2, "max") : null;
        }
        if (min is { } a && max is { } b && a > b) throw n.Error($"its min {a} is above its max {b}");
        return One(n, new ClipOp(min, max), n.Shape(0), n.InputName(0));
    }

    private static Rational Scalar(NodeContext n, int i, string role)
    {
        var c = n.Constant(i, role);
        if (c.Count != 1) throw n.Error($"its {role} must be a single value, not a tensor {ShapeMath.Text(c.Shape)}");
        return c[0];
    }

    private static BuiltOp Extremum(NodeContext n, bool isMax)
    {
        if (n.InputCount < 1) throw n.Error("expects at least one input");
        var shapes = new List<IReadOnlyList<int>>();
        var computed = new List<string>();
        ExactTensor? constant = null;
        for (int i = 0; i < n.InputCount; i++)
        {
            shapes.Add(n.Shape(i));
            if (!n.IsConstant(i)) { computed.Add(n.InputName(i)); continue; }
            var c = n.Constant(i, "operand");
            constant = constant is null ? c : ExactKernels.Binary(constant, c, (a, b) => isMax ? Rational.Max(a, b) : Rational.Min(a, b));
        }
        var shape = ShapeMath.Broadcast(n.Name, [.. shapes]);
        return One(n, new ExtremumOp(isMax, constant), shape, [.. computed]);
    }
}
