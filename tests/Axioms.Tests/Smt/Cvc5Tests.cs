using Verifier.Axioms.Smt;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Tests.Smt.SmtTestSupport;

namespace Verifier.Axioms.Tests.Smt;

/// <summary>cvc5 as a second, independent solver; these skip themselves when cvc5 is not installed.</summary>
public sealed class Cvc5Tests
{
    private static readonly SmtOptions Cvc5 = SmtOptions.Default with { Solver = "cvc5" };

    [Cvc5Fact]
    public void Version_Cvc5_ReportsNameAndNumber()
    {
        using var cvc5 = SmtProcess.Start(Cvc5);
        Assert.StartsWith("cvc5 1.", cvc5.Version);
    }

    [Cvc5Fact]
    public void Equivalent_RewriteOf24NeuronNetwork_ProvedByCvc5()
    {
        var net = TwoLayer(7, 4, 24);
        var result = SmtQueries.Equivalent(Subject.Of(net), Subject.Of(SplitReverseAndPair(net)), InputBox.Uniform(4, -1, 1), Cvc5);
        Assert.Equal(SmtStatus.Proved, result.Status);
        Assert.StartsWith("cvc5 ", result.Smt.SolverVersion);
        Assert.Contains("(set-option :tlimit-per 30000)", result.Smt.Script);
    }

    [Cvc5Fact]
    public void Equivalent_DifferentFunctions_Cvc5CounterexampleRechecks()
    {
        var f = Subject.Of(ExprParser.Parse("relu(x1 - 1/3)"), 1);
        var g = Subject.Of(ExprParser.Parse("relu(x1) - 1/3"), 1);

        var result = SmtQueries.Equivalent(f, g, InputBox.Uniform(1, -1, 1), Cvc5);

        Assert.Equal(SmtStatus.Violated, result.Status);
        Assert.True(result.Counterexample![0] < new Rational(1, 3));
        Assert.NotEqual(result.ValueA, result.ValueB);
    }

    [Cvc5Fact]
    public void GradientSensitivityA_Classic_ViolatedWithCvc5()
    {
        var f = Subject.Of(ExprParser.Parse("1 - relu(1 - x1)"), 1);
        var result = SmtQueries.GradientSensitivityA(f, InputBox.Uniform(1, 0, 2), Cvc5);
        Assert.Equal(SmtStatus.Violated, result.Status);
        Assert.Equal(Rational.Zero, result.Partial);
    }

    [Cvc5Fact]
    public void Timeout_HardEquivalence_Cvc5Undetermined()
    {
        var (deep, shallow) = HardPair(30);
        var factory = new RecordingFactory();
        var options = Cvc5 with { Timeout = TimeSpan.FromSeconds(1), SolverFactory = factory };

        var result = SmtQueries.Equivalent(Subject.Of(deep), Subject.Of(shallow), InputBox.Uniform(4, -2, 2), options);

        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.True(IsGone(factory.ProcessIds[0]));
    }
}
