namespace Verifier.Cli.Tests;

/// <summary><c>verifier check</c> and <c>verifier matrix</c> (CONTRACT.md).</summary>
public class AxiomCommandTests
{
    [Fact]
    public void Check_GradientTimesInputCompleteness_ViolatedWithExactCounterexample()
    {
        var run = CliRun.Of("check", "--method", "gradient-x-input", "--axioms", "completeness", "--trials", "20", "--seed", "42", "--quiet");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal("gradient-x-input", json.GetProperty("method").GetString());
        Assert.Equal(42, json.GetProperty("seed").GetInt32());
        var verdict = json.GetProperty("verdicts")[0];
        Assert.Equal("completeness", verdict.GetProperty("axiom").GetString());
        Assert.Equal("violated", verdict.GetProperty("status").GetString());
        Assert.Contains("property search", verdict.GetProperty("how").GetString());
        var ce = verdict.GetProperty("counterexample");
        Assert.True(ce.TryGetProperty("function", out _) || ce.TryGetProperty("network", out _));
        Assert.NotEmpty(CliRun.Strings(ce.GetProperty("input")));
        Assert.NotEmpty(CliRun.Strings(ce.GetProperty("attributions")));
        Assert.Contains("!=", ce.GetProperty("detail").GetString());
    }

    [Fact]
    public void Check_IgCompleteness_ProvedSymbolically()
    {
        var run = CliRun.Of("check", "--method", "ig", "--axioms", "completeness,linearity", "--trials", "10", "--quiet");
        Assert.Equal(0, run.ExitCode);
        foreach (var v in run.Json().GetProperty("verdicts").EnumerateArray())
        {
            Assert.Equal("proved", v.GetProperty("status").GetString());
            Assert.StartsWith("symbolic:", v.GetProperty("how").GetString());
        }
    }

    [Fact]
    public void Check_UserPathInReferenceCoordinates_FindsNdpViolation()
    {
        // The Appendix E.1 path given on the command line.
        var run = CliRun.Of("check", "--method", "path", "--path", "polyline:1,0;1,1;0,1;0,0", "--axioms", "non-decreasing-positivity",
            "--trials", "40", "--quiet");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("violated", run.Json().GetProperty("verdicts")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void Check_SameSeed_SameOutput()
    {
        string[] args = ["check", "--method", "gradient", "--axioms", "sensitivity-a,affine-scale-invariance", "--trials", "30", "--seed", "7", "--quiet"];
        Assert.Equal(CliRun.Of(args).Stdout, CliRun.Of(args).Stdout);
    }

    [Fact]
    public void Check_Progress_OnStandardError()
    {
        var run = CliRun.Of("check", "--method", "ig", "--axioms", "sensitivity-b", "--trials", "5");
        Assert.Contains("[check] ig x sensitivity-b: proved", run.Stderr);
    }

    [Fact]
    public void Check_LrpDistributional_UndeterminedWithReason()
    {
        var run = CliRun.Of("check", "--method", "lrp-0", "--axioms", "completeness-d", "--quiet");
        var v = run.Json().GetProperty("verdicts")[0];
        Assert.Equal("undetermined", v.GetProperty("status").GetString());
        Assert.Contains("no baseline", v.GetProperty("reason").GetString());
    }

    [Fact]
    public void Matrix_SubsetJson_CellsForEveryPair()
    {
        var run = CliRun.Of("matrix", "--methods", "ig,gradient", "--axioms", "completeness,sensitivity-a", "--trials", "20", "--format", "json", "--quiet");
        Assert.Equal(0, run.ExitCode);
        var cells = run.Json().GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(4, cells.Count);
        string Status(string m, string a) => cells.Single(c => c.GetProperty("method").GetString() == m && c.GetProperty("axiom").GetString() == a)
            .GetProperty("status").GetString()!;
        Assert.Equal("proved", Status("ig", "completeness"));
        Assert.Equal("violated", Status("gradient", "sensitivity-a"));
    }

    [Fact]
    public void Matrix_Text_TableWithCounterexamples()
    {
        var run = CliRun.Of("matrix", "--methods", "path:staircase", "--axioms", "symmetry-preserving", "--trials", "20", "--quiet");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("path:staircase", run.Stdout);
        Assert.Contains("VIOLATED", run.Stdout);
        Assert.Contains("Counterexamples:", run.Stdout);
    }
}
