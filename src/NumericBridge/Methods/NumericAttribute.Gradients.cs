using Verifier.NumericBridge.Models;

namespace Verifier.NumericBridge.Methods;

public static partial class NumericAttribute
{
    /// <summary>
    /// The gradient dF/dx at <paramref name="input"/>, as attributions. As for the exact
    /// <c>Verifier.PathMethods.Methods.Attribute.Gradient</c>, the baseline is 0, so
    /// <see cref="NumericAttribution.FBaseline"/> is F(0).
    /// </summary>
    /// <remarks>Simonyan, Vedaldi, Zisserman 2014 (saliency). Kinks take the model's convention (PyTorch's for networks).</remarks>
    /// <exception cref="ArgumentException"><paramref name="input"/> has the wrong length or a NaN or infinite entry.</exception>
    public static NumericAttribution Gradient(INumericModel model, IReadOnlyList<double> input)
    {
        ArgumentNullException.ThrowIfNull(model);
        var x = Point(model, input, nameof(input));
        var g = model.Gradient(x);
        var f = model.EvaluateBatch(Rows(x, new double[model.Inputs]));
        return new NumericAttribution("gradient", g, f[0], f[1], 1);
    }

    /// <summary>
    /// Gradient x input generalised to a baseline: A_i = (x_i - x'_i) dF/dx_i(x); with the zero baseline the classic
    /// gradient x input.
    /// </summary>
    /// <remarks>Shrikumar et al. 2016; Ancona et al. 2018.</remarks>
    /// <exception cref="ArgumentException">A point has the wrong length or a NaN or infinite entry.</exception>
    public static NumericAttribution GradientTimesInput(INumericModel model, IReadOnlyList<double> input, IReadOnlyList<double> baseline)
    {
        ArgumentNullException.ThrowIfNull(model);
        var x = Point(model, input, nameof(input));
        var x0 = Point(model, baseline, nameof(baseline));
        var g = model.Gradient(x);
        var f = model.EvaluateBatch(Rows(x, x0));
        return new NumericAttribution("gradient-x-input", Multiply(g, Difference(x, x0)), f[0], f[1], 1);
    }
}
