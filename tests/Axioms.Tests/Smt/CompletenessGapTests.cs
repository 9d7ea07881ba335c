using Verifier.Axioms.Smt;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Tests.Smt.SmtTestSupport;

namespace Verifier.Axioms.Tests.Smt;

public sealed class CompletenessGapTests
{
    private static readonly Subject Clipped = Subject.Of(ExprParser.Parse("relu(x1) + relu(x2) - relu(x1 + x2 - 1)"), 2);
    private static readonly Rational[] Zero2 = [Rational.Zero, Rational.Zero];

    [Fact]
    public void MaxCompletenessGap_GradientTimesInputOnClippedSum_MaximumOneRechecks()
    {
        // Where x1 + x2 > 1 the function is flat (F = 1, gradient 0): the whole difference F(x) - F(0) = 1 is missed.
        var result = SmtQueries.MaxCompletenessGap(Clipped, Zero2, InputBox.Uniform(2, 0, 1), GapMethod.GradientTimesInput);

        Assert.Equal(GapBoundKind.Maximum, result.Kind);
        Assert.Equal(Rational.One, result.Maximum);
        Assert.Equal(Rational.One, result.Upper);
        var x = result.Maximiser!;
        var attribution = Attribute.GradientTimesInput(Clipped.Function!, x, Zero2);
        var sum = attribution.Attributions.Aggregate(Rational.Zero, (s, a) => s + a.Rational!.Value);
        Assert.Equal(Rational.One, attribution.FInput.Rational!.Value - attribution.FBaseline.Rational!.Value - sum);
        Assert.Contains(result.Runs, r => r.Status == SmtStatus.Proved); // an exact run proved "no gap above 1"
    }

    [Fact]
    public void MaxCompletenessGap_LeftRiemannTwoSteps_MaximumOneHalf()
    {
        // Nodes 0 and x/2: gradient 0 at the origin (relu'(0) = 0), (1, 1) at x/2; gap = F(x) - (x1 + x2)/2, largest on x1 + x2 = 1.
        var result = SmtQueries.MaxCompletenessGap(Clipped, Zero2, InputBox.Uniform(2, 0, 1), GapMethod.RiemannLeft(2));

        Assert.True(result.Kind == GapBoundKind.Maximum, $"{result.Kind} [{result.Lower}, {result.Upper}] {result.Reason} objective {result.ReportedObjective} x {string.Join(",", result.Maximiser ?? [])} runs {string.Join(" ", result.Runs.Select(r => r.StatusName))}");
        Assert.Equal(Rational.Half, result.Maximum);
        var x = result.Maximiser!;
        Assert.Equal(Rational.One, x[0] + x[1]);
    }

    [Fact]
    public void MaxCompletenessGap_SupremumAtKinkNotAttained_SupremumWithApproach()
    {
        // F = -relu(x1 - 1), x' = 0, left Riemann with 2 steps (nodes 0 and x/2), x in [3/2, 4]:
        // on [3/2, 2] the gap is 1 - x (relu'(0) = 0 at x = 2), on (2, 4] it is 1 - x/2, which tends to 0 as x -> 2+.
        var f = Subject.Of(ExprParser.Parse("-relu(x1 - 1)"), 1);
        Rational[] baseline = [Rational.Zero];

        var result = SmtQueries.MaxCompletenessGap(f, baseline, new InputBox([Q("3/2")], [Q("4")]), GapMethod.RiemannLeft(2));

        Assert.True(result.Kind == GapBoundKind.Supremum, $"{result.Kind}: {result.Reason}");
        Assert.Equal(Rational.Zero, result.Supremum);
        Assert.Null(result.Maximum);
        Assert.True(result.Lower < Rational.Zero);
        var approach = result.Approach!;
        Assert.Equal([Q("2")], approach.Limit);
        Assert.True(approach.From[0] > 2);
        var middle = (approach.From[0] + approach.Limit[0]) / 2;
        Assert.Equal(1 - middle / 2, LeftRiemannTwoStepGap(f, middle));
        Assert.Equal(1 - approach.From[0] / 2, LeftRiemannTwoStepGap(f, approach.From[0]));
    }

