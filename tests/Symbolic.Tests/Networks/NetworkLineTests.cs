using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Symbolic.Tests.Networks.NetworkTestData;

namespace Verifier.Symbolic.Tests.Networks;

public class NetworkLineTests
{
    [Fact]
    public void Restrict_FirstExample_BreaksAtOneHalf()
    {
        var line = NetworkLine.Restrict(FirstExample(), P("0", "0"), P("3", "1"));
        Assert.Equal("0 1/2 1", Join(line.Breakpoints));
        Assert.Equal("0 0 1", Join(line.Values));
        Assert.Equal(2, line.Pieces);
    }

    [Fact]
    public void Restrict_SecondExample_BreaksAtOneThirdAndOneHalf()
    {
        var line = NetworkLine.Restrict(SecondExample(), P("0", "0"), P("3", "1"));
        Assert.Equal("0 1/3 1/2 1", Join(line.Breakpoints));
        Assert.Equal("0 0 0 1", Join(line.Values));
        Assert.Equal(R("1/4"), NetworkLine.IntegralOfOutput(line));
    }

    [Fact]
    public void Restrict_DuplicateCrossings_AreMerged()
    {
        // Three neurons all cross zero at t = 1/2 (the second and third are multiples of the first).
        var n = new Network(1, [new DenseLayer(M(["2"], ["-4"], ["1"]), P("-1", "2", "-1/2")), new ReluLayer(), new DenseLayer(M(["1", "1", "1"]), P("0"))]);
        var line = NetworkLine.Restrict(n, P("0"), P("1"));
        Assert.Equal("0 1/2 1", Join(line.Breakpoints));
    }

    [Fact]
    public void Restrict_ZeroAtAnEndpoint_IsNotAStrictCrossing()
    {
        var line = NetworkLine.Restrict(new Network(1, [new ReluLayer()]), P("0"), P("1"));
        Assert.Equal("0 1", Join(line.Breakpoints));
    }

    [Fact]
    public void Restrict_DegenerateSegment_HasOnePiece()
    {
        var line = NetworkLine.Restrict(FirstExample(), P("3", "1"), P("3", "1"));
        Assert.Equal("0 1", Join(line.Breakpoints));
        Assert.Equal("1 1", Join(line.Values));
    }

    [Fact]
    public void Restrict_Abs_BreaksWhereTheArgumentChangesSign()
    {
        // |x1 - 2| + |x2| on (0, -1) -> (3, 2): x1 - 2 = 3t - 2 and x2 = 3t - 1.
        var n = new Network(2, [new DenseLayer(M(["1", "0"], ["0", "1"]), P("-2", "0")), new AbsLayer(), new DenseLayer(M(["1", "1"]), P("0"))]);
        var line = NetworkLine.Restrict(n, P("0", "-1"), P("3", "2"));
        Assert.Equal("0 1/3 2/3 1", Join(line.Breakpoints));
        Assert.Equal("3 1 1 3", Join(line.Values));
        Assert.Equal(R("5/3"), NetworkLine.IntegralOfOutput(line));
    }

    [Fact]
    public void Restrict_LeakyRelu_BreaksAtZeroWithSlopeAlpha()
    {
        var n = new Network(1, [new DenseLayer(M(["1"]), P("-1")), new LeakyReluLayer(R("1/10"))]);
        var line = NetworkLine.Restrict(n, P("0"), P("4"));
        Assert.Equal("0 1/4 1", Join(line.Breakpoints));
        Assert.Equal("-1/10 0 3", Join(line.Values));
        Assert.Equal(R("-1/10") * R("1/4") / 2 + R("3") * R("3/4") / 2, NetworkLine.IntegralOfOutput(line));
    }

