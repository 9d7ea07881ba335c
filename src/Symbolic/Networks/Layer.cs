using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// One layer of a piecewise-linear <see cref="Network"/>: an immutable value with structural equality. The structural
/// kinds are closed and listed by <see cref="ILayerVisitor{TResult}"/>: <see cref="DenseLayer"/>,
/// <see cref="MaxPoolLayer"/>, <see cref="SparseLayer"/> and the element-wise <see cref="ActivationLayer"/>s of the <see cref="ActivationCatalogue"/>
/// (<see cref="ReluLayer"/>, <see cref="LeakyReluLayer"/>, <see cref="AbsLayer"/>, <see cref="IdentityLayer"/>, ...).
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

    /// <summary>Calls the visitor's method for this layer's structural kind.</summary>
    public abstract TResult Accept<TResult>(ILayerVisitor<TResult> visitor);

    /// <summary>
    /// The function for this layer's structural kind applied to it: a visitor written as one function per kind, so that a
    /// new kind (a new parameter here) does not compile until every caller handles it.
    /// </summary>
    public TResult Match<TResult>(Func<DenseLayer, TResult> dense, Func<ActivationLayer, TResult> activation, Func<MaxPoolLayer, TResult> maxPool,
        Func<SparseLayer, TResult> sparse)
    {
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(maxPool);
        ArgumentNullException.ThrowIfNull(sparse);
        return Accept(new FunctionVisitor<TResult>(dense, activation, maxPool, sparse));
    }

    /// <summary>The layer's output for <paramref name="input"/>, exactly; <paramref name="output"/> has <see cref="OutputWidth"/> entries.</summary>
    internal abstract void Forward(ReadOnlySpan<Rational> input, Span<Rational> output);

    /// <summary>
    /// Back-propagation: the gradient with respect to the layer's input, given its input and the gradient with
    /// respect to its output, with the layer linearised at <paramref name="input"/> under <paramref name="convention"/>.
    /// </summary>
    internal abstract void Backward(ReadOnlySpan<Rational> input, ReadOnlySpan<Rational> gradOutput, Span<Rational> gradInput, KinkConvention convention);

    /// <summary>The layer's part of <see cref="Network.ActivationPattern"/> at <paramref name="input"/> (empty when it has no kinks).</summary>
    internal abstract int[] Pattern(ReadOnlySpan<Rational> input);

    private sealed class FunctionVisitor<TResult>(
        Func<DenseLayer, TResult> dense, Func<ActivationLayer, TResult> activation, Func<MaxPoolLayer, TResult> maxPool,
        Func<SparseLayer, TResult> sparse) : ILayerVisitor<TResult>
    {
        public TResult VisitDense(DenseLayer layer) => dense(layer);
        public TResult VisitActivation(ActivationLayer layer) => activation(layer);
        public TResult VisitMaxPool(MaxPoolLayer layer) => maxPool(layer);
        public TResult VisitSparse(SparseLayer layer) => sparse(layer);
    }
}
