// Measured convergence orders of the IG quadrature rules (issue 6, acceptance: "the quadrature rules converge at the
// expected orders (report the fitted slopes)"), in one process:
//   1. N random rational relu networks 4 -> 8 -> 8 -> 1 (RandomNetworks, seeds S..S+N-1, the networks of ExactLineTests
//      for S = 1), a random rational input and baseline each; the reference is the exact rational IG;
//   2. M random smooth closed-form functions of 2-4 variables (sigmoid, tanh, exp of affine forms, monomials); the
//      reference is the exact symbolic IG (closed forms, enclosed to width 1e-20), checked against 2048-node Gauss-Legendre.
// For each rule and steps n = 4, 8, ..., 1024 (float64 TorchModel): error(n) = max_i |A_i - E_i| / max_j |E_j|; the fitted
// order is minus the least-squares slope of log error against log n, over the points above 1e-13 (rounding level; those
// are skipped and counted). Reported per rule: median and 10th-90th percentile of the order, and how many cases were
// integrated to rounding level at every n. Gauss-Legendre on smooth functions converges exponentially: reported is the
// smallest n (of 1..64) from which its error stays at or below 1e-12.
//
//   dotnet run -c Release --project bench/Convergence.Bench [-- --networks 100 --functions 100 --seed 1 --threads 1]
using System.Diagnostics;
using Verifier.Convergence.Bench;
using Verifier.NumericBridge;
using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Attribute = Verifier.PathMethods.Methods.Attribute;

int networks = 100, functions = 100, seed = 1, threads = 1;
for (int k = 0; k < args.Length; k++)
{
    switch (args[k])
    {
        case "--networks": networks = int.Parse(args[++k]); break;
        case "--functions": functions = int.Parse(args[++k]); break;
        case "--seed": seed = int.Parse(args[++k]); break;
        case "--threads": threads = int.Parse(args[++k]); break;
        default: Console.Error.WriteLine($"unknown option {args[k]}; options: --networks N --functions M --seed S --threads T"); return 2;
    }
}
if (networks < 1 || functions < 1 || threads < 1) { Console.Error.WriteLine("--networks, --functions and --threads must be at least 1"); return 2; }

QuadratureRule[] rules = [QuadratureRule.Left, QuadratureRule.Right, QuadratureRule.Middle, QuadratureRule.Trapezoid, QuadratureRule.CaptumTrapezoid, QuadratureRule.GaussLegendre];
int[] sweep = [.. Enumerable.Range(2, 9).Select(e => 1 << e)]; // 4 .. 1024
const double floor = ConvergenceOrder.RoundingLevel;
var tiny = new Rational(1, System.Numerics.BigInteger.Pow(10, 20));

TorchRuntime.EnsureInitialized();
// The tensors are tiny (at most 512 x 8): one intra-op thread avoids thread hand-offs, and on a shared 2-core machine
// runs about 3-10 times faster than two.
TorchSharp.torch.set_num_threads(threads);
Console.WriteLine($"TorchSharp on the CPU: {Environment.ProcessorCount} logical cores, torch threads {TorchSharp.torch.get_num_threads()}; float64; seed {seed}");
Console.WriteLine($"steps n = {string.Join(", ", sweep)}; error = max_i |A_i - E_i| / max_j |E_j|; order = -slope of log error on log n, points <= {floor:0E+00} skipped");
var total = Stopwatch.StartNew();

// ---- 1. relu networks against the exact rational IG ----
var clock = Stopwatch.StartNew();
var netErrors = rules.ToDictionary(r => r, _ => new List<double[]>());
int linear = 0, zero = 0;
var pieceCounts = new List<double>();
for (int k = 0; k < networks; k++)
{
    var rng = new Random(seed + k);
    var net = RandomNetworks.Create(rng, [4, 8, 8, 1]);
    Rational[] x = RandomNetworks.Point(rng, 4), x0 = RandomNetworks.Point(rng, 4);
    var exact = Attribute.IntegratedGradients(net, x, x0);
    var e = exact.Attributions.Select(a => a.Rational!.Value.ToDouble()).ToArray();
    if (exact.Pieces is { } pieces) { pieceCounts.Add(pieces.Count - 1); if (pieces.Count <= 2) linear++; }
    if (e.All(v => v == 0)) zero++;
    using var model = TorchModel.FromNetwork(net, NumericPrecision.Float64);
    foreach (var rule in rules) netErrors[rule].Add(ConvergenceOrder.Errors(model, D(x), D(x0), e, rule, sweep));
}
Console.WriteLine();
Console.WriteLine($"1. {networks} random relu networks 4 -> 8 -> 8 -> 1 (seeds {seed}..{seed + networks - 1}), reference: exact rational IG  [{clock.Elapsed.TotalSeconds:F1} s]");
Console.WriteLine($"   pieces of F along the path: median {ConvergenceOrder.Quantile(pieceCounts, 0.5):F0}, max {pieceCounts.Max():F0}; " +
                  $"{linear} networks are linear along the path (one piece: the integrand is constant), {zero} have IG = 0");
