using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// One layer of a piecewise-linear <see cref="Network"/>: an immutable value with structural equality. The
/// hierarchy is closed: <see cref="DenseLayer"/>, <see cref="MaxPoolLayer"/> and the element-wise
/// <see cref="ActivationLayer"/>s <see cref="ReluLayer"/>, <see cref="LeakyReluLayer"/>, <see cref="AbsLayer"/>
/// and <see cref="IdentityLayer"/>.
/// </summary>
public abstract record Layer
{
    private protected Layer() { }

    /// <summary>The layer's <c>type</c> in the network file: <c>dense</c>, <c>relu</c>, <c>leaky_relu</c>, ...</summary>
    public abstract string TypeName { get; }

    /// <summary>The width of the layer's output when it receives <paramref name="inputWidth"/> inputs.</summary>
    public abstract int OutputWidth(int inputWidth);

    /// <summary>Why the layer cannot receive <paramref name="inputWidth"/> inputs, or null when it can.</summary>
    public virtual string? ShapeProblem(int inputWidth) => inputWidth < 1 ? "the layer receives no inputs" : null;

    /// <summary>The layer's output for <paramref name="input"/>, exactly; <paramref name="output"/> has <see cref="OutputWidth"/> entries.</summary>
    internal abstract void Forward(ReadOnlySpan<Rational> input, Span<Rational> output);

    /// <summary>
    /// Back-propagation: the gradient with respect to the layer's input, given its input and the gradient with
    /// respect to its output, with the layer linearised at <paramref name="input"/> under <paramref name="convention"/>.
    /// </summary>
    internal abstract void Backward(ReadOnlySpan<Rational> input, ReadOnlySpan<Rational> gradOutput, Span<Rational> gradInput, KinkConvention convention);
}

/// <summary>A layer that applies one scalar function to every entry; its output width equals its input width.</summary>
public abstract record ActivationLayer : Layer
{
    private protected ActivationLayer() { }

    /// <summary>The scalar function.</summary>
    public abstract Rational Apply(Rational z);

    /// <summary>The scalar function's derivative at <paramref name="z"/>, with <paramref name="convention"/> at its kink.</summary>
    public abstract Rational Derivative(Rational z, KinkConvention convention);

    /// <inheritdoc />
    public sealed override int OutputWidth(int inputWidth) => inputWidth;

    internal sealed override void Forward(ReadOnlySpan<Rational> input, Span<Rational> output)
    {
        for (int i = 0; i < input.Length; i++) output[i] = Apply(input[i]);
    }

    internal sealed override void Backward(ReadOnlySpan<Rational> input, ReadOnlySpan<Rational> gradOutput, Span<Rational> gradInput, KinkConvention convention)
    {
        for (int i = 0; i < input.Length; i++) gradInput[i] = gradOutput[i].IsZero ? Rational.Zero : gradOutput[i] * Derivative(input[i], convention);
    }
}

/// <summary><c>relu(z) = max(0, z)</c> on every entry.</summary>
public sealed record ReluLayer : ActivationLayer
{
    /// <inheritdoc />
    public override string TypeName => "relu";
    /// <inheritdoc />
    public override Rational Apply(Rational z) => z.Sign > 0 ? z : Rational.Zero;
    /// <inheritdoc />
    public override Rational Derivative(Rational z, KinkConvention convention) =>
        z.Sign > 0 ? Rational.One : z.Sign < 0 ? Rational.Zero : convention.ReluGradientAtZero;
}

/// <summary><c>leaky_relu(z) = z</c> for z &gt;= 0 and <c>alpha z</c> for z &lt; 0, on every entry.</summary>
/// <param name="Alpha">The slope on the negative side (PyTorch's <c>negative_slope</c>); any rational.</param>
public sealed record LeakyReluLayer(Rational Alpha) : ActivationLayer
{
    /// <inheritdoc />
    public override string TypeName => "leaky_relu";
    /// <inheritdoc />
    public override Rational Apply(Rational z) => z.Sign >= 0 ? z : Alpha * z;
    /// <inheritdoc />
    public override Rational Derivative(Rational z, KinkConvention convention) =>
        z.Sign > 0 ? Rational.One : z.Sign < 0 ? Alpha : convention.LeakyReluGradientAtZero(Alpha);
}

/// <summary><c>abs(z) = |z|</c> on every entry.</summary>
public sealed record AbsLayer : ActivationLayer
{
    /// <inheritdoc />
    public override string TypeName => "abs";
    /// <inheritdoc />
    public override Rational Apply(Rational z) => z.Abs();
    /// <inheritdoc />
    /// <remarks>abs'(0) = 0 whatever the convention (PyTorch's sign(0); <see cref="KinkConvention"/>).</remarks>
    public override Rational Derivative(Rational z, KinkConvention convention) =>
        z.Sign > 0 ? Rational.One : z.Sign < 0 ? Rational.MinusOne : Rational.Zero;
}

/// <summary>The identity on every entry (a no-op, kept so that exported models keep their layer numbering).</summary>
public sealed record IdentityLayer : ActivationLayer
{
    /// <inheritdoc />
    public override string TypeName => "identity";
    /// <inheritdoc />
    public override Rational Apply(Rational z) => z;
    /// <inheritdoc />
    public override Rational Derivative(Rational z, KinkConvention convention) => Rational.One;
}
