using Verifier.Axioms.Golden;
using Verifier.Axioms.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Golden;

/// <summary>The suite's cases in Axioms (so that a C# user can grade a method without the command line), its harness entries
/// (tags, convention flags, quadrature data), and the one convention-dependence function.</summary>
public class GoldenSuiteTests
{
    private static readonly IReadOnlyList<GoldenCase> Suite = GoldenSuite.Cases(GoldenSuite.DefaultSeed, GoldenSuite.DefaultCases, MethodRegistry.BuiltIn);

    [Theory]
    // lines of the suite recorded before the cases moved to Axioms (verifier golden at seed 42, commit 1e6874d)
    [InlineData(0, """{"id":"seed004-appendix-c","function":"x1*x2","input":["1","0"],"baseline":["0","0"],"method":"path","path":"polyline:0,1;1,1"}""")]
    [InlineData(3, """{"id":"ig-saturated-relu-gradient","function":"1 - relu(1 - x1)","input":["2"],"method":"gradient"}""")]
    [InlineData(6, """{"id":"eg-two-baselines","function":"x1*x2 + relu(x1 - x2)","input":["2","1"],"method":"eg","baselines":[["0","0"],["1","-1"]]}""")]
    [InlineData(8, """{"id":"random-1-ig","function":"relu(-4*x1 - 4)","dim":3,"input":["4","4/3","3"],"baseline":["-4","-1/2","1"],"method":"ig"}""")]
    [InlineData(10, """{"id":"random-1-gradient","function":"relu(-4*x1 - 4)","dim":3,"input":["4","4/3","3"],"method":"gradient"}""")]
    public void Cases_SeedDefault_QueryLinesUnchanged(int index, string line) => Assert.Equal(line, Suite[index].ToJsonLine());

    [Fact]
    public void Cases_SeedDefault_RandomCasesThenThePeerCases()
    {
        Assert.Equal(460, Suite.Count); // 314 before, 142 of the methods appended later (KernelSHAP, LIME), the two convention cases and the two peer cases
        Assert.Equal("random-60-kernelshap-sampled", Suite[^5].Id);
        Assert.Equal(["kink-along-path", "kink-at-input", "float-accumulation-third", "relu-after-maxpool"], Suite.TakeLast(4).Select(c => c.Id));
        Assert.Contains(Suite, c => c.Id == "random-59-lrp-epsilon" && c.ToJsonLine().EndsWith("\"method\":\"lrp-epsilon\",\"params\":{\"epsilon\":\"1/100\"}}"));
    }

    [Fact]
    public void PeerCases_ExactValues()
    {
        var third = Suite.Single(c => c.Id == "float-accumulation-third");
        var relu = Suite.Single(c => c.Id == "relu-after-maxpool");
        Assert.Equal(["1/3", "0"], Attributions(third));
        Assert.Equal(["9/4"], Attributions(relu));
        Assert.Equal("""{"id":"relu-after-maxpool","network":{"format":"verifier-network/1","inputs":1,"layers":[{"type":"maxpool","groups":[[0]]},{"type":"relu"}],"output":0},"input":["9/4"],"baseline":["-3/4"],"method":"deeplift-rescale"}""",
            relu.ToJsonLine());
    }

    private static string[] Attributions(GoldenCase c) =>
        ((AttributionOutcome)c.Run(MethodRegistry.BuiltIn)).Result.Attributions.Select(Exact.Format).ToArray();

    [Fact]
    public void Harness_EveryCase_TaggedWithItsFamily()
    {
        foreach (var c in Suite)
        {
            var info = GoldenHarness.Of(c, c.Run(MethodRegistry.BuiltIn), MethodRegistry.BuiltIn);
            Assert.Single(info.Tags, t => t is "smooth" or "piecewise-smooth" || (t == "piecewise-linear" && !info.Tags.Contains("network")) || t == "network");
            Assert.Equal(info.Convention.Dependent, info.Tags.Contains("kink-dependent"));
            Assert.Equal(c.Method == "ig", info.IntegrandVariation is not null);
        }
    }

    [Fact]
    public void Harness_Suite_KinkDependentAreTheConventionCases()
    {
        // At seed 42 no random case meets a kink set where it matters: the max-pool ties along paths there are between units
        // that are both off (equal gradients), which the tie rule cannot change.
        var infos = Suite.Select(c => GoldenHarness.Of(c, c.Run(MethodRegistry.BuiltIn), MethodRegistry.BuiltIn)).ToArray();
        Assert.Equal(["kink-along-path", "kink-at-input"], infos.Where(i => i.Convention.Dependent).Select(i => i.Id));
    }