Console.WriteLine("   Expected: the integrand t -> dF/dx_i(x' + t (x - x')) is piecewise constant with jumps, so every rule is first order.");
Header();
foreach (var rule in rules) Row(rule, "1", netErrors[rule]);

// ---- 2. smooth functions against 2048-node Gauss-Legendre ----
clock.Restart();
var smoothErrors = rules.ToDictionary(r => r, _ => new List<double[]>());
var glFine = new List<double[]>();
int[] fine = [.. Enumerable.Range(1, 64)];
int exactReferences = 0, fallbacks = 0;
double glVersusExact = 0, referenceDrift = 0;
var frng = new Random(seed);
var examples = new List<string>();
for (int k = 0; k < functions; k++)
{
    var c = SmoothFunctions.Create(frng);
    if (examples.Count < 3) examples.Add($"{c.Text} on [{string.Join(", ", c.Baseline)}] -> [{string.Join(", ", c.Input)}]");
    var f = ExprParser.Parse(c.Text);
    using var model = TorchModel.FromExpression(f, c.Dimension, NumericPrecision.Float64);
    double[] x = D(c.Input), x0 = D(c.Baseline);
    var gl = NumericAttribute.IntegratedGradients(model, x, x0, new NumericIgOptions { Rule = QuadratureRule.GaussLegendre, Steps = 2048 }).Attributions;
    var half = NumericAttribute.IntegratedGradients(model, x, x0, new NumericIgOptions { Rule = QuadratureRule.GaussLegendre, Steps = 1024 }).Attributions;
    referenceDrift = Math.Max(referenceDrift, ConvergenceOrder.RelativeError(half, gl));
    // The exact route: each attribution a closed form, enclosed with arbitrary precision to width 1e-20 and rounded to
    // float64 (the exact value to within an ulp); where one has no closed form, 2048-node Gauss-Legendre is the reference.
    var exact = Attribute.IntegratedGradients(f, c.Input, c.Baseline).Attributions;
    var reference = gl;
    if (exact.All(a => a.IsExact))
    {
        reference = [.. exact.Select(a => a.Rational?.ToDouble() ?? a.ClosedForm!.EncloseToWidth(tiny).Mid.ToDouble())];
        glVersusExact = Math.Max(glVersusExact, ConvergenceOrder.RelativeError(gl, reference));
        exactReferences++;
    }
    else fallbacks++;
    foreach (var rule in rules) smoothErrors[rule].Add(ConvergenceOrder.Errors(model, x, x0, reference, rule, sweep));
    glFine.Add(ConvergenceOrder.Errors(model, x, x0, reference, QuadratureRule.GaussLegendre, fine));
}
Console.WriteLine();
Console.WriteLine($"2. {functions} random smooth functions of 2-4 variables (seed {seed}), reference: the exact symbolic IG  [{clock.Elapsed.TotalSeconds:F1} s]");
foreach (var example in examples) Console.WriteLine($"   e.g. {example}");
Console.WriteLine($"   reference: the exact closed forms (enclosed to width 1e-20, rounded to float64) for {exactReferences} functions, 2048-node Gauss-Legendre for {fallbacks};");
Console.WriteLine($"   check: 2048-node Gauss-Legendre is within {glVersusExact:0.0E+00} of the closed forms, 1024 and 2048 nodes within {referenceDrift:0.0E+00} (relative).");
Console.WriteLine("   Expected: left/right 1 (error (g(0) - g(1)) / 2n); middle, trapezoid 2; captum-trapezoid 1: it is (n-1)/n times the trapezoid");
Console.WriteLine("   rule with n-1 intervals, so its error is -A_i/n + O(1/n^2) and n * error -> 1 exactly; Gauss-Legendre spectral.");
Header();
foreach (var rule in rules.Where(r => r != QuadratureRule.GaussLegendre))
    Row(rule, rule switch { QuadratureRule.Middle or QuadratureRule.Trapezoid => "2", _ => "1" }, smoothErrors[rule]);
