// Convergence of sampled KernelSHAP to baseline Shapley (issue 16, acceptance: "the sampled KernelSHAP error against the
// number of samples on 20 random networks with 8 features: the median fitted order, and the plot"), in one process:
//   20 random rational relu networks 8 -> 8 -> 8 -> 1 (RandomNetworks, seeds S..S+19), a random rational input and
//   baseline each; the reference is the exact rational baseline Shapley value (2^8 coalitions).
// For each network and sample size N = 16, 32, ..., 16384, sampled KernelSHAP (Attribute.KernelShapSampled: coalitions
// drawn by size with the Shapley kernel, weights = multiplicities, phi_0 and the sum imposed) is computed exactly for R
// seeds, paired and unpaired; its exact error against Shapley is converted to double only at the end:
//   error(N) = sqrt(mean over seeds of |phi_N - phi|^2) / |phi|   (relative root-mean-square error, Euclidean norms).
// The fitted order is minus the least-squares slope of log error against log N per network (Monte Carlo: 1/2 expected);
// reported: the median and 10th-90th percentiles over the networks, the median error per N, and a log-log plot.
//
//   dotnet run -c Release --project bench/KernelShap.Bench [-- --networks 20 --seeds 8 --seed 1 --plot docs/kernelshap-convergence.png]
using System.Diagnostics;
using ScottPlot;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Attribute = Verifier.PathMethods.Methods.Attribute;

int networks = 20, seeds = 8, seed = 1;
string plotFile = "docs/kernelshap-convergence.png";
for (int k = 0; k < args.Length; k++)
{
    switch (args[k])
    {
        case "--networks": networks = int.Parse(args[++k]); break;
        case "--seeds": seeds = int.Parse(args[++k]); break;
        case "--seed": seed = int.Parse(args[++k]); break;
        case "--plot": plotFile = args[++k]; break;
        default: Console.Error.WriteLine($"unknown option {args[k]}; options: --networks N --seeds R --seed S --plot FILE"); return 2;
    }
}
const int n = 8;
int[] sweep = [.. Enumerable.Range(4, 11).Select(e => 1 << e)]; // 16 .. 16384
var clock = Stopwatch.StartNew();
Console.WriteLine($"sampled KernelSHAP against exact baseline Shapley: {networks} random relu networks {n} -> 8 -> 8 -> 1 (seeds {seed}..{seed + networks - 1}), "
    + $"{seeds} sample seeds per size; error = relative RMS (Euclidean) over the seeds; order = -slope of log error on log N");
var errors = new Dictionary<bool, List<double[]>> { [true] = [], [false] = [] };
var coverage = new List<double[]>();
for (int k = 0; k < networks; k++)
{
    var rng = new Random(seed + k);
    var net = RandomNetworks.Create(rng, [n, 8, 8, 1]);
    Rational[] x = RandomNetworks.Point(rng, n), b = RandomNetworks.Point(rng, n);
    var exact = Attribute.BaselineShapley(net, x, b).Attributions.Select(a => a.Rational!.Value).ToArray();
    double norm = Math.Sqrt(exact.Sum(v => v.ToDouble() * v.ToDouble()));
    if (norm == 0) { Console.WriteLine($"  network {k + 1}: Shapley value 0, skipped"); continue; }
    foreach (bool paired in new[] { true, false })
    {
        var e = new double[sweep.Length];
        var seen = new double[sweep.Length];
        for (int j = 0; j < sweep.Length; j++)
        {
            double sum = 0;
            for (int r = 0; r < seeds; r++)
            {
                var fit = Attribute.KernelShapSampled(net, x, b, sweep[j], seed: 1000 * k + r, paired);
                // the exact error, converted to double at the end
                sum += fit.Attribution.Attributions.Select((a, i) => (a.Rational!.Value - exact[i]).ToDouble()).Sum(d => d * d);
                seen[j] += fit.Sample.Coalitions.Count / 254.0 / seeds;
            }
            e[j] = Math.Sqrt(sum / seeds) / norm;
        }
        errors[paired].Add(e);
        if (paired) coverage.Add(seen);
    }
}
Console.WriteLine($"  [{clock.Elapsed.TotalSeconds:F1} s]");
Console.WriteLine();
Console.WriteLine("N        median error (paired)  median error (unpaired)  coalitions seen (paired, of 254)");
for (int j = 0; j < sweep.Length; j++)
    Console.WriteLine($"{sweep[j],-8} {Median(errors[true].Select(e => e[j])),-22:E3} {Median(errors[false].Select(e => e[j])),-24:E3} {Median(coverage.Select(c => c[j])) * 254:F0}");
