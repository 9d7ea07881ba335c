using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;
using Xunit.Abstractions;

namespace Verifier.Symbolic.Tests.Expressions;

public class EncloseRationalTests(ITestOutputHelper output)
{
    // mpmath references (mp.dps = 100, 80 significant digits, so within 1e-77 of the truth for these magnitudes).
    private static readonly Rational Slack = Rational.Parse("1e-77");
    private static readonly Rational Target = Rational.Parse("1e-50");

    private static Rational Q(string s) => Rational.Parse(s);

    [Theory]
    [InlineData("2*sigmoid(3) - 1", "0.90514825364486643824230369645649559722764113515878179856422398245110257699457953")]
    [InlineData("exp(1/3) - softplus(-2)", "1.2686844140431170321843985132442824061635734523910486250673754892437657359891934")]
    [InlineData("tanh(1/2)^2", "0.21355226703407258985030106565636389751093085829074568969469267005267885042941976")]
    [InlineData("log(2)", "0.69314718055994530941723212145817656807550013436025525412068000949339362196969472")]
    [InlineData("exp(-20)", "0.0000000020611536224385578279659403801558209763758072755991036929722446616291640237845594")]
    [InlineData("softplus(40)", "40.000000000000000004248354255291588986304977843631582181877750679822974542205451")]
    public void EncloseToWidth_ClosedForm_ReachesWidthAndContainsMpmathValue(string text, string reference)
    {
        var e = ExprParser.Parse(text);
        var sw = Stopwatch.StartNew();
        var r = e.EncloseToWidth(Target);
        output.WriteLine($"{text}: {sw.Elapsed.TotalMilliseconds:F2} ms");
        var v = Q(reference);
        Assert.True(r.Width <= Target, $"width {r.Width.ToDouble():G3}");
        Assert.True(r.Lo - Slack <= v && v <= r.Hi + Slack, $"{r} should contain {reference}");
    }

    [Fact]
    public void EncloseRational_Variable_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Ex.Exp(Ex.Var(1)).EncloseRational(64));
        Assert.Contains("x1 is not a constant", e.Message);
    }

    [Fact]
    public void EncloseToWidth_StepOfHiddenZero_ThrowsLimit()
    {
        // log(6) - log(2) - log(3) = 0 exactly, but no canonical rule says so: its enclosure always straddles 0.
        var zero = ExprParser.Parse("log(6) - log(2) - log(3)");
        Assert.IsNotType<Constant>(zero);
        var e = Assert.Throws<SymbolicLimitException>(() => Ex.Step(zero, Rational.Half).EncloseToWidth(Q("1/10"), maxBits: 256));
        Assert.Contains("within 256 bits", e.Message);
    }

    [Theory]
    [InlineData("relu(log(1/2))", "0", "0")]
    [InlineData("abs(log(1/2))", "0.69314718055994530941", "0.69314718055994530942")]
    [InlineData("max(log(2), 7/10)", "7/10", "7/10")]
    [InlineData("min(log(2), 7/10)", "0.69314718055994530941", "0.69314718055994530942")]
    [InlineData("step(log(2))", "1", "1")]
    [InlineData("step(log(1/2))", "0", "0")]
    public void EncloseToWidth_PiecewiseOfConstant_IsDecided(string text, string lo, string hi)
    {
        var r = ExprParser.Parse(text).EncloseToWidth(Target);
        Assert.True(r.Lo <= Q(hi) && Q(lo) <= r.Hi, $"{text}: {r}");
    }

    [Fact]
    public void EncloseRational_LeakyReluOfNegativeConstant_ScalesByAlpha()
    {
        var r = Ex.LeakyRelu(Ex.Log(Ex.Const(Q("1/2"))), Q("1/10")).EncloseToWidth(Target);
        // -log(2)/10 = -0.06931471805599453094172321214581765680755001343602552541206800094933936219696947...
        var v = Q("-0.06931471805599453094172321214581765680755001343602552541206800094933936219696947");
        Assert.True(r.Lo - Slack <= v && v <= r.Hi + Slack, r.ToString());
    }

    [Fact]
    public void EncloseToWidth_LogOfHiddenZero_ThrowsDomainError() =>
        Assert.Throws<SymbolicDomainException>(() => Ex.Log(ExprParser.Parse("log(6) - log(2) - log(3)")).EncloseToWidth(Target));

    private static Gen<Expr> Constant(int depth)
    {
        var leaf = ExprGen_SmallRational.Select(r => (Expr)Ex.Const(r));
        if (depth == 0) return leaf;
        var sub = Constant(depth - 1);
        return Gen.OneOf(
            leaf,
            ExprGen_SmallRational.Select(r => Ex.Exp(Ex.Const(r))),
            sub.Select(a => Ex.Exp(Ex.Tanh(a))),
            sub.Select(Ex.Sigmoid),
            sub.Select(Ex.Tanh),
            sub.Select(Ex.Softplus),
            sub.Select(a => Ex.Log(Ex.Softplus(a))),
            Gen.Zip(sub, sub).Select(p => p.Item1 + p.Item2),
            Gen.Zip(sub, sub).Select(p => p.Item1 * p.Item2));
    }

    private static readonly Gen<Rational> ExprGen_SmallRational = Generators.ExprGen.SmallRational;

    [Property(MaxTest = 150)]
    public Property EncloseRational_SmoothConstant_IsNarrowAndInsideDoubleEnclosure() =>
        Prop.ForAll(Constant(3).ToArbitrary(), e =>
        {
            var precise = e.EncloseRational(200);
            var coarse = e.Enclose([]);
            bool intersects = precise.Lo <= coarse.HiRational && coarse.LoRational <= precise.Hi;
            return (intersects && precise.Width < Q("1e-40")).Label($"{e}: {precise} vs {coarse}");
        });
}