foreach (var rule in new[] { QuadratureRule.Trapezoid, QuadratureRule.CaptumTrapezoid })
{
    var byIntervals = smoothErrors[rule].Select(e => ConvergenceOrder.Fit([.. sweep.Select(n => n - 1)], e).Order).OfType<double>().ToArray();
    Console.WriteLine($"   {Name(rule)} fitted against log(n - 1), its number of intervals: median {ConvergenceOrder.Quantile(byIntervals, 0.5):F2}, 10th-90th percentile {ConvergenceOrder.Quantile(byIntervals, 0.1):F2}-{ConvergenceOrder.Quantile(byIntervals, 0.9):F2}");
}
var captum = smoothErrors[QuadratureRule.CaptumTrapezoid].Select(e => e[^1] * sweep[^1]).ToArray();
Console.WriteLine($"   captum-trapezoid n * error at n = {sweep[^1]}: median {ConvergenceOrder.Quantile(captum, 0.5):F4}, range [{captum.Min():F4}, {captum.Max():F4}]");
var reach = glFine.Select(e => Reach(e, fine, 1e-12)).ToArray();
var reached = reach.Where(n => n is not null).Select(n => (double)n!.Value).ToArray();
Console.WriteLine($"   gausslegendre: error <= 1e-12 from n = {Summary(reached)} (median, 10th-90th percentile, max) " +
                  $"in {reached.Length} of {functions}; error at n = 4, 8, 16, 32: median " +
                  string.Join(", ", new[] { 4, 8, 16, 32 }.Select(n => $"{ConvergenceOrder.Quantile(glFine.Select(e => e[n - 1]), 0.5):0.0E+00}")));
Console.WriteLine();
Console.WriteLine($"total {total.Elapsed.TotalSeconds:F1} s");
return 0;

static double[] D(IEnumerable<Rational> r) => [.. r.Select(v => v.ToDouble())];

static void Header() =>
    Console.WriteLine($"   {"rule",-17} {"expected",8} {"median",7} {"p10",6} {"p90",6} {"min",6} {"max",6} {"fitted",7} {"rounding-level",15} {"points skipped",15} {"median error n=1024",20}");

void Row(QuadratureRule rule, string expected, List<double[]> errors)
{
    var fits = errors.Select(e => ConvergenceOrder.Fit(sweep, e)).ToArray();
    var orders = fits.Where(f => f.Order is not null).Select(f => f.Order!.Value).ToArray();
    int allRounding = errors.Count(e => e.All(v => v <= floor));
    int skipped = fits.Sum(f => f.Skipped);
    string stats = orders.Length == 0 ? $"{"-",7} {"-",6} {"-",6} {"-",6} {"-",6}"
        : $"{ConvergenceOrder.Quantile(orders, 0.5),7:F2} {ConvergenceOrder.Quantile(orders, 0.1),6:F2} {ConvergenceOrder.Quantile(orders, 0.9),6:F2} {orders.Min(),6:F2} {orders.Max(),6:F2}";
    Console.WriteLine($"   {Name(rule),-17} {expected,8} {stats} {orders.Length,7} {allRounding,15} {skipped,9} of {fits.Length * sweep.Length,3} {ConvergenceOrder.Quantile(errors.Select(e => e[^1]), 0.5),20:0.0E+00}");
}

static string Name(QuadratureRule rule) => rule switch
{
    QuadratureRule.CaptumTrapezoid => "captum-trapezoid",
    QuadratureRule.GaussLegendre => "gausslegendre",
    _ => rule.ToString().ToLowerInvariant(),
};

// The smallest n of the sweep from which every error is at or below the tolerance; null when the last one is above it.
static int? Reach(double[] errors, int[] steps, double tolerance)
{
    int? from = null;
    for (int k = steps.Length - 1; k >= 0 && errors[k] <= tolerance; k--) from = steps[k];
    return from;
}

static string Summary(double[] values) => values.Length == 0 ? "-"
    : $"{ConvergenceOrder.Quantile(values, 0.5):F0} ({ConvergenceOrder.Quantile(values, 0.1):F0}-{ConvergenceOrder.Quantile(values, 0.9):F0}), max {values.Max():F0}";
