namespace Verifier.Cli.Tests.Hostile;

/// <summary>
/// Issue 13 reproducers that reach the library through the command line: the values printed are correct, and a
/// function undefined where it is evaluated is refused with a message (the exit code of input errors, 2, comes with
/// the mapping of <c>IInputError</c> in the command line).
/// </summary>
public class HostileLibraryTests
{
    [Fact]
    public void Attribute_QuotientCancelledAtTheBaseline_IsRefusedNotOne()
    {
        // x1/x1 reported f_baseline "1" at x' = 0, where it is 0/0.
        var run = CliRun.Of("attribute", "--function", "x1/x1", "--input", "1");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("undefined at x' = (0)", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Attribute_ExpOfMinusMillion_ApproximationIsTheNearestDoubleZero()
    {
        // The approximation printed 1E-323; the double nearest exp(-10^6) is 0.
        var run = CliRun.Of("attribute", "--function", "exp(x1)", "--input", "-1000000");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = run.Json();
        Assert.Equal("exp(-1000000)", json.GetProperty("f_input").GetString());
        Assert.Equal(0.0, json.GetProperty("f_input_approx").GetDouble());
        Assert.Equal(-1.0, json.GetProperty("attributions_approx")[0].GetDouble());
    }

    [Theory]
    [InlineData("exp(x1)", "1000000", "exp(1000000) - 1")]
    [InlineData("softplus(x1)", "1000000", "-log(2) + softplus(1000000)")]
    [InlineData("x1*exp(x1)", "1000000", "1000000*exp(1000000)")]
    [InlineData("x1/(2 + x1^4)", "21/11", "817410573/2857229747")] // from -12/7: exact, F(x) - F(x')
    public void Attribute_LargeArgumentsAndRationalFunctions_AreExact(string f, string input, string expected)
    {
        var args = f.StartsWith("x1/", StringComparison.Ordinal)
            ? new[] { "attribute", "--function", f, "--input", input, "--baseline", "-12/7" }
            : new[] { "attribute", "--function", f, "--input", input };
        var run = CliRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = run.Json();
        Assert.True(json.GetProperty("exact").GetBoolean());
        Assert.Equal(expected, json.GetProperty("attributions")[0].GetString());
    }

    [Fact]
    public void Plot_NetworkWithThousandsOfPieces_IsDecimatedAndCountsItsBreakpoints()
    {
        // --plot cost about 1 ms per piece (61 exact gradients per piece and feature, one plot element per piece): a
        // tent map of 11 layers (2,048 pieces) is drawn as one decimated line, its breakpoints counted in the label.
        var layers = string.Join(",", Enumerable.Repeat(
            """{"type":"dense","weights":[["1"],["1"]],"bias":["0","-1/2"]},{"type":"relu"},{"type":"dense","weights":[["2","-4"]],"bias":["0"]}""", 11));
        var network = CliRun.TempFile($$"""{"format":"verifier-network/1","inputs":1,"layers":[{{layers}}],"output":0}""");
        var file = Path.Combine(Path.GetTempPath(), $"verifier-hostile-{Guid.NewGuid():N}.svg");
        try
        {
            var run = CliRun.Of("attribute", "--network", network, "--input", "1", "--plot", file);
            Assert.True(run.ExitCode == 0, run.Stderr);
            var svg = File.ReadAllText(file);
            Assert.Contains("2047 breakpoints, too many to mark", svg);
            Assert.True(new FileInfo(file).Length < 2_000_000, $"{new FileInfo(file).Length} bytes");
        }
        finally
        {
            File.Delete(network);
            if (File.Exists(file)) File.Delete(file);
        }
    }
}
