using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.External;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Xunit.Abstractions;
using static Verifier.Axioms.Tests.External.ExternalMethodHostTests;
using Verifier.Symbolic;

namespace Verifier.Axioms.Tests.External;

/// <summary>External methods as <see cref="IAttributionMethod"/>s: traits, exact agreement with built-ins, faults as
/// exceptions, and the axiom checks run against them through Python.</summary>
public sealed class ExternalMethodTests(ITestOutputHelper output)
{
    private static readonly CheckOptions Fast = CheckOptions.Default with { Trials = 40 };

    [PythonFact]
    public void Start_BaselineMethod_DistributionalWithTraitsFromHandshake()
    {
        using var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("riemann_ig.py")));

        Assert.IsType<DistributionalExternalMethod>(method);
        Assert.Equal("python-riemann-ig", method.Name);
        Assert.Equal(MethodTraits.Any, method.Traits);
        Assert.False(method.IsExact);
        Assert.StartsWith("python-riemann-ig (external: python3 ", method.ToString());
    }

    [PythonTheory]
    [InlineData("x1*x2 - 3*x1", "2,5", "1/2,-1")]
    [InlineData("relu(x1 - x2) + abs(x2) - max(x1, 2*x2)", "3,1", "0,0")]
    [InlineData("leaky_relu(x1, 1/10)^2 / (1 + x2^2)", "-2,1/3", "1,1")]
    [InlineData("min(x1, x2) + 4", "1,1", "0,0")]
    public void GradientXInput_PythonAndBuiltIn_ExactlyEqual(string function, string x, string b)
    {
        using var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("gradient_x_input.py")));
        var f = Subject.Of(ExprParser.Parse(function), 2);
        var input = Q(x.Split(','));
        var baseline = Q(b.Split(','));

        var ours = BuiltInMethods.GradientTimesInput.Attribute(f, input, baseline);
        var theirs = method.Attribute(f, input, baseline);

        Assert.Equal(ours.Attributions.Select(a => a.Rational), theirs.Attributions.Select(a => a.Rational));
        Assert.Equal(ours.FInput.Rational, theirs.FInput.Rational);
        Assert.Equal(ours.FBaseline.Rational, theirs.FBaseline.Rational);
    }

    [PythonFact]
    public void GradientXInput_NetworkWithMaxPool_ExactlyEqualToBuiltIn()
    {
        using var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("gradient_x_input.py")));
        var rng = new System.Random(5);
        for (int trial = 0; trial < 5; trial++)
        {
            var f = Subject.Of(RandomNetworks.Create(rng, [3, 4, 1]));
            var x = Enumerable.Range(0, 3).Select(_ => new Rational(rng.Next(-9, 10), rng.Next(1, 5))).ToArray();
            var zero = new Rational[3];

            Assert.Equal(BuiltInMethods.GradientTimesInput.Attribute(f, x, zero).Attributions.Select(a => a.Rational),
                         method.Attribute(f, x, zero).Attributions.Select(a => a.Rational));
        }
    }

    [PythonFact]
    public void RiemannIg_SmoothFunction_CloseToExactIg()
    {
        using var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("riemann_ig.py")));
        var f = Subject.Of(ExprParser.Parse("x1^2*x2 + 3*x2"));
        var x = Q("1", "2");

        var exact = BuiltInMethods.IntegratedGradients.Attribute(f, x, Q("0", "0"));
        var riemann = method.Attribute(f, x, Q("0", "0"));

        for (int i = 0; i < 2; i++)
        {
            double error = Math.Abs(riemann.Attributions[i].Rational!.Value.ToDouble() - exact.Attributions[i].Rational!.Value.ToDouble());
            output.WriteLine($"A_{i + 1}: exact {exact.Attributions[i]}, 16-step midpoint {riemann.Attributions[i]}, error {error:E2}");
            Assert.True(error < 1e-2, $"error {error}"); // midpoint rule, 16 steps, on a cubic path integrand
        }
        Assert.NotEqual(exact.Attributions[0].Rational, riemann.Attributions[0].Rational); // a quadrature, not exact
    }

    [PythonFact]
    public void Attribute_MethodReportsError_FaultException()
    {
        using var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("gradient_x_input.py")));
        var f = Subject.Of(ExprParser.Parse("exp(x1)"));

        var e = Assert.Throws<ExternalMethodFaultException>(() => method.Attribute(f, Q("1"), Q("0")));

        Assert.Equal(MethodFaultKind.MethodError, e.Fault.Kind);
        Assert.Equal("external method python-gradient-x-input: method-error: the method reported an error for request 1: NotExact: exp has no exact rational value", e.Message);
    }

    [PythonFact]
    public void Attribute_NetworkToFunctionsOnlyMethod_NotSupported()
    {
        using var dir = new Smt.TempDirectory();
        var script = Path.Combine(dir.Path, "functions_only.py");
        File.WriteAllText(script, $"""
            import sys; sys.path.insert(0, {System.Text.Json.JsonSerializer.Serialize(PythonMethods.AdapterDirectory)})
            import verifier_method as vm
            vm.run(lambda q: [0] * q.dim, name="f-only", accepts=("functions",), baseline=False, exact=True)
            """);
        using var method = ExternalMethod.Start(CommandLine.Join(["python3", script]));

        Assert.IsNotType<DistributionalExternalMethod>(method);
        Assert.Equal(MethodTraits.Functions | MethodTraits.ZeroBaselineOnly, method.Traits);
        var net = Subject.Of(RandomNetworks.Create(new System.Random(1), [2, 2, 1]));
        Assert.Throws<NotSupportedException>(() => method.Attribute(net, Q("1", "1"), Q("0", "0")));
        Assert.Equal(0, method.Host.Requests);
    }

    [PythonFact]
    public void Distributional_RiemannIg_OneRequestEqualsTheAverage()
    {
        using var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("riemann_ig.py")));
        var f = Subject.Of(ExprParser.Parse("x1*x2 + relu(x1 - 1)"));
        var baselines = new BaselineDistribution([Q("0", "0"), Q("-1", "2")], Q("1/3", "2/3"));
        var x = Q("3", "1");

        var direct = Distributional.Attribute(method, f, x, baselines);
        var a0 = method.Attribute(f, x, baselines.Points[0]);
        var a1 = method.Attribute(f, x, baselines.Points[1]);

        Assert.Equal(1, method.Host.Requests - 2); // the distributional call was one request
        for (int i = 0; i < 2; i++)
        {
            double averaged = a0.Attributions[i].Rational!.Value.ToDouble() / 3 + 2 * a1.Attributions[i].Rational!.Value.ToDouble() / 3;
            Assert.Equal(averaged, direct.Attributions[i].Rational!.Value.ToDouble(), 1e-12);
        }
        Assert.Equal(Q("-2/3", "4/3"), direct.Baseline);
    }

    [PythonFact]
    public void Check_BrokenSwap_SymmetryPreservingViolatedAndRechecks()
    {
        using var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("broken_swap.py")));
        var axiom = AxiomCatalogue.Get("symmetry-preserving");

        var v = axiom.Check(method, Fast);
        output.WriteLine($"{v.Status}: {v.How}; {v.Counterexample?.Detail} ({method.Host.Requests} requests)");

        Assert.Equal(VerdictStatus.Violated, v.Status);
        Assert.Equal(TrialKind.Fail, axiom.Test(method, v.Counterexample!.Instance).Kind);
    }

    [PythonFact]
    public void Check_PythonGradientXInput_CompletenessViolatedLikeTheBuiltIn()
    {
        using var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("gradient_x_input.py")));
        var axiom = AxiomCatalogue.Get("completeness");

        var theirs = axiom.Check(method, Fast);
        output.WriteLine($"{theirs.Status}: {theirs.Counterexample?.Detail} ({method.Host.Requests} requests, {method.Host.Faults} faults)");

        Assert.Equal(VerdictStatus.Violated, theirs.Status);
        var instance = theirs.Counterexample!.Instance;
        Assert.Equal(TrialKind.Fail, axiom.Test(BuiltInMethods.GradientTimesInput, instance).Kind);
    }

    [PythonFact]
    public void Check_CrashingMethod_NeverHolds()
    {
        using var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("faulty.py", "crash")));

        var v = AxiomCatalogue.Get("linearity").Check(method, Fast with { Trials = 10 });
        output.WriteLine($"{v.Status}: {v.How}");

        Assert.NotEqual(VerdictStatus.Holds, v.Status);
        Assert.Contains("crash", v.How);
    }
}

