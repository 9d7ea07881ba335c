using System.Diagnostics;
using Verifier.Axioms.Smt;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Xunit.Abstractions;
using static Verifier.Axioms.Tests.Smt.SmtTestSupport;

namespace Verifier.Axioms.Tests.Smt;

public sealed class EquivalenceTests(ITestOutputHelper output)
{
    private static readonly InputBox Box4 = InputBox.Uniform(4, -1, 1);

    [Fact]
    public void Equivalent_RewriteOf24NeuronNetwork_Proved()
    {
        var net = TwoLayer(7, 4, 24);
        var rewrite = SplitReverseAndPair(net);
        Assert.Equal(24, net.Widths[1]);
        Assert.Equal(48, rewrite.Widths[1]);

        var clock = Stopwatch.StartNew();
        var result = SmtQueries.Equivalent(Subject.Of(net), Subject.Of(rewrite), Box4);
        clock.Stop();
        output.WriteLine($"4->24->1 vs split/reversed/relu-pair rewrite (4->48->1->2->1): {result.StatusName} in {clock.Elapsed.TotalSeconds:0.000} s " +
                         $"(solver {result.Smt.Seconds:0.000} s, {result.Smt.SolverVersion})");

        Assert.Equal(SmtStatus.Proved, result.Status);
        Assert.Null(result.Counterexample);
        Assert.StartsWith("z3 ", result.Smt.SolverVersion);
    }

    [Fact]
    public void Equivalent_OutputWeightPerturbed_CounterexampleRechecks()
    {
        var net = TwoLayer(7, 4, 24);
        int active = ActiveNeuron(net);
        var perturbed = SplitReverseAndPair(WithOutputWeight(net, active, Rational.Half));

        var result = SmtQueries.Equivalent(Subject.Of(net), Subject.Of(perturbed), Box4);

        Assert.Equal(SmtStatus.Violated, result.Status);
        var x = result.Counterexample!;
        Assert.True(Box4.Contains(x));
        Assert.Equal(net.Evaluate(x), result.ValueA);
        Assert.Equal(perturbed.Evaluate(x), result.ValueB);
        Assert.NotEqual(net.Evaluate(x), perturbed.Evaluate(x));
    }

    [Fact]
    public void Equivalent_FirstLayerWeightPerturbedInRewrite_CounterexampleRechecks()
    {
        var net = TwoLayer(11, 4, 24);
        int active = ActiveNeuron(net);
        var perturbed = SplitReverseAndPair(WithFirstWeight(net, active, 0, Rational.One));

        var clock = Stopwatch.StartNew();
        var result = SmtQueries.Equivalent(Subject.Of(net), Subject.Of(perturbed), Box4);
        output.WriteLine($"perturbed rewrite: {result.StatusName} in {clock.Elapsed.TotalSeconds:0.000} s");

        Assert.Equal(SmtStatus.Violated, result.Status);
        var x = result.Counterexample!;
        Assert.NotEqual(net.Evaluate(x), perturbed.Evaluate(x));
        Assert.Equal(perturbed.Evaluate(x), result.ValueB);
    }

    [Fact]
    public void Equivalent_ExpressionAndItsNetwork_Proved()
    {
        var net = TwoLayer(3, 2, 6);
        var result = SmtQueries.Equivalent(Subject.Of(net), Subject.Of(net.ToExpr(), 2), InputBox.Uniform(2, -2, 2));
        Assert.Equal(SmtStatus.Proved, result.Status);
    }

    [Theory]
    [InlineData("max(x1, x2)", "x2 + relu(x1 - x2)")]
    [InlineData("abs(x1 - x2)", "relu(x1 - x2) + relu(x2 - x1)")]
    [InlineData("min(x1, x2, 1)", "-max(-x1, -x2, -1)")]
    [InlineData("leaky_relu(x1, 1/4)", "x1/4 + 3/4*relu(x1)")]
    [InlineData("relu(relu(x1) - 1)", "relu(x1 - 1)")]
    public void Equivalent_IdentitiesOfExpressions_Proved(string f, string g)
    {
        var result = SmtQueries.Equivalent(Subject.Of(Parse(f), 2), Subject.Of(Parse(g), 2), InputBox.Uniform(2, -3, 3));
        Assert.Equal(SmtStatus.Proved, result.Status);
    }

    [Fact]
    public void Equivalent_ReluOfReluDiffersBelowOne_ViolatedOnlyOnLargerBox()
    {
        var f = Subject.Of(Parse("relu(x1 - 1)"), 1);
        var g = Subject.Of(Parse("relu(x1) - 1"), 1);

        var onTop = SmtQueries.Equivalent(f, g, InputBox.Uniform(1, 1, 5));
        var wide = SmtQueries.Equivalent(f, g, InputBox.Uniform(1, -5, 5));

        Assert.Equal(SmtStatus.Proved, onTop.Status);
        Assert.Equal(SmtStatus.Violated, wide.Status);
        Assert.True(wide.Counterexample![0] < 1);
        Assert.Contains("F(x) = ", wide.Detail);
    }

    [Fact]
    public void Equivalent_NonPiecewiseLinear_ThrowsNamingTheProduct()
    {
        var f = Subject.Of(Parse("x1*x2 + relu(x1)"), 2);
        var g = Subject.Of(Parse("x1"), 2);
        var e = Assert.Throws<NotPiecewiseLinearException>(() => SmtQueries.Equivalent(f, g, InputBox.Uniform(2, 0, 1)));
        Assert.Contains("x1*x2", e.Message);
    }

    [Fact]
    public void Equivalent_DimensionsDiffer_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            SmtQueries.Equivalent(Subject.Of(Parse("x1"), 1), Subject.Of(Parse("x1"), 2), InputBox.Uniform(1, 0, 1)));
    }

    [Fact]
    public void Equivalent_ScriptRerunsWithZ3_SameAnswer()
    {
        var result = SmtQueries.Equivalent(Subject.Of(Parse("relu(x1 - 1)"), 1), Subject.Of(Parse("relu(x1) - 1"), 1), InputBox.Uniform(1, -5, 5));
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "equivalence.smt2");
        result.Smt.WriteScript(path);

        var run = Process.Start(new ProcessStartInfo("z3", [path]) { RedirectStandardOutput = true })!;
        string stdout = run.StandardOutput.ReadToEnd();
        run.WaitForExit();

        Assert.StartsWith("sat", stdout);
        Assert.EndsWith("(get-value (x1 F G))\n", result.Smt.Script);
    }

    private static Expr Parse(string text) => Verifier.Symbolic.Expressions.Parsing.ExprParser.Parse(text);

    /// <summary>A hidden neuron with a non-zero output weight that is active at some point of the box.</summary>
    private static int ActiveNeuron(Network net)
    {
        var first = (DenseLayer)net.Layers[0];
        var last = (DenseLayer)net.Layers[2];
        var rng = new Random(1);
        for (int trial = 0; trial < 200; trial++)
        {
            var x = Enumerable.Range(0, net.Inputs).Select(_ => new Rational(rng.Next(-4, 5), 4)).ToArray();
            for (int j = 0; j < first.OutputCount; j++)
            {
                if (last.Weights[net.Output][j].IsZero) continue;
                var z = first.Bias[j];
                for (int i = 0; i < x.Length; i++) z += first.Weights[j][i] * x[i];
                if (z.Sign > 0) return j;
            }
        }
        throw new InvalidOperationException("no active neuron");
    }
}