    [Fact]
    public void ConventionDependence_ReluAlongTheWholePath_IgDependent()
    {
        // F = relu(3 x1 - x2), x = (3, 9), x' = 0: 3 x1 - x2 = 0 all along the path; IG is (0, 0) with relu'(0) = 0 and
        // (9/2, -9/2) with relu'(0) = 1/2 (the case crosscheck reported as max_rel_error 1.1E+300).
        var c = new GoldenCase { Id = "kink", Function = "relu(3*x1 - x2)", Input = Q("3", "9"), Baseline = Q("0", "0"), Method = "ig" };
        var info = GoldenHarness.Of(c, c.Run(MethodRegistry.BuiltIn), MethodRegistry.BuiltIn);

        Assert.True(info.Convention.Dependent);
        Assert.Equal("a unit sits on its kink where the method takes its derivative: with relu'(0) = 1/2 the result changes", info.Convention.Reason);
        Assert.StartsWith("relu'(0) = 0;", info.Convention.Convention);
        Assert.Contains("kink-dependent", info.Tags);
    }

    [Theory]
    [InlineData("relu(x1 - 1) - relu(x2)", "3,1", "ig", false)]    // crosses the kinks at isolated points only
    [InlineData("relu(x1 - 1)", "1", "gradient", true)]           // the input on the kink
    [InlineData("relu(x1 - 1)", "2", "gradient", false)]
    [InlineData("relu(x1 - 1)*0 + x1", "1", "gradient", false)]   // canonical form drops the kink
    [InlineData("max(x1, x2)", "1,1", "gradient", true)]          // a tie: the tie rule decides
    [InlineData("max(relu(x1 - 5), relu(x2 - 5))", "1,1", "gradient", false)] // a tie of two units that are both off: harmless
    [InlineData("max(x1, x2)", "1,1", "shapley", false)]
    [InlineData("relu(x1) + relu(-x1)", "0", "gradient-x-input", false)] // on a kink, but (x - x') = 0 makes it vanish
    public void ConventionDependence_Cases(string function, string x, string method, bool dependent)
    {
        var input = Q(x.Split(','));
        var c = new GoldenCase { Id = "c", Function = function, Input = input, Baseline = method == "gradient" ? null : new Rational[input.Length], Method = method };
        var d = MethodRegistry.BuiltIn.Query(method);
        Assert.Equal(dependent, ConventionDependence.Of(d, c.ToQuery(MethodRegistry.BuiltIn), c.Run(MethodRegistry.BuiltIn)).Dependent);
    }

    /// <summary>A network whose relu unit sits on its kink along the whole path: decided by recomputing under the other
    /// conventions alone (no exact forward pass per piece), with the same answer as the expression form.</summary>
    [Fact]
    public void ConventionDependence_NetworkWithAUnitOnItsKinkAlongThePath_DependentLikeItsExpression()
    {
        var net = new Network(2, [new DenseLayer(new Rational[,] { { 3, -1 } }, [Rational.Zero]), new ReluLayer()]);
        var d = MethodRegistry.BuiltIn.Query("ig");
        foreach (var f in new[] { Subject.Of(net), Subject.Of(net.ToExpr()) })
        {
            var query = new MethodQuery(f, Q("3", "9"), Q("0", "0"), null, null, null, d.Bind(new Dictionary<string, string>(), query: true));
            var report = ConventionDependence.Of(d, query, d.Run!(query));
            Assert.True(report.Dependent, f.ToString());
            Assert.Null(report.Unchecked);
        }
    }

    /// <summary>Max-pool ties of a network too large for the expression-form check are reported as not checked, not as
    /// independent without a word, and the report comes back at once.</summary>
    [Fact]
    public void ConventionDependence_MaxPoolNetworkBeyondTheTieCheckSize_SaysTiesWereNotChecked()
    {
        int width = ConventionDependence.MaxTieCheckUnits + 2;
        var weights = new Rational[width, 1];
        for (int i = 0; i < width; i++) weights[i, 0] = new Rational(i + 1);
        var groups = Enumerable.Range(0, width / 2).Select(g => (IReadOnlyList<int>)[2 * g, 2 * g + 1]).ToArray();
        var net = new Network(1, [new DenseLayer(weights, new Rational[width]), new MaxPoolLayer(groups)]);
        var d = MethodRegistry.BuiltIn.Query("gradient");
        var query = new MethodQuery(Subject.Of(net), Q("1"), Q("0"), null, null, null, d.Bind(new Dictionary<string, string>(), query: true));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = ConventionDependence.Of(d, query, d.Run!(query));
        Assert.False(report.Dependent);
        Assert.Contains("max-pool ties were not checked", report.Unchecked);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{clock.Elapsed.TotalSeconds:F1} s");
    }

    private static Rational[] Q(params string[] v) => v.Select(s => Rational.Parse(s)).ToArray();
}