/// <summary>The adapter's own evaluators (function parser, network back-propagation) against the toolkit, on random
/// subjects of every family: the Python gradient x input equals the built-in one exactly (floats for smooth ones).</summary>
public sealed class PythonEvaluatorTests
{
    private static T Draw<T>(FsCheck.Gen<T> gen, int seed, int trial) =>
        gen.Sample(1, new Rnd((ulong)(1000 * seed + trial + 1)), 1 + trial % 20)[0];

    [PythonTheory]
    [InlineData(Verifier.Axioms.Search.Family.Polynomial)]
    [InlineData(Verifier.Axioms.Search.Family.PiecewiseLinear)]
    [InlineData(Verifier.Axioms.Search.Family.Network)]
    public void GradientXInput_RandomSubjects_ExactlyEqualToBuiltIn(Verifier.Axioms.Search.Family family)
    {
        using var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("gradient_x_input.py")));
        var subjects = Verifier.Axioms.Search.SubjectGen.Of(family, 3);
        var points = Verifier.Axioms.Search.SubjectGen.Point(3);
        for (int trial = 0; trial < 40; trial++)
        {
            var f = Draw(subjects, 7, trial);
            var x = Draw(points, 8, trial);
            var b = Draw(points, 9, trial);

            var ours = BuiltInMethods.GradientTimesInput.Attribute(f, x, b).Attributions.Select(a => a.Rational);
            var theirs = method.Attribute(f, x, b).Attributions.Select(a => a.Rational);

            Assert.True(ours.SequenceEqual(theirs), $"{f} at ({string.Join(", ", x)}) from ({string.Join(", ", b)}): " +
                                                     $"built-in [{string.Join(", ", ours)}], python [{string.Join(", ", theirs)}]");
        }
    }

    [PythonFact]
    public void GradientXInputFloat_SmoothSubjects_EqualToBuiltInWithinRounding()
    {
        using var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("gradient_x_input.py", "--float")));
        var subjects = Verifier.Axioms.Search.SubjectGen.Of(Verifier.Axioms.Search.Family.Smooth, 2);
        var points = Verifier.Axioms.Search.SubjectGen.Point(2);
        for (int trial = 0; trial < 30; trial++)
        {
            var f = Draw(subjects, 7, trial);
            var x = Draw(points, 8, trial);
            var b = Draw(points, 9, trial);
            var ours = BuiltInMethods.GradientTimesInput.Attribute(f, x, b).Attributions;
            var theirs = method.Attribute(f, x, b).Attributions;
            for (int i = 0; i < 2; i++)
            {
                double want = ours[i].Enclosure.Mid, got = theirs[i].Rational!.Value.ToDouble();
                Assert.True(Math.Abs(want - got) <= ours[i].Enclosure.Width + 1e-12 * Math.Max(1, Math.Abs(want)), $"{f}: A_{i + 1} {want} vs {got}"); // rounding of doubles
            }
        }
    }
}
