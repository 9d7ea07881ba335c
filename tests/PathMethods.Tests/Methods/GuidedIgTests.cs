using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Methods;

public class GuidedIgTests
{
    private static readonly Rational Quarter = R("1/4");

    [Fact]
    public void GuidedIg_LinearFunction_EqualsIgExactly()
    {
        var r = Attribute.GuidedIntegratedGradients(F("2*x1 - 3*x2 + x3/2"), P(1, 3, -2), P(0, 1, 2), steps: 10, Quarter, R("1/10"));
        Assert.Equal(new[] { R("2"), R("-6"), R("-2") }, Values(r.Attribution));
        Assert.Equal(Rational.Zero, r.Attribution.CompletenessGap.Rational);
    }

    [Fact]
    public void GuidedIg_Network_EndsAtInputAfterKSteps()
    {
        var r = Attribute.GuidedIntegratedGradients(PatchNeuronTests.TwoLayers(), P(2, 1), P(-2, 0), steps: 8, Quarter, R("1/2"));
        Assert.Equal(8, r.Waypoints.Count);
        Assert.Equal(P(2, 1), r.Waypoints[^1]);
    }

    [Fact]
    public void GuidedIg_WaypointsKeepL1DistanceSchedule()
    {
        // After step s of K the L1 distance to the input is exactly L1(x, x') (1 - s/K).
        var x = P(3, -1, 2);
        var b = P(0, 0, 0);
        var r = Attribute.GuidedIntegratedGradients(F("x1*x2 + x3^2"), x, b, steps: 6, R("1/3"), Rational.One);
        for (int s = 0; s < 6; s++)
            Assert.Equal(6 * (Rational.One - new Rational(s + 1, 6)), r.Waypoints[s].Zip(x, (p, q) => (p - q).Abs()).Aggregate(Rational.Zero, (u, v) => u + v));
    }

    [Fact]
    public void GuidedIg_SameArguments_IsDeterministic()
    {
        var rng = new Random(5);
        var net = RandomNetworks.Create(rng, [3, 5, 4, 1]);
        Rational[] x = RandomNetworks.Point(rng, 3), b = RandomNetworks.Point(rng, 3);
        var a = Attribute.GuidedIntegratedGradients(net, x, b, 20, Quarter, R("1/10"));
        var c = Attribute.GuidedIntegratedGradients(net, x, b, 20, Quarter, R("1/10"));
        Assert.Equal(Values(a.Attribution), Values(c.Attribution));
        Assert.Equal(x, a.Waypoints[^1]);
    }

    [Fact]
    public void GuidedIg_SmallGradientFeatureFirst_MatchesHandComputation()
    {
        // F = x1 x2 + 2 x2 from (0,0) to (1,1), K = 2, p = 1/2 (quantile index floor(1 * 1/2) = 0), unbounded.
        // Step 1: g = (0, 2), x1 alone is selected and moved by gamma = (2 - 1)/1 = 1 to 1: A_1 += 0.
        // Step 2: g(1, 0) = (0, 3), x1 is at its bound, x2 moves to 1: A_2 += 3. The guided path is the staircase x1 first.
        var r = Attribute.GuidedIntegratedGradients(F("x1*x2 + 2*x2"), P(1, 1), P(0, 0), steps: 2, R("1/2"), Rational.One);
        Assert.Equal(P(0, 3), Values(r.Attribution));
        Assert.Equal(P(1, 0), r.Waypoints[0]);
    }

    [Fact]
    public void GuidedIg_TiedGradients_MovesBothFeatures()
    {
        // F = x1 x2 from (0,0) to (1,1), K = 2, p = 1/2: at the origin g = (0, 0), both are at the threshold and move to 1/2;
        // step 2 adds g(1/2, 1/2) (1/2, 1/2) = (1/4, 1/4): a Riemann sum, 1/2 short of F(x) - F(x') = 1.
        var r = Attribute.GuidedIntegratedGradients(F("x1*x2"), P(1, 1), P(0, 0), steps: 2, R("1/2"), Rational.One);
        Assert.Equal(new[] { R("1/4"), R("1/4") }, Values(r.Attribution));
        Assert.Equal(R("1/2"), r.Attribution.CompletenessGap.Rational);
    }

    [Fact]
    public void GuidedIg_IrrationalGradient_Throws() =>
        Assert.Throws<InputArgumentException>(() => Attribute.GuidedIntegratedGradients(F("exp(x1)"), P(1), P(0), 2, Quarter, Rational.One));
}
