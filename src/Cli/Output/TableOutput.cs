using System.Globalization;
using System.Text;
using Verifier.Axioms.Methods;
using Verifier.Symbolic.Expressions.Printing;
using Verifier.Symbolic.Integration;

namespace Verifier.Cli.Output;

/// <summary>The formats for people: <c>text</c> (aligned columns), <c>markdown</c> (a table) and <c>latex</c>
/// (a tabular with <see cref="LatexPrinter"/> values).</summary>
internal static class TableOutput
{
    private static readonly string[] Header = ["feature", "x", "x'", "attribution", "approx"];

    public static string Write(MethodOutcome outcome, string format, bool explain) => outcome switch
    {
        LayerOutcome layer => WriteLayer(layer, format),
        PatchOutcome patch => WritePatch(patch),
        AttributionOutcome a => WriteAttribution(a, format, explain),
        _ => throw new InvalidOperationException($"no table form for an outcome of type {outcome.GetType().Name}"),
    };

    private static string WriteAttribution(AttributionOutcome outcome, string format, bool explain)
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
        var title = $"method {r.Method}" + (outcome.PathLabel is { } p ? $", path {p}" : "") + (r.Exact ? ", exact" : ", NOT exact (enclosures)");
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
                if (explain)
                {
                    sb.AppendLine().AppendLine("**Derivation**").AppendLine();
                    foreach (var s in r.Derivation)
                    {
                        // One-line steps inline; multi-line ones (pieces of an integrand) as an indented code block.
                        if (!s.Text.Contains('\n')) { sb.AppendLine($"1. *{s.Title}*: `{s.Text}`"); continue; }
                        sb.AppendLine($"1. *{s.Title}*:").AppendLine().AppendLine("   ```text");
                        foreach (var line in s.Text.Split('\n')) sb.AppendLine("   " + line);
                        sb.AppendLine("   ```");
                    }
                }
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
                if (explain)
                {
                    sb.AppendLine(@"\paragraph{Derivation}");
                    sb.AppendLine(@"\begin{enumerate}");
                    foreach (var s in r.Derivation)
                        sb.AppendLine($@"  \item \textbf{{{TexEscape(s.Title)}}}: \texttt{{{string.Join(@"\\ ", s.Text.Split('\n').Select(TexEscape))}}}");
                    sb.AppendLine(@"\end{enumerate}");
                }
                break;
            default:
                sb.AppendLine(title);
                var all = new List<string[]> { Header };
                all.AddRange(rows);
                var widths = Enumerable.Range(0, Header.Length).Select(c => all.Max(row => row[c].Length)).ToArray();
                foreach (var row in all) sb.AppendLine(string.Join("  ", row.Select((c, k) => c.PadRight(widths[k]))).TrimEnd());
                foreach (var (name, v) in summary) sb.AppendLine($"{name} = {Values.Text(v)}");
                if (r.Pieces is { } tp) sb.AppendLine($"pieces (breakpoints in t): {string.Join(", ", tp)}");
                if (outcome.WaypointsCount is { } wc) sb.AppendLine($"waypoints: {wc}");
                if (explain) { sb.AppendLine("derivation:"); foreach (var s in r.Derivation) sb.AppendLine($"  {s.Title}: {s.Text}"); }
                break;
        }
        return sb.ToString();
    }

    // Plain text inside LaTeX: the ten special characters escaped.
    private static string TexEscape(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
            sb.Append(c switch
            {
                '\\' => @"\textbackslash{}",
                '{' or '}' or '$' or '&' or '#' or '_' or '%' => "\\" + c,
                '^' => @"\^{}",
                '~' => @"\~{}",
                _ => c.ToString(),
            });
        return sb.ToString();
    }

    // conductance without --neuron: one row per input feature, one column per neuron of the layer (the flows),
    // then the conductance of each neuron.
    private static string WriteLayer(LayerOutcome outcome, string format)
    {
        var c = outcome.Layer;
        int m = c.Neurons.Count;
        bool latex = format == "latex";
        string Num(Verifier.Symbolic.Numbers.Rational v) => latex ? "$" + LatexPrinter.Print(v) + "$" : v.ToString();
        var header = new[] { "feature", "x", "x'" }.Concat(Enumerable.Range(0, m).Select(j => latex ? $"neuron {j}" : $"n{j}")).Append("IG").ToArray();
        var rows = c.Flows.Select((row, i) => new[] { latex ? $"$x_{{{i + 1}}}$" : $"x{i + 1}", Num(c.Input[i]), Num(c.Baseline[i]) }
            .Concat(row.Select(Num)).Append(Num(c.InputGradients[i])).ToArray()).ToList();
        rows.Add(new[] { outcome.Method, "", "" }.Concat(c.Neurons.Select(Num)).Append(Num(c.Sum)).ToArray());
        var summary = new List<(string Name, Verifier.Symbolic.Numbers.Rational Value)>
        {
            ("F(x)", c.FInput), ("F(x')", c.FBaseline), ("sum", c.Sum), ("completeness gap", c.CompletenessGap),
        };
        var title = $"method {outcome.Method}, layer {c.Layer}, path {outcome.PathLabel}, exact (rows: features; columns: flows through each neuron)";
        var sb = new StringBuilder();
        switch (format)
        {
            case "markdown":
                sb.AppendLine($"**{title}**").AppendLine();
                sb.AppendLine("| " + string.Join(" | ", header) + " |");
                sb.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
                foreach (var row in rows) sb.AppendLine("| " + string.Join(" | ", row.Select(x => x.Length == 0 ? "" : "`" + x + "`")) + " |");
                sb.AppendLine();
                foreach (var (name, v) in summary) sb.AppendLine($"- {name} = `{v}`");
                sb.AppendLine($"- pieces (breakpoints in t): `{string.Join(", ", c.Pieces)}`");
                break;
            case "latex":
                sb.AppendLine($"% {title}");
                sb.AppendLine(@"\begin{tabular}{" + new string('l', header.Length) + "}");
                sb.AppendLine(string.Join(" & ", header.Select(h => h == "x" ? "$x$" : h == "x'" ? "$x'$" : h)) + @" \\ \hline");
                foreach (var row in rows) sb.AppendLine(string.Join(" & ", row) + @" \\");
                sb.AppendLine(@"\end{tabular}");
                sb.AppendLine();
                sb.AppendLine(@"\begin{align*}");
                sb.AppendLine(string.Join(@" \\" + "\n", summary.Select(s => $@"\text{{{s.Name}}} &= {LatexPrinter.Print(s.Value)}")));
                sb.AppendLine(@"\end{align*}");
                sb.AppendLine($"% pieces (breakpoints in t): {string.Join(", ", c.Pieces)}");
                break;
            default:
                sb.AppendLine(title);
                var all = new List<string[]> { header };
                all.AddRange(rows);
                var widths = Enumerable.Range(0, header.Length).Select(k => all.Max(row => row[k].Length)).ToArray();
                foreach (var row in all) sb.AppendLine(string.Join("  ", row.Select((x, k) => x.PadRight(widths[k]))).TrimEnd());
                foreach (var (name, v) in summary) sb.AppendLine($"{name} = {v}");
                sb.AppendLine($"pieces (breakpoints in t): {string.Join(", ", c.Pieces)}");
                break;
        }
        return sb.ToString();
    }

    // patch, in every format for people: the exact IG_{S,j} beside the paper's speedup.
    private static string WritePatch(PatchOutcome outcome)
    {
        var r = outcome.Patch;
        var sb = new StringBuilder();
        sb.AppendLine($"patch {{{string.Join(", ", r.Patch.Select(i => i + 1))}}} -> neuron {r.Neuron} of layer {r.Layer}");
        sb.AppendLine($"exact IG_S,j = {r.Exact}   (conductance of the neuron: {r.Conductance})");
        sb.AppendLine($"speedup with N = {r.Steps}: {(r.SpeedupExact?.ToString() ?? r.Speedup.ToString("R", CultureInfo.InvariantCulture))}, error {(r.ErrorExact?.ToString() ?? r.Error.ToString("R", CultureInfo.InvariantCulture))}");
        return sb.ToString();
    }

    private static string Cell(Verifier.Symbolic.Numbers.Rational v, string format) =>
        format == "latex" ? "$" + LatexPrinter.Print(v) + "$" : v.ToString();
}
