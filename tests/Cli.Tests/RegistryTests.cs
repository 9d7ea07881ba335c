using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Tests;

/// <summary>The commands read methods from the registry: a method registered at run time is checked, put in the matrix and
/// listed in the help; a method that throws is reported, never passed as holds or as bad input.</summary>
public class RegistryTests
{
    /// <summary>IG that throws a NullReferenceException wherever x_1 > 0.</summary>
    private sealed class CrashingIg : IAttributionMethod
    {
        public string Name => "crashing-ig";
        public MethodTraits Traits => MethodTraits.Any;

        public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline) =>
            input[0].Sign > 0 ? throw new NullReferenceException("no attribution here")
                : BuiltInMethods.IntegratedGradients.Attribute(f, input, baseline) with { Method = Name };
    }

    private static readonly MethodRegistry WithCrashing = MethodRegistry.BuiltIn.With(new CrashingIg());

    // A method whose query runner has a defect of the given kind.
    private static MethodRegistry WithDefect(Exception e) =>
        MethodRegistry.BuiltIn.With(new MethodDescriptor { Name = "defective", Summary = "throws", Run = _ => throw e });

    /// <summary>A method added by one registry entry at run time: half of IG, with a parameter, a query runner and an
    /// instance for the axiom checks.</summary>
    private static MethodRegistry WithHalfIg()
    {
        var scale = new MethodParameter("scale", ParameterKind.Number, Rational.Half, "the factor") { Minimum = Rational.Zero };
        AttributionResult Scaled(Subject f, IReadOnlyList<Rational> x, IReadOnlyList<Rational> b, Rational c)
        {
            var r = Verifier.PathMethods.Methods.Attribute.IntegratedGradients(f, x, b);
            return r with { Method = "scaled-ig", Attributions = r.Attributions.Select(a => Verifier.Symbolic.Integration.ExactResult.FromRational(a.Rational!.Value * c)).ToArray() };
        }
        return MethodRegistry.BuiltIn.With(new MethodDescriptor
        {
            Name = "scaled-ig",
            Summary = "IG times a factor",
            OwnParameters = [scale],
            Run = q => new AttributionOutcome(Scaled(q.F, q.Input, q.Baseline, q.Arguments.Get("scale")), "straight"),
            Create = (args, _) => new ScaledIg(args.Get("scale"), Scaled),
        });
    }

    private sealed class ScaledIg(Rational c, Func<Subject, IReadOnlyList<Rational>, IReadOnlyList<Rational>, Rational, AttributionResult> f) : IAttributionMethod
    {
        public string Name => "scaled-ig";
        public MethodTraits Traits => MethodTraits.Any;
        public AttributionResult Attribute(Subject s, IReadOnlyList<Rational> x, IReadOnlyList<Rational> b) => f(s, x, b, c);
    }

    [Fact]
    public void Registry_EntryAddedAtRunTime_EveryCommandFindsIt()
    {
        var registry = WithHalfIg();
        var one = CliRun.Using(registry, "", "attribute", "--function", "x1*x2", "--input", "1,3", "--method", "scaled-ig", "--param", "scale=2");
        Assert.True(one.ExitCode == 0, one.Stderr);
        Assert.Equal(["3", "3"], CliRun.Strings(one.Json().GetProperty("attributions")));
        var batch = CliRun.Using(registry, "{\"function\": \"x1*x2\", \"input\": [\"1\", \"3\"], \"method\": \"scaled-ig\"}\n", "attribute", "--batch", "-");
        Assert.Contains("\"attributions\":[\"3/4\",\"3/4\"]", batch.Stdout);
        var check = CliRun.Using(registry, "", "check", "--method", "scaled-ig", "--axioms", "completeness", "--trials", "20", "--quiet");
        Assert.Equal("violated", check.Json().GetProperty("verdicts")[0].GetProperty("status").GetString());
        var complete = CliRun.Using(registry, "", "check", "--method", "scaled-ig", "--param", "scale=1", "--axioms", "completeness", "--trials", "20", "--quiet");
        Assert.Equal("holds", complete.Json().GetProperty("verdicts")[0].GetProperty("status").GetString());
        Assert.Contains("scaled-ig", CliRun.Using(registry, "", "attribute", "--help").Stdout);
        Assert.Equal(2, CliRun.Using(registry, "", "attribute", "--function", "x1", "--input", "1", "--method", "scaled-ig", "--param", "scale=-1").ExitCode);
    }

    [Fact]
    public void Check_MethodThrowingOnSomeTrials_JsonReportsErroredTrials()
    {
        var run = CliRun.Using(WithCrashing, "", "check", "--method", "crashing-ig", "--axioms", "completeness,linearity", "--trials", "30", "--quiet");
        Assert.Equal(0, run.ExitCode);
        foreach (var v in run.Json().GetProperty("verdicts").EnumerateArray())
        {
            Assert.Equal("undetermined", v.GetProperty("status").GetString());
            int errored = v.GetProperty("errored").GetInt32();
            Assert.InRange(errored, 1, 29);
            Assert.Contains("NullReferenceException: no attribution here", v.GetProperty("first_error").GetString());
            Assert.Contains($"{errored} trials errored", v.GetProperty("reason").GetString());
        }
    }

    [Fact]
    public void Matrix_MethodRegisteredAtRunTime_IsARowAndReportsErrors()
    {
        var run = CliRun.Using(WithCrashing, "", "matrix", "--methods", "crashing-ig", "--axioms", "completeness", "--trials", "30", "--format", "json", "--quiet");
        Assert.Equal(0, run.ExitCode);
        var cell = run.Json().GetProperty("cells")[0];
        Assert.Equal(("crashing-ig", "undetermined"), (cell.GetProperty("method").GetString(), cell.GetProperty("status").GetString()));
        Assert.True(cell.GetProperty("errored").GetInt32() > 0);
    }

    [Fact]
    public void Check_BuiltInMethod_NoErroredField()
    {
        var run = CliRun.Of("check", "--method", "ig", "--axioms", "completeness", "--trials", "10", "--quiet");
        Assert.False(run.Json().GetProperty("verdicts")[0].TryGetProperty("errored", out _));
    }

    [Theory]
    [InlineData("InvalidOperationException")]
    [InlineData("ArgumentException")] // a library's argument exception is our defect, not the user's bad input
    [InlineData("NotSupportedException")]
    public void Attribute_DefectInTheMethod_ExitOneWithOneLine(string type)
    {
        var e = (Exception)Activator.CreateInstance(Type.GetType($"System.{type}")!, "a defect")!;
        var run = CliRun.Using(WithDefect(e), "", "attribute", "--function", "x1", "--input", "1", "--method", "defective");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"internal error ({type}): a defect", run.Stderr.TrimEnd('\n'));
    }

    [Fact]
    public void Attribute_DefectWithDebug_AddsTheStackTrace()
    {
        var run = CliRun.Using(WithDefect(new InvalidOperationException("a defect")), "", "attribute", "--debug", "--function", "x1", "--input", "1", "--method", "defective");
        Assert.Equal(1, run.ExitCode);
        var lines = run.Stderr.TrimEnd('\n').Split('\n');
        Assert.Equal("internal error (InvalidOperationException): a defect", lines[0]);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public void Batch_DefectOnOneLine_InternalErrorLineAndContinues()
    {
        var run = CliRun.Using(WithDefect(new InvalidOperationException("a defect")),
            "{\"function\": \"x1\", \"input\": [\"1\"], \"method\": \"defective\"}\n{\"function\": \"x1\", \"input\": [\"1\"]}\n",
            "attribute", "--batch", "-");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("{\"error\":\"line 1: internal error (InvalidOperationException): a defect\"}", lines[0]);
        Assert.Contains("\"attributions\":[\"1\"]", lines[1]);
    }

    [Theory]
    [InlineData("attribute")]
    [InlineData("check")]
    [InlineData("matrix")]
    [InlineData("counterexample")]
    [InlineData("crosscheck")]
    [InlineData("golden")]
    [InlineData("prove")]
    public void Cli_DebugFlag_AcceptedByEveryCommand(string command)
    {
        var run = CliRun.Of(command, "--help", "--debug");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("Usage: verifier " + command, run.Stdout);
    }

    [Fact]
    public void Help_ListsTheRegistrysMethodsAndTheCataloguesAxioms()
    {
        var attribute = CliRun.Of("attribute", "--help").Stdout;
        Assert.All(MethodRegistry.BuiltIn.Queryable, d => Assert.Contains(d.Name, attribute));
        var check = CliRun.Using(WithCrashing, "", "check", "--help").Stdout;
        Assert.All(WithCrashing.CheckNames, n => Assert.Contains(n, check));
        Assert.Contains("crashing-ig", check);
        Assert.All(AxiomCatalogue.All, a => Assert.Contains(a.Name, check));
        Assert.DoesNotContain("crashing-ig", CliRun.Of("check", "--help").Stdout);
    }
}
