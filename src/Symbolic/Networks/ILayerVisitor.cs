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
/// not a method here. The structural kinds the ONNX import will bring (a sparse affine layer for convolutions and
/// average pooling; graph nodes with several inputs for residual adds and concatenation) are new methods here.
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
}
