using System.Numerics;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>
/// <see cref="IntegerForward"/> (the exact forward pass on the integer form, used on networks of many weights) against the
/// layers' own rational forward pass, on random chains and graphs of every activation family, at points on small grids
/// (units on their kinks, max groups tied) and at random points; and the switch in <see cref="Network.ValuesAt"/>.
/// </summary>
public class IntegerForwardTests
{
    [Theory]
    [InlineData("relu", 21)]
    [InlineData("leaky_relu", 22)]
    [InlineData("abs", 23)]
    [InlineData("maxpool", 24)]
    [InlineData("mixed-clip", 25)]
    public void Trace_RandomNetworks_EqualsTheRationalForwardPass(string family, int seed)
    {
        var rng = new Random(seed);
        var options = PieceKernelTests.Options(family);
        for (int c = 0; c < 120; c++)
        {
            var n = c % 3 == 0 ? RandomNetworks.CreateGraph(rng, [4, 5, 4, 3], options) : RandomNetworks.Create(rng, [4, 5, 5, 2], options);
            var x = c % 2 == 0 ? RandomNetworks.Point(rng, 4, 2, 2) : RandomNetworks.Point(rng, 4, 97, 89);
            var nodes = IntegerGraph<BigInteger>.For(n)!;
            var expected = n.RationalTrace(x);
            var actual = IntegerForward.Trace(nodes, n.Widths, x);
            Assert.Equal(expected.Length, actual.Length);
            for (int v = 0; v < expected.Length; v++) Assert.Equal(expected[v], actual[v]);
        }
    }

    [Fact]
    public void ValuesAt_ManyWeights_UsesTheIntegerPassWithTheSameValues()
    {
        // 80 x 60 + 60 x 60 + 60 weights: past IntegerForward.MinWeights
        var rng = new Random(3);
        var n = RandomNetworks.Create(rng, [80, 60, 60, 1], PieceKernelTests.Options("mixed-clip"));
        Assert.True(n.WeightCount >= IntegerForward.MinWeights);
        for (int c = 0; c < 3; c++)
        {
            var x = RandomNetworks.Point(rng, 80, 7, 5);
            var expected = n.RationalTrace(x);
            var actual = n.ValuesAt(x);
            for (int v = 0; v < expected.Length; v++) Assert.Equal(expected[v], actual[v]);
            Assert.Equal(expected[^1][n.Output], n.Evaluate(x));
        }
    }
}

/// <summary><see cref="LineIntegral.UnitsOnKinks"/>: whether a unit sits on its kink along a whole piece.</summary>
public class UnitsOnKinksTests
{
    private static readonly Network Net = NetworkTestData.FirstExample(); // relu(relu(x1) - 1 - relu(x2))

    [Fact]
    public void IntegratedGradients_UnitOnItsKinkAlongThePath_IsTrue()
    {
        // x1 = 0 all along: relu(x1) sits on its kink for the whole segment
        var result = NetworkLine.IntegratedGradients(Net, NetworkTestData.P("0", "0"), NetworkTestData.P("0", "1"));
        Assert.True(result.UnitsOnKinks);
    }

    [Fact]
    public void IntegratedGradients_UnitsOnlyCrossTheirKinks_IsFalse()
    {
        // relu(x2) = t leaves its kink at t = 0, relu(x1) - 1 - relu(x2) = 3t/2 - 1/2 crosses 0 at t = 1/3: no kink along a piece
        var result = NetworkLine.IntegratedGradients(Net, NetworkTestData.P("1/2", "0"), NetworkTestData.P("3", "1"));
        Assert.False(result.UnitsOnKinks);
        Assert.True(result.Partition.Pieces >= 2);
    }

    [Fact]
    public void IntegratedGradients_RandomNetworks_FalseOnlyWhenTheConventionDoesNotMatter()
    {
        // where no unit is on a kink along a piece, relu'(0) = 0, 1/2 and 1 give the same attributions
        var rng = new Random(9);
        int free = 0;
        for (int c = 0; c < 150; c++)
        {
            var n = RandomNetworks.Create(rng, [3, 4, 4, 1], PieceKernelTests.Options("relu"));
            var p0 = RandomNetworks.Point(rng, 3, 2, 2);
            var p1 = RandomNetworks.Point(rng, 3, 2, 2);
            if (p0.SequenceEqual(p1)) continue;
            var a = NetworkLine.IntegratedGradients(n, p0, p1);
            if (a.UnitsOnKinks) continue;
            free++;
            foreach (var half in new[] { Rational.Half, Rational.One })
                Assert.Equal(a.Attributions, NetworkLine.IntegratedGradients(n, p0, p1, new KinkConvention { ReluGradientAtZero = half }).Attributions);
        }
        Assert.True(free > 30, $"{free} kink-free cases");
    }
}
