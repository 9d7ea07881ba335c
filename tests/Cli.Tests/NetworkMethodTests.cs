namespace Verifier.Cli.Tests;

public class NetworkMethodTests
{
    // CONTRACT's example network F(x) = relu(relu(x1) - relu(x2) - 1) at x = (3, 1), x' = 0: F(x) = 1.
    [Theory]
    [InlineData("deeplift-rescale", "3/2", "-1/2")]
    [InlineData("deeplift-revealcancel", "3/2", "-1/2")]
    [InlineData("lrp-0", "3", "-1")]
    [InlineData("lrp-zplus", "1", "0")]
    [InlineData("lrp-gamma|--param|gamma=1/4", "15/7", "-4/7")]
    [InlineData("shapley", "3/2", "-1/2")]
    [InlineData("gradient", "1", "-1")]
    public void Attribute_NetworkMethod_ExactAttributions(string method, string a1, string a2)
    {
        var file = CliRun.TempFile(CliRun.ExampleNetwork);
        try
        {
            var run = CliRun.Of(["attribute", "--network", file, "--input", "3,1", "--method", .. method.Split('|')]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            var j = run.Json();
            Assert.Equal(method.Split('|')[0], j.GetProperty("method").GetString());
            Assert.Equal([a1, a2], CliRun.Strings(j.GetProperty("attributions")));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Attribute_NeuronConductance_FlowThroughOneNeuron()
    {
        var file = CliRun.TempFile(CliRun.ExampleNetwork);
        try
        {
            var j = CliRun.Of("attribute", "--network", file, "--input", "3,1", "--method", "conductance", "--layer", "1", "--neuron", "0").Json();
            Assert.Equal(["3/2", "0"], CliRun.Strings(j.GetProperty("attributions")));
            Assert.Equal("-1/2", j.GetProperty("completeness_gap").GetString());
        }
        finally { File.Delete(file); }
    }
}