    [Fact]
    public void MaxCompletenessGap_AffineFunction_MaximumZero()
    {
        var f = Subject.Of(ExprParser.Parse("3*x1 - x2/2 + 1"), 2);
        var result = SmtQueries.MaxCompletenessGap(f, Zero2, InputBox.Uniform(2, -1, 1), GapMethod.RiemannLeft(3));
        Assert.True(result.Kind == GapBoundKind.Maximum, $"{result.Kind}: {result.Reason}");
        Assert.Equal(Rational.Zero, result.Maximum);
        Assert.Null(result.Reason);
    }

    [Fact]
    public void MaxCompletenessGap_NoRounds_LowerBoundOnly()
    {
        var result = SmtQueries.MaxCompletenessGap(Clipped, Zero2, InputBox.Uniform(2, 0, 1), GapMethod.GradientTimesInput, rounds: 0);
        Assert.Equal(GapBoundKind.LowerBound, result.Kind);
        Assert.NotNull(result.Lower);
        Assert.Null(result.Upper);
        Assert.NotNull(result.ReportedObjective);
    }

    [Fact]
    public void CompletenessGapExceeds_ZeroThresholdOnLinearFunction_Proved()
    {
        var f = Subject.Of(ExprParser.Parse("3*x1 - x2/2 + 1"), 2);
        var result = SmtQueries.CompletenessGapExceeds(f, Zero2, InputBox.Uniform(2, -1, 1), GapMethod.GradientTimesInput, Rational.Zero);
        Assert.Equal(SmtStatus.Proved, result.Status);
    }

    [Fact]
    public void CompletenessGapExceeds_ThresholdBelowGap_ViolatedAndRechecks()
    {
        var result = SmtQueries.CompletenessGapExceeds(Clipped, Zero2, InputBox.Uniform(2, 0, 1), GapMethod.GradientTimesInput, Rational.Half);

        Assert.Equal(SmtStatus.Violated, result.Status);
        Assert.Equal(Rational.One, result.Gap);
        Assert.True(result.Input![0] + result.Input[1] > 1);
    }

    [Fact]
    public void CompletenessGapExceeds_ThresholdAtMaximum_Proved()
    {
        var result = SmtQueries.CompletenessGapExceeds(Clipped, Zero2, InputBox.Uniform(2, 0, 1), GapMethod.GradientTimesInput, Rational.One);
        Assert.Equal(SmtStatus.Proved, result.Status);
    }

    [Fact]
    public void MaxCompletenessGap_Cvc5_UnknownWithReason()
    {
        var options = SmtOptions.Default with { Solver = "cvc5", SolverFactory = new ScriptedSolverFactory() };
        var result = SmtQueries.MaxCompletenessGap(Clipped, Zero2, InputBox.Uniform(2, 0, 1), GapMethod.GradientTimesInput, options);
        Assert.Equal(GapBoundKind.Unknown, result.Kind);
        Assert.Contains("optimisation", result.Reason);
        Assert.Empty(result.Runs);
    }

    /// <summary>F(x) - F(0) - (x/2)(F'(0) + F'(x/2)), by exact symbolic differentiation (relu'(0) = 0).</summary>
    private static Rational LeftRiemannTwoStepGap(Subject f, Rational x)
    {
        Rational At(Verifier.Symbolic.Expressions.Expr e, Rational p) => Verifier.Symbolic.Evaluate.Exactly(e, [p]).Rational!.Value;
        var d = f.Function!.Differentiate(1);
        return At(f.Function, x) - At(f.Function, 0) - x / 2 * (At(d, 0) + At(d, x / 2));
    }

    [Theory]
    [InlineData(1, "0", "1")]
    [InlineData(4, "0,1/4,1/2,3/4", "1/4,1/4,1/4,1/4")]
    public void GapMethod_RiemannLeft_NodesAndWeights(int steps, string taus, string weights)
    {
        var method = GapMethod.RiemannLeft(steps);
        Assert.Equal(taus.Split(',').Select(Q), method.Nodes.Select(n => n.Tau));
        Assert.Equal(weights.Split(',').Select(Q), method.Nodes.Select(n => n.Weight));
    }

    [Fact]
    public void GapMethod_Trapezoid_WeightsSumToOne()
    {
        var method = GapMethod.Trapezoid(3);
        Assert.Equal(Rational.One, method.Nodes.Aggregate(Rational.Zero, (s, n) => s + n.Weight));
        Assert.Equal(new Rational(1, 6), method.Nodes[0].Weight);
    }
}
