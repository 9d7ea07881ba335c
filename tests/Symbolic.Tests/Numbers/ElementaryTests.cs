using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Numbers;

public class ElementaryTests
{
    // Reference values from mpmath (mp.dps = 100, printed to 80 significant digits). For values up to 40 the
    // printed decimal is within 1e-77 of the true value, so each check widens the enclosure by that much.
    private static readonly Rational Slack = Rational.Parse("1e-77");
    private static readonly Rational Target = Rational.Parse("1e-50");
    private const int Bits = 200;

    private static Rational Q(string s) => Rational.Parse(s);
    private static RationalInterval P(string s) => RationalInterval.Point(Q(s));

    private static void AssertEncloses(RationalInterval r, string reference, Rational width)
    {
        var v = Q(reference);
        Assert.True(r.Lo - Slack <= v && v <= r.Hi + Slack, $"{r} should contain {reference}");
        Assert.True(r.Width <= width, $"width {r.Width.ToDouble():G3} exceeds {width.ToDouble():G3}");
    }

    [Theory]
    [InlineData("1", "2.7182818284590452353602874713526624977572470936999595749669676277240766303535476")]
    [InlineData("-20", "0.0000000020611536224385578279659403801558209763758072755991036929722446616291640237845594")]
    [InlineData("1/3", "1.3956124250860895286281253196025868375979065151994069826175167060317390156459518")]
    [InlineData("0", "1")]
    public void Exp_Point_EnclosesMpmathValue(string x, string reference) =>
        AssertEncloses(Elementary.Exp(P(x), Bits), reference, Target);

    [Theory]
    [InlineData("2", "0.69314718055994530941723212145817656807550013436025525412068000949339362196969472")]
    [InlineData("1e-5", "-11.512925464970228420089957273421821038005507443143864880166639504837863048386762")]
    [InlineData("7/3", "0.8472978603872036137101075065206540249895941717591117367246958163000855695334603")]
    [InlineData("1", "0")]
    public void Log_Point_EnclosesMpmathValue(string x, string reference) =>
        AssertEncloses(Elementary.Log(P(x), Bits), reference, Target);

    [Fact]
    public void Sigmoid_Three_EnclosesMpmathValue() =>
        AssertEncloses(Elementary.Sigmoid(P("3"), Bits), "0.95257412682243321912115184822824779861382056757939089928211199122555128849728977", Target);

    [Fact]
    public void Tanh_Half_EnclosesMpmathValue() =>
        AssertEncloses(Elementary.Tanh(P("1/2"), Bits), "0.46211715726000975850231848364367254873028928033011303855273181583808090614040928", Target);

    [Theory]
    [InlineData("-30", "0.000000000000093576229688397367793776974246751577216180869198193162492395184112891803925481326")]
    [InlineData("40", "40.000000000000000004248354255291588986304977843631582181877750679822974542205451")]
    public void Softplus_Point_EnclosesMpmathValue(string x, string reference) =>
        AssertEncloses(Elementary.Softplus(P(x), Bits), reference, Target);

    [Fact]
    public void Softplus_VeryNegative_KeepsRelativeAccuracy()
    {
        // softplus(-30) ~ 9.36e-14: the enclosure is narrow relative to the value, not only in absolute terms.
        var r = Elementary.Softplus(P("-30"), Bits);
        Assert.True(r.Width <= Q("9e-14") * Q("1e-50"), $"width {r.Width.ToDouble():G3}");
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-1", "1/2")]
    [InlineData("-3", "-1")]
    public void Log_NonPositiveInterval_ThrowsDomainError(string lo, string hi) =>
        Assert.Throws<SymbolicDomainException>(() => Elementary.Log(new RationalInterval(Q(lo), Q(hi)), Bits));

    [Fact]
    public void Exp_HugeArgument_ThrowsLimit()
    {
        var e = Assert.Throws<SymbolicLimitException>(() => Elementary.Exp(P("2000000"), Bits));
        Assert.Contains("argument range", e.Message);
    }

    [Fact]
    public void Exp_HugeNegativeArgument_IsTinyPositiveEnclosure()
    {
        var r = Elementary.Exp(P("-2000000"), Bits);
        Assert.Equal(Rational.Zero, r.Lo);
        Assert.True(r.Hi.Sign > 0 && r.Hi <= Q("1e-50"));
    }

    [Fact]
    public void Exp_Interval_ContainsValuesAtBothEnds()
    {
        var r = Elementary.Exp(new RationalInterval(Q("-20"), Q("1")), Bits);
        // exp(-20) = 2.0611536224385578279659403801558209763758072...e-9, e = 2.7182818284590452353602874713526624977572470936999...
        Assert.True(r.Contains(Q("0.0000000020611536224385578279659403801558209763759")));
        Assert.True(r.Contains(Q("2.7182818284590452353602874713526624977572470936")));
        Assert.False(r.Contains(Q("0.0000000020611536224385578279659403801558209763758")));
        Assert.False(r.Contains(Q("2.7182818284590452353602874713526624977572470937")));
    }

    [Fact]
    public void Sigmoid_LargeArguments_StayInUnitInterval()
    {
        var r = Elementary.Sigmoid(new RationalInterval(Q("-5000"), Q("5000")), 64);
        Assert.True(r.Lo.Sign >= 0 && r.Hi <= Rational.One, r.ToString());
    }

    [Fact]
    public void Pow_EvenPowerOfIntervalContainingZero_IsTight()
    {
        var r = Elementary.Pow(new RationalInterval(Q("-2"), Q("1")), 2, 64);
        Assert.Equal(new RationalInterval(Rational.Zero, new Rational(4)), r);
    }
}
