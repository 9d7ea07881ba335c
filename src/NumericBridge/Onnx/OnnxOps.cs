using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>The arithmetic of a binary element-wise operation.</summary>
public enum BinaryOperator
{
    /// <summary>a + b.</summary>
    Add,
    /// <summary>a - b.</summary>
    Sub,
    /// <summary>a * b.</summary>
    Mul,
    /// <summary>a / b.</summary>
    Div,
}

/// <summary>The element-wise activations without tensor parameters.</summary>
public enum ActivationKind
{
    /// <summary>max(z, 0).</summary>
    Relu,
    /// <summary>z for z &gt;= 0, alpha z otherwise.</summary>
    LeakyRelu,
    /// <summary>|z|.</summary>
    Abs,
    /// <summary>1 / (1 + exp(-z)) (smooth).</summary>
    Sigmoid,
    /// <summary>tanh z (smooth).</summary>
    Tanh,
    /// <summary>ln(1 + exp z) (smooth).</summary>
    Softplus,
    /// <summary>exp z (smooth).</summary>
    Exp,
    /// <summary>ln z (smooth, z &gt; 0).</summary>
    Log,
}

/// <summary>
/// One normalised operation of an imported graph (<see cref="OnnxOperation.Op"/>). The ONNX node's opset-dependent form
/// (attributes or inputs, defaults, <c>auto_pad</c>, negative axes) is resolved at import: every field here is explicit,
/// constant operands are <see cref="ExactTensor"/>s, and the computed operands are <see cref="OnnxOperation.Inputs"/>. The
/// hierarchy is closed and every back end implements <see cref="IOnnxOpVisitor{TArg, TResult}"/>, so a new kind does not
/// compile until all handle it.
/// </summary>
public abstract record OnnxOp
{
    private protected OnnxOp() { }

    /// <summary>Dispatches to the visitor's method for this kind.</summary>
    public abstract TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg);

    /// <summary>True when the operation is piecewise linear (affine, relu-like, max-like).</summary>
    public virtual bool IsPiecewiseLinear => true;
}

