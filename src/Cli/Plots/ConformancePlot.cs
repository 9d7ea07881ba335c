using ScottPlot;
using Verifier.Axioms.Golden;

namespace Verifier.Cli.Plots;

/// <summary>The errors of a conformance run (<c>verifier conformance --plot FILE</c>): against the step count (log-log, the
/// largest and the median error) when there is a sweep, else per query (log scale, failures marked).</summary>
internal static class ConformancePlot
{
    public static void Save(string file, int width, int height, ConformanceReport report)
    {
        var plot = new Plot();
        if (report.Sweep is { } s)
        {
            Line(plot, s.Steps, s.MaxError, "largest error");
            Line(plot, s.Steps, s.MedianError, s.MedianOrder is { } p ? $"median error (fitted order {p:F2})" : "median error");
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"{Math.Pow(10, v):G3}" };
            plot.XLabel("steps n (log scale)");
        }
        else
        {
            var errors = report.Results.Select((r, k) => (k, r)).Where(p => p.r.MaxAbsError > 0).ToArray();
            if (errors.Length == 0) throw new UsageException("every error is 0: nothing to draw on a log scale");
            foreach (var pass in new[] { true, false })
            {
                var part = errors.Where(p => p.r.Pass == pass).ToArray();
                if (part.Length == 0) continue;
                var points = plot.Add.ScatterPoints(part.Select(p => (double)p.k).ToArray(), part.Select(p => Math.Log10(p.r.MaxAbsError!.Value)).ToArray());
                points.MarkerSize = 7;
                points.LegendText = pass ? "pass" : "fail";
            }
            var tol = Math.Log10(Math.Max(report.Tolerance.Absolute.ToDouble(), 1e-300));
            plot.Add.HorizontalLine(tol).LegendText = "ABS";
            plot.XLabel("query (suite order)");
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"{Math.Pow(10, v):G2}" };
        plot.YLabel("max abs error against the exact result (log scale)");
        plot.Title($"{report.Method} graded as {report.As}");
        plot.ShowLegend();
        PlotFile.Save(plot, file, width, height);
    }

    private static void Line(Plot plot, IReadOnlyList<int> steps, IReadOnlyList<double> errors, string label)
    {
        var usable = steps.Zip(errors).Where(p => p.Second > 0 && double.IsFinite(p.Second)).ToArray();
        if (usable.Length == 0) return;
        var line = plot.Add.Scatter(usable.Select(p => Math.Log10(p.First)).ToArray(), usable.Select(p => Math.Log10(p.Second)).ToArray());
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.LegendText = label;
    }
}
