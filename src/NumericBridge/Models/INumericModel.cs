namespace Verifier.NumericBridge.Models;

/// <summary>
/// A differentiable model R^n -&gt; R (the attributed output) evaluated numerically, as the methods of
/// <see cref="Methods.NumericAttribute"/> need it: values and gradients at single points and on batches of rows.
/// </summary>
/// <remarks>Implemented by <see cref="TorchModel"/>; other back ends implement it to reuse the methods and the cross-checks.</remarks>
public interface INumericModel
{
    /// <summary>The number of inputs n.</summary>
    int Inputs { get; }

    /// <summary>The attributed output F(x).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> has the wrong length or a NaN or infinite entry.</exception>
    double Evaluate(IReadOnlyList<double> x);

    /// <summary>The gradient of the attributed output at <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> has the wrong length or a NaN or infinite entry.</exception>
    double[] Gradient(IReadOnlyList<double> x);

    /// <summary>The attributed output at every row of <paramref name="points"/> (<c>[B, n]</c>).</summary>
    /// <exception cref="ArgumentException">The rows are not n wide, or an entry is NaN or infinite.</exception>
    double[] EvaluateBatch(double[,] points);

    /// <summary>The gradient of the attributed output at every row of <paramref name="points"/>: <c>[B, n]</c>.</summary>
    /// <exception cref="ArgumentException">The rows are not n wide, or an entry is NaN or infinite.</exception>
    double[,] Gradients(double[,] points);
}
