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
            for (int k = 0; k < segments.Count; k++)
            {
                var (p0, p1) = segments[k];
                var breaks = Breakpoints(f, network, p0, p1);
                foreach (var b in breaks.Skip(1).SkipLast(1)) plot.Add.VerticalLine(k + b, 1, Colors.Gray, LinePattern.Dashed);
                if (k > 0) plot.Add.VerticalLine(k, 1, Colors.Black, LinePattern.Dotted);
                for (int i = 0; i < n; i++)
                {
                    var delta = (p1[i] - p0[i]).ToDouble();
                    for (int piece = 0; piece + 1 < breaks.Count; piece++)
                    {
                        var xs = new List<double>();
                        var ys = new List<double>();
                        double a = breaks[piece], b = breaks[piece + 1];
                        const int samples = 60;
                        for (int j = 0; j <= samples; j++)
                        {
                            // Strictly inside the piece, so that a jump at a breakpoint shows as a jump.
                            double s = a + (b - a) * (1e-6 + (1 - 2e-6) * j / samples);
                            var exact = p0.Select((v, q) => v + Rational.FromDouble(s) * (p1[q] - v)).ToArray();
                            var point = exact.Select(v => v.ToDouble()).ToArray();
                            xs.Add(k + s);
                            ys.Add(Gradient(point, exact)[i] * delta);
                        }
                        Line(i, xs, ys);
                    }
                }
            }
            plot.XLabel(segments.Count == 1 ? $"t ({path.Spec}; dashed: breakpoints)" : $"t, segment k on [k, k + 1] ({path.Spec}; dashed: breakpoints)");
        }
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        plot.YLabel("∂F/∂x_i(γ(t)) γ_i'(t)");
        plot.Title($"{r.Method}: integrand along the path (area = attribution)");
        plot.ShowLegend();
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
