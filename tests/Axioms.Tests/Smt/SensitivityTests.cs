using Verifier.Axioms.Smt;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Tests.Smt.SmtTestSupport;

namespace Verifier.Axioms.Tests.Smt;

public sealed class SensitivityTests
{
    [Fact]
    public void GradientSensitivityA_ClassicOneMinusRelu_ViolatedAndRechecks()
    {
        // Sundararajan et al. 2017, section 2.1: F(x) = 1 - relu(1 - x), x = 2, x' = 0.
        var f = Subject.Of(ExprParser.Parse("1 - relu(1 - x1)"), 1);

        var result = SmtQueries.GradientSensitivityA(f, InputBox.Uniform(1, 0, 2));

        Assert.Equal(SmtStatus.Violated, result.Status);
        Assert.Equal(1, result.Feature);
        var x = result.Input!;
        var xp = result.Baseline!;
        Assert.True(x[0] >= 1, $"the gradient is 0 only for x >= 1, got x = {x[0]}");
        var fx = Verifier.Symbolic.Evaluate.Exactly(f.Function!, x).Rational;
        var fxp = Verifier.Symbolic.Evaluate.Exactly(f.Function!, xp).Rational;
        Assert.NotEqual(fx, fxp);
        Assert.Equal(fx, result.ValueAtInput);
        Assert.Equal(Rational.Zero, Verifier.Symbolic.Evaluate.Exactly(f.Function!.Differentiate(1), x).Rational);
        Assert.Equal(Rational.Zero, result.Partial);
    }

    [Fact]
    public void GradientSensitivityA_NetworkOfTheClassic_ViolatedWithOneDifferingFeature()
    {
        // F(x1, x2) = 1 - relu(1 - x1) + 0 * x2 as a network; x2 must agree between x and x'.
        var net = new Network(2, [
            new DenseLayer([[Rational.MinusOne, Rational.Zero]], [Rational.One]),
            new ReluLayer(),
            new DenseLayer([[Rational.MinusOne]], [Rational.One]),
        ]);

        var result = SmtQueries.GradientSensitivityA(Subject.Of(net), InputBox.Uniform(2, -3, 3));

        Assert.Equal(SmtStatus.Violated, result.Status);
        Assert.Equal(1, result.Feature);
        Assert.Equal(result.Input![1], result.Baseline![1]);
        Assert.NotEqual(net.Evaluate(result.Input), net.Evaluate(result.Baseline));
        Assert.Equal(Rational.Zero, net.Gradient(result.Input)[0]);
    }

    [Fact]
    public void GradientSensitivityA_StrictlyIncreasingLinearPieces_Proved()
    {
        // Slopes (3, 1) for x1 > x2 and (2, 2) otherwise (also on the kink, relu'(0) = 0): a differing feature always has a non-zero partial.
        var f = Subject.Of(ExprParser.Parse("2*x1 + 2*x2 + relu(x1 - x2)"), 2);

        var result = SmtQueries.GradientSensitivityA(f, InputBox.Uniform(2, -2, 2));

        Assert.Equal(SmtStatus.Proved, result.Status);
    }

    [Fact]
    public void GradientSensitivityA_KinkConvention_ReluPrimeOfZeroIsZero()
    {
        // F = relu(x1) on [0, 1]: the only point with zero gradient and a different value elsewhere is x = 0 itself,
        // where relu'(0) = 0 (the documented convention); x' > 0.
        var f = Subject.Of(ExprParser.Parse("relu(x1)"), 1);

        var result = SmtQueries.GradientSensitivityA(f, InputBox.Uniform(1, 0, 1));

        Assert.Equal(SmtStatus.Violated, result.Status);
        Assert.Equal(Rational.Zero, result.Input![0]);
        Assert.True(result.Baseline![0] > 0);
    }
}
