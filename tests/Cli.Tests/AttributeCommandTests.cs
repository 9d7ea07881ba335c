namespace Verifier.Cli.Tests;

public class AttributeCommandTests
{
    [Fact]
    public void Attribute_ProductIg_MatchesContractShape()
    {
        var run = CliRun.Of("attribute", "--function", "x1*x2", "--input", "1,3");
        Assert.Equal(0, run.ExitCode);
        var j = run.Json();
        Assert.Equal("ig", j.GetProperty("method").GetString());
        Assert.Equal("straight", j.GetProperty("path").GetString());
        Assert.Equal(["1", "3"], CliRun.Strings(j.GetProperty("input")));
        Assert.Equal(["0", "0"], CliRun.Strings(j.GetProperty("baseline")));
        Assert.Equal(["3/2", "3/2"], CliRun.Strings(j.GetProperty("attributions")));
        Assert.Equal([1.5, 1.5], j.GetProperty("attributions_approx").EnumerateArray().Select(v => v.GetDouble()));
        Assert.True(j.GetProperty("exact").GetBoolean());
        Assert.Equal("3", j.GetProperty("f_input").GetString());
        Assert.Equal("0", j.GetProperty("f_baseline").GetString());
        Assert.Equal("3", j.GetProperty("sum").GetString());
        Assert.Equal("0", j.GetProperty("completeness_gap").GetString());
        Assert.False(j.TryGetProperty("enclosures", out _));
        Assert.False(j.TryGetProperty("derivation", out _));
    }

    [Fact]
    public void Attribute_IgPaperExample_IgOneWithPieces()
    {
        var j = CliRun.Of("attribute", "--function", "1 - relu(1 - x1)", "--input", "2").Json();
        Assert.Equal(["1"], CliRun.Strings(j.GetProperty("attributions")));
        Assert.Equal(["0", "1/2", "1"], CliRun.Strings(j.GetProperty("pieces")));
    }

    [Fact]
    public void Attribute_IgPaperExampleGradient_Zero()
    {
        var j = CliRun.Of("attribute", "--function", "1 - relu(1 - x1)", "--input", "2", "--method", "gradient").Json();
        Assert.Equal("gradient", j.GetProperty("method").GetString());
        Assert.Equal(["0"], CliRun.Strings(j.GetProperty("attributions")));
        Assert.False(j.TryGetProperty("pieces", out _));
    }

    [Fact]
    public void Attribute_PolylineSeed004AppendixC_OneMinusOne()
    {
        var j = CliRun.Of("attribute", "--method", "path", "--path", "polyline:0,1;1,1", "--function", "x1*x2", "--input", "1,0").Json();
        Assert.Equal("path", j.GetProperty("method").GetString());
        Assert.Equal(["1", "-1"], CliRun.Strings(j.GetProperty("attributions")));
        Assert.Equal("0", j.GetProperty("completeness_gap").GetString());
    }

    [Theory]
    [InlineData("staircase:1,2", "0", "3")]
    [InlineData("staircase:2,1", "3", "0")]
    public void Attribute_Staircase_OrderDecides(string path, string a1, string a2)
    {
        var j = CliRun.Of("attribute", "--method", "path", "--path", path, "--function", "x1*x2", "--input", "1,3").Json();
        Assert.Equal([a1, a2], CliRun.Strings(j.GetProperty("attributions")));
        Assert.Equal(path, j.GetProperty("path").GetString());
    }

    [Fact]
    public void Attribute_Shapley_EqualSplit()
    {
        var j = CliRun.Of("attribute", "--function", "x1*x2", "--input", "1,3", "--method", "shapley").Json();
        Assert.Equal("shapley", j.GetProperty("method").GetString());
        Assert.Equal(["3/2", "3/2"], CliRun.Strings(j.GetProperty("attributions")));
    }

    [Fact]
    public void Attribute_ExpectedGradients_AverageOfTwoIg()
    {
        // IG from (0,0): (3/2, 3/2); from (2,2) to (1,3): x1 = 2 - t, x2 = 2 + t: A1 = -int(2+t) = -5/2, A2 = int(2-t) = 3/2.
        var j = CliRun.Of("attribute", "--function", "x1*x2", "--input", "1,3", "--method", "eg", "--baselines", "0,0;2,2").Json();
        Assert.Equal(["-1/2", "3/2"], CliRun.Strings(j.GetProperty("attributions")));
        Assert.Equal("2", j.GetProperty("f_baseline").GetString());
        Assert.Equal("0", j.GetProperty("completeness_gap").GetString());
    }

