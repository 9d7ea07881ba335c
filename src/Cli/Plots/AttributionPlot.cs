using ScottPlot;
using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Restriction;

namespace Verifier.Cli.Plots;

/// <summary>
/// The plots of <c>verifier attribute --plot FILE</c> (PNG or SVG by the file's extension): the integrand
/// ∂F/∂x_i(γ) γ_i' of each feature along the path, with the breakpoints marked (its area is the attribution), or the
/// attributions as bars.
/// </summary>
internal static class AttributionPlot
{
    /// <summary>Renders and saves; the kind is <c>integrand</c> or <c>bars</c>.</summary>
    public static void Save(string file, string kind, int width, int height, AttributionResult result, Expr? f, Network? network,
        AttributionPath? path)
    {
        var plot = new Plot();
        if (kind == "bars") Bars(plot, result);
        else Integrand(plot, result, f, network, path ?? throw new UsageException($"--plot-kind integrand needs a path method (ig, path, eg); method '{result.Method}' has no path: use --plot-kind bars"));
        PlotFile.Save(plot, file, width, height);
    }

    private static void Bars(Plot plot, AttributionResult r)
    {
        var values = r.Attributions.Select(a => Output.Values.Approx(a)).ToArray();
        var bars = plot.Add.Bars(values);
        for (int i = 0; i < bars.Bars.Count; i++)
            bars.Bars[i].FillColor = values[i] >= 0 ? Colors.SteelBlue : Colors.IndianRed;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, values.Length).Select(i => (double)i).ToArray(),
            Enumerable.Range(1, values.Length).Select(i => $"x{i}").ToArray());
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        plot.Title($"{r.Method}: attributions (sum {Output.Values.Text(r.Sum)})");
        plot.YLabel("attribution");
    }

    // Segment k of a polyline occupies [k, k + 1] on the horizontal axis; a curve occupies [0, 1].
    private static void Integrand(Plot plot, AttributionResult r, Expr? f, Network? network, AttributionPath path)
    {
        int n = path.Dimension;
        var palette = new ScottPlot.Palettes.Category10();
        var partials = f is null ? null : Enumerable.Range(1, n).Select(i => f.Differentiate(i)).ToArray();
        double[] Gradient(double[] p, Rational[] exact) => network is not null
            ? network.Gradient(exact).Select(v => v.ToDouble()).ToArray()
            : partials!.Select(d => d.EvalAt(p)).ToArray();
        var labelled = new bool[n];
        void Line(int i, List<double> xs, List<double> ys)
        {
            if (xs.Count < 2) return;
            var s = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), palette.GetColor(i));
            s.LineWidth = 2;
            if (!labelled[i]) { s.LegendText = $"feature {i + 1}: A = {Output.Values.Text(r.Attributions[i])}"; labelled[i] = true; }
        }
        if (path is CurvePath curve)
        {
            var dGamma = curve.Gamma.Select(g => g.Differentiate(0)).ToArray();
            for (int i = 0; i < n; i++)
            {
                var xs = new List<double>();
                var ys = new List<double>();
                for (int k = 0; k <= 400; k++)
                {
                    var t = new Rational(k, 400);
                    var exact = curve.Gamma.Select(g => ((Constant)g.Substitute(new Dictionary<int, Expr> { [0] = Ex.Const(t) })).Value).ToArray();
                    var p = exact.Select(v => v.ToDouble()).ToArray();
                    xs.Add(t.ToDouble());
                    ys.Add(Gradient(p, exact)[i] * dGamma[i].EvalDouble([t.ToDouble()]));
                }
                Line(i, xs, ys);
            }
            plot.XLabel($"t ({path.Spec})");
        }
        else
        {
            var segments = ((SegmentPath)path).Segments.ToList();
            var drawn = new List<double>[n];
            var values = new List<double>[n];
            for (int i = 0; i < n; i++) { drawn[i] = []; values[i] = []; }
            int totalBreaks = 0;
            for (int k = 0; k < segments.Count; k++)
            {
                var (p0, p1) = segments[k];
                var breaks = Breakpoints(f, network, p0, p1);
                totalBreaks += breaks.Count - 2;
                if (breaks.Count - 2 <= MaxDrawnBreakpoints)
                    foreach (var b in breaks.Skip(1).SkipLast(1)) plot.Add.VerticalLine(k + b, 1, Colors.Gray, LinePattern.Dashed);
                if (k > 0) plot.Add.VerticalLine(k, 1, Colors.Black, LinePattern.Dotted);
                var delta = p0.Select((v, q) => (p1[q] - v).ToDouble()).ToArray();
                // A network's integrand is constant on each piece: one exact gradient at the midpoint. An expression's is
                // sampled strictly inside each piece (so that a jump at a breakpoint shows as a jump), fewer samples
                // when there are many pieces. One gradient serves every feature.
                int samples = network is not null ? 1 : Math.Max(2, Math.Min(60, 6000 / Math.Max(1, breaks.Count - 1)));
                for (int piece = 0; piece + 1 < breaks.Count; piece++)
                {
                    double a = breaks[piece], b = breaks[piece + 1];
                    for (int j = 0; j <= samples; j++)
                    {
                        double s = network is not null ? (j == 0 ? a : b) : a + (b - a) * (1e-6 + (1 - 2e-6) * j / samples);
                        if (network is null || j == 0)
                        {
                            double at = network is not null ? (a + b) / 2 : s;
                            var exact = p0.Select((v, q) => v + Rational.FromDouble(at) * (p1[q] - v)).ToArray();
                            var gradient = Gradient(exact.Select(v => v.ToDouble()).ToArray(), exact);
                            for (int i = 0; i < n; i++) values[i].Add(gradient[i] * delta[i]);
                        }
                        for (int i = 0; i < n; i++)
                        {
                            drawn[i].Add(k + s);
                            if (network is not null && j == 1) values[i].Add(values[i][^1]);
                        }
                    }
                }
            }
            for (int i = 0; i < n; i++)
            {
                var (xs, ys) = Decimate(drawn[i], values[i]);
                Line(i, xs, ys);
            }
            string marks = totalBreaks <= MaxDrawnBreakpoints ? "dashed: breakpoints" : $"{totalBreaks} breakpoints, too many to mark";
            plot.XLabel(segments.Count == 1 ? $"t ({path.Spec}; {marks})" : $"t, segment k on [k, k + 1] ({path.Spec}; {marks})");
        }
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        plot.YLabel("∂F/∂x_i(γ(t)) γ_i'(t)");
        plot.Title($"{r.Method}: integrand along the path (area = attribution)");
        plot.ShowLegend();
    }

    // The most breakpoints marked with their own line, and the most points drawn per feature (about one per pixel
    // column): beyond them a plot costs time without showing more.
    private const int MaxDrawnBreakpoints = 200;
    private const int MaxDrawnPoints = 4000;

    // At most MaxDrawnPoints points: where there are more, each of MaxDrawnPoints / 2 equal bins of the horizontal axis
    // keeps its lowest and highest value (drawn as a vertical stroke), so every value still lies on the drawing.
    private static (List<double> Xs, List<double> Ys) Decimate(List<double> xs, List<double> ys)
    {
        if (xs.Count <= MaxDrawnPoints) return (xs, ys);
        int bins = MaxDrawnPoints / 2;
        double lo = xs[0], width = Math.Max(xs[^1] - lo, double.Epsilon);
        var min = Enumerable.Repeat(double.PositiveInfinity, bins).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, bins).ToArray();
        for (int j = 0; j < xs.Count; j++)
        {
            int bin = Math.Clamp((int)((xs[j] - lo) / width * bins), 0, bins - 1);
            min[bin] = Math.Min(min[bin], ys[j]);
            max[bin] = Math.Max(max[bin], ys[j]);
        }
        var outX = new List<double>(MaxDrawnPoints);
        var outY = new List<double>(MaxDrawnPoints);
        for (int bin = 0; bin < bins; bin++)
        {
            if (double.IsPositiveInfinity(min[bin])) continue;
            double x = lo + (bin + 0.5) * width / bins;
            outX.Add(x); outY.Add(min[bin]);
            outX.Add(x); outY.Add(max[bin]);
        }
        return (outX, outY);
    }

    private static List<double> Breakpoints(Expr? f, Network? network, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1)
    {
        try
        {
            var pf = network is not null ? Restrict.ToSegment(network, p0, p1) : Restrict.ToSegment(f!, p0, p1);
            return pf.Breakpoints.Select(b => b.Approx).ToList();
        }
        catch (Exception e) when (e is RestrictionException or ArithmeticException or ArgumentException)
        {
            return [0, 1];
        }
    }
}