Console.WriteLine();
foreach (bool paired in new[] { true, false })
{
    var orders = errors[paired].Select(e => Order(sweep, e)).ToArray();
    Console.WriteLine($"{(paired ? "paired  " : "unpaired")}: fitted order median {Median(orders):F3}, 10th-90th percentile {Quantile(orders, 0.1):F3} .. {Quantile(orders, 0.9):F3} ({orders.Length} networks)");
}
Save(plotFile, sweep, errors);
Console.WriteLine($"plot: {plotFile}");
return 0;

// minus the least-squares slope of log error on log N (points with error 0 left out)
static double Order(int[] sweep, double[] e)
{
    var pts = sweep.Zip(e).Where(p => p.Second > 0).Select(p => (X: Math.Log(p.First), Y: Math.Log(p.Second))).ToArray();
    double mx = pts.Average(p => p.X), my = pts.Average(p => p.Y);
    return -pts.Sum(p => (p.X - mx) * (p.Y - my)) / pts.Sum(p => (p.X - mx) * (p.X - mx));
}

static double Median(IEnumerable<double> v) => Quantile([.. v], 0.5);

static double Quantile(double[] v, double q)
{
    var s = v.Order().ToArray();
    double pos = q * (s.Length - 1);
    int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
    return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

static void Save(string file, int[] sweep, Dictionary<bool, List<double[]>> errors)
{
    var plot = new Plot();
    var xs = sweep.Select(s => Math.Log10(s)).ToArray();
    foreach (var e in errors[true])
    {
        var thin = plot.Add.ScatterLine(xs, e.Select(Math.Log10).ToArray(), Colors.SteelBlue.WithAlpha(0.25));
        thin.LineWidth = 1;
    }
    foreach (bool paired in new[] { true, false })
    {
        var median = sweep.Select((_, j) => Math.Log10(Median(errors[paired].Select(e => e[j])))).ToArray();
        var line = plot.Add.Scatter(xs, median, paired ? Colors.SteelBlue : Colors.IndianRed);
        line.LineWidth = 3;
        line.MarkerSize = 7;
        line.LegendText = $"{(paired ? "paired" : "unpaired")}: median over networks, fitted order {Median(errors[paired].Select(e => Order(sweep, e))):F2}";
    }
    var reference = plot.Add.ScatterLine(new[] { xs[0], xs[^1] }, new[] { Math.Log10(Median(errors[false].Select(e => e[0]))), Math.Log10(Median(errors[false].Select(e => e[0]))) - 0.5 * (xs[^1] - xs[0]) }, Colors.Gray);
    reference.LinePattern = LinePattern.Dashed;
    reference.LegendText = "slope -1/2 (Monte Carlo)";
    plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"{Math.Pow(10, v):G3}" };
    plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"{Math.Pow(10, v):G2}" };
    plot.XLabel("coalitions drawn N (log scale)");
    plot.YLabel("relative RMS error against exact Shapley (log scale)");
    plot.Title("sampled KernelSHAP, 20 random relu networks with 8 features (thin: each network, paired)");
    plot.ShowLegend();
    var dir = Path.GetDirectoryName(file);
    if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
    plot.SavePng(file, 900, 560);
}
