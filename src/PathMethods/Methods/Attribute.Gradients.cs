using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

public static partial class Attribute
{
    /// <summary>
    /// The gradient dF/dx at x, exactly, under the kink <paramref name="convention"/> (default PyTorch's). The result's
    /// baseline is 0 (the command line's default), so its completeness gap is F(x) - F(0) - sum of the partials.
    /// </summary>
    /// <remarks>For an expression the partial derivatives are taken symbolically and evaluated exactly; for a network by
    /// exact back-propagation (<see cref="Network.Gradient"/>).</remarks>
    /// <exception cref="ArgumentException">F uses more variables than x has coordinates (a network: x does not have its
    /// input count).</exception>
    public static AttributionResult Gradient(Subject f, IReadOnlyList<Rational> input, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(input);
        var zero = new Rational[input.Count];
        return f.Network is { } net ? NetworkGradientCore(net, input, zero, convention, timesInput: false)
            : GradientCore(f, input, zero, convention, timesInput: false);
    }

    /// <summary>
    /// Gradient x input, generalised to a baseline: A_i = dF/dx_i(x) (x_i - x'_i); with the zero baseline it is the
    /// classic gradient x input.
    /// </summary>
    /// <remarks>Shrikumar et al. 2016; Ancona et al. 2018.</remarks>
    /// <exception cref="ArgumentException">The dimensions of x, x' and F do not match.</exception>
    public static AttributionResult GradientTimesInput(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return f.Network is { } net ? NetworkGradientCore(net, input, baseline, convention, timesInput: true)
            : GradientCore(f, input, baseline, convention, timesInput: true);
    }

    private static AttributionResult GradientCore(Subject subject, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention, bool timesInput)
    {
        CheckPoints(input, baseline);
        var f = FunctionOf(subject, input.Count);
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
