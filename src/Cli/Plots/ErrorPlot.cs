using ScottPlot;

namespace Verifier.Cli.Plots;

/// <summary>The error of a numeric attribution against the exact one, against the number of steps (log-log), for
/// <c>verifier crosscheck --steps-sweep ... --plot FILE</c>.</summary>
internal static class ErrorPlot
{
    public static void Save(string file, int width, int height, string rule, IReadOnlyList<(int Steps, double Error)> points, double? order)
    {
        var plot = new Plot();
        var usable = points.Where(p => p.Error > 0).ToArray();
        if (usable.Length == 0) throw new UsageException("every error is 0 (the rule is exact here): nothing to draw on a log scale");
        var xs = usable.Select(p => Math.Log10(p.Steps)).ToArray();
        var ys = usable.Select(p => Math.Log10(p.Error)).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.LegendText = order is { } p ? $"{rule}: fitted order {p:F2}" : rule;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"{Math.Pow(10, v):G3}" };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"{Math.Pow(10, v):G2}" };
        plot.XLabel("steps (log scale)");
        plot.YLabel("max abs error against exact IG (log scale)");
        plot.Title("numeric IG against the exact attribution");
        plot.ShowLegend();
        PlotFile.Save(plot, file, width, height);
    }
}
