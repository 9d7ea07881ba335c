using Verifier.Axioms.Golden;
using Verifier.Axioms.Methods;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;
using Xunit.Abstractions;

namespace Verifier.Axioms.Tests.Golden;

/// <summary>Grading methods in process against the suite (issue 15, items 3 and 6): the exact method passes everything,
/// a quadrature IG in doubles fails at a tight tolerance but stays within its rigorous bound, its error falls as 1/n, and
/// Captum's trapezoid weights show as the (n-1)/n shortfall.</summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    /// <summary>Integrated Gradients by a quadrature rule in doubles (the integrand's exact values rounded), as a float
    /// implementation computes it.</summary>
    private sealed class QuadratureIg(IgQuadratureRule rule, int steps) : IAttributionMethod
    {
        public string Name => $"quadrature-ig-{QuadratureBound.Name(rule)}-{steps}";
        public MethodTraits Traits => MethodTraits.Any;

        public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline)
        {
            int n = f.Dimension;
            var sum = new double[n];
            foreach (var (t, w) in Nodes())
            {
                var point = input.Select((x, i) => baseline[i] + t * (x - baseline[i])).ToArray();
                for (int i = 0; i < n; i++) sum[i] += w * Gradient(f, point, i);
            }
            var a = sum.Select((s, i) => ExactResult.FromRational(Rational.FromDouble(s * (input[i] - baseline[i]).ToDouble()))).ToArray();
            return new AttributionResult(Name, input.ToArray(), baseline.ToArray(), a, f.ValueAt(input), f.ValueAt(baseline), null, []);
        }

        private IEnumerable<(Rational T, double W)> Nodes()
        {
            int m = steps;
            for (int k = 0; k < m; k++)
                yield return rule switch
                {
                    IgQuadratureRule.Middle => (new Rational(2 * k + 1, 2 * m), 1.0 / m),
                    IgQuadratureRule.Left => (new Rational(k, m), 1.0 / m),
                    _ => (new Rational(k, m - 1), (k == 0 || k == m - 1 ? 0.5 : 1.0) / m), // Captum's riemann_trapezoid
                };
        }

        private static double Gradient(Subject f, Rational[] point, int i)
        {
            if (f.Network is { } net) return net.Gradient(point)[i].ToDouble();
            var d = Evaluate.Exactly(f.Function!.Differentiate(i + 1), point);
            return d.Rational?.ToDouble() ?? d.Enclosure.Mid;
        }
    }

    [Fact]
    public void Run_ExactIg_EveryQueryPassesWithZeroError()
    {
        var report = Conformance.Run(BuiltInMethods.IntegratedGradients, "ig");
        Assert.Equal(64, report.Queries);
        Assert.Equal((64, 0, 0), (report.Passed, report.Failed, report.Errored));
        Assert.All(report.Results, r => Assert.True(r.MaxAbsError < 1e-15, $"{r.Id}: {r.MaxAbsError}")); // closed forms vs their doubles
    }

    [Fact]
    public void Run_MidpointIg16_FailsTightToleranceButWithinItsBound()
    {
        var options = ConformanceOptions.Default with { Rule = IgQuadratureRule.Middle, Steps = 16 };
        var report = Conformance.Run(new QuadratureIg(IgQuadratureRule.Middle, 16), "ig", options);
        var worst = report.Worst(3);
        foreach (var r in worst) output.WriteLine($"{r.Id}: error {r.MaxAbsError:G3}, bound {r.QuadratureBound:G3}, exact [{string.Join(", ", r.Exact)}]");
        output.WriteLine($"passed {report.Passed}, failed {report.Failed}, outside bound {report.OutsideBound}");

        Assert.True(report.Failed > 10);
        Assert.Equal(0, report.OutsideBound); // every error is a quadrature error within V/(2n)
        Assert.All(report.Results, r => Assert.NotNull(r.QuadratureBound));
    }

    [Fact]
    public void Run_LeftIgSweep_FirstOrderInTheStepCount()
    {
        var options = ConformanceOptions.Default with { StepsSweep = [8, 16, 32, 64, 128] };
        var report = Conformance.Run(new QuadratureIg(IgQuadratureRule.Left, 16), "ig", options, withSteps: n => new QuadratureIg(IgQuadratureRule.Left, n));
        var sweep = report.Sweep!;
        output.WriteLine($"median order {sweep.MedianOrder:F2}; max errors {string.Join(", ", sweep.MaxError.Select(e => e.ToString("G3")))}");

        Assert.InRange(sweep.MedianOrder!.Value, 0.8, 1.2);
        Assert.True(sweep.MaxError[^1] < sweep.MaxError[0] / 8);
    }

    [Fact]
    public void Run_CaptumTrapezoidSweep_WeightShortfallOfOneOverN()
    {
        var options = ConformanceOptions.Default with { StepsSweep = [16, 64, 256] };
        var report = Conformance.Run(new QuadratureIg(IgQuadratureRule.CaptumTrapezoid, 16), "ig", options,
            withSteps: n => new QuadratureIg(IgQuadratureRule.CaptumTrapezoid, n));
        var s = report.Sweep!;
        output.WriteLine($"n x median relative error: {string.Join(", ", s.MedianScaledRelativeError.Select(e => e.ToString("F3")))}");

        Assert.All(s.MedianScaledRelativeError, e => Assert.InRange(e, -1.1, -0.9)); // numeric / exact = (n-1)/n
    }

    [Fact]
    public void Run_UnknownMethod_InputErrorListingTheGradable() =>
        Assert.StartsWith("the suite has no queries for 'path' that can be sent to a method; expected one of ig, shapley, eg, gradient, gradient-x-input, deeplift-rescale, lrp-0, lrp-epsilon",
            Assert.Throws<InputArgumentException>(() => Conformance.Run(BuiltInMethods.IntegratedGradients, "path")).Message);

    [Theory]
    [InlineData("ig")]
    [InlineData("shapley")]
    [InlineData("eg")]
    [InlineData("gradient")]
    [InlineData("gradient-x-input")]
    [InlineData("deeplift-rescale")]
    [InlineData("lrp-0")]
    [InlineData("lrp-epsilon")]
    [InlineData("kernelshap")]
    [InlineData("kernelshap-sampled")]
    [InlineData("lime")]
    public void Run_TheToolkitsOwnMethod_PassesItsQueries(string name)
    {
        // a method in process cannot be sent parameters: it is made with those the suite's queries state
        var stated = GoldenSuite.Cases(GoldenSuite.DefaultSeed, GoldenSuite.DefaultCases, MethodRegistry.BuiltIn).First(c => c.Method == name).Parameters;
        var method = MethodRegistry.BuiltIn.Method(name, null, stated.ToDictionary(p => p.Key, p => p.Value));
        var report = Conformance.Run(method, name);
        Assert.True(report.Queries > 0);
        Assert.Equal((report.Queries, 0, 0), (report.Passed, report.Failed, report.Errored));
    }

    [Fact]
    public void Run_LrpZeroGradedAsLrpEpsilon_FailsWithTheExactValueBeside()
    {
        var report = Conformance.Run(BuiltInMethods.LrpZero, "lrp-epsilon");
        var failed = report.Results.Where(r => r.Pass == false).ToArray();
        output.WriteLine(string.Join("\n", failed.Select(r => $"{r.Id}: exact [{string.Join(", ", r.Exact)}], numeric [{string.Join(", ", r.Numeric!)}]")));

        Assert.Equal(22, report.Queries);
        Assert.NotEmpty(failed); // epsilon = 1/100 absorbs relevance that LRP-0 passes on
        Assert.All(failed, r => Assert.True(r.MaxAbsError > 1e-9));
    }
}
