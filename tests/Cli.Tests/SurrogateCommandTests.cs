using System.Text.Json;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Golden;

namespace Verifier.Cli.Tests;

/// <summary>KernelSHAP (exact and sampled) and LIME through the command line: attribute, parameters, --explain, --batch,
/// --plot, check, and their place in the conformance suite.</summary>
public class SurrogateCommandTests
{
    private static readonly string[] Function = ["--function", "x1*x2 + relu(x1 - x3)", "--input", "1,2,3", "--baseline", "0,1,-1"];

    [Fact]
    public void Attribute_KernelShap_EqualsShapleyAndReportsTheIntercept()
    {
        var ks = CliRun.Of(["attribute", .. Function, "--method", "kernelshap"]);
        var sh = CliRun.Of(["attribute", .. Function, "--method", "shapley"]);
        Assert.Equal(0, ks.ExitCode);
        Assert.Equal(CliRun.Strings(sh.Json().GetProperty("attributions")), CliRun.Strings(ks.Json().GetProperty("attributions")));
        Assert.Equal("1", ks.Json().GetProperty("intercept").GetString()); // phi_0 = F(x')
    }

    [Fact]
    public void Attribute_KernelShapSampled_CommaSeparatedParamsExactErrorAgainstShapley()
    {
        var run = CliRun.Of(["attribute", "--function", "x1*x2*x3 + x1^2*x3", "--input", "1,2,3", "--baseline", "0,1,-1",
            "--method", "kernelshap-sampled", "--param", "samples=21,seed=5,paired=0"]);
        Assert.Equal(0, run.ExitCode);
        var j = run.Json();
        Assert.Equal("0", j.GetProperty("completeness_gap").GetString()); // the sum constraint holds for every sample
        Assert.Equal(["-176/105", "19/420", "137/84"], CliRun.Strings(j.GetProperty("shapley_error")));
        Assert.Equal(3, j.GetProperty("shapley_error_approx").GetArrayLength());
    }

    [Fact]
    public void Attribute_LimeExplain_NormalEquationsOverZqAndTheIntercept()
    {
        var run = CliRun.Of(["attribute", .. Function, "--method", "lime", "--param", "samples=30,seed=2,width=1", "--explain"]);
        Assert.Equal(0, run.ExitCode);
        var j = run.Json();
        var steps = j.GetProperty("derivation").EnumerateArray().ToDictionary(s => s.GetProperty("title").GetString()!, s => s.GetProperty("text").GetString()!);
        Assert.StartsWith("q = exp(-1/2); M (b_0, b_1, b_2, b_3) = rhs with M = [[", steps["normal equations"]);
        Assert.Contains("30 draws", steps["coalitions"]);
        Assert.Contains("exp(-1/2)", j.GetProperty("intercept").GetString());
        Assert.False(j.GetProperty("completeness_gap").GetString() == "0");
    }

    [Fact]
    public void Attribute_LimeRidgeZeroOnALinearFunction_RationalSlopes()
    {
        var run = CliRun.Of("attribute", "--function", "2*x1 - x2", "--input", "1,1", "--method", "lime", "--param", "ridge=0", "--param", "samples=40");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["2", "-1"], CliRun.Strings(run.Json().GetProperty("attributions")));
    }

    [Theory]
    [InlineData("width=0", "width")]
    [InlineData("samples=0", "samples")]
    [InlineData("paired=2", "paired")]
    [InlineData("ridge=-1", "ridge")]
    [InlineData("samples=3,seed", "NAME=VALUE")]
    public void Attribute_BadSurrogateParameter_ExitTwoNamingIt(string param, string keyword)
    {
        var method = param.StartsWith("paired", StringComparison.Ordinal) ? "kernelshap-sampled" : "lime";
        var run = CliRun.Of(["attribute", .. Function, "--method", method, "--param", param]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(keyword, run.Stderr);
    }

    [Fact]
    public void Batch_SurrogateMethods_OneResultLineEach()
    {
        const string lines = """
            {"id": "a", "function": "x1*x2", "input": ["1", "2"], "baseline": ["0", "0"], "method": "kernelshap"}
            {"id": "b", "function": "x1*x2", "input": ["1", "2"], "method": "lime", "params": {"samples": "20", "seed": "1"}}
            {"id": "c", "function": "x1*x2", "input": ["1", "2"], "method": "kernelshap-sampled", "params": {"samples": "4"}}
            """;
        var run = CliRun.WithStdin(lines, "attribute", "--batch", "-");
        var results = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["a", "b", "c"], results.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["1", "1"], CliRun.Strings(results[0].GetProperty("attributions")));
        Assert.True(results[1].TryGetProperty("intercept", out _));
        Assert.True(results[2].TryGetProperty("shapley_error", out _));
    }

    [Fact]
    public void Attribute_LimePlot_BarsPng()
    {
        var file = Path.Combine(Path.GetTempPath(), $"verifier-lime-{Guid.NewGuid():N}.png");
        var run = CliRun.Of(["attribute", .. Function, "--method", "lime", "--param", "samples=20", "--plot", file]);
        Assert.Equal(0, run.ExitCode);
        Assert.True(new FileInfo(file).Length > 1000);
        File.Delete(file);
    }

    [Fact]
    public void Check_KernelShapSampledUnpaired_ViolatesSensitivityBWithAShrunkCounterexample()
    {
        // paired samples of 3 or fewer features keep a dummy at 0 (each pair's residuals involve one feature); unpaired ones do not
        var run = CliRun.Of("check", "--method", "kernelshap-sampled", "--param", "samples=12,paired=0", "--axioms", "sensitivity-b",
            "--trials", "40", "--quiet");
        Assert.Equal(0, run.ExitCode);
        var cell = run.Json().GetProperty("verdicts")[0];
        Assert.Equal("violated", cell.GetProperty("status").GetString());
        Assert.True(cell.TryGetProperty("counterexample", out _));
    }

    [Fact]
    public void Golden_SurrogateMethods_AskedAfterEveryEarlierQuery()
    {
        // the suite written before these methods existed stays a byte-for-byte prefix: their lines come last
        // (the convention and peer cases, appended after them in turn, are left out here)
        var queries = GoldenSuite.Cases(42, 10, MethodRegistry.BuiltIn).Select(c => c.ToJsonLine()).ToArray();
        var methods = queries.Select(q => JsonDocument.Parse(q).RootElement).Where(q => !GoldenSuite.ConventionCases.Concat(GoldenSuite.PeerCases).Any(c => c.Id == q.GetProperty("id").GetString()))
            .Select(q => q.GetProperty("method").GetString()!).ToArray();
        string[] appended = ["kernelshap", "kernelshap-sampled", "lime"];
        int first = Array.FindIndex(methods, m => appended.Contains(m));
        Assert.True(first > 0);
        Assert.All(methods[first..], m => Assert.Contains(m, appended));
        Assert.All(appended, m => Assert.True(MethodRegistry.BuiltIn.Find(m)!.Golden!.Appended));
    }
}
