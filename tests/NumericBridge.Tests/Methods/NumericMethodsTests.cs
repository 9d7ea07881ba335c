using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Methods;

public class NumericMethodsTests
{
    private static double[] D(IEnumerable<Rational> r) => [.. r.Select(v => v.ToDouble())];
    private static double[] E(IEnumerable<ExactResult> r) => [.. r.Select(a => a.Rational?.ToDouble() ?? (a.Enclosure.Lo + a.Enclosure.Hi) / 2)];

    private static void AssertClose(double[] exact, double[] numeric, double relative, string label)
    {
        double scale = Math.Max(1, exact.Max(Math.Abs));
        for (int i = 0; i < exact.Length; i++)
            Assert.True(Math.Abs(numeric[i] - exact[i]) <= relative * scale, $"{label}, A{i + 1}: {numeric[i]:R} vs exact {exact[i]:R}");
    }

    private static (Network Net, Rational[] X, Rational[] X0) Case(int seed)
    {
        var rng = new Random(seed);
        var net = RandomNetworks.Create(rng, [4, 8, 8, 1]);
        return (net, RandomNetworks.Point(rng, 4), RandomNetworks.Point(rng, 4));
    }

    [Fact]
    public void GradientAndGradientTimesInput_RandomNetworks_MatchExactTo1e12()
    {
        for (int seed = 1; seed <= 30; seed++)
        {
            var (net, x, x0) = Case(seed);
            using var model = TorchModel.FromNetwork(net);
            var g = NumericAttribute.Gradient(model, D(x));
            var gx = NumericAttribute.GradientTimesInput(model, D(x), D(x0));
            // Tolerance 1e-12 relative to max(1, max |A_i|): float64 rounding of the weights and of two dense layers.
            AssertClose(E(Attribute.Gradient(net, x).Attributions), g.Attributions, 1e-12, $"gradient, seed {seed}");
            AssertClose(E(Attribute.GradientTimesInput(net, x, x0).Attributions), gx.Attributions, 1e-12, $"gradient x input, seed {seed}");
            Assert.True(Math.Abs(g.FBaseline - model.Evaluate(new double[4])) == 0, "the gradient's baseline is 0, as the exact method's");
        }
    }

    [Fact]
    public void PolylineIg_RandomNetworks_CloseToExactPathMethod()
    {
        for (int seed = 1; seed <= 5; seed++)
        {
            var (net, x, x0) = Case(seed);
            var rng = new Random(100 + seed);
            var via = new[] { RandomNetworks.Point(rng, 4), RandomNetworks.Point(rng, 4) };
            var exact = E(Attribute.Path(net, new PolylinePath(x0, x, via)).Attributions);
            using var model = TorchModel.FromNetwork(net);
            var numeric = NumericAttribute.PolylineIntegratedGradients(model, [D(x0), D(via[0]), D(via[1]), D(x)],
                new NumericIgOptions { Rule = QuadratureRule.Trapezoid, Steps = 4000, BatchSize = 1000 });
            // Piecewise-linear integrand: O(1/n) per kink on each of 3 segments; relative 5e-3 at n = 4000 per segment.
            AssertClose(exact, numeric.Attributions, 5e-3, $"seed {seed}");
            Assert.Equal(3 * 4000, numeric.Evaluations);
            Assert.True(Math.Abs(numeric.CompletenessDelta) <= 5e-3 * Math.Max(1, exact.Max(Math.Abs)), $"delta {numeric.CompletenessDelta}");
        }
    }

    [Fact]
    public void PolylineIg_Seed004AppendixC_MatchesExactOnPolynomial()
    {
        // x1*x2 from 0 via (0, 1) and (1, 1) to (1, 0): exact A = (1, -1); Gauss-Legendre with 2 nodes is exact on each segment.
        var f = ExprParser.Parse("x1*x2");
        var path = new PolylinePath([0, 0], [1, 0], [[0, 1], [1, 1]]);
        var exact = E(Attribute.Path(f, path).Attributions);
        Assert.Equal([1.0, -1.0], exact);
        using var model = TorchModel.FromExpression(f, 2);
        var numeric = NumericAttribute.PolylineIntegratedGradients(model, [[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 1.0], [1.0, 0.0]],
            new NumericIgOptions { Steps = 2 });
        AssertClose(exact, numeric.Attributions, 1e-15, "appendix C"); // tolerance: rounding of the 2-node weights
        Assert.Equal(3 * 2, numeric.Evaluations); // the repeated waypoint adds an empty segment, skipped
    }

