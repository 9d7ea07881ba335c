using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Symbolic.Tests.Networks.NetworkTestData;

namespace Verifier.Symbolic.Tests.Networks;

public class NetworkForwardTests
{
    [Theory]
    [InlineData("3", "1", "1")]       // relu(3 - 1 - 1)
    [InlineData("0", "0", "0")]       // relu(-1)
    [InlineData("5/2", "-7", "3/2")]  // relu(5/2 - 0 - 1)
    [InlineData("0.1", "0", "0")]
    [InlineData("7/3", "1/3", "1")]
    public void Evaluate_ContractExample_IsExact(string x1, string x2, string expected) =>
        Assert.Equal(R(expected), NetworkJson.Parse(ContractExample).Evaluate(P(x1, x2)));

    [Fact]
    public void ForwardAll_TwoOutputs_ReturnsTheWholeVector()
    {
        var n = new Network(2, [new DenseLayer(M(["1", "1"], ["1/2", "-1"]), P("0", "1/3")), new AbsLayer()], output: 1);
        Assert.Equal(P("5", "5/3"), n.ForwardAll(P("2", "3"))); // |1 - 3 + 1/3|
        Assert.Equal(R("5/3"), n.Evaluate(P("2", "3")));
    }

    [Fact]
    public void Evaluate_MaxPool_TakesGroupMaxima()
    {
        var n = new Network(4, [new MaxPoolLayer([[0, 1], [2, 3], [3, 0, 1]]), new DenseLayer(M(["1", "10", "100"]), P("0"))]);
        // groups: max(1, -2) = 1, max(3/2, 0) = 3/2, max(0, 1, -2) = 1
        Assert.Equal(R("116"), n.Evaluate(P("1", "-2", "3/2", "0")));
    }

    [Fact]
    public void Evaluate_LeakyRelu_ScalesNegativesOnly()
    {
        var n = new Network(2, [new LeakyReluLayer(R("1/10")), new DenseLayer(M(["1", "1"]), P("0"))]);
        Assert.Equal(R("29/10"), n.Evaluate(P("3", "-1")));
    }

    [Fact]
    public void Evaluate_WrongDimension_NamesExpectedAndActual()
    {
        var e = Assert.Throws<ArgumentException>(() => FirstExample().Evaluate(P("1", "2", "3")));
        Assert.Contains("the network has 2 inputs but the point has 3 coordinates", e.Message);
    }

    [Fact]
    public void Gradient_InsideALinearRegion_IsTheAffineSlope()
    {
        // relu(relu(x1) - relu(x2) - 1) at (3, 1): both relus active, outer active.
        Assert.Equal(P("1", "-1"), FirstExample().Gradient(P("3", "1")));
        // at (3, -1): x2 is off.
        Assert.Equal(P("1", "0"), FirstExample().Gradient(P("3", "-1")));
        // at (1/2, 0): outer relu off.
        Assert.Equal(P("0", "0"), FirstExample().Gradient(P("1/2", "0")));
    }

    [Theory]
    [InlineData("0", "0 0")]
    [InlineData("1", "1 -1")]
    [InlineData("1/2", "1/2 -1/4")] // (c, -c^2)
    public void Gradient_AtReluKinks_FollowsTheConvention(string atZero, string expected)
    {
        // at (1, 0): x2 sits at relu's kink and so does the outer relu (1 - 0 - 1 = 0).
        var convention = new KinkConvention { ReluGradientAtZero = R(atZero) };
        Assert.Equal(expected, Join(FirstExample().Gradient(P("1", "0"), convention)));
    }

    [Theory]
    [InlineData("0", "1/10")]
    [InlineData("1", "1")]
    [InlineData("1/2", "11/20")]
    public void Gradient_LeakyReluAtZero_IsAlphaPlusOneMinusAlphaTimesReluConvention(string atZero, string expected)
    {
        var n = new Network(1, [new LeakyReluLayer(R("1/10"))]);
        Assert.Equal(expected, Join(n.Gradient(P("0"), new KinkConvention { ReluGradientAtZero = R(atZero) })));
    }

    [Fact]
    public void Gradient_AbsAtZero_IsZeroUnderEveryConvention()
    {
        var n = new Network(2, [new AbsLayer(), new DenseLayer(M(["1", "1"]), P("0"))]);
        Assert.Equal("0 -1", Join(n.Gradient(P("0", "-2"))));
        Assert.Equal("0 -1", Join(n.Gradient(P("0", "-2"), new KinkConvention { ReluGradientAtZero = 1 })));
    }

    [Fact]
    public void Gradient_MaxPoolTie_GoesToTheFirstListedInput()
    {
        var n = new Network(3, [new MaxPoolLayer([[2, 0, 1]])]);
        Assert.Equal("0 0 1", Join(n.Gradient(P("1", "1", "1"))));
        Assert.Equal("1 0 0", Join(n.Gradient(P("1", "1", "0"))));
    }

    [Fact]
    public void Gradient_OverlappingGroups_Accumulate()
    {
        var n = new Network(2, [new MaxPoolLayer([[0, 1], [1, 0]]), new DenseLayer(M(["2", "3"]), P("0"))]);
        Assert.Equal("5 0", Join(n.Gradient(P("4", "1"))));
    }

    [Fact]
    public void ActivationPattern_RecordsSignsAndArgmaxes()
    {
        var n = new Network(2, [new DenseLayer(M(["1", "0"], ["0", "1"]), P("0", "-1")), new ReluLayer(), new MaxPoolLayer([[0, 1]])]);
        var pattern = n.ActivationPattern(P("2", "1"));
        Assert.Empty(pattern[0]);
        Assert.Equal([1, 0], pattern[1]);
        Assert.Equal([0], pattern[2]);
    }
}
