namespace Verifier.Cli.Tests;

public class BadInputTests
{
    // Each row: the arguments (separated by '|') and a word the one-line message must contain.
    [Theory]
    [InlineData("frobnicate", "unknown command")]
    [InlineData("attribute|--function|x1|--input|1|--bogus|2", "unknown option")]
    [InlineData("attribute|--function|x1", "missing --input")]
    [InlineData("attribute|--input|1", "--function")]
    [InlineData("attribute|--function|x1|--network|n.json|--input|1", "not both")]
    [InlineData("attribute|--function|x1 + * 2|--input|1", "position")]
    [InlineData("attribute|--function|x1*x2|--input|1", "dimension")]
    [InlineData("attribute|--function|x1|--input|1|--baseline|0,0", "dimension")]
    [InlineData("attribute|--function|x1|--input|abc", "bad number")]
    [InlineData("attribute|--function|x1|--input|1/0", "bad number")]
    [InlineData("attribute|--function|x1*x2|--input|1,2|--method|path|--path|polyline:1", "--path")]
    [InlineData("attribute|--function|x1*x2|--input|1,2|--method|path|--path|spiral", "--path")]
    [InlineData("attribute|--function|x1|--input|1|--method|path|--path|curve:t^2 + 1", "--path")]
    [InlineData("attribute|--function|1/x1|--input|0", "division by zero")] // SymbolicDomainException, an IInputError
    [InlineData("attribute|--function|1/x1|--input|1|--method|deeplift-rescale", "division by zero")] // a pole at x' = 0
    [InlineData("attribute|--function|x1|--input|1|--method|lrp-epsilon|--param|epsilon=-1", "bad parameter epsilon")]
    [InlineData("attribute|--function|exp(x1)|--input|1|--method|guided-ig", "rational gradients")] // a documented limit
    [InlineData("attribute|--function|x1*x2|--input|1,2|--method|eg|--baselines|0,0;1,1|--weights|-1,2", "non-negative")]
    [InlineData("counterexample|--method|ig|--axiom|completeness|--function|relu(x1)|--param|steps=0", "bad parameter steps")]
    [InlineData("counterexample|--method|guided-ig|--axiom|completeness|--function|relu(x1)|--param|steps=4", "goes with --method ig")]
    [InlineData("crosscheck|--function|x1*x2|--input|1,2|--method|eg|--baselines|0,0;1,1|--weights|2,2", "sum to 4")]
    [InlineData("attribute|--function|x1|--input|1|--method|lrp-0", "networks only")]
    [InlineData("attribute|--function|x1|--input|1|--method|conductance", "networks only")]
    [InlineData("attribute|--function|x1|--input|1|--method|deeplift-revealcancel", "networks only")]
    [InlineData("attribute|--function|x1|--input|1|--baseline|1|--method|gradient", "no baseline")]
    [InlineData("attribute|--function|x1|--input|1|--method|guided-ig|--param|steps=0", "bad parameter steps")]
    [InlineData("attribute|--function|x1|--input|1|--method|nonsense", "unknown method")]
    [InlineData("attribute|--function|x1|--input|1|--param|foo=1", "unknown parameter")]
    [InlineData("attribute|--function|x1|--input|1|--method|shapley|--param|relu_grad_at_zero=1", "no parameters")]
    [InlineData("attribute|--function|x1|--input|1|--param|relu_grad_at_zero=x", "bad number")]
    [InlineData("attribute|--function|x1|--input|1|--format|yaml", "--format")]
    [InlineData("attribute|--function|x1*x2|--input|1,2|--method|eg", "--baselines")]
    [InlineData("attribute|--function|x1*x2|--input|1,2|--method|eg|--baselines|0,0;1", "dimension")]
    [InlineData("attribute|--function|x1*x2|--input|1,2|--method|eg|--baselines|0,0;1,1|--weights|1,1", "weights")]
    [InlineData("attribute|--network|/nonexistent/net.json|--input|1,2", "network file")]
    [InlineData("attribute|--batch|/nonexistent/queries.jsonl", "batch file")]
    [InlineData("check", "missing --method")]
    [InlineData("check|--method|nonsense", "unknown method")]
    [InlineData("check|--method|ig|--axioms|beauty", "unknown axiom")]
    [InlineData("check|--method|ig|--trials|0", "--trials")]
    [InlineData("check|--method|ig|--seed|x", "--seed")]
    [InlineData("check|--method|ig|--path|staircase", "--path is used by method 'path' only")]
    [InlineData("check|--method|path|--path|spiral", "--path")]
    [InlineData("check|--method|lrp-epsilon|--param|gamma=1", "unknown parameter")]
    [InlineData("check|--method|ig|--format|yaml", "--format")]
    [InlineData("check|--method|ig|--bogus", "unknown option")]
    [InlineData("matrix|--methods|ig,nonsense", "unknown method")]
    [InlineData("matrix|--axioms|", "--axioms")]
    [InlineData("matrix|--time-budget|-1", "--time-budget")]
    [InlineData("golden", "missing --out")]
    [InlineData("golden|--out|/proc/verifier-no-such-dir/x", "--out")]
    [InlineData("golden|--out|x|--cases|-1", "--cases")]
    [InlineData("prove|/nonexistent/proofs", "no such file")]
    [InlineData("prove|--bogus", "unknown option")]
    public void Cli_BadInput_ExitTwoWithOneLineMessage(string args, string keyword)
    {
        var run = CliRun.Of(args.Split('|'));
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(keyword, run.Stderr);
    }

    [Theory]
    [InlineData("""{"format": "verifier-network/1", "inputs": 2, "layers": [{"type": "conv"}]}""", "layer")]
    [InlineData("""{"format": "verifier-network/1", "inputs": 2, "layers": [{"type": "dense", "weights": [["1"]], "bias": ["0"]}]}""", "layer")]
    [InlineData("""{"format": "verifier-network/1", "inputs": 2, "layers": [""", "malformed JSON")]
    public void Cli_BadNetworkFile_ExitTwoNamingTheProblem(string json, string keyword)
    {
        var file = CliRun.TempFile(json);
        try
        {
            var run = CliRun.Of("attribute", "--network", file, "--input", "1,2");
            Assert.Equal(2, run.ExitCode);
            Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
            Assert.Contains("bad network file", run.Stderr);
            Assert.Contains(keyword, run.Stderr);
        }
        finally { File.Delete(file); }
    }

    [Theory]
    [InlineData("lrp-epsilon", "--param epsilon")]
    [InlineData("lrp-gamma", "--param gamma")]
    public void Cli_LrpWithoutItsParameter_ExitTwo(string method, string keyword)
    {
        var file = CliRun.TempFile(CliRun.ExampleNetwork);
        try
        {
            var run = CliRun.Of("attribute", "--network", file, "--input", "3,1", "--method", method);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains(keyword, run.Stderr);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Cli_NetworkDimensionMismatch_ExitTwo()
    {
        var file = CliRun.TempFile(CliRun.ExampleNetwork);
        try
        {
            var run = CliRun.Of("attribute", "--network", file, "--input", "1,2,3");
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("dimension mismatch", run.Stderr);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Cli_InputShorterThanTheFunctionsVariables_ExitTwo()
    {
        var run = CliRun.Of("attribute", "--function", "x1 + x3", "--input", "1,2");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the function uses x3 but --input has 2 coordinates", run.Stderr);
    }
}
