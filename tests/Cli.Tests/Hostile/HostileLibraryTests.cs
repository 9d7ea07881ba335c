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
}
