using System.Diagnostics;
using System.Globalization;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Restriction;

// Benchmark of the exact core (issue 2): exact restriction to a segment plus exact integration for
//  (a) random 4 -> 16 -> 16 -> 1 rational ReLU networks along random segments (ExactLine propagation), and
//  (b) 50 random polynomials of degree <= 4 in 3 variables along random segments.
// Each case is timed on its own (after a warm-up pass over all cases); the medians are reported.
// Usage: dotnet run -c Release --project bench/Symbolic.Bench [-- --networks N --polynomials M --seed S --repeat R]

var options = BenchOptions.Parse(args);
Console.WriteLine($"symbolic-bench: seed {options.Seed}, {options.Networks} networks, {options.Polynomials} polynomials, best of {options.Repeat} runs per case");
Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}");

var rng = new Random(options.Seed);
var networkCases = Enumerable.Range(0, options.Networks).Select(_ =>
    (Net: RandomNetworks.Create(rng, [4, 16, 16, 1]), P0: RandomPoint(rng, 4), P1: RandomPoint(rng, 4))).ToList();
var polynomialCases = Enumerable.Range(0, options.Polynomials).Select(_ =>
    (F: RandomPolynomial(rng, 3, 4), P0: RandomPoint(rng, 3), P1: RandomPoint(rng, 3))).ToList();

// (a) networks: ExactLine restriction + exact integral of the output along the segment.
var pieceCounts = new List<int>();
var networkTimes = TimeEach(networkCases, options.Repeat, c =>
{
    var g = Restrict.ToSegment(c.Net, c.P0, c.P1);
    var integral = g.Integrate();
    return (g.Pieces.Count, integral.IsExact);
}, pieceCounts);

// (a') the same segments through the ExactLine kernel alone: breakpoints and values, then the exact integral of
// the piecewise-affine output by the trapezoid rule on each piece (exact for affine pieces).
var kernelTimes = TimeEach(networkCases, options.Repeat, c =>
{
    var line = NetworkLine.Restrict(c.Net, c.P0, c.P1);
    _ = NetworkLine.IntegralOfOutput(line);
    return (line.Pieces, true);
}, null);

// (b) polynomials: restriction (substitution of the segment) + exact integral of the restriction and of the
// restricted directional derivative (which must equal F(p1) - F(p0)).
var polynomialTimes = TimeEach(polynomialCases, options.Repeat, c =>
{
    var g = Restrict.ToSegment(c.F, c.P0, c.P1);
    var area = g.Integrate();
    var directional = Ex.Sum(c.F.Gradient(3).Select((d, i) => Ex.Product(Ex.Const(c.P1[i] - c.P0[i]), d)));
    var ftc = Restrict.ToSegment(directional, c.P0, c.P1).Integrate();
    var expected = c.F.TryEvaluateRational(c.P1)!.Value - c.F.TryEvaluateRational(c.P0)!.Value;
    if (ftc.Rational != expected) throw new InvalidOperationException($"fundamental theorem failed for {c.F}");
    return (g.Pieces.Count, area.IsExact);
}, null);

