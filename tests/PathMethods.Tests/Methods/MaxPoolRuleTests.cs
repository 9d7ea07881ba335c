using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Methods;

/// <summary>Peers' conventions at max-pool layers: DeepLIFT's Shapley split or Captum's argmax routing, LRP's winner takes
/// all or Captum's epsilon rule, each computed by hand.</summary>
public class MaxPoolRuleTests
{
    // F = max(x1, x2)
    private static readonly Network Max2 = new(2, [new MaxPoolLayer([[0, 1]])]);

    [Fact]
    public void DeepLift_ArgmaxRouting_GivesTheChangeToTheMaximumAtX()
    {
        // x = (3, 1), x' = (0, 2): y = 3 (input 1), y' = 2 (input 2). Captum: max(y, y') - y' = 1 to input 1, y - max = 0
        // to input 2: A = (1, 0). Shapley in the game of the max: phi = (3/2, -1/2).
        var argmax = Attribute.DeepLiftRescale(Max2, P(3, 1), P(0, 2), null, DeepLiftMaxPool.Argmax);
        var shapley = Attribute.DeepLiftRescale(Max2, P(3, 1), P(0, 2));

        Assert.Equal([R("1"), R("0")], Values(argmax));
        Assert.Equal([R("3/2"), R("-1/2")], Values(shapley));
        Assert.Contains("Captum's argmax routing", string.Join(" ", argmax.Derivation.Select(s => s.Text)));
    }

    [Fact]
    public void DeepLift_ArgmaxRouting_MaximumMovesDown_ToTheMaximumAtTheBaseline()
    {
        // x = (3, 1), x' = (3, 5): y = 3 < y' = 5; max(y, y') - y' = 0 to input 1, y - max = -2 to input 2 (Delta x = -4).
        var r = Attribute.DeepLiftRescale(Max2, P(3, 1), P(3, 5), null, DeepLiftMaxPool.Argmax);
        Assert.Equal([R("0"), R("-2")], Values(r));
    }

    [Fact]
    public void DeepLift_ArgmaxThenRelu_RescaleMultiplierKept()
    {
        // F = relu(maxpool(x)) with one input, x = 9/4, x' = -3/4: the max passes Delta = 3, the relu rescales by
        // (9/4 - 0) / 3 = 3/4, so A = 9/4 = F(x) - F(x') (Captum 0.6-0.7 answers 3: it drops the relu's multiplier).
        var net = new Network(1, [new MaxPoolLayer([[0]]), new ReluLayer()]);
        foreach (var rule in new[] { DeepLiftMaxPool.Shapley, DeepLiftMaxPool.Argmax })
            Assert.Equal([R("9/4")], Values(Attribute.DeepLiftRescale(net, [R("9/4")], [R("-3/4")], null, rule)));
    }

    [Fact]
    public void Lrp_EpsilonAtMaxPool_WinnerGetsAOverAPlusEpsilon()
    {
        // LRP-epsilon (1/10) on F = max(x1, x2) at x = (3, 1): R = 3; Captum's epsilon rule on the max gives the winner
        // 3 * 3 / (3 + 1/10) = 90/31; winner takes all gives 3.
        var epsilon = Attribute.LrpEpsilon(Max2, P(3, 1), new Rational(1, 10), LrpMaxPool.Epsilon);
        var winner = Attribute.LrpEpsilon(Max2, P(3, 1), new Rational(1, 10));

        Assert.Equal([R("90/31"), R("0")], Values(epsilon));
        Assert.Equal([R("3"), R("0")], Values(winner));
        Assert.Contains("epsilon relevance 3/31", string.Join(" ", epsilon.Derivation.Select(s => s.Text)));
    }

    [Fact]
    public void Lrp_EpsilonAtMaxPool_ZeroMaximumOfLrpZero_Dropped()
    {
        var r = Attribute.LrpZero(Max2, P(0, -1), LrpMaxPool.Epsilon);
        Assert.Equal([R("0"), R("0")], Values(r));
    }
}
