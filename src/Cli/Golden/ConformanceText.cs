using System.Globalization;
using System.Text;
using Verifier.Axioms.Golden;
using Verifier.PathMethods.Methods;

namespace Verifier.Cli.Golden;

/// <summary>A conformance report for people (<c>--format text</c>): the summary, one row per query, the worst cases with
/// their exact values, and the step sweep.</summary>
internal static class ConformanceText
{
    public static string Write(ConformanceReport r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{r.Method} graded as {r.As}: {r.Queries} queries, {r.Passed} passed, {r.Failed} failed, {r.Errored} errored"
            + $"{(r.Skipped > 0 ? $", {r.Skipped} skipped" : "")} at tolerance {r.Tolerance.Describe()}");
        if (r.FailedConventionDependent > 0) sb.AppendLine($"{r.FailedConventionDependent} of the failures are on kink-dependent queries (the result depends on relu'(0) or a tie rule)");
        if (r.Rule is { } rule && r.Steps is { } n)
            sb.AppendLine($"quadrature: {QuadratureBound.Name(rule)} with n = {n}, bound {QuadratureBound.Formula(rule)} per feature; {r.OutsideBound} quer{(r.OutsideBound == 1 ? "y" : "ies")} outside tolerance + bound (defects, not discretisation)");
        sb.AppendLine();
        int width = Math.Max(8, r.Results.Max(x => x.Id.Length));
        sb.AppendLine($"{"query".PadRight(width)}  {"result",-8} {"max error",-10} {(r.Rule is null ? "" : "bound      ")}tags");
        foreach (var x in r.Results)
        {
            string status = x.Skipped ? "skipped" : x.Pass is null ? "ERRORED" : x.Pass == true ? "pass" : "FAIL";
            string error = x.MaxAbsError is { } e ? e.ToString("0.00E+00", CultureInfo.InvariantCulture) : "-";
            string bound = r.Rule is null ? "" : (x.QuadratureBound is { } b ? b.ToString("0.00E+00", CultureInfo.InvariantCulture) : "-").PadRight(11);
            sb.AppendLine($"{x.Id.PadRight(width)}  {status,-8} {error,-10} {bound}{string.Join(",", x.Tags)}");
        }
        sb.AppendLine();
        sb.AppendLine("worst cases:");
        foreach (var x in r.Worst(5))
            sb.AppendLine($"  {x.Id}: max error {x.MaxAbsError:G3}; exact [{string.Join(", ", x.Exact)}], numeric [{string.Join(", ", (x.Numeric ?? []).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]");
        foreach (var x in r.Results.Where(x => x.Error is not null && !x.Skipped).Take(5)) sb.AppendLine($"  {x.Id}: {x.Error}");
        if (r.Sweep is { } s)
        {
            sb.AppendLine();
            sb.AppendLine($"error against the step count (params.steps); median fitted order {(s.MedianOrder is { } p ? p.ToString("F2", CultureInfo.InvariantCulture) : "-")}"
                + (s.MedianOrderByTag.Count == 0 ? ":" : $" ({string.Join(", ", s.MedianOrderByTag.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value.ToString("F2", CultureInfo.InvariantCulture)}"))}):"));
            sb.AppendLine($"  {"n",6}  {"max error",-10} {"median*",-10} n x median relative error");
            for (int k = 0; k < s.Steps.Count; k++)
                sb.AppendLine($"  {s.Steps[k],6}  {s.MaxError[k],-10:0.00E+00} {s.MedianError[k],-10:0.00E+00} {s.MedianScaledRelativeError[k]:F4}");
            sb.AppendLine("  * the median of the errors above rounding (a rule exact on a query does not count)");
            if (s.MaxError.Distinct().Count() == 1) sb.AppendLine("  (the errors do not change with n: the method ignores params.steps)");
        }
        return sb.ToString();
    }
}
