using System.Diagnostics;
using System.Text.Json;

namespace Verifier.Cli.Tests;

/// <summary>A fact that skips itself when python3 is not on the PATH (CI installs it).</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (!PythonExamples.Available) Skip = "python3 is not installed (apt-get install python3)";
    }
}

/// <summary>The Python adapter's examples as <c>--method-cmd</c> lines.</summary>
internal static class PythonExamples
{
    public static bool Available { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "python3")));

    private static readonly Lazy<string> Examples = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "adapters", "python", "examples");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("adapters/python/examples not found above " + AppContext.BaseDirectory);
    });

    /// <summary>"python3 '/…/examples/SCRIPT' ARGS" for --method-cmd.</summary>
    public static string Command(string script, string args = "") => $"python3 '{Path.Combine(Examples.Value, script)}' {args}".TrimEnd();
}

/// <summary><c>check</c>, <c>matrix</c>, <c>replay</c> and <c>conformance</c> with <c>--method-cmd</c> (issue 15, items 2
/// and 3): CONTRACT's JSON fields, reproductions that replay, and the usage errors.</summary>
public class ExternalMethodCommandTests
{
    [PythonFact]
    public void Check_RiemannIg_ToleranceMarginsAndAReproductionThatReplays()
    {
        var dir = Directory.CreateTempSubdirectory("verifier-repro-").FullName;
        var cmd = PythonExamples.Command("riemann_ig.py");
        var run = CliRun.Of("check", "--method-cmd", cmd, "--tol", "1e-9", "--axioms", "completeness,sensitivity-b", "--repro-dir", dir, "--quiet");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal("python-riemann-ig", json.GetProperty("method").GetString());
        Assert.Equal([1e-9, 0], json.GetProperty("tolerance").EnumerateArray().Select(v => v.GetDouble()));
        var completeness = json.GetProperty("verdicts")[0];
        Assert.Equal("violated", completeness.GetProperty("status").GetString());
        var ce = completeness.GetProperty("counterexample");
        Assert.True(ce.GetProperty("margin").GetProperty("deviation").GetDouble() > 1e-9);
        var rep = ce.GetProperty("reproduction");
        Assert.True(rep.GetProperty("replayed").GetBoolean());
        var file = rep.GetProperty("file").GetString()!;
        Assert.Equal(Path.Combine(dir, "completeness.jsonl"), file);
        Assert.StartsWith("verifier replay --method-cmd 'python3 ", rep.GetProperty("replay").GetString());
        Assert.EndsWith($"riemann_ig.py' --query {file}", rep.GetProperty("replay").GetString());
        Assert.Equal("holds", json.GetProperty("verdicts")[1].GetProperty("status").GetString());
        Assert.Equal(0, json.GetProperty("verdicts")[1].GetProperty("worst_passing").GetProperty("deviation").GetDouble());

        // verifier replay sends the file's request and gets the counterexample's attributions back.
        var replay = CliRun.Of("replay", "--method-cmd", cmd, "--query", file);
        Assert.Equal(0, replay.ExitCode);
        var answer = JsonDocument.Parse(replay.Stdout.Trim()).RootElement;
        Assert.Equal(CliRun.Strings(ce.GetProperty("attributions")), CliRun.Strings(answer.GetProperty("attributions")));
        Directory.Delete(dir, true);
    }

    [PythonFact]
    public void Check_Text_ToleranceAndReplayLine()
    {
        var run = CliRun.Of("check", "--method-cmd", PythonExamples.Command("riemann_ig.py"), "--tol", "1e-9", "--axioms", "completeness", "--quiet", "--format", "text");
        Assert.Contains("tolerance: |lhs - rhs| <= 1E-09", run.Stdout);
        Assert.Contains("      |lhs - rhs| = 0.0625 (allowed 1E-09)", run.Stdout);
        Assert.Contains("      replay: printf '%s\\n' '{\"id\":1,\"dim\":1,\"function\":\"min(-2*x1, x1 - 1)\"", run.Stdout);
    }