    [Fact]
    public void Restrict_MaxPool_BreaksOnlyWhereTheArgmaxChanges()
    {
        // max(x1, x2, 1/2) with x(t) = (t, 1 - t): the envelope is 1 - t, then t; the constant 1/2 is never above
        // both, and x1 = 1/2 = x2 at t = 1/2 is a single switch. Crossings of 1/2 with x1 or x2 alone are not kinks.
        var n = new Network(2, [new DenseLayer(M(["1", "0"], ["0", "1"], ["0", "0"]), P("0", "0", "1/2")), new MaxPoolLayer([[0, 1, 2]])]);
        var line = NetworkLine.Restrict(n, P("0", "1"), P("1", "0"));
        Assert.Equal("0 1/2 1", Join(line.Breakpoints));
        Assert.Equal("1 1/2 1", Join(line.Values));
    }

    [Fact]
    public void Restrict_MaxPoolEnvelope_VisitsEveryLine()
    {
        // max(-2t + 1, 0, 2t - 1.5 ... ) as lines in t: a = 1 - 3t, b = 0, c = 4t - 3 on [0, 1]; envelope a, b, c.
        var n = new Network(1, [new DenseLayer(M(["-3"], ["0"], ["4"]), P("1", "0", "-3")), new MaxPoolLayer([[2, 1, 0]])]);
        var line = NetworkLine.Restrict(n, P("0"), P("1"));
        Assert.Equal("0 1/3 3/4 1", Join(line.Breakpoints));
        Assert.Equal("1 0 0 1", Join(line.Values));
    }

    [Fact]
    public void Restrict_IdenticalLinesInAGroup_AddNoBreakpoint()
    {
        var n = new Network(1, [new DenseLayer(M(["1"], ["1"]), P("-1/2", "-1/2")), new MaxPoolLayer([[0, 1]])]);
        Assert.Equal("0 1", Join(NetworkLine.Restrict(n, P("0"), P("1")).Breakpoints));
    }

    [Fact]
    public void Restrict_HugeWeights_FallBackToBigIntegersAndStayExact()
    {
        var big = R("123456789012345678901234567890/7");
        var n = new Network(2,
        [
            new DenseLayer(new[] { new[] { big, -big }, new[] { R("1/3"), big } }, P("1", "-1")),
            new ReluLayer(),
            new DenseLayer(new[] { new[] { big, R("-1") } }, P("0")),
            new AbsLayer(),
        ]);
        var p0 = P("-1", "1/3");
        var p1 = P("2", "-1/5");
        var line = NetworkLine.Restrict(n, p0, p1);
        for (int j = 0; j < line.Breakpoints.Count; j++)
            Assert.Equal(n.Evaluate(NetworkLine.PointAt(p0, p1, line.Breakpoints[j])), line.Values[j]);
        Assert.True(line.Pieces >= 2);
    }

    [Fact]
    public void Restrict_WrongDimension_Throws() =>
        Assert.Throws<ArgumentException>(() => NetworkLine.Restrict(FirstExample(), P("0"), P("1", "1")));

    [Fact]
    public void GradientOnPiece_SecondExample_IsTheSlopeOfEachPiece()
    {
        var n = SecondExample();
        var line = NetworkLine.Restrict(n, P("0", "0"), P("3", "1"));
        Assert.Equal("0 0", Join(NetworkLine.GradientOnPiece(n, P("0", "0"), P("3", "1"), line, 0)));
        Assert.Equal("0 0", Join(NetworkLine.GradientOnPiece(n, P("0", "0"), P("3", "1"), line, 1)));
        Assert.Equal("1 -1", Join(NetworkLine.GradientOnPiece(n, P("0", "0"), P("3", "1"), line, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkLine.GradientOnPiece(n, P("0", "0"), P("3", "1"), line, 3));
    }

    [Fact]
    public void LinePartition_ValueAt_InterpolatesOnThePiece()
    {
        var line = NetworkLine.Restrict(SecondExample(), P("0", "0"), P("3", "1"));
        Assert.Equal(R("1/2"), line.ValueAt(R("3/4")));
        Assert.Equal(R("0"), line.ValueAt(R("2/5")));
        Assert.Equal(R("2"), line.Slope(2));
    }

    [Fact]
    public void LinePartition_UnsortedBreakpoints_Throws() =>
        Assert.Throws<ArgumentException>(() => new LinePartition(P("0", "1/2", "1/3", "1"), P("0", "0", "0", "0")));
}
