namespace Verifier.Symbolic.Networks;

/// <summary>
/// One operation over the structural layer kinds of a <see cref="Network"/> (<see cref="Layer.Accept{TResult}"/>): every
/// back end that handles layers (the network file, the expression form, the integer line kernel, SMT, tensors, rewrites,
/// generators and shrinkers) implements it, so a new structural kind, which adds a method here, does not compile until
/// each of them handles it.
/// </summary>
/// <remarks>
/// Element-wise activations are one structural kind: their behaviour derives from their
/// <see cref="ActivationLayer.Function"/>, so a new activation is a catalogue entry (<see cref="ActivationCatalogue"/>),
/// not a method here. A layer with several <see cref="NetworkNode.Sources"/> receives their outputs concatenated, so a graph
/// node (a residual add, a concatenation) is one of these kinds with several sources, not a kind of its own.
/// </remarks>
/// <typeparam name="TResult">What the operation returns for one layer.</typeparam>
public interface ILayerVisitor<out TResult>
{
    /// <summary>An affine layer <c>W x + b</c>.</summary>
    TResult VisitDense(DenseLayer layer);

    /// <summary>An element-wise piecewise-linear activation.</summary>
    TResult VisitActivation(ActivationLayer layer);

    /// <summary>A max over groups of inputs.</summary>
    TResult VisitMaxPool(MaxPoolLayer layer);

    /// <summary>An affine layer <c>A x + b</c> with a sparse matrix (convolutions, pooling, residual adds, reshapes of imported models).</summary>
    TResult VisitSparse(SparseLayer layer);
}
