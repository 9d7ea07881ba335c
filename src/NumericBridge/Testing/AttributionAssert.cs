using System.Globalization;
using System.Text;
using Verifier.NumericBridge.Methods;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Testing;

/// <summary>
/// Assertions for unit tests of a numeric attribution implementation (ours, a library's, Captum's output read from a file)
/// against exact results. They throw <see cref="AttributionMismatchException"/>, which every test framework reports as a
/// failure, with a table of each feature's exact value, numeric value and error.
/// </summary>
/// <remarks>A feature passes when |numeric - exact| &lt;= absTol + relTol |exact| (as <c>numpy.isclose</c>); NaN never passes.</remarks>
public static class AttributionAssert
{
    /// <summary>Asserts that every numeric attribution is close to the exact rational one.</summary>
    /// <exception cref="ArgumentException">The lists differ in length, or a tolerance is negative or NaN.</exception>
    /// <exception cref="AttributionMismatchException">A feature is not within the tolerance.</exception>
    public static void Close(IReadOnlyList<Rational> exact, IReadOnlyList<double> numeric, double relTol, double absTol)
    {
        ArgumentNullException.ThrowIfNull(exact);
        Compare([.. exact.Select(e => (e.ToString(), e.ToDouble()))], numeric, relTol, absTol);
    }

    /// <summary>
    /// Asserts that every numeric attribution is close to the exact result's. A closed-form value that is not rational is
    /// compared through the midpoint of its certified enclosure (at most the enclosure's half-width, about 1e-12 by
    /// default, is then added to the error, so keep absTol above it).
    /// </summary>
    /// <exception cref="ArgumentException">The counts differ, or a tolerance is negative or NaN.</exception>
    /// <exception cref="AttributionMismatchException">A feature is not within the tolerance.</exception>
    public static void Close(AttributionResult exact, IReadOnlyList<double> numeric, double relTol, double absTol)
    {
        ArgumentNullException.ThrowIfNull(exact);
        Compare([.. exact.Attributions.Select(Describe)], numeric, relTol, absTol);
    }

    /// <summary>Asserts that <paramref name="numeric"/>'s attributions are close to the exact result's (see the other overloads).</summary>
    /// <exception cref="ArgumentException">The counts differ, or a tolerance is negative or NaN.</exception>
    /// <exception cref="AttributionMismatchException">A feature is not within the tolerance.</exception>
    public static void Close(AttributionResult exact, NumericAttribution numeric, double relTol, double absTol)
    {
        ArgumentNullException.ThrowIfNull(numeric);
        Close(exact, numeric.Attributions, relTol, absTol);
    }

    /// <summary>Asserts completeness: |sum_i A_i - (F(x) - F(x'))| &lt;= <paramref name="absTol"/>.</summary>
    /// <exception cref="ArgumentException">The tolerance is negative or NaN.</exception>
    /// <exception cref="AttributionMismatchException">The attributions do not add up to F(x) - F(x').</exception>
    public static void Complete(IReadOnlyList<double> attributions, double fInput, double fBaseline, double absTol)
    {
        ArgumentNullException.ThrowIfNull(attributions);
        CheckTolerance(absTol, nameof(absTol));
        double sum = attributions.Sum(), difference = fInput - fBaseline, delta = sum - difference;
        if (Math.Abs(delta) <= absTol) return;
        throw new AttributionMismatchException(string.Create(CultureInfo.InvariantCulture,
            $"attributions are not complete: sum A_i = {sum:R}, F(x) - F(x') = {fInput:R} - {fBaseline:R} = {difference:R}, delta {delta:R} exceeds {absTol:R}"));
    }

    /// <summary>Asserts completeness of a numeric attribution: |<see cref="NumericAttribution.CompletenessDelta"/>| &lt;= <paramref name="absTol"/>.</summary>
    /// <exception cref="ArgumentException">The tolerance is negative or NaN.</exception>
    /// <exception cref="AttributionMismatchException">The attributions do not add up to F(x) - F(x').</exception>
    public static void Complete(NumericAttribution numeric, double absTol)
    {
        ArgumentNullException.ThrowIfNull(numeric);
        Complete(numeric.Attributions, numeric.FInput, numeric.FBaseline, absTol);
    }

    private static (string Text, double Value) Describe(ExactResult r) =>
        r.Rational is { } q ? (q.ToString(), q.ToDouble())
            : (r.ClosedForm?.ToString() ?? "enclosure", (r.Enclosure.Lo + r.Enclosure.Hi) / 2);

    private static void Compare(IReadOnlyList<(string Text, double Value)> exact, IReadOnlyList<double> numeric, double relTol, double absTol)
    {
        ArgumentNullException.ThrowIfNull(numeric);
        CheckTolerance(relTol, nameof(relTol));
        CheckTolerance(absTol, nameof(absTol));
        if (exact.Count != numeric.Count)
            throw new ArgumentException($"{exact.Count} exact attributions but {numeric.Count} numeric ones", nameof(numeric));
        var rows = exact.Select((e, i) =>
        {
            double error = Math.Abs(numeric[i] - e.Value);
            return new FeatureComparison(i + 1, e.Text, e.Value, numeric[i], double.IsNaN(error) ? double.PositiveInfinity : error, absTol + relTol * Math.Abs(e.Value));
        }).ToArray();
        int failed = rows.Count(r => !r.Passed);
        if (failed == 0) return;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{failed} of {rows.Length} attributions differ from the exact values (allowed |numeric - exact| <= {absTol:G3} + {relTol:G3} |exact|):");
        int width = Math.Max(5, rows.Max(r => r.Exact.Length));
        text.AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"  {"",-8}{"exact".PadRight(width)}  {"numeric",-24}{"error",-12}");
        foreach (var r in rows)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture,
                $"  {"x" + r.Feature,-8}{r.Exact.PadRight(width)}  {r.Numeric.ToString("R", CultureInfo.InvariantCulture),-24}{r.Error.ToString("G3", CultureInfo.InvariantCulture),-12}{(r.Passed ? "ok" : "FAIL")}");
        }
        throw new AttributionMismatchException(text.ToString(), rows);
    }

    private static void CheckTolerance(double tolerance, string parameter)
    {
        if (!(tolerance >= 0)) throw new ArgumentException($"a tolerance must be non-negative, not {tolerance}", parameter);
    }
}
