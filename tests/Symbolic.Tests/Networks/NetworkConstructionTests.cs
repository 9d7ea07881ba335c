using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Symbolic.Tests.Networks.NetworkTestData;

namespace Verifier.Symbolic.Tests.Networks;

public class NetworkConstructionTests
{
    [Fact]
    public void Constructor_DenseColumnsDoNotMatchWidth_NamesLayerAndType()
    {
        var e = Assert.Throws<NetworkFormatException>(() => new Network(2,
        [
            new DenseLayer(M(["1", "0"], ["0", "1"]), P("0", "0")),
            new ReluLayer(),
            new DenseLayer(M(["1", "2", "3"]), P("0")),
        ]));
        Assert.Equal("layer 2 (dense): weights have 3 columns but the layer receives 2 inputs", e.Message);
        Assert.Equal(2, e.LayerIndex);
    }

    [Fact]
    public void Constructor_MaxPoolIndexOutOfRange_NamesLayerAndGroup()
    {
        var e = Assert.Throws<NetworkFormatException>(() => new Network(3, [new MaxPoolLayer([[0, 1], [2, 3]])]));
        Assert.Equal("layer 0 (maxpool): group 1 lists input 3 but the layer receives 3 inputs", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Constructor_OutputOutOfRange_Throws(int output)
    {
        var e = Assert.Throws<NetworkFormatException>(() => new Network(2, [new DenseLayer(M(["1", "1"]), P("0"))], output));
        Assert.Contains($"output {output} is out of range", e.Message);
    }

    [Fact]
    public void Constructor_NoInputs_Throws() =>
        Assert.Throws<NetworkFormatException>(() => new Network(0, []));

    [Fact]
    public void DenseLayer_RaggedRows_Throws()
    {
        var e = Assert.Throws<NetworkFormatException>(() => new DenseLayer(M(["1", "0"], ["1"]), P("0", "0")));
        Assert.Contains("row 1 has 1 entry but row 0 has 2", e.Message);
    }

    [Fact]
    public void DenseLayer_BiasLengthDiffers_Throws()
    {
        var e = Assert.Throws<NetworkFormatException>(() => new DenseLayer(M(["1", "0"]), P("0", "0")));
        Assert.Contains("bias has 2 entries but weights have 1 row", e.Message);
    }

    [Fact]
    public void DenseLayer_FromRectangularArray_EqualsFromRows()
    {
        var rect = new Rational[,] { { 1, R("1/2") }, { -3, 0 } };
        Assert.Equal(new DenseLayer(M(["1", "1/2"], ["-3", "0"]), P("1", "2")), new DenseLayer(rect, P("1", "2")));
    }

    [Fact]
    public void DenseLayer_CopiesItsArguments()
    {
        var rows = M(["1", "2"]);
        var layer = new DenseLayer(rows, P("0"));
        rows[0][0] = 5;
        Assert.Equal(R("1"), layer.Weights[0][0]);
    }

    [Fact]
    public void Equals_SameStructureBuiltTwice_AreEqualWithEqualHashes()
    {
        Assert.Equal(FirstExample(), FirstExample());
        Assert.Equal(FirstExample().GetHashCode(), FirstExample().GetHashCode());
    }

    [Fact]
    public void Equals_OneWeightDiffers_AreNotEqual() => Assert.NotEqual(FirstExample(), SecondExample());

    [Fact]
    public void Equals_LeakyAlphaDiffers_AreNotEqual() =>
        Assert.NotEqual(new Network(1, [new LeakyReluLayer(R("1/10"))]), new Network(1, [new LeakyReluLayer(R("1/5"))]));

    [Fact]
    public void Widths_MaxPoolAndDense_FollowTheChain()
    {
        var n = new Network(3, [new MaxPoolLayer([[0, 1], [1, 2]]), new AbsLayer(), new DenseLayer(M(["1", "1"], ["1", "-1"], ["0", "2"]), P("0", "0", "0"))], 2);
        Assert.Equal([3, 2, 2, 3], n.Widths);
        Assert.Equal(3, n.OutputWidth);
    }
}