    [Fact]
    public void ExpectedGradients_RandomNetworks_CloseToExactAverageOfIg()
    {
        for (int seed = 1; seed <= 5; seed++)
        {
            var (net, x, x0) = Case(seed);
            var rng = new Random(200 + seed);
            Rational[][] baselines = [x0, RandomNetworks.Point(rng, 4), RandomNetworks.Point(rng, 4)];
            Rational[] weights = [Rational.Parse("1/2"), Rational.Parse("1/4"), Rational.Parse("1/4")];
            var exact = Attribute.ExpectedGradients(net, x, baselines, weights);
            using var model = TorchModel.FromNetwork(net);
            var numeric = NumericAttribute.ExpectedGradients(model, D(x), [.. baselines.Select(D)], [0.5, 0.25, 0.25],
                new NumericIgOptions { Rule = QuadratureRule.Trapezoid, Steps = 4000, BatchSize = 1000 });
            // Same O(1/n) kink error as IG (relative 2e-3 at n = 4000), averaged over the baselines.
            AssertClose(E(exact.Attributions), numeric.Attributions, 2e-3, $"seed {seed}");
            Assert.True(Math.Abs(numeric.FBaseline - E([exact.FBaseline])[0]) <= 1e-12 * Math.Max(1, Math.Abs(numeric.FBaseline)), "E[F(x')]");
        }
    }

    [Fact]
    public void ExpectedGradients_Polynomial_GaussLegendreMatchesExactTo1e14()
    {
        var f = ExprParser.Parse("x1^2*x2 - 3*x2^3");
        Rational[] x = [2, 1];
        Rational[][] baselines = [[0, 0], [1, -1], [Rational.Parse("1/2"), 3]];
        var exact = E(Attribute.ExpectedGradients(f, x, baselines).Attributions);
        using var model = TorchModel.FromExpression(f, 2);
        var numeric = NumericAttribute.ExpectedGradients(model, D(x), [.. baselines.Select(D)], options: new NumericIgOptions { Steps = 4 });
        AssertClose(exact, numeric.Attributions, 1e-14, "degree 3 integrand, 4 Gauss-Legendre nodes"); // tolerance: float64 rounding
    }

    [Fact]
    public void SampledExpectedGradients_SameSeedAsExactSampler_AveragesTheSameSamples()
    {
        for (int seed = 1; seed <= 5; seed++)
        {
            var (net, x, x0) = Case(seed);
            var rng = new Random(300 + seed);
            Rational[][] baselines = [x0, RandomNetworks.Point(rng, 4)];
            var exactSampled = Attribute.SampledExpectedGradients(net, x, baselines, null, 500, seed);
            var exact = E(Attribute.ExpectedGradients(net, x, baselines).Attributions);
            using var model = TorchModel.FromNetwork(net);
            var numeric = NumericAttribute.SampledExpectedGradients(model, D(x), [.. baselines.Select(D)], null, 500, seed, batchSize: 64);
            // Equal draws, so the means differ only by float64 rounding of the sample points and gradients (1e-12).
            AssertClose([.. exactSampled.Mean], numeric.Mean, 1e-12, $"seed {seed}, against the exact sampler");
            for (int i = 0; i < 4; i++)
            {
                Assert.True(Math.Abs(numeric.StandardError[i] - exactSampled.StandardError[i]) <= 1e-9 * Math.Max(1, exactSampled.StandardError[i]), "SE");
                // The exact expectation lies within 5 standard errors (+ 1e-9 when the SE is 0): a 6e-7 chance per check.
                Assert.True(Math.Abs(numeric.Mean[i] - exact[i]) <= 5 * numeric.StandardError[i] + 1e-9, $"seed {seed}, A{i + 1}: {numeric.Mean[i]} +- {numeric.StandardError[i]} vs {exact[i]}");
            }
        }
    }

    [Fact]
    public void SampledExpectedGradients_Deterministic_AndChecksArguments()
    {
        var (net, x, x0) = Case(7);
        using var model = TorchModel.FromNetwork(net);
        var a = NumericAttribute.SampledExpectedGradients(model, D(x), [D(x0)], null, 50, 3);
        var b = NumericAttribute.SampledExpectedGradients(model, D(x), [D(x0)], null, 50, 3, batchSize: 7);
        Assert.Equal(a.Mean, b.Mean, (p, q) => Math.Abs(p - q) <= 1e-13); // tolerance: summation order only
        Assert.Throws<ArgumentOutOfRangeException>(() => NumericAttribute.SampledExpectedGradients(model, D(x), [D(x0)], null, 1, 3));
        var e = Assert.Throws<ArgumentException>(() => NumericAttribute.ExpectedGradients(model, D(x), [D(x0)], [0.5]));
        Assert.Contains("sum to 0.5", e.Message);
        Assert.Throws<ArgumentException>(() => NumericAttribute.ExpectedGradients(model, D(x), []));
        Assert.Throws<ArgumentException>(() => NumericAttribute.PolylineIntegratedGradients(model, [D(x)]));
    }
}
