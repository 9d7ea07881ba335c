namespace Verifier.Cli.Tests;

public class GuidedAndLayerTests
{
    [Fact]
    public void Attribute_GuidedIgOfLinearFunction_EqualsIg()
    {
        string[] common = ["attribute", "--function", "2*x1 - 3*x2 + x3", "--input", "1,2,3", "--baseline", "0,1/2,-1"];
        var ig = CliRun.Of([.. common, "--method", "ig"]).Json();
        var run = CliRun.Of([.. common, "--method", "guided-ig", "--param", "steps=7", "--param", "fraction=1/3", "--param", "max_dist=1/5"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var guided = run.Json();
        Assert.Equal("guided-ig", guided.GetProperty("method").GetString());
        Assert.Equal("guided", guided.GetProperty("path").GetString());
        Assert.Equal(CliRun.Strings(ig.GetProperty("attributions")), CliRun.Strings(guided.GetProperty("attributions")));
        Assert.Equal("0", guided.GetProperty("completeness_gap").GetString());
        Assert.Equal(7, guided.GetProperty("waypoints_count").GetInt32());
    }

    [Fact]
    public void Attribute_GuidedIgDefaults_Use128StepsAndMatchIgOnLinearNetworkPiece()
    {
        var file = CliRun.TempFile(CliRun.ExampleNetwork);
        try
        {
            var run = CliRun.Of("attribute", "--network", file, "--input", "3,1", "--baseline", "3,1/2", "--method", "guided-ig");
            Assert.True(run.ExitCode == 0, run.Stderr);
            var j = run.Json();
            Assert.Equal(["0", "-1/2"], CliRun.Strings(j.GetProperty("attributions")));
            Assert.Equal(128, j.GetProperty("waypoints_count").GetInt32());
        }
        finally { File.Delete(file); }
    }

    [Theory]
    [InlineData("steps=0")]
    [InlineData("steps=1.5")]
    [InlineData("fraction=0")]
    [InlineData("fraction=3/2")]
    [InlineData("max_dist=-1/10")]
    [InlineData("max_dist=2")]
    [InlineData("epsilon=1")]
    public void Attribute_GuidedIgBadParam_ExitCode2(string param)
    {
        var run = CliRun.Of("attribute", "--function", "x1*x2", "--input", "1,3", "--method", "guided-ig", "--param", param);
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain('\n', run.Stderr.TrimEnd());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("2")]
    public void Attribute_LayerConductance_NeuronsSumToDifference(string layer)
    {
        var file = CliRun.TempFile(CliRun.ExampleNetwork);
        try
        {
            var run = CliRun.Of("attribute", "--network", file, "--input", "3,1", "--method", "conductance", "--layer", layer);
            Assert.True(run.ExitCode == 0, run.Stderr);
            var j = run.Json();
            Assert.Equal("conductance", j.GetProperty("method").GetString());
            Assert.Equal(int.Parse(layer, System.Globalization.CultureInfo.InvariantCulture), j.GetProperty("layer").GetInt32());
            Assert.Equal("1", j.GetProperty("f_input").GetString());
            Assert.Equal("0", j.GetProperty("f_baseline").GetString());
            Assert.Equal("1", j.GetProperty("sum").GetString());
            Assert.Equal("0", j.GetProperty("completeness_gap").GetString());
            Assert.True(j.GetProperty("exact").GetBoolean());
            var neurons = CliRun.Strings(j.GetProperty("neurons"));
            Assert.Equal(neurons.Length, j.GetProperty("neurons_approx").GetArrayLength());
            Assert.Equal(2, j.GetProperty("flows").GetArrayLength());
            Assert.All(j.GetProperty("flows").EnumerateArray(), row => Assert.Equal(neurons.Length, row.GetArrayLength()));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Attribute_LayerConductanceOfFirstLayer_NeuronsAreExact()
    {
        var file = CliRun.TempFile(CliRun.ExampleNetwork);
        try
        {
            var j = CliRun.Of("attribute", "--network", file, "--input", "3,1", "--method", "conductance", "--layer", "1").Json();
            Assert.Equal(["3/2", "-1/2"], CliRun.Strings(j.GetProperty("neurons")));
            Assert.Equal(["3/2", "0"], CliRun.Strings(j.GetProperty("flows")[0]));
            Assert.Equal(["0", "-1/2"], CliRun.Strings(j.GetProperty("flows")[1]));
        }
        finally { File.Delete(file); }
    }

    [Theory]
    [InlineData("text", "conductance")]
    [InlineData("markdown", "| feature |")]
    [InlineData("latex", @"\begin{tabular}")]
    public void Attribute_LayerConductanceTable_ListsNeurons(string format, string expected)
    {
        var file = CliRun.TempFile(CliRun.ExampleNetwork);
        try
        {
            var run = CliRun.Of("attribute", "--network", file, "--input", "3,1", "--method", "conductance", "--layer", "1", "--format", format);
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Contains(expected, run.Stdout);
            Assert.Contains("completeness gap", run.Stdout);
        }
        finally { File.Delete(file); }
    }

    [Theory]
    [InlineData("9")]
    [InlineData("9|--neuron|0")]
    public void Attribute_LayerOutOfRange_OneLineExitCode2(string layer)
    {
        var file = CliRun.TempFile(CliRun.ExampleNetwork);
        try
        {
            var run = CliRun.Of(["attribute", "--network", file, "--input", "3,1", "--method", "conductance", "--layer", .. layer.Split('|')]);
            Assert.Equal(2, run.ExitCode);
            Assert.DoesNotContain('\n', run.Stderr.TrimEnd());
            Assert.DoesNotContain("(Parameter", run.Stderr);
        }
        finally { File.Delete(file); }
    }
}
