namespace Verifier.Cli.Tests;

/// <summary><c>verifier prove</c>: the repository's literate proofs all re-check, and a broken claim fails readably.</summary>
public class ProveTests
{
    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Verifier.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Verifier.sln not found above the test directory");
    }

    private static string Proofs => Path.Combine(RepositoryRoot(), "proofs");

    [Fact]
    public void Prove_RepositoryProofs_EveryClaimPasses()
    {
        var run = CliRun.Of("prove", Proofs, "--quiet");
        var last = run.Stdout.TrimEnd().Split('\n')[^1];
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Matches(@"^\d+ passed, 0 failed$", last);
        Assert.True(int.Parse(last.Split(' ')[0]) >= 4);
    }

    [Fact]
    public void Prove_ChangedExpectedValue_FailsShowingExpectedAndComputed()
    {
        var text = File.ReadAllText(Path.Combine(Proofs, "004-appendix-c.md"));
        Assert.Contains("attributions = [\"1\", \"-1\"]", text);
        var dir = Directory.CreateTempSubdirectory("verifier-prove-");
        var broken = Path.Combine(dir.FullName, "broken.md");
        File.WriteAllText(broken, text.Replace("attributions = [\"1\", \"-1\"]", "attributions = [\"1\", \"-2\"]"));
        var run = CliRun.Of("prove", broken);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL", run.Stdout);
        Assert.Contains("appendix-c-attributions", run.Stdout);
        Assert.Contains("attributions = [\"1\",\"-2\"] expected, computed [\"1\",\"-1\"]", run.Stdout);
        Assert.EndsWith("1 failed", run.Stdout.TrimEnd());
        dir.Delete(true);
    }

    [Theory]
    [InlineData("```claim x\n$ verifier attribute --function x1 --input 1\n```\n", "no expectation")]
    [InlineData("```claim\n$ verifier attribute --function x1 --input 1\nsum = \"1\"\n```\n", "needs a name")]
    [InlineData("```claim x\nsum = \"1\"\n```\n", "command")]
    [InlineData("```claim x\n$ verifier attribute --function x1 --input 1\nsum == \"1\"\n```\n", "not JSON")]
    [InlineData("```claim x\n$ ls -l\nsum = 1\n```\n", "$ verifier")]
    [InlineData("```claim x\n$ verifier attribute --function x1 --input 1\nsum = \"1\"\n", "not closed")]
    public void Prove_MalformedClaim_ExitTwoNamingTheLine(string markdown, string keyword)
    {
        var dir = Directory.CreateTempSubdirectory("verifier-prove-");
        var file = Path.Combine(dir.FullName, "bad.md");
        File.WriteAllText(file, markdown);
        var run = CliRun.Of("prove", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(keyword, run.Stderr);
        Assert.Contains("bad.md:", run.Stderr);
        dir.Delete(true);
    }

    [Fact]
    public void Prove_Selectors_ExactRationalsAndArrayLookup()
    {
        var dir = Directory.CreateTempSubdirectory("verifier-prove-");
        var file = Path.Combine(dir.FullName, "ok.md");
        File.WriteAllText(file, """
            ~~~text
            ```claim shown-not-run
            $ verifier attribute --function x1 --input 1
            sum = "2"
            ```
            ~~~

            ```claim selectors
            $ verifier check --method gradient --axioms sensitivity-b,completeness --trials 10 --quiet
            verdicts[axiom=completeness].status = "violated"
            verdicts[1].axiom = "completeness"
            verdicts[axiom=sensitivity-b].how ~ "symbolic"
            exit = 0
            ```

            ```claim numbers
            $ verifier attribute --function "x1*x2" --input 1,3
            attributions = ["3/2", 1.5]
            sum < 4
            sum >= "3"
            attributions ~ "3/2"
            ```
            """);
        var run = CliRun.Of("prove", file);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.EndsWith("2 passed, 0 failed", run.Stdout.TrimEnd());
        dir.Delete(true);
    }
}
