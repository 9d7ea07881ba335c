using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Integration;

public class QuadratureTests
{
    private static Rational Q(string s) => Rational.Parse(s);

    // An enclosure of 1/sqrt(2), 4 ulps on each side of the double (sqrt and division are correctly rounded).
    private static Interval InvSqrt2()
    {
        double r = 1 / Math.Sqrt(2);
        for (int i = 0; i < 4; i++) r = Math.BitDecrement(r);
        double lo = r;
        for (int i = 0; i < 8; i++) r = Math.BitIncrement(r);
        return new Interval(lo, r);
    }

    [Fact]
    public void Enclose_Polynomial_ContainsExactValueNarrowly()
    {
        var r = IntervalQuadrature.Enclose(ExprParser.Parse("t^3 - t"), Interval.Point(0), Interval.Point(2));
        Assert.False(r.IsExact);
        Assert.True(r.Enclosure.Contains(Q("2")));
        Assert.True(r.Enclosure.Width <= 1e-12, $"width {r.Enclosure.Width}");
    }

    [Fact]
    public void Enclose_ReversedEndpoints_IsNegated()
    {
        var r = IntervalQuadrature.Enclose(ExprParser.Parse("exp(t^2)"), Interval.Point(1), Interval.Point(0));
        Assert.True(r.Enclosure.Contains(Q("-1.462651745907181608804048586856988155121")));
    }

    [Fact]
    public void DefiniteEnclosure_IrrationalLowerEndpointWithAntiderivative_ContainsTrueValue()
    {
        // int_{1/sqrt 2}^1 (2t^2 - 1) dt = -1/3 + (2/3)/sqrt 2 = 0.13807118745769834960056... (mpmath)
        var r = Integrate.DefiniteEnclosure(ExprParser.Parse("2*t^2 - 1"), InvSqrt2(), Interval.Point(1));
        Assert.False(r.IsExact);
        Assert.True(r.Enclosure.Contains(Q("0.1380711874576983496005629080698993595232")), r.Enclosure.ToString());
        Assert.True(r.Enclosure.Width <= 1e-12, $"width {r.Enclosure.Width}");
    }

    [Fact]
    public void DefiniteEnclosure_IrrationalUpperEndpointWithoutAntiderivative_ContainsTrueValue()
    {
        // mpmath: quad(exp(t^2), [0, 1/sqrt(2)]) = 0.84496266596754376272059...
        var r = Integrate.DefiniteEnclosure(ExprParser.Parse("exp(t^2)"), Interval.Point(0), InvSqrt2());
        Assert.True(r.Enclosure.Contains(Q("0.8449626659675437627205908798419670529383")), r.Enclosure.ToString());
        Assert.True(r.Enclosure.Width <= 1e-12, $"width {r.Enclosure.Width}");
    }

    [Fact]
    public void DefiniteEnclosure_SigmoidFromIrrationalPoint_ContainsSoftplusDifference()
    {
        // softplus(2) - softplus(1/sqrt 2) = 1.01898770338572260020495... (mpmath)
        var r = Integrate.DefiniteEnclosure(ExprParser.Parse("sigmoid(t)"), InvSqrt2(), Interval.Point(2));
        Assert.True(r.Enclosure.Contains(Q("1.018987703385722600204952860024075699271")), r.Enclosure.ToString());
    }

    [Fact]
    public void DefiniteEnclosure_PointEndpoints_IsExact() =>
        Assert.Equal(Q("1/3"), Integrate.DefiniteEnclosure(Ex.Pow(Ex.T, 2), Interval.Point(0), Interval.Point(1)).Rational);

    [Fact]
    public void Enclose_IntegrandWithKinkAndSmallBudget_ReportsBudgetAndStillContainsValue()
    {
        // int_0^1 relu(t - 1/3) dt = 2/9; the first-order rule on the piece around the kink cannot reach 1e-12 in 20
        // evaluations (the pieces beside it are one smooth branch each, integrated exactly by the Taylor rule).
        var r = IntervalQuadrature.Enclose(ExprParser.Parse("relu(t - 1/3)"), Interval.Point(0), Interval.Point(1), maxEvaluations: 20);
        Assert.True(r.Enclosure.Contains(Q("2/9")));
        Assert.Contains("budget", r.Note);
        Assert.True(r.Enclosure.Width < 1e-2, $"width {r.Enclosure.Width}");
    }

    [Fact]
    public void Enclose_PoleAtIrrationalPoint_IsUnboundedWithNote()
    {
        var r = IntervalQuadrature.Enclose(ExprParser.Parse("(t^2 - 1/2)^-1"), Interval.Point(0), Interval.Point(1), maxEvaluations: 2000);
        Assert.False(double.IsFinite(r.Enclosure.Width));
        Assert.Contains("could not be bounded near t ≈ 0.707", r.Note);
    }

    [Fact]
    public void Enclose_WideInterval_StillReachesRequestedWidth()
    {
        // int_{-20}^{20} sigmoid(t)^2 (t^2 + 1)^-1 dt: no pattern, so quadrature over a wide range.
        var options = new ExactOptions(EnclosureWidth: 1e-10);
        var r = IntervalQuadrature.Enclose(ExprParser.Parse("sigmoid(t)^2 * (t^2 + 1)^-1"), Interval.Point(-20), Interval.Point(20), options);
        Assert.True(r.Enclosure.Width <= 1e-10, $"width {r.Enclosure.Width}: {r.Note}");
    }
}