Report("network 4-16-16-1 segment: restrict + integrate", networkTimes);
Console.WriteLine($"  pieces per segment: median {Median(pieceCounts.Select(x => (double)x).ToList()):0}, max {pieceCounts.Max()}");
Report("network 4-16-16-1 segment: ExactLine kernel + trapezoid integral", kernelTimes);
Report("polynomial (3 vars, deg <= 4): restrict + integrate + FTC check", polynomialTimes);
// (c) fast double evaluation of the networks' expression forms: tree walk against the compiled delegate.
{
    var exprs = networkCases.Take(20).Select(c => c.Net.ToExpr()).ToList();
    var compiled = exprs.Select(CompileDouble.Compile).ToList();
    var values = new double[] { 0, 0.3, -1.2, 0.7, 2.1 };
    const int Calls = 20_000;
    double sink = 0;
    long start = Stopwatch.GetTimestamp();
    foreach (var e in exprs) for (int k = 0; k < Calls; k++) { values[1] = k * 1e-4; sink += e.EvalDouble(values); }
    double treeNs = Stopwatch.GetElapsedTime(start).TotalNanoseconds / (exprs.Count * Calls);
    start = Stopwatch.GetTimestamp();
    foreach (var f in compiled) for (int k = 0; k < Calls; k++) { values[1] = k * 1e-4; sink -= f(values); }
    double compiledNs = Stopwatch.GetElapsedTime(start).TotalNanoseconds / (exprs.Count * Calls);
    Console.WriteLine($"double evaluation of a 4-16-16-1 network expression ({exprs.Average(e => e.NodeCount):0} nodes): " +
                      $"tree walk {treeNs:0} ns, compiled {compiledNs:0} ns, ratio {treeNs / compiledNs:0.0}x (check {Math.Abs(sink) < 1e-6})");
}
Console.WriteLine($"goal: network segment median under 1 ms -> {(Median(networkTimes) < 1.0 ? "met" : "NOT met")}");
return 0;

static List<double> TimeEach<T>(List<T> cases, int repeat, Func<T, (int Pieces, bool Exact)> work, List<int>? pieces)
{
    foreach (var c in cases) work(c); // warm-up (JIT, tiered compilation)
    var times = new List<double>(cases.Count);
    foreach (var c in cases)
    {
        double best = double.MaxValue;
        for (int r = 0; r < repeat; r++)
        {
            long start = Stopwatch.GetTimestamp();
            var (n, exact) = work(c);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            best = Math.Min(best, ms);
            if (!exact) throw new InvalidOperationException("expected an exact integral");
            if (r == 0) pieces?.Add(n);
        }
        times.Add(best);
    }
    return times;
}

static void Report(string name, List<double> ms)
{
    var sorted = ms.OrderBy(x => x).ToList();
    Console.WriteLine($"{name}: n = {ms.Count}, median {Median(sorted).ToString("0.000", CultureInfo.InvariantCulture)} ms, " +
                      $"p90 {sorted[(int)(0.9 * (sorted.Count - 1))].ToString("0.000", CultureInfo.InvariantCulture)} ms, " +
                      $"max {sorted[^1].ToString("0.000", CultureInfo.InvariantCulture)} ms");
}

static double Median(List<double> xs)
{
    var s = xs.OrderBy(x => x).ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}

static Rational[] RandomPoint(Random rng, int n) =>
    Enumerable.Range(0, n).Select(_ => new Rational(rng.Next(-8, 9), rng.Next(1, 5))).ToArray();

static Expr RandomPolynomial(Random rng, int variables, int maxDegree)
{
    var terms = new List<Expr>();
    int count = rng.Next(3, 9);
    for (int k = 0; k < count; k++)
    {
        var factors = new List<Expr> { Ex.Const(new Rational(rng.Next(-5, 6), rng.Next(1, 4))) };
        int degree = rng.Next(0, maxDegree + 1);
        for (int d = 0; d < degree; d++) factors.Add(Ex.Var(rng.Next(1, variables + 1)));
        terms.Add(Ex.Product(factors));
    }
    return Ex.Sum(terms);
}

internal sealed record BenchOptions(int Networks, int Polynomials, int Seed, int Repeat)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions(200, 50, 1, 3);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v : throw new ArgumentException($"'{s}' is not a positive integer");
            o = args[i] switch
            {
                "--networks" => o with { Networks = Int(Next()) },
                "--polynomials" => o with { Polynomials = Int(Next()) },
                "--seed" => o with { Seed = Int(Next()) },
                "--repeat" => o with { Repeat = Int(Next()) },
                _ => throw new ArgumentException($"unknown option '{args[i]}' (expected --networks, --polynomials, --seed, --repeat)"),
            };
        }
        return o;
    }
}
