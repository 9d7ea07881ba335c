namespace Verifier.Cli.Tests;

/// <summary><c>verifier crosscheck</c>: numeric IG through the numeric bridge against the exact result (CONTRACT.md).</summary>
public class CrosscheckTests
{
    // relu(x1 - x2) and relu(x1 + x2 - 1) into 2a - b: a kink inside the straight path from 0 to (3, 1).
    private const string Net = """
        {"format": "verifier-network/1", "inputs": 2,
         "layers": [{"type": "dense", "weights": [["1", "-1"], ["1", "1"]], "bias": ["0", "-1"]}, {"type": "relu"},
                    {"type": "dense", "weights": [["2", "-1"]], "bias": ["0"]}]}
        """;

    private const string Linear = """
        {"format": "verifier-network/1", "inputs": 2, "layers": [{"type": "dense", "weights": [["2", "-1"]], "bias": ["1"]}]}
        """;

    [Fact]
    public void Crosscheck_ExactLine_NoDiscretisationError()
    {
        var run = CliRun.Of("crosscheck", "--network", CliRun.TempFile(Net), "--input", "3,1", "--rule", "exactline");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal(["15/4", "-11/4"], CliRun.Strings(json.GetProperty("exact")));
        Assert.True(json.GetProperty("max_abs_error").GetDouble() <= 1e-12); // float64 with every breakpoint: rounding only
        Assert.Equal("exactline", json.GetProperty("rule").GetString());
        Assert.Equal("cpu", json.GetProperty("device").GetString());
        Assert.True(json.GetProperty("seconds").GetDouble() >= 0);
    }

    [Fact]
    public void Crosscheck_CaptumTrapezoid_ShortfallOfOneOverN_TrapezoidComplete()
    {
        var file = CliRun.TempFile(Linear);
        var captum = CliRun.Of("crosscheck", "--network", file, "--input", "2,1", "--rule", "captum-trapezoid", "--steps", "10").Json();
        var trapezoid = CliRun.Of("crosscheck", "--network", file, "--input", "2,1", "--rule", "trapezoid", "--steps", "10").Json();
        // F(x) - F(x') = 3; Captum's weights sum to 9/10, so the sum falls short by 3/10 (tolerance: float64 rounding).
        Assert.Equal(-0.3, captum.GetProperty("completeness_delta").GetDouble(), 1e-12);
        Assert.Equal(0.0, trapezoid.GetProperty("completeness_delta").GetDouble(), 1e-12);
    }

    [Fact]
    public void Crosscheck_SteppedSweep_ErrorShrinksAndOrderIsFitted()
    {
        var png = Path.Combine(Path.GetTempPath(), $"verifier-crosscheck-{Guid.NewGuid():N}.png");
        // From 0 to (3, 2) the kink sits at t = 1/5, never on a cell edge of a power-of-two grid.
        var run = CliRun.Of("crosscheck", "--network", CliRun.TempFile(Net), "--input", "3,2", "--rule", "middle",
            "--steps-sweep", "8,16,32,64,128", "--plot", png);
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        var errors = json.GetProperty("sweep").EnumerateArray().Select(e => e.GetProperty("max_abs_error").GetDouble()).ToArray();
        Assert.Equal(5, errors.Length);
        Assert.True(errors[^1] < errors[0]);
        Assert.True(json.GetProperty("fitted_order").GetDouble() > 0.5); // piecewise-constant integrand: order about 1
        Assert.True(new FileInfo(png).Length > 1000);
        File.Delete(png);
    }

    [Fact]
    public void Crosscheck_SmoothFunction_GaussLegendreMatchesClosedForm()
    {
        var run = CliRun.Of("crosscheck", "--function", "sigmoid(2*x1 + x2)", "--input", "1,2", "--rule", "gausslegendre", "--steps", "64");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.True(json.GetProperty("max_rel_error").GetDouble() < 1e-10); // 64 Gauss-Legendre nodes on a smooth integrand
        Assert.Contains("sigmoid", string.Join(" ", CliRun.Strings(json.GetProperty("exact"))));
    }

    [Theory]
    [InlineData("crosscheck|--function|x1 +|--input|1", "malformed --function")]
    [InlineData("crosscheck|--function|x1*x2|--input|1", "dimension")]
    [InlineData("crosscheck|--function|x1|--input|1|--rule|exactline", "network")]
    [InlineData("crosscheck|--input|1", "--network")]
    [InlineData("crosscheck|--network|NET|--input|1,2,3", "dimension")]
    [InlineData("crosscheck|--network|NET|--input|3,1|--rule|simpson", "--rule")]
    [InlineData("crosscheck|--network|NET|--input|3,1|--device|cuda", "no usable CUDA device")]
    [InlineData("crosscheck|--network|NET|--input|3,1|--device|cuda:x", "unknown --device")]
    [InlineData("crosscheck|--network|NET|--input|3,1|--device|tpu", "unknown --device")]
    [InlineData("crosscheck|--function|x1*x2|--input|1,2|--device|cuda", "runs a network")]
    [InlineData("crosscheck|--network|NET|--input|3,1|--dtype|float16", "--dtype")]
    [InlineData("crosscheck|--network|NET|--input|3,1|--steps|0", "--steps")]
    [InlineData("crosscheck|--network|NET|--input|3,1|--method|shapley", "--method ig")]
    [InlineData("crosscheck|--network|NET|--input|3,1|--rule|exactline|--steps-sweep|4,8", "exactline")]
    [InlineData("crosscheck|--network|NET|--input|3,nan", "bad number")]
    public void Crosscheck_BadInput_ExitTwo(string args, string keyword)
    {
        var file = CliRun.TempFile(Net);
        var run = CliRun.Of(args.Replace("NET", file).Split('|'));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(keyword, run.Stderr);
    }
}

/// <summary><c>crosscheck</c> on a result that depends on the kink convention (issue 15, item 5): flagged, no relative error
/// against an all-zero exact result, and a network on its kink gets on-kink rather than mismatch.</summary>
public class CrosscheckConventionTests
{
    [Fact]
    public void Crosscheck_PathOnTheKink_ConventionDependentAndNoRelativeError()
    {
        // F = relu(3 x1 - x2) from 0 to (3, 9): the whole path lies on the kink; IG is (0, 0) with relu'(0) = 0.
        var json = CliRun.Of("crosscheck", "--function", "relu(3*x1 - x2)", "--input", "3,9").Json();
        Assert.True(json.GetProperty("convention_dependent").GetBoolean());
        Assert.Equal("a unit sits on its kink where the method takes its derivative: with relu'(0) = 1/2 the result changes",
            json.GetProperty("convention_reason").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("max_rel_error").ValueKind);
    }

    [Fact]
    public void Crosscheck_ExactLineOnTheKink_OnKinkNotMismatch()
    {
        var net = CliRun.TempFile("""
            {"format": "verifier-network/1", "inputs": 2, "layers": [{"type": "dense", "weights": [["3", "-1"]], "bias": ["0"]}, {"type": "relu"}]}
            """);
        var json = CliRun.Of("crosscheck", "--network", net, "--input", "3,9", "--rule", "exactline").Json();
        Assert.True(json.GetProperty("convention_dependent").GetBoolean());
        Assert.NotEqual("mismatch", json.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Crosscheck_OffTheKinks_NoConventionField()
    {
        var json = CliRun.Of("crosscheck", "--function", "relu(x1 - 1) - relu(x2)", "--input", "3,1").Json();
        Assert.False(json.TryGetProperty("convention_dependent", out _));
    }
}
