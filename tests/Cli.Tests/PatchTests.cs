namespace Verifier.Cli.Tests;

/// <summary><c>attribute --method patch</c>: seed 004, section 6.2, eq. 7 and the finite-difference speedup.</summary>
public class PatchTests
{
    // relu(x1) and relu(x2) as the layer-1 neurons, output their sum: IG_{S,j} of a patch is the feature's own IG.
    private const string Net = """
        {"format": "verifier-network/1", "inputs": 2,
         "layers": [{"type": "dense", "weights": [["1", "0"], ["0", "1"]], "bias": ["0", "0"]}, {"type": "relu"},
                    {"type": "dense", "weights": [["1", "1"]], "bias": ["0"]}]}
        """;

    [Fact]
    public void Patch_LinearNeuron_ExactAndSpeedupAgree()
    {
        var file = CliRun.TempFile(Net);
        var run = CliRun.Of("attribute", "--network", file, "--input", "3,4", "--method", "patch", "--layer", "1", "--neuron", "0",
            "--patch", "1", "--param", "steps=5");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal("3", json.GetProperty("exact").GetString());
        Assert.Equal("3", json.GetProperty("conductance").GetString());
        Assert.Equal("3", json.GetProperty("speedup").GetString());
        Assert.Equal("0", json.GetProperty("error").GetString());
        Assert.Equal(5, json.GetProperty("steps").GetInt32());
    }

    [Theory]
    [InlineData("--layer|1|--neuron|0", "--patch")]
    [InlineData("--layer|1|--patch|1", "--neuron")]
    [InlineData("--neuron|0|--patch|1", "--layer")]
    [InlineData("--layer|1|--neuron|0|--patch|3", "bad --patch")]
    [InlineData("--layer|1|--neuron|0|--patch|1|--param|steps=0", "steps")]
    [InlineData("--layer|1|--neuron|5|--patch|1", "neuron")]
    public void Patch_BadInput_ExitTwo(string extra, string keyword)
    {
        var file = CliRun.TempFile(Net);
        var run = CliRun.Of(["attribute", "--network", file, "--input", "3,4", "--method", "patch", .. extra.Split('|')]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(keyword, run.Stderr);
    }
}