/// <summary>
/// <c>Y = X W (+ Bias)</c>, or <c>Y = W X (+ Bias)</c> when <see cref="WeightFirst"/>, with numpy's <c>matmul</c> rules (1-D
/// operands promoted, leading dimensions broadcast). From MatMul and Gemm (alpha, beta and transB folded in exactly).
/// </summary>
/// <param name="Weight">The constant operand.</param>
/// <param name="WeightFirst">True when the constant is the left operand.</param>
/// <param name="Bias">Added after the product with broadcasting, or null.</param>
public sealed record MatMulOp(ExactTensor Weight, bool WeightFirst, ExactTensor? Bias) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>A computed value and a constant combined element-wise with broadcasting: <c>x op c</c>, or <c>c op x</c> when <see cref="ConstantFirst"/>.</summary>
/// <param name="Operator">Add, Sub, Mul or Div (Div only by a constant without zeros).</param>
/// <param name="Constant">The constant operand.</param>
/// <param name="ConstantFirst">True when the constant is the left operand.</param>
public sealed record ConstantBinaryOp(BinaryOperator Operator, ExactTensor Constant, bool ConstantFirst) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>Two computed values added or subtracted element-wise with broadcasting (a residual connection).</summary>
/// <param name="Operator">Add or Sub.</param>
public sealed record ValueBinaryOp(BinaryOperator Operator) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>An element-wise activation.</summary>
/// <param name="Kind">Which one.</param>
/// <param name="Alpha">LeakyRelu's slope for z &lt; 0 (the exact value of the model's float32 attribute); 0 otherwise.</param>
public sealed record ActivationOp(ActivationKind Kind, Rational Alpha = default) : OnnxOp
{
    /// <inheritdoc />
    public override bool IsPiecewiseLinear => Kind is ActivationKind.Relu or ActivationKind.LeakyRelu or ActivationKind.Abs;

    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary><c>PRelu</c>: z for z &gt;= 0, slope z otherwise, the slope broadcast to the input.</summary>
/// <param name="Slope">The slopes.</param>
public sealed record PReluOp(ExactTensor Slope) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary><c>Clip</c>: min(max(z, Min), Max), a missing bound being no bound.</summary>
/// <param name="Min">The lower bound, or null.</param>
/// <param name="Max">The upper bound, or null.</param>
public sealed record ClipOp(Rational? Min, Rational? Max) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>
/// <c>Max</c> or <c>Min</c> of the computed inputs and an optional constant, element-wise with broadcasting. At a tie the
/// first extremal operand wins (the inputs in order, the constant last).
/// </summary>
/// <param name="IsMax">True for Max, false for Min.</param>
/// <param name="Constant">The constant operands folded into one, or null.</param>
public sealed record ExtremumOp(bool IsMax, ExactTensor? Constant) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>
/// A convolution over <c>[N, C, spatial...]</c> (1 to 3 spatial dimensions) with explicit padding: <see cref="PadsBegin"/>
/// and <see cref="PadsEnd"/> per spatial dimension (zeros).
/// </summary>
/// <param name="Weight">The kernel <c>[M, C / Group, k...]</c>.</param>
/// <param name="Bias">One bias per output channel, or null.</param>
/// <param name="Strides">Per spatial dimension.</param>
/// <param name="PadsBegin">Zeros before, per spatial dimension.</param>
/// <param name="PadsEnd">Zeros after, per spatial dimension.</param>
/// <param name="Dilations">Per spatial dimension.</param>
/// <param name="Group">The number of channel groups.</param>
public sealed record ConvOp(ExactTensor Weight, ExactTensor? Bias, ImmutableArray<int> Strides, ImmutableArray<int> PadsBegin,
    ImmutableArray<int> PadsEnd, ImmutableArray<int> Dilations, int Group) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>
/// Max pooling over <c>[N, C, spatial...]</c>; padded positions never win (they are minus infinity). <c>ceil_mode</c> is
/// resolved into extra <see cref="PadsEnd"/>.
/// </summary>
/// <param name="Kernel">The window per spatial dimension.</param>
/// <param name="Strides">Per spatial dimension.</param>
/// <param name="PadsBegin">Padding before, per spatial dimension.</param>
/// <param name="PadsEnd">Padding after, per spatial dimension.</param>
/// <param name="Dilations">Per spatial dimension.</param>
public sealed record MaxPoolOp(ImmutableArray<int> Kernel, ImmutableArray<int> Strides, ImmutableArray<int> PadsBegin,
    ImmutableArray<int> PadsEnd, ImmutableArray<int> Dilations) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>
/// Average pooling over <c>[N, C, spatial...]</c> (also GlobalAveragePool, whose kernel is the whole map). A window's sum is
/// divided by the number of its positions inside the input, plus the padded ones (<see cref="PadsBegin"/>,
/// <see cref="PadsEnd"/>) when <see cref="CountIncludePad"/>; positions of <see cref="CeilExtra"/> (from <c>ceil_mode</c>)
/// never count.
/// </summary>
/// <param name="Kernel">The window per spatial dimension.</param>
/// <param name="Strides">Per spatial dimension.</param>
/// <param name="PadsBegin">Padding before, per spatial dimension.</param>
/// <param name="PadsEnd">Padding after, per spatial dimension.</param>
/// <param name="CeilExtra">Extra positions after the end padding that <c>ceil_mode</c> adds, per spatial dimension.</param>
/// <param name="CountIncludePad">Whether padded positions count in the divisor.</param>
public sealed record AveragePoolOp(ImmutableArray<int> Kernel, ImmutableArray<int> Strides, ImmutableArray<int> PadsBegin,
    ImmutableArray<int> PadsEnd, ImmutableArray<int> CeilExtra, bool CountIncludePad) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary><c>y = x Scale + Shift</c> with broadcasting: BatchNormalization in inference mode (see the importer for the square root).</summary>
/// <param name="Scale">The factors.</param>
/// <param name="Shift">The offsets.</param>
public sealed record AffineOp(ExactTensor Scale, ExactTensor Shift) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>The same elements in C order with the operation's output shape: Reshape, Flatten, Squeeze and Unsqueeze.</summary>
public sealed record ReshapeOp : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>Transpose: output axis i is input axis <c>Perm[i]</c>.</summary>
/// <param name="Perm">The permutation.</param>
public sealed record TransposeOp(ImmutableArray<int> Perm) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>Concatenation along <see cref="Axis"/>; a null part is the next computed input, in order.</summary>
/// <param name="Axis">The non-negative axis.</param>
/// <param name="Parts">The parts in order: constants, or null for computed inputs.</param>
public sealed record ConcatOp(int Axis, ImmutableArray<ExactTensor?> Parts) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>Constant padding: <see cref="Value"/> added before and after each axis.</summary>
/// <param name="PadsBegin">Per axis (non-negative).</param>
/// <param name="PadsEnd">Per axis (non-negative).</param>
/// <param name="Value">The padding value.</param>
public sealed record PadOp(ImmutableArray<int> PadsBegin, ImmutableArray<int> PadsEnd, Rational Value) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>Gather along <see cref="Axis"/> with constant, non-negative indices: output shape is data's before the axis, the indices' shape, data's after.</summary>
/// <param name="Axis">The non-negative axis.</param>
/// <param name="Indices">The indices (integer tensor, already made non-negative).</param>
public sealed record GatherOp(int Axis, ExactTensor Indices) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>ReduceMax over <see cref="Axes"/> (sorted, non-negative); at a tie the first maximal element in C order wins.</summary>
/// <param name="Axes">The reduced axes.</param>
/// <param name="KeepDims">Whether reduced axes stay as size 1.</param>
public sealed record ReduceMaxOp(ImmutableArray<int> Axes, bool KeepDims) : OnnxOp
{
    /// <inheritdoc />
    public override TResult Accept<TArg, TResult>(IOnnxOpVisitor<TArg, TResult> visitor, TArg arg) => visitor.Visit(this, arg);
}

/// <summary>One method per operation kind: every back end of the imported graph implements it.</summary>
/// <typeparam name="TArg">What the back end passes along (e.g. the operation and its input values).</typeparam>
/// <typeparam name="TResult">What it produces.</typeparam>
public interface IOnnxOpVisitor<in TArg, out TResult>
{
#pragma warning disable CS1591 // one self-explanatory method per kind
    TResult Visit(MatMulOp op, TArg arg);
    TResult Visit(ConstantBinaryOp op, TArg arg);
    TResult Visit(ValueBinaryOp op, TArg arg);
    TResult Visit(ActivationOp op, TArg arg);
    TResult Visit(PReluOp op, TArg arg);
    TResult Visit(ClipOp op, TArg arg);
    TResult Visit(ExtremumOp op, TArg arg);
    TResult Visit(ConvOp op, TArg arg);
    TResult Visit(MaxPoolOp op, TArg arg);
    TResult Visit(AveragePoolOp op, TArg arg);
    TResult Visit(AffineOp op, TArg arg);
    TResult Visit(ReshapeOp op, TArg arg);
    TResult Visit(TransposeOp op, TArg arg);
    TResult Visit(ConcatOp op, TArg arg);
    TResult Visit(PadOp op, TArg arg);
    TResult Visit(GatherOp op, TArg arg);
    TResult Visit(ReduceMaxOp op, TArg arg);
#pragma warning restore CS1591
}
