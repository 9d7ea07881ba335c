using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic;

/// <summary>
/// The one convention for derivatives at kinks: the value of relu'(0), i.e. of the Heaviside step at 0. The default 0
/// reproduces PyTorch's autograd. Everything else at a kink is a fixed rule that follows from it or is documented here:
/// leaky_relu'(0) = alpha + (1 - alpha) relu'(0); abs'(0) = 0 (PyTorch's sign(0)); every activation of a network follows
/// from its relu form (<see cref="ActivationFunction"/>), e.g. clip'(lo) = relu'(0) and clip'(hi) = 1 - relu'(0); at a
/// tie of max or min (an expression's arguments in canonical order, a max-pool group's inputs in the order the group
/// lists them) the first maximal (minimal) argument receives the whole derivative.
/// </summary>
/// <remarks>
/// Used by expression differentiation (<see cref="Expressions.Expr.Differentiate(int, KinkConvention)"/>, where the step
/// that relu' produces takes this value at 0) and by the exact back-propagation of networks
/// (<see cref="Network.Gradient"/>). leaky_relu(z) = alpha z + (1 - alpha) relu(z), so its derivative at 0 is
/// alpha + (1 - alpha) <see cref="ReluGradientAtZero"/>: alpha for the default 0, 1 for 1. Along a line restriction the
/// convention never changes a directional derivative on a piece (see <see cref="NetworkLine.GradientOnPiece"/>), only
/// the gradient itself.
/// </remarks>
public sealed record KinkConvention
{
    /// <summary>PyTorch's convention: relu'(0) = 0.</summary>
    public static readonly KinkConvention Default = new();

    /// <summary>relu'(0), the Heaviside step's value at 0; 0 as in PyTorch. Also fixes leaky_relu'(0) = alpha + (1 - alpha) times this value.</summary>
    public Rational ReluGradientAtZero { get; init; } = Rational.Zero;

    /// <summary>The derivative of leaky_relu with slope <paramref name="alpha"/> at 0 under this convention.</summary>
    public Rational LeakyReluGradientAtZero(Rational alpha) => alpha + (Rational.One - alpha) * ReluGradientAtZero;
}
