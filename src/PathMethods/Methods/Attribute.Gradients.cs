using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

public static partial class Attribute
{
    /// <summary>
    /// The gradient dF/dx at x, exactly, with the kink conventions of <paramref name="convention"/>. The result's baseline
    /// is 0 (the command line's default), so its completeness gap is F(x) - F(0) - sum of the partials.
    /// </summary>
    /// <exception cref="ArgumentException">F uses more variables than x has coordinates, or contains t.</exception>
    public static AttributionResult Gradient(Expr f, IReadOnlyList<Rational> input, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var zero = new Rational[input.Count];
        return GradientCore(f, input, zero, convention, timesInput: false);
    }

    /// <summary>
    /// Gradient x input, generalised to a baseline: A_i = dF/dx_i(x) (x_i - x'_i); with the zero baseline it is the
    /// classic gradient x input.
    /// </summary>
    /// <remarks>Shrikumar et al. 2016; Ancona et al. 2018.</remarks>
    /// <exception cref="ArgumentException">The dimensions of x, x' and F do not match, or F contains t.</exception>
    public static AttributionResult GradientTimesInput(Expr f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention = null) =>
        GradientCore(f, input, baseline, convention, timesInput: true);

    /// <summary>The exact gradient of a network at x, with the kink convention (default PyTorch's); baseline 0.</summary>
    /// <exception cref="ArgumentException">x does not have the network's input count.</exception>
    public static AttributionResult Gradient(Network network, IReadOnlyList<Rational> input, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return NetworkGradientCore(network, input, new Rational[input.Count], convention, timesInput: false);
    }

    /// <summary>Gradient x (input - baseline) of a network, exactly, with the kink convention (default PyTorch's).</summary>
    /// <exception cref="ArgumentException">x or x' does not have the network's input count.</exception>
    public static AttributionResult GradientTimesInput(Network network, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention = null) =>
        NetworkGradientCore(network, input, baseline, convention, timesInput: true);

    private static AttributionResult GradientCore(Expr f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention, bool timesInput)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckPoints(input, baseline);
        CheckFunction(f, input.Count);
        var partials = f.Gradient(input.Count, convention ?? KinkConvention.Default);
        var a = new ExactResult[input.Count];
        for (int i = 0; i < a.Length; i++)
        {
            var g = Evaluate.Exactly(partials[i], input);
            a[i] = timesInput ? ExactMath.Scale(g, input[i] - baseline[i]) : g;
        }
        var steps = new List<DerivationStep>
        {
            new("dF/dx_i", string.Join("; ", partials.Select((p, i) => $"dF/dx{i + 1} = {p}"))),
            new("value", (timesInput ? $"dF/dx_i(x) (x_i - x'_i) at x = {ExactMath.Point(input)}, x' = {ExactMath.Point(baseline)}: "
                                     : $"dF/dx_i at x = {ExactMath.Point(input)}: ") + ExactMath.Values(a)),
        };
        return new AttributionResult(timesInput ? "gradient-x-input" : "gradient", input.ToArray(), baseline.ToArray(), a,
            Evaluate.Exactly(f, input), Evaluate.Exactly(f, baseline), null, steps);
    }

    private static AttributionResult NetworkGradientCore(Network network, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention, bool timesInput)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckPoints(input, baseline);
        if (input.Count != network.Inputs)
            throw new ArgumentException($"the network has {network.Inputs} inputs but the input has {input.Count} coordinates");
        var g = network.Gradient(input, convention);
        var a = g.Select((gi, i) => ExactResult.FromRational(timesInput ? gi * (input[i] - baseline[i]) : gi)).ToArray();
        var steps = new List<DerivationStep> { new("value", $"gradient at x = {ExactMath.Point(input)}: {ExactMath.Point(g)}; attributions {ExactMath.Values(a)}") };
        return new AttributionResult(timesInput ? "gradient-x-input" : "gradient", input.ToArray(), baseline.ToArray(), a,
            ExactResult.FromRational(network.Evaluate(input)), ExactResult.FromRational(network.Evaluate(baseline)), null, steps);
    }
}
