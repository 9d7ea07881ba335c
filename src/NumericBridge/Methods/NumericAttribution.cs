namespace Verifier.NumericBridge.Methods;

/// <summary>Numeric attributions of one model to one input, with the completeness check.</summary>
/// <param name="Method">What computed them, e.g. <c>ig:trapezoid:64</c> or <c>ig:exact-line</c>.</param>
/// <param name="Attributions">A_1..A_n.</param>
/// <param name="FInput">F(x), in the model's precision.</param>
/// <param name="FBaseline">F(x'), in the model's precision.</param>
/// <param name="Evaluations">Gradient evaluations used (path points, or pieces for exact-line IG).</param>
public sealed record NumericAttribution(string Method, double[] Attributions, double FInput, double FBaseline, int Evaluations)
{
    /// <summary>Completeness delta: sum of the attributions minus (F(x) - F(x')); 0 for an exact method, up to rounding.</summary>
    public double CompletenessDelta => Attributions.Sum() - (FInput - FBaseline);
}

/// <summary>Options of <see cref="NumericAttribute.IntegratedGradients"/>.</summary>
public sealed record NumericIgOptions
{
    /// <summary>The quadrature rule; default <see cref="QuadratureRule.GaussLegendre"/>, as Captum's default.</summary>
    public QuadratureRule Rule { get; init; } = QuadratureRule.GaussLegendre;

    /// <summary>The number of path points (Captum's <c>n_steps</c>); default 50.</summary>
    public int Steps { get; init; } = 50;

    /// <summary>
    /// How many path points go through one forward and backward pass; null (the default) chooses from the available
    /// memory: as many as fit in a quarter of it, at most 4096 and at most the number of points
    /// (<see cref="Runtime.BatchSizing"/> states the policy). The batch size groups the points and does not change which
    /// are evaluated, so results agree across batch sizes up to the order of float64 summation.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>
    /// The largest number of pieces the exact-line scan (<see cref="NumericAttribute.ExactLineIntegratedGradients"/>,
    /// <see cref="Models.ConvModel.ExactLineIntegratedGradients"/>) may find; beyond it the scan stops with a
    /// <c>SymbolicLimitException</c> naming the limit, before the next split is allocated. Default
    /// <see cref="DefaultMaxPieces"/>, the same as the exact side's <c>ExactOptions.MaxPieces</c>.
    /// </summary>
    public int MaxPieces { get; init; } = DefaultMaxPieces;

    /// <summary>The default of <see cref="MaxPieces"/>: one million pieces.</summary>
    public const int DefaultMaxPieces = Verifier.Symbolic.Expressions.ExactOptions.DefaultMaxPieces;

    /// <summary>The defaults.</summary>
    public static readonly NumericIgOptions Default = new();

    /// <summary>The limit error of the exact-line scan.</summary>
    internal static Verifier.Symbolic.Expressions.SymbolicLimitException TooManyPieces(int maxPieces) =>
        new($"the exact-line scan of the segment has more than {maxPieces:N0} pieces, the limit (NumericIgOptions.MaxPieces, default " +
            $"{DefaultMaxPieces:N0}); raise it if the memory allows, or use a quadrature rule");
}

/// <summary>
/// A Monte Carlo estimate of attributions: the sample mean per feature, its standard error, and a 95% normal confidence
/// interval mean +- 1.96 standard errors.
/// </summary>
/// <param name="Method">What computed it, e.g. <c>eg-sampled</c>.</param>
/// <param name="Mean">The sample mean per feature.</param>
/// <param name="StandardError">The sample standard deviation (n - 1 in the denominator) over sqrt(n), per feature.</param>
/// <param name="Samples">The number of samples drawn.</param>
/// <param name="Seed">The seed of the <see cref="System.Random"/> that drew them; equal seeds give equal results.</param>
public sealed record NumericSampledAttribution(string Method, double[] Mean, double[] StandardError, int Samples, int Seed)
{
    /// <summary>The lower ends of the 95% normal confidence intervals, mean - 1.96 SE.</summary>
    public double[] Lower => [.. Mean.Select((m, i) => m - 1.96 * StandardError[i])];

    /// <summary>The upper ends of the 95% normal confidence intervals, mean + 1.96 SE.</summary>
    public double[] Upper => [.. Mean.Select((m, i) => m + 1.96 * StandardError[i])];
}
