using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// Which one-sided derivative a gradient takes where an activation has a kink. The defaults reproduce PyTorch's
/// autograd: relu'(0) = 0, leaky_relu'(0) = alpha, abs'(0) = sign(0) = 0, and at a tie in a max-pool group
/// the first maximal input (in the order the group lists them) receives the whole gradient.
/// </summary>
/// <remarks>
/// leaky_relu(z) = alpha z + (1 - alpha) relu(z), so its derivative at 0 is alpha + (1 - alpha) <see cref="ReluGradientAtZero"/>: alpha for the default 0, 1 for 1.
/// Along a line restriction the convention never changes a directional derivative on a piece (see
/// <see cref="NetworkLine.GradientOnPiece"/>), only the gradient itself.
/// </remarks>
public sealed record KinkConvention
{
    /// <summary>PyTorch's convention: relu'(0) = 0, abs'(0) = 0, first maximal input wins a max-pool tie.</summary>
    public static readonly KinkConvention Default = new();

    /// <summary>relu'(0); 0 as in PyTorch. Also fixes leaky_relu'(0) = alpha + (1 - alpha) times this value.</summary>
    public Rational ReluGradientAtZero { get; init; } = Rational.Zero;

    /// <summary>abs'(0); 0 as in PyTorch, whose derivative of abs is sign.</summary>
    public Rational AbsGradientAtZero { get; init; } = Rational.Zero;

    /// <summary>The derivative of leaky_relu with slope <paramref name="alpha"/> at 0 under this convention.</summary>
    public Rational LeakyReluGradientAtZero(Rational alpha) => alpha + (Rational.One - alpha) * ReluGradientAtZero;
}
