using Verifier.Axioms;
using Verifier.Axioms.Methods;

namespace Verifier.Cli.Tests;

/// <summary>The command line on System.CommandLine: usage errors are one line and exit 2, the help is generated from the
/// command table and the registry, shell completion answers from the same table.</summary>
public class CommandLineTests
{
    [Theory]
    [InlineData("attribute|--function|x1|--input", "option --input needs a value")]
    [InlineData("attribute|--function|x1|--input|1|--input|2", "option --input is given twice")]
    [InlineData("attribute|--function|x1|--input|1|extra", "unexpected argument 'extra' for attribute")]
    [InlineData("check|--method|ig|--seed|1|--seed|2", "option --seed is given twice")]
    [InlineData("check|--method|ig|--trials|many", "bad number: --trials must be an integer")]
    [InlineData("check|--method|ig|--time-budget|0", "--time-budget must be a positive number of seconds")]
    [InlineData("matrix|--format|yaml", "unknown --format 'yaml'")]
    [InlineData("counterexample|--solver|yices", "unknown --solver 'yices'")]
    [InlineData("crosscheck|--rule|simpson", "unknown --rule 'simpson'")]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("completion|fish", "unknown shell 'fish'")]
    [InlineData("completion", "completion needs SHELL")]
    [InlineData("help|frobnicate", "unknown command 'frobnicate'")]
    [InlineData("attribute|--function|x1|--input|1|--param|epsilon", "--param needs NAME=VALUE")]
    public void CommandLine_UsageError_ExitTwoWithOneLineMessage(string args, string expected)
    {
        var run = CliRun.Of(args.Split('|'));
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: ", run.Stderr);
        Assert.Contains(expected, run.Stderr);
    }

    [Fact]
    public void CommandLine_HugeUnknownArgument_MessageIsShortened()
    {
        var run = CliRun.Of("attribute", "--function", "x1", "--input", "1", new string('7', 100_000));
        Assert.Equal(2, run.ExitCode);
        Assert.True(run.Stderr.Length < 300, run.Stderr.Length.ToString());
        Assert.Contains("(100000 characters)", run.Stderr);
    }

    [Fact]
    public void CommandLine_RepeatedParam_EveryValueRead()
    {
        string[] args = ["attribute", "--function", "x1*x2", "--input", "1,2", "--method", "guided-ig", "--param", "steps=8"];
        Assert.Equal(0, CliRun.Of([.. args, "--param", "fraction=1/4"]).ExitCode);
        var bad = CliRun.Of([.. args, "--param", "fraction=abc"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("fraction", bad.Stderr);
    }

    [Theory]
    [InlineData("attribute", "--function", "--batch", "--plot-size")]
    [InlineData("check", "--smt", "--time-budget", "--no-proofs")]
    [InlineData("matrix", "--methods", "--max-dim", "--quiet")]
    [InlineData("counterexample", "--network2", "--smt-out", "--timeout")]
    [InlineData("crosscheck", "--steps-sweep", "--dtype", "--device")]
    [InlineData("golden", "--out", "--cases", "--seed")]
    [InlineData("prove", "PATHS", "--quiet", "--debug")]
    public void Help_EveryCommand_ListsItsOptionsAndExitsZero(string command, params string[] options)
    {
        var run = CliRun.Of(command, "-h");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Usage: verifier " + command, run.Stdout);
        Assert.All(options, o => Assert.Contains(o, run.Stdout));
        Assert.Equal(run.Stdout, CliRun.Of("help", command).Stdout);
    }

    [Fact]
    public void Help_Defaults_ComeFromTheOptionsRecords()
    {
        var check = CliRun.Of("check", "--help").Stdout;
        Assert.Contains($"random instances per axiom (default {CheckOptions.Default.Trials})", check);
        var matrix = CliRun.Of("matrix", "--help").Stdout;
        Assert.Contains($"random instances per cell (default {Matrix.DefaultOptions.Trials})", matrix);
    }

    [Fact]
    public void Help_MethodParameters_ComeFromTheRegistry()
    {
        var help = CliRun.Of("attribute", "--help").Stdout;
        foreach (var d in MethodRegistry.BuiltIn.Queryable)
            foreach (var p in d.OwnParameters.Where(p => !p.RequiredInQueries && p.DefaultText is not null))
                Assert.Contains($"{p.Name}={p.DefaultText}", help);
        Assert.Contains("steps=128", help); // guided-ig's default, written once in its descriptor
    }

    [Fact]
    public void Help_OnALineWithErrors_StillHelpsAndExitsZero()
    {
        var run = CliRun.Of("check", "--bogus", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Usage: verifier check", run.Stdout);
    }

    [Fact]
    public void Completion_Bash_PrintsAScriptUsingTheSuggestDirective()
    {
        var run = CliRun.Of("completion", "bash");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("[suggest:", run.Stdout);
        Assert.Contains("complete -o default", run.Stdout);
    }

    [Theory]
    [InlineData("verifier che", "check")]
    [InlineData("verifier check --method lr", "lrp-epsilon")]
    [InlineData("verifier check --axioms sens", "sensitivity-a")]
    [InlineData("verifier matrix --format ma", "markdown")]
    [InlineData("verifier crosscheck --rule exa", "exactline")]
    [InlineData("verifier attribute --ba", "--baseline")]
    public void Completion_SuggestDirective_CompletesFromTheCommandTable(string line, string expected)
    {
        var run = CliRun.Of($"[suggest:{line.Length}]", line);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Stdout.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Debug_BeforeTheCommand_Accepted()
    {
        var run = CliRun.Of("--debug", "attribute", "--function", "x1", "--input", "2");
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void ResponseFiles_Disabled_AtSignIsAValue()
    {
        // '@FILE' is never expanded as a file of arguments: it reaches the option as its text.
        var run = CliRun.Of("attribute", "--function", "x1", "--input", "@/nonexistent/args.rsp");
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("response file", run.Stderr, StringComparison.OrdinalIgnoreCase);
    }
}