    [PythonFact]
    public void Check_ParamSentToTheMethod_ChangesItsAnswers()
    {
        // 16 midpoint steps miss completeness by 1/16 on the counterexample; with params.steps = 1024 the gap is 1/1024.
        var run = CliRun.Of("check", "--method-cmd", PythonExamples.Command("riemann_ig.py"), "--param", "steps=1024", "--tol", "1e-9", "--axioms", "completeness", "--quiet");
        var margin = run.Json().GetProperty("verdicts")[0].GetProperty("counterexample").GetProperty("margin").GetProperty("deviation").GetDouble();
        Assert.True(margin < 0.01, $"{margin}");
    }

    [PythonFact]
    public void Check_CrashingMethod_UndeterminedWithTheReason()
    {
        var run = CliRun.Of("check", "--method-cmd", PythonExamples.Command("faulty.py", "crash"), "--axioms", "completeness", "--trials", "10", "--quiet");
        Assert.Equal(0, run.ExitCode);
        var v = run.Json().GetProperty("verdicts")[0];
        Assert.Equal("undetermined", v.GetProperty("status").GetString());
        Assert.Equal(10, v.GetProperty("errored").GetInt32());
        Assert.Contains("crash: the method process exited with code 3", v.GetProperty("reason").GetString());
    }

    [PythonFact]
    public void Matrix_MethodCmd_OneMoreRow()
    {
        var run = CliRun.Of("matrix", "--method-cmd", PythonExamples.Command("broken_swap.py"), "--methods", "shapley",
            "--axioms", "completeness,symmetry-preserving", "--trials", "40", "--quiet", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal(["shapley", "python-broken-swap"], json.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        var cells = json.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("method").GetString() == "python-broken-swap").ToArray();
        Assert.Equal(["holds", "violated"], cells.Select(c => c.GetProperty("status").GetString()));
        Assert.True(cells[1].GetProperty("counterexample").GetProperty("reproduction").GetProperty("replayed").GetBoolean());
    }

    [PythonFact]
    public void Conformance_RiemannIg_ContractFieldsBoundsAndSweep()
    {
        var run = CliRun.Of("conformance", "--method-cmd", PythonExamples.Command("riemann_ig.py"), "--as", "ig", "--rule", "middle", "--steps", "16",
            "--steps-sweep", "8,16,32", "--quiet");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal("ig", json.GetProperty("as").GetString());
        Assert.Equal([1e-9, 0], json.GetProperty("tolerance").EnumerateArray().Select(v => v.GetDouble()));
        int queries = json.GetProperty("queries").GetInt32(), passed = json.GetProperty("passed").GetInt32(), failed = json.GetProperty("failed").GetInt32();
        Assert.Equal(64, queries);
        Assert.Equal(queries, passed + failed + json.GetProperty("errored").GetInt32());
        Assert.Equal(0, json.GetProperty("outside_bound").GetInt32());
        var first = json.GetProperty("results")[0];
        Assert.Equal("ig-saturated-relu-ig", first.GetProperty("id").GetString());
        foreach (var field in new[] { "max_abs_error", "pass", "tags", "convention_dependent", "exact", "numeric", "quadrature_bound", "within_bound" })
            Assert.True(first.TryGetProperty(field, out _), field);
        var kink = json.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "kink-along-path");
        Assert.True(kink.GetProperty("convention_dependent").GetBoolean());
        var sweep = json.GetProperty("sweep");
        Assert.Equal([8, 16, 32], sweep.GetProperty("steps").EnumerateArray().Select(v => v.GetInt32()));
        Assert.InRange(sweep.GetProperty("median_order_by_tag").GetProperty("piecewise-linear").GetDouble(), 0.8, 1.3);
    }

