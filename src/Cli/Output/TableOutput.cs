using System.Globalization;
using System.Text;
using Verifier.Cli.Attribution;
using Verifier.Symbolic.Expressions.Printing;
using Verifier.Symbolic.Integration;

namespace Verifier.Cli.Output;

/// <summary>The formats for people: <c>text</c> (aligned columns), <c>markdown</c> (a table) and <c>latex</c>
/// (a tabular with <see cref="LatexPrinter"/> values).</summary>
internal static class TableOutput
{
    private static readonly string[] Header = ["feature", "x", "x'", "attribution", "approx"];

    public static string Write(QueryOutcome outcome, string format, bool explain)
    {
        var r = outcome.Result;
        var rows = r.Attributions.Select((a, i) => new[]
        {
            format == "latex" ? $"$x_{{{i + 1}}}$" : $"x{i + 1}",
            Cell(r.Input[i], format), Cell(r.Baseline[i], format),
            format == "latex" ? "$" + Values.Latex(a) + "$" : Values.Text(a),
            Values.Approx(a).ToString("G6", CultureInfo.InvariantCulture),
        }).ToList();
        var summary = new List<(string Name, ExactResult Value)>
        {
            ("F(x)", r.FInput), ("F(x')", r.FBaseline), ("sum", r.Sum), ("completeness gap", r.CompletenessGap),
        };
        var sb = new StringBuilder();
        var title = $"method {r.Method}" + (outcome.Path is { } p ? $", path {p}" : "") + (r.Exact ? ", exact" : ", NOT exact (enclosures)");
        switch (format)
        {
            case "markdown":
                sb.AppendLine($"**{title}**").AppendLine();
                sb.AppendLine("| " + string.Join(" | ", Header) + " |");
                sb.AppendLine("|" + string.Concat(Header.Select(_ => "---|")));
                foreach (var row in rows) sb.AppendLine("| " + string.Join(" | ", row.Select(c => "`" + c + "`")) + " |");
                sb.AppendLine();
                foreach (var (name, v) in summary) sb.AppendLine($"- {name} = `{Values.Text(v)}`");
                if (r.Pieces is { } mp) sb.AppendLine($"- pieces (breakpoints in t): `{string.Join(", ", mp)}`");
                if (explain) { sb.AppendLine().AppendLine("**Derivation**").AppendLine(); foreach (var s in r.Derivation) sb.AppendLine($"1. *{s.Title}*: `{s.Text}`"); }
                break;
            case "latex":
                sb.AppendLine($"% {title}");
                sb.AppendLine(@"\begin{tabular}{lllll}");
                sb.AppendLine(@"feature & $x$ & $x'$ & attribution & approx \\ \hline");
                foreach (var row in rows) sb.AppendLine(string.Join(" & ", row) + @" \\");
                sb.AppendLine(@"\end{tabular}");
                sb.AppendLine();
                sb.AppendLine(@"\begin{align*}");
                sb.AppendLine(string.Join(@" \\" + "\n", summary.Select(s => $@"\text{{{s.Name}}} &= {Values.Latex(s.Value)}")));
                sb.AppendLine(@"\end{align*}");
                if (r.Pieces is { } lp) sb.AppendLine($"% pieces (breakpoints in t): {string.Join(", ", lp)}");
                if (explain) foreach (var s in r.Derivation) sb.AppendLine($"% {s.Title}: {CliApp.OneLine(s.Text)}");
                break;
            default:
                sb.AppendLine(title);
                var all = new List<string[]> { Header };
                all.AddRange(rows);
                var widths = Enumerable.Range(0, Header.Length).Select(c => all.Max(row => row[c].Length)).ToArray();
                foreach (var row in all) sb.AppendLine(string.Join("  ", row.Select((c, k) => c.PadRight(widths[k]))).TrimEnd());
                foreach (var (name, v) in summary) sb.AppendLine($"{name} = {Values.Text(v)}");
                if (r.Pieces is { } tp) sb.AppendLine($"pieces (breakpoints in t): {string.Join(", ", tp)}");
                if (explain) { sb.AppendLine("derivation:"); foreach (var s in r.Derivation) sb.AppendLine($"  {s.Title}: {s.Text}"); }
                break;
        }
        return sb.ToString();
    }

    private static string Cell(Verifier.Symbolic.Numbers.Rational v, string format) =>
        format == "latex" ? "$" + LatexPrinter.Print(v) + "$" : v.ToString();
}
