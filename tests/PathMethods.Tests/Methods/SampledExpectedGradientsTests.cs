using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Methods;

public class SampledExpectedGradientsTests
{
    private static readonly IReadOnlyList<Rational>[] Baselines = [P(0, 0), P(-1, 2), P(2, -1)];
    private static readonly Rational[] Weights = [R("1/2"), R("1/4"), R("1/4")];

    [Fact]
    public void SampledExpectedGradients_ExpressionWith2000Samples_ContainsExactValueWithin4StandardErrors()
    {
        var f = F("x1^2 * x2 + relu(x1 - x2)");
        var exact = Values(Attribute.ExpectedGradients(f, P(1, 3), Baselines, Weights));
        var sampled = Attribute.SampledExpectedGradients(f, P(1, 3), Baselines, Weights, samples: 2000, seed: 7);
        for (int i = 0; i < 2; i++)
        {
            // Tolerance: 4 standard errors (a false failure has probability below 1e-4 per feature).
            Assert.InRange(exact[i].ToDouble(), sampled.Mean[i] - 4 * sampled.StandardError[i], sampled.Mean[i] + 4 * sampled.StandardError[i]);
            Assert.True(sampled.StandardError[i] > 0);
        }
    }

    [Fact]
    public void SampledExpectedGradients_NetworkWith2000Samples_ContainsExactValueWithin4StandardErrors()
    {
        var net = ConductanceTests.TwoNeurons();
        var exact = Values(Attribute.ExpectedGradients(net, P(1, 3), Baselines, Weights));
        var sampled = Attribute.SampledExpectedGradients(net, P(1, 3), Baselines, Weights, samples: 2000, seed: 11);
        for (int i = 0; i < 2; i++)
            Assert.InRange(exact[i].ToDouble(), sampled.Mean[i] - 4 * sampled.StandardError[i], sampled.Mean[i] + 4 * sampled.StandardError[i]);
    }

    [Fact]
    public void SampledExpectedGradients_SameSeed_GivesIdenticalResults()
    {
        var f = F("x1 * x2");
        var a = Attribute.SampledExpectedGradients(f, P(1, 3), Baselines, null, samples: 200, seed: 3);
        var b = Attribute.SampledExpectedGradients(f, P(1, 3), Baselines, null, samples: 200, seed: 3);
        var c = Attribute.SampledExpectedGradients(f, P(1, 3), Baselines, null, samples: 200, seed: 4);
        Assert.Equal(a.Mean, b.Mean);
        Assert.Equal(a.StandardError, b.StandardError);
        Assert.NotEqual(a.Mean, c.Mean);
    }

    [Fact]
    public void SampledExpectedGradients_LinearFunction_HasZeroErrorAndExactMean()
    {
        // F = 2 x1 - 3 x2 from one baseline: every sample is w_i (x_i - x'_i), so the mean is exact and SE is 0.
        var r = Attribute.SampledExpectedGradients(F("2*x1 - 3*x2"), P(1, 3), [P(0, 1)], null, samples: 50, seed: 1);
        Assert.Equal(new[] { 2.0, -6.0 }, r.Mean);
        Assert.Equal(new[] { 0.0, 0.0 }, r.StandardError);
        Assert.Equal(r.Mean, r.Lower);
    }

    [Fact]
    public void SampledExpectedGradients_OneSample_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Attribute.SampledExpectedGradients(F("x1"), P(1), [P(0)], null, samples: 1, seed: 1));
}