    [Fact]
    public void Attribute_ExpectedGradientsWeights_WeightedAverage()
    {
        var j = CliRun.Of("attribute", "--function", "x1*x2", "--input", "1,3", "--method", "eg", "--baselines", "0,0;2,2", "--weights", "1,0").Json();
        Assert.Equal(["3/2", "3/2"], CliRun.Strings(j.GetProperty("attributions")));
    }

    [Fact]
    public void Attribute_NetworkFile_ContractExample()
    {
        var file = CliRun.TempFile(CliRun.ExampleNetwork);
        try
        {
            var j = CliRun.Of("attribute", "--network", file, "--input", "3,1").Json();
            Assert.Equal(["3/2", "-1/2"], CliRun.Strings(j.GetProperty("attributions")));
            Assert.Equal("1", j.GetProperty("f_input").GetString());
            Assert.Equal(["0", "1/2", "1"], CliRun.Strings(j.GetProperty("pieces")));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Attribute_Sigmoid_ClosedFormAndApprox()
    {
        var j = CliRun.Of("attribute", "--function", "sigmoid(x1)", "--input", "3").Json();
        Assert.True(j.GetProperty("exact").GetBoolean());
        Assert.Equal("sigmoid(3) - 1/2", j.GetProperty("attributions")[0].GetString());
        Assert.Equal(1 / (1 + Math.Exp(-3)) - 0.5, j.GetProperty("attributions_approx")[0].GetDouble(), 1e-12);
    }

    [Fact]
    public void Attribute_Explain_AddsDerivation()
    {
        var j = CliRun.Of("attribute", "--function", "x1*x2", "--input", "1,3", "--explain").Json();
        var steps = j.GetProperty("derivation").EnumerateArray().ToList();
        Assert.NotEmpty(steps);
        Assert.Contains(steps, s => s.GetProperty("title").GetString() == "dF/dx_i" && s.GetProperty("text").GetString()!.Contains("dF/dx1 = x2"));
    }

    [Fact]
    public void Attribute_ReluParam_ChangesKinkGradient()
    {
        var zero = CliRun.Of("attribute", "--function", "relu(x1)", "--input", "0", "--method", "gradient").Json();
        var half = CliRun.Of("attribute", "--function", "relu(x1)", "--input", "0", "--method", "gradient", "--param", "relu_grad_at_zero=1/2").Json();
        Assert.Equal(["0"], CliRun.Strings(zero.GetProperty("attributions")));
        Assert.Equal(["1/2"], CliRun.Strings(half.GetProperty("attributions")));
    }

    [Theory]
    [InlineData("text", "3/2")]
    [InlineData("markdown", "| `x1` |")]
    [InlineData("latex", @"\frac{3}{2}")]
    public void Attribute_HumanFormat_PrintsTable(string format, string expected)
    {
        var run = CliRun.Of("attribute", "--function", "x1*x2", "--input", "1,3", "--format", format, "--explain");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Stdout);
        Assert.Contains("completeness gap", run.Stdout);
    }

    [Fact]
    public void Attribute_LatexSigmoid_UsesLatexPrinter()
    {
        var run = CliRun.Of("attribute", "--function", "sigmoid(x1)", "--input", "3", "--format", "latex");
        Assert.Contains(@"\sigma", run.Stdout);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("attribute", "--help")]
    public void Help_Requested_PrintsUsageExitZero(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage: verifier", run.Stdout);
    }

    [Fact]
    public void NoCommand_Always_UsageOnStderrExitTwo()
    {
        var run = CliRun.Of();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Usage: verifier", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Attribute_InputLongerThanTheFunctionsVariables_ExtraFeaturesAreDummies()
    {
        // Sensitivity(b): x2 and x3 do not occur in F, so their attributions are 0.
        var j = CliRun.Of("attribute", "--function", "x1^2", "--input", "2,5,7").Json();
        Assert.Equal(new[] { "4", "0", "0" }, CliRun.Strings(j.GetProperty("attributions")));
        Assert.Equal("0", j.GetProperty("completeness_gap").GetString());
    }
}
