using Verifier.NumericBridge.Models;

namespace Verifier.NumericBridge.Methods;

/// <summary>A least-squares convergence order: the order, and how many points of the sweep it used and skipped.</summary>
/// <param name="Order">p in error ~ C steps^-p; null when fewer than two points lie above the floor.</param>
/// <param name="Used">The number of points the line was fitted to.</param>
/// <param name="Skipped">The number of points at or below the floor (rounding level), left out of the fit.</param>
public sealed record ConvergenceFit(double? Order, int Used, int Skipped);

/// <summary>
/// Measured convergence orders of quadrature rules: the normwise relative error of an attribution against a reference,
/// and the order fitted to a sweep of step counts, for <c>bench/Convergence.Bench</c> and the tests.
/// </summary>
/// <remarks>
/// A rule of order p has error ~ C n^-p for n nodes, so log(error) is a line of slope -p in log(n); the order is minus
/// the least-squares slope of that line. Points at rounding level carry no information about p and are skipped.
/// </remarks>
public static class ConvergenceOrder
{
    /// <summary>
    /// The default floor, 1e-13: a normwise relative error at or below it is float64 rounding (a few hundred ulps from
    /// forming the path points and summing up to a thousand weighted gradients), not quadrature error.
    /// </summary>
    public const double RoundingLevel = 1e-13;

    /// <summary>
    /// The normwise relative error max_i |A_i - E_i| / max_j |E_j| of <paramref name="approximate"/> against
    /// <paramref name="reference"/>; the absolute error max_i |A_i - E_i| when every E_j is 0.
    /// </summary>
    /// <exception cref="ArgumentException">The two have different lengths.</exception>
    public static double RelativeError(IReadOnlyList<double> approximate, IReadOnlyList<double> reference)
    {
        ArgumentNullException.ThrowIfNull(approximate);
        ArgumentNullException.ThrowIfNull(reference);
        if (approximate.Count != reference.Count)
            throw new ArgumentException($"{approximate.Count} attributions against {reference.Count} reference values", nameof(approximate));
        double error = 0, scale = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            error = Math.Max(error, Math.Abs(approximate[i] - reference[i]));
            scale = Math.Max(scale, Math.Abs(reference[i]));
        }
        return scale == 0 ? error : error / scale;
    }

    /// <summary>
    /// The order p of error ~ C steps^-p: minus the least-squares slope of log(error) against log(steps), over the
    /// points whose error is above <paramref name="floor"/> (and finite).
    /// </summary>
    /// <param name="steps">The step counts (node counts) of the sweep, each at least 1.</param>
    /// <param name="errors">The error at each step count.</param>
    /// <param name="floor">Errors at or below it are rounding level and skipped; default <see cref="RoundingLevel"/>.</param>
    /// <exception cref="ArgumentException">The lists have different lengths, or a step count is below 1.</exception>
    public static ConvergenceFit Fit(IReadOnlyList<int> steps, IReadOnlyList<double> errors, double floor = RoundingLevel)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(errors);
        if (steps.Count != errors.Count) throw new ArgumentException($"{steps.Count} step counts against {errors.Count} errors", nameof(errors));
        var points = new List<(double X, double Y)>();
        for (int k = 0; k < steps.Count; k++)
        {
            if (steps[k] < 1) throw new ArgumentException($"step counts must be at least 1, not {steps[k]}", nameof(steps));
            if (errors[k] > floor && double.IsFinite(errors[k])) points.Add((Math.Log(steps[k]), Math.Log(errors[k])));
        }
        int skipped = steps.Count - points.Count;
        if (points.Count < 2) return new ConvergenceFit(null, points.Count, skipped);
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        double sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        if (sxx == 0) return new ConvergenceFit(null, points.Count, skipped);
        return new ConvergenceFit(-points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx, points.Count, skipped);
    }

    /// <summary>The errors of <paramref name="rule"/> against <paramref name="reference"/> for each of <paramref name="steps"/>.</summary>
    /// <remarks>Each entry is <see cref="RelativeError"/> of <see cref="NumericAttribute.IntegratedGradients"/> with that many steps.</remarks>
    public static double[] Errors(INumericModel model, IReadOnlyList<double> input, IReadOnlyList<double> baseline, IReadOnlyList<double> reference,
        QuadratureRule rule, IReadOnlyList<int> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var errors = new double[steps.Count];
        for (int k = 0; k < steps.Count; k++)
        {
            var numeric = NumericAttribute.IntegratedGradients(model, input, baseline, new NumericIgOptions { Rule = rule, Steps = steps[k] });
            errors[k] = RelativeError(numeric.Attributions, reference);
        }
        return errors;
    }

    /// <summary>The <paramref name="q"/>-quantile (0 &lt;= q &lt;= 1) of <paramref name="values"/>, linear between order statistics.</summary>
    /// <exception cref="ArgumentException">No values, or q outside [0, 1].</exception>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (q is < 0 or > 1 || double.IsNaN(q)) throw new ArgumentException($"q must lie in [0, 1], not {q}", nameof(q));
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no values", nameof(values));
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
