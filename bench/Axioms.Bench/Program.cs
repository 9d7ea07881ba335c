// Time to an implementation-invariance counterexample for DeepLIFT Rescale (issue 4): random ReLU networks with
// 8, 16, 32 and 64 hidden neurons; for each, z3 proves a function-preserving rewrite equivalent on a box and the exact
// DeepLIFT attributions of the two implementations are compared until they differ. Also: z3 equivalence proofs of a
// network and each of its rewrites, and the counterexample for a perturbed rewrite.
//
//   dotnet run -c Release --project bench/Axioms.Bench [-- --sizes 8,16,32,64 --seeds 5 --inputs 4]
using System.Diagnostics;
using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Smt;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

var sizes = new[] { 8, 16, 32, 64 };
int seeds = 5, inputs = 4;
for (int k = 0; k < args.Length; k++)
{
    switch (args[k])
    {
        case "--sizes": sizes = args[++k].Split(',').Select(int.Parse).ToArray(); break;
        case "--seeds": seeds = int.Parse(args[++k]); break;
        case "--inputs": inputs = int.Parse(args[++k]); break;
        default: Console.Error.WriteLine($"unknown option {args[k]}; options: --sizes 8,16,32,64 --seeds N --inputs N"); return 2;
    }
}

var box = InputBox.Uniform(inputs, new Rational(-2), new Rational(2));
var smt = SmtOptions.Default with { Timeout = TimeSpan.FromSeconds(60) };
Console.WriteLine($"DeepLIFT Rescale, implementation invariance: random networks {inputs} -> N relu -> N/2 maxpool(pairs) -> 1, box [-2, 2]^{inputs}, {seeds} seeds each");
Console.WriteLine("hidden  median s   max s   found  (each: z3 proves F == rewrite on the box, then exact attributions are compared)");
foreach (var n in sizes)
{
    var times = new List<double>();
    int found = 0;
    for (int s = 0; s < seeds; s++)
    {
        var net = WithMaxPool(new Random(1000 * n + s), inputs, n);
        var clock = Stopwatch.StartNew();
        var v = ImplementationInvarianceSearch.Run(BuiltInMethods.DeepLiftRescale, Subject.Of(net), null, box, null, smt, seed: s);
        times.Add(clock.Elapsed.TotalSeconds);
        if (v.Status == VerdictStatus.Violated) found++;
        else Console.Error.WriteLine($"  N={n} seed {s}: {v.StatusName} ({v.Reason})");
    }
    times.Sort();
    Console.WriteLine($"{n,6}  {times[times.Count / 2],8:F2}  {times[^1],6:F2}  {found}/{seeds}");
}

Console.WriteLine();
Console.WriteLine($"Equivalence proofs: a random {inputs}-24-1 network against each of its rewrites, and a perturbed rewrite");
var big = RandomNetworks.Create(new Random(24), [inputs, 24, 1]);
foreach (var r in NetworkRewrites.All(big))
{
    var eq = SmtQueries.Equivalent(Subject.Of(big), Subject.Of(r.Result), box, smt);
    Console.WriteLine($"  {eq.StatusName,-12} {eq.Smt.Seconds,6:F2} s  {r.Name}");
}
var perturbed = NetworkRewrites.Perturb(NetworkRewrites.Random(big, new Random(5)).Result, new Random(5));
if (perturbed is not null)
{
    var eq = SmtQueries.Equivalent(Subject.Of(big), Subject.Of(perturbed.Result), box, smt);
    Console.WriteLine($"  {eq.StatusName,-12} {eq.Smt.Seconds,6:F2} s  perturbed ({perturbed.Name}): x = ({string.Join(", ", eq.Counterexample ?? [])})");
}
return 0;

// dense inputs -> n, relu, max-pool over pairs (n -> n/2), dense n/2 -> 1, with small random rational weights.
static Network WithMaxPool(Random rng, int inputs, int n)
{
    var core = RandomNetworks.Create(rng, [inputs, n, n / 2]);
    var layers = core.Layers.ToList(); // dense, relu, dense(n -> n/2)
    layers.RemoveAt(layers.Count - 1);
    layers.Add(new MaxPoolLayer(Enumerable.Range(0, n / 2).Select(k => (IReadOnlyList<int>)[2 * k, 2 * k + 1]).ToArray()));
    var head = RandomNetworks.Create(rng, [n / 2, 1]);
    layers.AddRange(head.Layers);
    return new Network(inputs, layers);
}
