using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Numbers;

public class RationalIntervalTests
{
    private static Rational Q(string s) => Rational.Parse(s);
    private static RationalInterval I(string lo, string hi) => new(Q(lo), Q(hi));

    [Fact]
    public void Constructor_InvertedEndpoints_Throws() => Assert.Throws<ArgumentException>(() => I("1", "0"));

    [Fact]
    public void Default_IsZeroPoint() => Assert.Equal(RationalInterval.Point(Rational.Zero), default);

    [Theory]
    [InlineData("-2", "3", "-1", "4", "-8", "12")]
    [InlineData("1", "2", "3", "4", "3", "8")]
    [InlineData("-2", "-1", "-4", "-3", "3", "8")]
    public void Multiply_UsesAllEndpointProducts(string a, string b, string c, string d, string lo, string hi) =>
        Assert.Equal(I(lo, hi), I(a, b) * I(c, d));

    [Fact]
    public void Divide_ByIntervalContainingZero_Throws() =>
        Assert.Throws<SymbolicDomainException>(() => I("1", "2") / I("-1", "1"));

    [Fact]
    public void Divide_PositiveIntervals_IsExactRange() => Assert.Equal(I("1/4", "2/3"), I("1", "2") / I("3", "4"));

    [Theory]
    [InlineData("-2", "1", 2, "0", "4")]
    [InlineData("-3", "-2", 2, "4", "9")]
    [InlineData("-2", "1", 3, "-8", "1")]
    [InlineData("2", "4", -1, "1/4", "1/2")]
    public void Pow_IsTightRange(string lo, string hi, int n, string rlo, string rhi) =>
        Assert.Equal(I(rlo, rhi), I(lo, hi).Pow(n));

    [Fact]
    public void RoundOutward_OneThird_ContainsAndHasDyadicEndpoints()
    {
        var r = RationalInterval.Point(Q("1/3")).RoundOutward(10);
        Assert.Equal(I("341/1024", "342/1024"), r);
        Assert.Equal(I("-342/1024", "-341/1024"), RationalInterval.Point(Q("-1/3")).RoundOutward(10));
    }

    [Fact]
    public void WidthMidContains_AreExact()
    {
        var r = I("1/3", "1/2");
        Assert.Equal(Q("1/6"), r.Width);
        Assert.Equal(Q("5/12"), r.Mid);
        Assert.True(r.Contains(Q("1/3")) && !r.Contains(Q("0.5000001")));
    }
}
