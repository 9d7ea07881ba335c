using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Methods.Propagation;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.Methods.DeepLiftTests;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Methods;

public class LrpTests
{
    // Bias-free: hidden z = (x1 + x2, x1 - x2), relu, F = a1 + a2. At x = (2, 1): z = a = (3, 1), F = 4.
    private static readonly Network BiasFree = new(2,
        [Dense(new[,] { { 1, 1 }, { 1, -1 } }, 0, 0), new ReluLayer(), Dense(new[,] { { 1, 1 } }, 0)]);

    // With biases: F = 2 relu(x1 + x2 + 1) + 1.
    private static readonly Network Biased = new(2,
        [Dense(new[,] { { 1, 1 } }, 1), new ReluLayer(), Dense(new[,] { { 2 } }, 1)]);

    [Fact]
    public void LrpZero_BiasFreeNetwork_MatchesHandComputation()
    {
        // top: z_jk = (3, 1), z_k = 4, R = 4: R_hidden = (3, 1).
        // neuron 0: z_jk = (2, 1), z = 3: (2, 1); neuron 1: z_jk = (2, -1), z = 1: (2, -1). R = (4, 0).
        var r = Attribute.LrpZero(BiasFree, P(2, 1));
        Assert.Equal(P(4, 0), Values(r));
        Assert.Equal("lrp-0", r.Method);
    }

    [Fact]
    public void LrpEpsilon_BiasFreeNetwork_MatchesHandComputation()
    {
        // epsilon = 1: top den 4 + 1 = 5: R_hidden = (3, 1) 4/5 = (12/5, 4/5).
        // neuron 0: den 3 + 1: (2, 1) (12/5) / 4 = (6/5, 3/5); neuron 1: den 1 + 1: (2, -1) (4/5) / 2 = (4/5, -2/5).
        var r = Attribute.LrpEpsilon(BiasFree, P(2, 1), Rational.One);
        Assert.Equal([R("2"), R("1/5")], Values(r));
        Assert.Equal("lrp-epsilon", r.Method);
    }

    [Fact]
    public void LrpGamma_BiasFreeNetwork_MatchesHandComputation()
    {
        // gamma = 1, w -> w + max(0, w): top weights (2, 2): z_jk = (6, 2), den 8: R_hidden = (3, 1).
        // neuron 0: weights (2, 2): (4, 2), den 6: (2, 1); neuron 1: weights (2, -1): (4, -1), den 3: (4/3, -1/3).
        var r = Attribute.LrpGamma(BiasFree, P(2, 1), Rational.One);
        Assert.Equal([R("10/3"), R("2/3")], Values(r));
    }

    [Fact]
    public void LrpZPlus_BiasFreeNetwork_MatchesHandComputation()
    {
        // top: (3, 1), den 4: (3, 1). neuron 0: (2, 1), den 3: (2, 1); neuron 1: (2, max(0, -1)) = (2, 0), den 2: (1, 0).
        Assert.Equal(P(3, 1), Values(Attribute.LrpZPlus(BiasFree, P(2, 1))));
    }

    [Fact]
    public void LrpZero_BiasedNetwork_InputsPlusBiasRelevanceEqualF()
    {
        // x = (1, 2): z = 4, a = 4, F = 9. top: z_jk = 8, bias 1, den 9: R_hidden = 8, bias relevance 1.
        // first: z_jk = (1, 2), bias 1, den 4: R = (2, 4), bias relevance 2. 6 + 3 = 9.
        Assert.Equal(P(2, 4), Values(Attribute.LrpZero(Biased, P(1, 2))));
        var o = Attribute.LrpOutcomeOf(Biased, P(1, 2), LrpRule.Zero, Rational.Zero);
        Assert.Equal((Rational)3, o.BiasRelevance);
        Assert.Equal(Rational.Zero, o.DroppedRelevance);
    }

    [Fact]
    public void LrpZero_ZeroDenominator_GivesZeroAndIsFlagged()
    {
        // x = (1, -2): z = 0 at the hidden neuron (1 - 2 + 1), a = 0, F = 1: all of F goes to the top bias.
        var r = Attribute.LrpZero(Biased, P(1, -2));
        Assert.Equal(P(0, 0), Values(r));
        Assert.Contains(r.Derivation, s => s.Title == "division by zero" && s.Text.Contains("layer 0 (dense), neuron 0"));
    }

    [Fact]
    public void LrpZPlus_NoPositiveContribution_DropsTheRelevance()
    {
        // F = x1 - x2 at (-1, 1): contributions max(0, -1) = 0 twice, den 0: F = -2 is dropped.
        var net = new Network(2, [Dense(new[,] { { 1, -1 } }, 0)]);
        var o = Attribute.LrpOutcomeOf(net, P(-1, 1), LrpRule.ZPlus, Rational.Zero);
        Assert.Equal(P(0, 0), o.Relevances[0]);
        Assert.Equal((Rational)(-2), o.DroppedRelevance);
        Assert.Single(o.Flags);
    }

    [Fact]
    public void LrpZero_MaxPool_WinnerTakesAll()
    {
        // max(x1, x2, x3) at (1, 5, 2): R = (0, 5, 0).
        var net = new Network(3, [new MaxPoolLayer([[0, 1, 2]])]);
        Assert.Equal(P(0, 5, 0), Values(Attribute.LrpZero(net, P(1, 5, 2))));
    }

    [Fact]
    public void LrpEpsilon_NegativeEpsilon_ThrowsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Attribute.LrpEpsilon(BiasFree, P(2, 1), Rational.MinusOne));
        Assert.Throws<ArgumentOutOfRangeException>(() => Attribute.LrpGamma(BiasFree, P(2, 1), Rational.MinusOne));
    }

    [Fact]
    public void LrpZero_InputOfWrongDimension_ThrowsNamingTheNetwork()
    {
        var e = Assert.Throws<ArgumentException>(() => Attribute.LrpZero(BiasFree, P(1, 2, 3)));
        Assert.Contains("network has 2 inputs", e.Message);
        Assert.Throws<ArgumentException>(() => Attribute.LrpZPlus(BiasFree, P(1)));
    }
}