    [PythonFact]
    public void Conformance_TextAndPlot()
    {
        var plot = Path.Combine(Path.GetTempPath(), $"verifier-conformance-{Guid.NewGuid():N}.png");
        var run = CliRun.Of("conformance", "--method-cmd", PythonExamples.Command("riemann_ig.py"), "--as", "ig", "--steps-sweep", "4,8,16", "--quiet",
            "--format", "text", "--plot", plot);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("python-riemann-ig graded as ig: 64 queries, ", run.Stdout);
        Assert.Contains("error against the step count (params.steps); median fitted order ", run.Stdout);
        Assert.True(new FileInfo(plot).Length > 1000);
        File.Delete(plot);
    }

    [Theory]
    [InlineData("check|--method|ig|--method-cmd|python3 x.py", "give --method M or --method-cmd CMD, not both")]
    [InlineData("check|--method-cmd|python3 x.py ; cat", "bad --method-cmd: bad command line at position 14: ';' needs a shell")]
    [InlineData("check|--method-cmd|/nonexistent/method", "the method command '/nonexistent/method' did not start")]
    [InlineData("check|--method|ig|--repro-dir|/tmp/x", "--repro-dir applies to --method-cmd only")]
    [InlineData("check|--method-cmd|python3 x.py|--tol|-1", "bad tolerance '-1': ABS must be at least 0")]
    [InlineData("matrix|--tol|1e-9", "--tol, --method-timeout and --repro-dir apply to --method-cmd only")]
    [InlineData("conformance|--method-cmd|python3 x.py", "missing --as METHOD")]
    [InlineData("conformance|--method-cmd|python3 x.py|--as|path", "unknown --as 'path'; expected one of ig, shapley, eg, gradient, gradient-x-input, deeplift-rescale, lrp-0, lrp-epsilon")]
    [InlineData("conformance|--method-cmd|python3 x.py|--as|ig|--rule|middle", "--rule needs --steps N")]
    [InlineData("conformance|--method-cmd|python3 x.py|--as|ig|--steps-sweep|4,x", "bad --steps-sweep '4,x'")]
    [InlineData("replay|--method-cmd|python3 x.py", "missing --query FILE")]
    public void BadUsage_Exit2WithTheProblem(string args, string message)
    {
        var run = CliRun.Of(args.Split('|'));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public void Replay_BadRequestLine_Exit2NamingTheLine()
    {
        var file = CliRun.TempFile("{\"id\":1,\"input\":[\"1\"]}\n");
        var run = CliRun.Of("replay", "--method-cmd", "python3 x.py", "--query", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 1: a request needs \"function\" (a string) or \"network\" (an object)", run.Stderr);
        File.Delete(file);
    }

    [Fact]
    public void Golden_HarnessFile_OneEntryPerQueryWithTags()
    {
        var dir = Directory.CreateTempSubdirectory("verifier-golden-").FullName;
        Assert.Equal(0, CliRun.Of("golden", "--out", dir, "--cases", "6").ExitCode);
        var queries = File.ReadAllLines(Path.Combine(dir, "queries.jsonl"));
        var harness = File.ReadAllLines(Path.Combine(dir, "harness.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(queries.Length, harness.Length);
        for (int k = 0; k < queries.Length; k++)
            Assert.Equal(JsonDocument.Parse(queries[k]).RootElement.GetProperty("id").GetString(), harness[k].GetProperty("id").GetString());
        var kink = harness.Single(h => h.GetProperty("id").GetString() == "kink-along-path");
        Assert.Equal(["piecewise-linear", "kink-dependent"], CliRun.Strings(kink.GetProperty("tags")));
        Assert.True(kink.GetProperty("convention_dependent").GetBoolean());
        Assert.Equal(2, kink.GetProperty("integrand_variation").GetArrayLength());
        Assert.Contains("(n-1)/n", File.ReadAllText(Path.Combine(dir, "README.md")));
        Directory.Delete(dir, true);
    }
}
