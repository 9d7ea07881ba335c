using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Search;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Golden;

/// <summary>
/// The conformance suite of <c>verifier golden --out DIR</c>: attribution queries (functions, networks, inputs, baselines,
/// methods, paths) whose exact results this toolkit computes, so that an implementation in any language can be tested
/// against ground truth; <c>verifier conformance</c> runs them through an external method, and <see cref="Conformance"/>
/// through one in process. Same seed, same suite.
/// </summary>
public static class GoldenSuite
{
    /// <summary>The suite's default seed.</summary>
    public const int DefaultSeed = 42;

    /// <summary>The suite's default number of random cases.</summary>
    public const int DefaultCases = 60;

    private static Rational[] Q(params string[] values) => values.Select(v => Rational.Parse(v)).ToArray();

    /// <summary>The cases: the worked examples of the source documents first, then seeded random cases, each asked for the
    /// methods whose registry entry puts them in the suite (<see cref="MethodDescriptor.Golden"/>), in registry order; the
    /// methods marked <see cref="GoldenMembership.Appended"/> after all the others, in a second pass over the same cases;
    /// then the convention cases (<see cref="ConventionCases"/>) and the peer cases (<see cref="PeerCases"/>). Every later
    /// addition is appended, so an earlier suite stays a byte-for-byte prefix.</summary>
    public static IReadOnlyList<GoldenCase> Cases(int seed, int randomCases, MethodRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var functionMethods = registry.All.Where(d => d.Golden is { Functions: true }).ToArray();
        var networkMethods = registry.All.Where(d => d.Golden is { Networks: true }).ToArray();
        var cases = new List<GoldenCase>
        {
            // Seed 004, Appendix C and E.1; the IG paper's saturated relu; CONTRACT's example.
            new() { Id = "seed004-appendix-c", Function = "x1*x2", Input = Q("1", "0"), Baseline = Q("0", "0"), Method = "path", Path = "polyline:0,1;1,1" },
            new() { Id = "seed004-appendix-e1", Function = "x1*x2^2", Input = Q("1", "1"), Baseline = Q("0", "0"), Method = "path", Path = "polyline:1,0;1,1;0,1;0,0" },
            new() { Id = "ig-saturated-relu-ig", Function = "1 - relu(1 - x1)", Input = Q("2"), Baseline = Q("0"), Method = "ig" },
            new() { Id = "ig-saturated-relu-gradient", Function = "1 - relu(1 - x1)", Input = Q("2"), Method = "gradient" },
            new() { Id = "contract-example", Function = "relu(x1 - 1) - relu(x2)", Input = Q("3", "1"), Baseline = Q("0", "0"), Method = "ig" },
            new() { Id = "staircase-symmetry", Function = "x1*x2", Input = Q("1", "1"), Baseline = Q("0", "0"), Method = "path", Path = "staircase:1,2" },
            new() { Id = "eg-two-baselines", Function = "x1*x2 + relu(x1 - x2)", Input = Q("2", "1"), Method = "eg", Baselines = [Q("0", "0"), Q("1", "-1")] },
            new() { Id = "sigmoid-closed-form", Function = "sigmoid(2*x1 + x2)", Input = Q("1", "1"), Baseline = Q("0", "0"), Method = "ig" },
        };
        var families = new[] { Family.Polynomial, Family.PiecewiseLinear, Family.Smooth };
        var gen = from n in Gen.Choose(1, 3)
                  from family in Gen.Elements(families.Append(Family.Network).Append(Family.Network).ToArray())
                  from f in SubjectGen.Of(family, n)
                  from x in SubjectGen.Point(n)
                  from b in SubjectGen.Point(n)
                  select (f, x, b);
        var sample = gen.Sample(randomCases, new Rnd((ulong)seed), 10);
        // Two passes over the same cases: the second asks the methods appended to the suite later
        // (GoldenMembership.Appended), so that the suite as it was before them stays a byte-for-byte prefix.
        for (int pass = 0; pass < 2 * sample.Length; pass++)
        {
            int k = pass % sample.Length;
            var (f, x, b) = sample[k];
            foreach (var method in (f.IsNetwork ? networkMethods : functionMethods).Where(d => d.Golden!.Appended == pass >= sample.Length))
            {
                cases.Add(new GoldenCase
                {
                    Id = $"random-{k + 1}-{method.Name}",
                    Function = f.Network is null ? f.Function!.ToString() : null,
                    Dim = f.Network is null ? f.Dimension : null,
                    Network = f.Network,
                    Input = x,
                    Baseline = method.Baseline is BaselineUse.None or BaselineUse.ZeroOnly ? null : b,
                    Method = method.Name,
                    Parameters = method.Golden!.Parameters,
                });
            }
        }
        cases.AddRange(ConventionCases.Concat(PeerCases).Where(c => registry.Find(c.Method) is not null));
        return cases;
    }

    /// <summary>
    /// Cases whose exact result depends on the kink convention (relu'(0) = 0 here), flagged <c>convention_dependent</c> in
    /// the harness: <c>kink-along-path</c>, IG of F = relu(3 x1 - x2) from 0 to (3, 9), whose path lies on the kink
    /// (IG = (0, 0) with relu'(0) = 0, (9/2, -9/2) with 1/2); <c>kink-at-input</c>, the gradient of relu(x1 - 1) at x1 = 1.
    /// </summary>
    public static IReadOnlyList<GoldenCase> ConventionCases { get; } =
    [
        new() { Id = "kink-along-path", Function = "relu(3*x1 - x2)", Input = Q("3", "9"), Baseline = Q("0", "0"), Method = "ig" },
        new() { Id = "kink-at-input", Function = "relu(x1 - 1)", Input = Q("1"), Method = "gradient" },
    ];

    /// <summary>
    /// Cases that pin down known defects of numeric implementations, each with the exact value a correct one gives:
    /// <c>float-accumulation-third</c>, baseline Shapley of F = x1 + x2 at x = (1/3, 0): 1/3 (an implementation that
    /// accumulates in float32, as Captum's <c>ShapleyValues</c> does, gives 0.33333334); <c>relu-after-maxpool</c>, DeepLIFT
    /// Rescale of F = relu(maxpool(x)) at x = 9/4 from x' = -3/4: 9/4 (Captum 0.6 and 0.7 drop the rescale multiplier of a
    /// ReLU fed directly by <c>nn.MaxPool1d</c> and give 3).
    /// </summary>
    public static IReadOnlyList<GoldenCase> PeerCases { get; } =
    [
        new() { Id = "float-accumulation-third", Function = "x1 + x2", Input = Q("1/3", "0"), Baseline = Q("0", "0"), Method = "shapley" },
        new()
        {
            Id = "relu-after-maxpool", Network = new Network(1, [new MaxPoolLayer([[0]]), new ReluLayer()]),
            Input = Q("9/4"), Baseline = Q("-3/4"), Method = "deeplift-rescale",
        },
    ];
}
