using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Smt;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Solver;

/// <summary>Solver-backed counterexamples (needs z3, which CI installs): every answer re-checks exactly.</summary>
public class SolverSearchTests
{
    private static Subject F(string text) => Subject.Of(ExprParser.Parse(text));

    private static InputBox Box(int n) => InputBox.Uniform(n, new Rational(-3), new Rational(3));

    private static SolverVerdict Find(string method, string axiom, Subject? f, Subject? g = null, int? steps = null) =>
        SolverSearch.Find(BuiltInMethods.Get(method), AxiomCatalogue.Get(axiom), f, g, Box(f?.Dimension ?? 2), null, SmtOptions.Default, steps);

    private static void Rechecks(string method, string axiom, SolverVerdict v)
    {
        Assert.Equal(VerdictStatus.Violated, v.Status);
        var again = AxiomCatalogue.Get(axiom).Test(BuiltInMethods.Get(method), v.Counterexample!.Instance);
        Assert.Equal(TrialKind.Fail, again.Kind);
        Assert.StartsWith("z3", v.Solver);
        Assert.NotEmpty(v.Scripts);
        Assert.Contains("(check-sat)", v.Scripts[0]);
    }

    [Fact]
    public void Gradient_SaturatedRelu_SensitivityAViolationOffTheKink()
    {
        var v = Find("gradient", "sensitivity-a", F("1 - relu(1 - x1)"));
        Rechecks("gradient", "sensitivity-a", v);
        Assert.True(v.Counterexample!.Instance.Input[0] > Rational.One); // on the saturated side, not at the kink x = 1
    }

    [Fact]
    public void Gradient_LinearFunction_SensitivityAProvedOnTheBox()
    {
        var v = Find("gradient", "sensitivity-a", F("x1 + 2*x2"));
        Assert.Equal(VerdictStatus.Proved, v.Status);
        Assert.Contains("unsat", v.How);
    }

    [Fact]
    public void GradientTimesInput_Completeness_LargestGapAndMaximiser()
    {
        var v = Find("gradient-x-input", "completeness", F("relu(x1) + relu(x2) - relu(x1 + x2 - 1)"));
        Rechecks("gradient-x-input", "completeness", v);
        Assert.Equal(Rational.One, v.MaxGap);
    }

    [Fact]
    public void GradientTimesInput_LinearFunction_GapZeroProved()
    {
        var v = Find("gradient-x-input", "completeness", F("2*x1 - x2 + 1"));
        Assert.Equal(VerdictStatus.Proved, v.Status);
        Assert.Equal(Rational.Zero, v.MaxGap);
    }

    [Fact]
    public void RiemannIg_FourSteps_CompletenessGapRechecksWithExactGradients()
    {
        var f = F("relu(x1 - 1) + relu(x2)");
        var v = Find("ig", "completeness", f, steps: 4);
        Assert.Equal(VerdictStatus.Violated, v.Status);
        var i = v.Counterexample!.Instance;
        var a = SolverSearch.RiemannAttributions(f, i.Input, i.Baseline, 4);
        var change = f.ValueAt(i.Input).Rational!.Value - f.ValueAt(i.Baseline).Rational!.Value;
        Assert.NotEqual(change, a.Aggregate(Rational.Zero, (p, q) => p + q));
        Assert.Equal(a.Select(x => x.ToString()), v.Counterexample.Attributions);
    }

    [Fact]
    public void NonMonotonePath_Ndp_SolverFindsNonDecreasingPolynomial()
    {
        var v = Find("path:nonmonotone", "non-decreasing-positivity", null);
        Rechecks("path:nonmonotone", "non-decreasing-positivity", v);
    }

    [Fact]
    public void StraightPath_Ndp_UnsatOverTheMonomials()
    {
        var v = Find("ig", "non-decreasing-positivity", null);
        Assert.Equal(VerdictStatus.Proved, v.Status);
    }

    [Fact]
    public void DeepLift_MaxAsRelu_ProvedEquivalentThenAttributionsDiffer()
    {
        var v = Find("deeplift-rescale", "implementation-invariance", F("max(x1, x2)"));
        Rechecks("deeplift-rescale", "implementation-invariance", v);
        Assert.Contains("proved F ≡ G", v.How);
    }

    [Fact]
    public void ImplementationInvariance_GivenNonEquivalentPair_UndeterminedNamingThePoint()
    {
        var v = Find("deeplift-rescale", "implementation-invariance", F("max(x1, x2)"), F("x1 + x2"));
        Assert.Equal(VerdictStatus.Undetermined, v.Status);
        Assert.Contains("not the same function", v.Reason);
    }

    [Fact]
    public void MaxPoolAsRelu_Rewrite_SameValuesAndDifferentLayers()
    {
        var net = new Network(2, [
            new DenseLayer([[Rational.One, Rational.Zero], [Rational.Zero, Rational.One], [Rational.One, Rational.One]], [Rational.Zero, Rational.Zero, Rational.One]),
            new ReluLayer(),
            new MaxPoolLayer([[0, 1], [2]]),
            new DenseLayer([[Rational.One, new Rational(-2)]], [Rational.Zero]),
        ]);
        var r = NetworkRewrites.MaxPoolAsRelu(net, 2)!;
        Assert.DoesNotContain(r.Result.Layers, l => l is MaxPoolLayer);
        var rng = new Random(3);
        for (int k = 0; k < 50; k++)
        {
            var x = new[] { new Rational(rng.Next(-20, 21), rng.Next(1, 6)), new Rational(rng.Next(-20, 21), rng.Next(1, 6)) };
            Assert.Equal(net.Evaluate(x), r.Result.Evaluate(x));
        }
        Assert.Null(NetworkRewrites.MaxPoolAsRelu(net, 0));
    }

    [Fact]
    public void Equivalence_24NeuronNetwork_EveryRewriteProvedAndPerturbationRefuted()
    {
        var net = RandomNetworks.Create(new Random(24), [4, 24, 1]);
        var box = InputBox.Uniform(4, new Rational(-2), new Rational(2));
        var rewrites = NetworkRewrites.All(net);
        Assert.True(rewrites.Count >= 5);
        foreach (var r in rewrites)
            Assert.Equal(SmtStatus.Proved, SmtQueries.Equivalent(Subject.Of(net), Subject.Of(r.Result), box).Status);
        var perturbed = NetworkRewrites.Perturb(NetworkRewrites.Random(net, new Random(5)).Result, new Random(5))!;
        var eq = SmtQueries.Equivalent(Subject.Of(net), Subject.Of(perturbed.Result), box);
        Assert.Equal(SmtStatus.Violated, eq.Status);
        Assert.NotEqual(net.Evaluate(eq.Counterexample!), perturbed.Result.Evaluate(eq.Counterexample!));
    }

    [Fact]
    public void Find_UnsupportedPair_ClearMessage()
    {
        var e = Assert.ThrowsAny<NotSupportedException>(() => Find("shapley", "linearity", F("relu(x1)")));
        Assert.Contains("no solver query for shapley x linearity", e.Message);
        Assert.IsAssignableFrom<Verifier.Symbolic.IInputError>(e); // asking for an unsupported pair is bad input, not a defect
    }
}
