using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

/// <summary>
/// A Monte Carlo estimate of attributions (explicitly approximate, in double): the mean of the samples per feature,
/// its standard error, and a 95% normal confidence interval mean +- 1.96 standard errors.
/// </summary>
/// <param name="Method">The method's name (e.g. <c>eg-sampled</c>).</param>
/// <param name="Input">The input x.</param>
/// <param name="Samples">The number of samples drawn.</param>
/// <param name="Seed">The seed of the <see cref="System.Random"/> that drew them; equal seeds give equal results.</param>
/// <param name="Mean">The sample mean per feature.</param>
/// <param name="StandardError">The sample standard deviation (n - 1 in the denominator) over sqrt(n), per feature.</param>
public sealed record SampledAttributionResult(
    string Method,
    IReadOnlyList<Rational> Input,
    int Samples,
    int Seed,
    IReadOnlyList<double> Mean,
    IReadOnlyList<double> StandardError)
{
    /// <summary>The lower ends of the 95% normal confidence intervals, mean - 1.96 SE.</summary>
    public IReadOnlyList<double> Lower { get; } = Mean.Zip(StandardError, (m, s) => m - 1.96 * s).ToArray();

    /// <summary>The upper ends of the 95% normal confidence intervals, mean + 1.96 SE.</summary>
    public IReadOnlyList<double> Upper { get; } = Mean.Zip(StandardError, (m, s) => m + 1.96 * s).ToArray();
}
