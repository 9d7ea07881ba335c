using System.Collections.Immutable;
using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// The exact interpreter of an imported graph: each operation on <see cref="ExactTensor"/>s in rational arithmetic. Smooth
/// operations (sigmoid, tanh, softplus, exp, log) have no rational value and are refused, except exp and log at the
/// points where they are rational (exp(0) = 1, log(1) = 0), which constant folding may meet.
/// </summary>
internal sealed class ExactEvaluator : IOnnxOpVisitor<(OnnxOperation Op, ExactTensor[] Inputs), ExactTensor>
{
    private static readonly ExactEvaluator Instance = new();

    /// <summary>The operation applied to its computed operands.</summary>
    public static ExactTensor Apply(OnnxOperation op, ExactTensor[] inputs) => op.Op.Accept(Instance, (op, inputs));

    public ExactTensor Visit(MatMulOp op, (OnnxOperation Op, ExactTensor[] Inputs) a)
    {
        var x = a.Inputs[0];
        var y = op.WeightFirst ? ExactKernels.MatMul(op.Weight, x) : ExactKernels.MatMul(x, op.Weight);
        if (op.Bias is not null) y = ExactKernels.Binary(y, op.Bias, (p, q) => p + q);
        return Typed(y, x, a.Op.OutputShape);
    }

    public ExactTensor Visit(ConstantBinaryOp op, (OnnxOperation Op, ExactTensor[] Inputs) a)
    {
        var x = a.Inputs[0];
        bool integer = x.IsInteger && op.Constant.IsInteger;
        Func<Rational, Rational, Rational> f = op.Operator switch
        {
            BinaryOperator.Add => (p, q) => p + q,
            BinaryOperator.Sub => (p, q) => p - q,
            BinaryOperator.Mul => (p, q) => p * q,
            _ => integer ? (p, q) => new Rational(BigInteger.Divide(p.Numerator, q.Numerator)) : (p, q) => p / q,
        };
        var y = op.ConstantFirst ? ExactKernels.Binary(op.Constant, x, f) : ExactKernels.Binary(x, op.Constant, f);
        return Typed(y, x, a.Op.OutputShape);
    }

    public ExactTensor Visit(ValueBinaryOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) =>
        ExactKernels.Binary(a.Inputs[0], a.Inputs[1], op.Operator == BinaryOperator.Add ? (p, q) => p + q : (p, q) => p - q);

    public ExactTensor Visit(ActivationOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) => op.Kind switch
    {
        ActivationKind.Relu => ExactKernels.Map(a.Inputs[0], z => z.Sign > 0 ? z : Rational.Zero),
        ActivationKind.LeakyRelu => ExactKernels.Map(a.Inputs[0], z => z.Sign >= 0 ? z : op.Alpha * z),
        ActivationKind.Abs => ExactKernels.Map(a.Inputs[0], z => z.Abs()),
        ActivationKind.Exp => ExactKernels.Map(a.Inputs[0], z => z.IsZero ? Rational.One : throw Smooth(a.Op)),
        ActivationKind.Log => ExactKernels.Map(a.Inputs[0], z => z.IsOne ? Rational.Zero : throw Smooth(a.Op)),
        _ => throw Smooth(a.Op),
    };

    private static OnnxModelException Smooth(OnnxOperation op) =>
        new(op.Name, "a smooth operation has no exact rational value; it runs on the numeric model only");

    public ExactTensor Visit(PReluOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) =>
        ExactKernels.Binary(a.Inputs[0], op.Slope, (z, s) => z.Sign >= 0 ? z : s * z);

    public ExactTensor Visit(ClipOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) => ExactKernels.Map(a.Inputs[0], z =>
    {
        if (op.Min is { } lo && z < lo) z = lo;
        if (op.Max is { } hi && z > hi) z = hi;
        return z;
    });

    public ExactTensor Visit(ExtremumOp op, (OnnxOperation Op, ExactTensor[] Inputs) a)
    {
        Func<Rational, Rational, Rational> pick = op.IsMax ? (p, q) => q > p ? q : p : (p, q) => q < p ? q : p;
        var y = a.Inputs[0];
        for (int i = 1; i < a.Inputs.Length; i++) y = ExactKernels.Binary(y, a.Inputs[i], pick);
        if (op.Constant is not null) y = ExactKernels.Binary(y, op.Constant, pick);
        return Typed(y, a.Inputs[0], a.Op.OutputShape);
    }

    public ExactTensor Visit(ConvOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) => ExactKernels.Conv(a.Inputs[0], op, a.Op.OutputShape);

    public ExactTensor Visit(MaxPoolOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) => ExactKernels.MaxPool(a.Inputs[0], op, a.Op.OutputShape);

    public ExactTensor Visit(AveragePoolOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) => ExactKernels.AveragePool(a.Inputs[0], op, a.Op.OutputShape);

    public ExactTensor Visit(AffineOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) =>
        ExactKernels.Binary(ExactKernels.Binary(a.Inputs[0], op.Scale, (p, q) => p * q), op.Shift, (p, q) => p + q);

    public ExactTensor Visit(ReshapeOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) => a.Inputs[0].Reshape(a.Op.OutputShape);

    public ExactTensor Visit(TransposeOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) => ExactKernels.Transpose(a.Inputs[0], op.Perm);

    public ExactTensor Visit(ConcatOp op, (OnnxOperation Op, ExactTensor[] Inputs) a)
    {
        int next = 0;
        var parts = op.Parts.Select(p => p ?? a.Inputs[next++]).ToArray();
        return ExactKernels.Concat(parts, op.Axis);
    }

    public ExactTensor Visit(PadOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) => ExactKernels.Pad(a.Inputs[0], op.PadsBegin, op.PadsEnd, op.Value);

    public ExactTensor Visit(GatherOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) => ExactKernels.Gather(a.Inputs[0], op.Axis, op.Indices, a.Op.OutputShape);

    public ExactTensor Visit(ReduceMaxOp op, (OnnxOperation Op, ExactTensor[] Inputs) a) =>
        ExactKernels.MaxOfGroups(a.Inputs[0], ExactKernels.ReduceGroups(a.Inputs[0].Shape, op.Axes), a.Op.OutputShape);

    /// <summary>The result with the output shape and the element type of the computed operand (integer arithmetic stays integer).</summary>
    private static ExactTensor Typed(ExactTensor y, ExactTensor x, ImmutableArray<int> shape) =>
        y.Retyped(shape, x.ElementType);
}
