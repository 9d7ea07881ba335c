using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Numbers;
using Interval = Verifier.Symbolic.Numbers.Interval;

namespace Verifier.Symbolic.Tests.Numbers;

public class IntervalTests
{
    [Fact]
    public void FromRational_OneThird_EnclosesExactly()
    {
        var third = Rational.Parse("1/3");
        var i = Interval.FromRational(third);
        Assert.True(i.Contains(third));
        Assert.True(i.Width > 0 && i.Width < 1e-15);
    }

    [Fact]
    public void Constructor_InvertedEndpoints_Throws() => Assert.Throws<ArgumentException>(() => new Interval(1, 0));

    [Fact]
    public void Log_NonPositive_Throws() => Assert.Throws<ArithmeticException>(() => new Interval(-2, -1).Log());

    [Fact]
    public void Softplus_VeryNegative_KeepsRelativeAccuracy()
    {
        // softplus(-30) = log1p(e^-30) ~ 9.35762296883974e-14 (mpmath); a naive log(1 + e^x) loses most digits here.
        var s = Interval.Point(-30).Softplus();
        Assert.True(s.Contains(9.357622968839737e-14), s.ToString());
        Assert.True(s.Width < 1e-25, s.ToString());
    }

    private static Arbitrary<(Rational, Rational)> Pairs() =>
        Gen.Choose(-500, 500).SelectMany(a => Gen.Choose(1, 37).SelectMany(d => Gen.Choose(-500, 500).Select(b =>
            (new Rational(a, d), new Rational(b, 7))))).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Arithmetic_EnclosesTheExactRationalResult() => Prop.ForAll(Pairs(), p =>
    {
        var (a, b) = p;
        var ia = Interval.FromRational(a); var ib = Interval.FromRational(b);
        bool ok = (ia + ib).Contains(a + b) && (ia - ib).Contains(a - b) && (ia * ib).Contains(a * b)
                  && ia.Pow(3).Contains(a.Pow(3));
        if (!b.IsZero) ok &= (ia / ib).Contains(a / b);
        return ok;
    });

    [Property(MaxTest = 200)]
    public Property Functions_EncloseTheirDoubleValuesOverTheInterval() => Prop.ForAll(Pairs(), p =>
    {
        double x = p.Item1.ToDouble() / 50, y = p.Item2.ToDouble() / 50;
        var box = new Interval(Math.Min(x, y), Math.Max(x, y));
        double mid = box.Mid;
        return box.Exp().Contains(Math.Exp(mid)) && box.Tanh().Contains(Math.Tanh(mid))
               && box.Sigmoid().Contains(Interval.SigmoidD(mid)) && box.Softplus().Contains(Interval.SoftplusD(mid));
    });
}
