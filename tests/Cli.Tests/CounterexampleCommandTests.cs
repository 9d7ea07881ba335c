namespace Verifier.Cli.Tests;

/// <summary><c>verifier counterexample</c> (CONTRACT.md); needs z3, which CI installs.</summary>
public class CounterexampleCommandTests
{
    [Fact]
    public void Counterexample_GradientSensitivityA_JsonWithSolverAndScript()
    {
        var smt = Path.Combine(Path.GetTempPath(), $"verifier-ce-{Guid.NewGuid():N}.smt2");
        var run = CliRun.Of("counterexample", "--method", "gradient", "--axiom", "sensitivity-a", "--function", "1 - relu(1 - x1)",
            "--box", "-3,3", "--smt-out", smt);
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal("violated", json.GetProperty("status").GetString());
        Assert.StartsWith("z3 ", json.GetProperty("solver").GetString());
        Assert.True(json.GetProperty("seconds").GetDouble() >= 0);
        Assert.Equal(smt, json.GetProperty("smt2").GetString());
        Assert.Contains("(check-sat)", File.ReadAllText(smt));
        var ce = json.GetProperty("counterexample");
        Assert.Equal(["0"], CliRun.Strings(ce.GetProperty("attributions")));
        File.Delete(smt);
    }

    [Fact]
    public void Counterexample_NetworkPairs_DeepLiftOnNetworkFile()
    {
        var net = CliRun.TempFile("""
            {"format": "verifier-network/1", "inputs": 2,
             "layers": [{"type": "dense", "weights": [["1", "0"], ["0", "1"]], "bias": ["0", "0"]},
                        {"type": "maxpool", "groups": [[0, 1]]}]}
            """);
        var run = CliRun.Of("counterexample", "--method", "deeplift-rescale", "--axiom", "implementation-invariance", "--network", net);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("violated", run.Json().GetProperty("status").GetString());
        Assert.True(run.Json().GetProperty("counterexample").TryGetProperty("network2", out _));
    }

    [Theory]
    [InlineData("counterexample|--axiom|completeness|--function|x1", "missing --method")]
    [InlineData("counterexample|--method|gradient|--function|x1", "missing --axiom")]
    [InlineData("counterexample|--method|gradient|--axiom|sensitivity-a", "--function")]
    [InlineData("counterexample|--method|gradient|--axiom|sensitivity-a|--function|sigmoid(x1)", "not piecewise linear")]
    [InlineData("counterexample|--method|shapley|--axiom|linearity|--function|relu(x1)", "no solver query")]
    [InlineData("counterexample|--method|gradient|--axiom|sensitivity-a|--function|x1|--box|3,1", "--box")]
    [InlineData("counterexample|--method|gradient|--axiom|sensitivity-a|--function|x1|--solver|yices", "--solver")]
    [InlineData("counterexample|--method|gradient|--axiom|sensitivity-a|--function|x1|--timeout|0", "--timeout")]
    [InlineData("counterexample|--method|gradient|--axiom|sensitivity-a|--function|x1|--function2|x1", "--network2")]
    public void Counterexample_BadInput_ExitTwo(string args, string keyword)
    {
        var run = CliRun.Of(args.Split('|'));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(keyword, run.Stderr);
    }
}
