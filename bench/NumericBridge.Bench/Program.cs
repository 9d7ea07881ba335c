// Exact-line IG against Riemann IG on full-size piecewise-linear models (issue 6), in one process:
//   1. an MNIST-size MLP 784 -> 100 -> 100 -> 100 -> 10 (relu) with random He-scaled weights k/1024;
//   2. a small CNN on 3 x 32 x 32: conv 3->8 3x3, relu, conv 8->8 3x3, relu, maxpool 2, dense 1568->32, relu, dense 32->10.
// Output 0 is attributed along the straight path from the zero baseline to a random input in [0, 1]^n. Reported: the
// number of pieces of exact-line IG; median wall times (after a warm-up) of exact-line IG and of 50- and 300-step left
// and middle Riemann IG, with ratios; Riemann's largest error against exact-line IG at 20, 50 and 300 steps, as
// max_i |A_i - E_i| / max_j |E_j| (normwise) and max_i |A_i - E_i| / |E_i| (per feature).
//
//   dotnet run -c Release --project bench/NumericBridge.Bench [-- --seed 1 --repeats 7 --models mlp,cnn]
using System.Diagnostics;
using Verifier.NumericBridge;
using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

int seed = 1, repeats = 7;
var models = new HashSet<string> { "mlp", "cnn" };
for (int k = 0; k < args.Length; k++)
{
    switch (args[k])
    {
        case "--seed": seed = int.Parse(args[++k]); break;
        case "--repeats": repeats = int.Parse(args[++k]); break;
        case "--models": models = [.. args[++k].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]; break;
        default: Console.Error.WriteLine($"unknown option {args[k]}; options: --seed N --repeats N --models mlp,cnn"); return 2;
    }
}

TorchRuntime.EnsureInitialized();
Console.WriteLine($"TorchSharp on the CPU: {Environment.ProcessorCount} logical cores, torch threads {TorchSharp.torch.get_num_threads()}; seed {seed}, median of {repeats} runs after one warm-up");

// ---- 1. MLP ----
var rng = new Random(seed);
var net = RandomModels.Mlp(rng, [784, 100, 100, 100, 10]);
var x = Enumerable.Range(0, 784).Select(_ => rng.NextDouble()).ToArray();
var x0 = new double[784];
if (models.Contains("mlp"))
{
    using var model = TorchModel.FromNetwork(net, NumericPrecision.Float64);
    Report("MLP 784 -> 100 -> 100 -> 100 -> 10 (relu), float64",
        () => NumericAttribute.ExactLineIntegratedGradients(model, x, x0),
        (rule, steps) => NumericAttribute.IntegratedGradients(model, x, x0, new NumericIgOptions { Rule = rule, Steps = steps }),
        repeats);
}

// ---- 2. CNN ----
var crng = new Random(seed);
if (models.Contains("cnn"))
{
    using var cnn = ConvModel.Random(crng, channels: 3, side: 32, convChannels: 8, hidden: 32, classes: 10);
    var cx = Enumerable.Range(0, cnn.Inputs).Select(_ => crng.NextDouble()).ToArray();
    var cx0 = new double[cnn.Inputs];
    Report("CNN 3x32x32: conv 3->8 3x3, relu, conv 8->8 3x3, relu, maxpool 2, dense 1568->32, relu, dense 32->10, float64",
        () => cnn.ExactLineIntegratedGradients(cx, cx0),
        (rule, steps) => cnn.IntegratedGradients(cx, cx0, new NumericIgOptions { Rule = rule, Steps = steps }),
        repeats);
}
return 0;

static void Report(string title, Func<NumericAttribution> exactLine, Func<QuadratureRule, int, NumericAttribution> riemann, int repeats)
{
    Console.WriteLine();
    Console.WriteLine(title);
    var exact = exactLine();
    Console.WriteLine($"  F(x) = {exact.FInput:G6}, F(0) = {exact.FBaseline:G6}; exact-line IG: {exact.Evaluations} pieces, completeness delta {exact.CompletenessDelta:E2}");
    double tExact = Median(exactLine, repeats);
    Console.WriteLine($"  time  exact-line {Ms(tExact)}");
    foreach (var rule in new[] { QuadratureRule.Left, QuadratureRule.Middle })
        foreach (int steps in new[] { 50, 300 })
        {
            double t = Median(() => riemann(rule, steps), repeats);
            Console.WriteLine($"  time  {rule.ToString().ToLowerInvariant(),-6} {steps,3} steps {Ms(t)}   exact-line / this = {tExact / t:F2}");
        }
    double scale = exact.Attributions.Max(Math.Abs);
    foreach (var rule in new[] { QuadratureRule.Left, QuadratureRule.Middle })
        foreach (int steps in new[] { 20, 50, 300 })
        {
            var r = riemann(rule, steps);
            double worst = 0, worstFeature = 0;
            for (int i = 0; i < r.Attributions.Length; i++)
            {
                double e = Math.Abs(r.Attributions[i] - exact.Attributions[i]);
                worst = Math.Max(worst, e / scale);
                if (exact.Attributions[i] != 0) worstFeature = Math.Max(worstFeature, e / Math.Abs(exact.Attributions[i]));
            }
            Console.WriteLine($"  error {rule.ToString().ToLowerInvariant(),-6} {steps,3} steps: normwise {worst:E2}, per feature {worstFeature:E2}, completeness delta {r.CompletenessDelta:E2}");
        }
}

static double Median(Func<NumericAttribution> run, int repeats)
{
    run(); // warm-up
    var times = new double[repeats];
    for (int k = 0; k < repeats; k++)
    {
        var clock = Stopwatch.StartNew();
        run();
        times[k] = clock.Elapsed.TotalMilliseconds;
    }
    Array.Sort(times);
    return repeats % 2 == 1 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
}

static string Ms(double ms) => $"{ms,9:F1} ms";
