using System.Diagnostics;
using Verifier.Axioms.Methods;
using Verifier.Cli.Attribution;
using Verifier.Symbolic;

namespace Verifier.Cli.Tests;

/// <summary>Batch mode under hostile input: JSON Lines end at \n only, long lines are skipped with bounded memory, and a
/// slow line stops at its time budget by cooperative cancellation while the batch goes on.</summary>
public class BatchBudgetTests
{
    [Fact]
    public void JsonLinesReader_BareCarriageReturn_StaysInsideTheLine()
    {
        var reader = new JsonLinesReader(new StringReader("a\rb\nc\r\n\nd"), 100);
        Assert.Equal("a\rb", reader.Next()!.Text);
        Assert.Equal("c\r", reader.Next()!.Text);
        Assert.Equal("", reader.Next()!.Text);
        var last = reader.Next()!;
        Assert.Equal(("d", 4), (last.Text, last.Number));
        Assert.Null(reader.Next());
    }

    [Fact]
    public void JsonLinesReader_LineBeyondTheLimit_ReportedAndSkipped()
    {
        var text = new string('x', 200_000) + "\nshort\n";
        var reader = new JsonLinesReader(new StringReader(text), 1000);
        var first = reader.Next()!;
        Assert.True(first.TooLong);
        Assert.Equal(1, first.Number);
        Assert.Equal("short", reader.Next()!.Text);
        Assert.Null(reader.Next());
    }

    [Fact]
    public void RunLine_SlowLine_StopsAtItsBudget()
    {
        // A 24-layer tent map has 2^24 pieces on [0, 1]: without the budget the line runs for minutes.
        var layers = string.Join(",", Enumerable.Repeat(
            """{"type":"dense","weights":[["1"],["1"]],"bias":["0","-1/2"]},{"type":"relu"},{"type":"dense","weights":[["2","-4"]],"bias":["0"]}""", 24));
        var line = $$"""{"network":{"format":"verifier-network/1","inputs":1,"layers":[{{layers}}],"output":0},"input":["1"]}""";
        var clock = Stopwatch.StartNew();
        var result = BatchRunner.RunLine(line, 7, explain: false, MethodRegistry.BuiltIn, TimeSpan.FromSeconds(1));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed.TotalSeconds:F1} s");
        Assert.Contains("line 7: stopped after the time budget of 1 s per line (--line-timeout", result);
        // The computation ran on this thread and has returned: nothing is left running.
        Assert.Equal(CancellationToken.None, Cancellation.Token);
    }

    [Fact]
    public void Cancellation_Scope_RestoresThePreviousToken()
    {
        using var outer = new CancellationTokenSource();
        using var inner = new CancellationTokenSource();
        using (Cancellation.Use(outer.Token))
        {
            using (Cancellation.Use(inner.Token)) Assert.Equal(inner.Token, Cancellation.Token);
            Assert.Equal(outer.Token, Cancellation.Token);
            outer.Cancel();
            Assert.Throws<OperationCanceledException>(Cancellation.ThrowIfRequested);
        }
        Cancellation.ThrowIfRequested(); // outside any scope: never cancelled
    }

    [Theory]
    [InlineData("--line-timeout", "0", "--line-timeout must be a positive number of seconds")]
    [InlineData("--max-line-chars", "1", "--max-line-chars must be an integer")]
    public void Batch_BadBudget_ExitTwo(string option, string value, string expected)
    {
        var run = CliRun.WithStdin("", "attribute", "--batch", "-", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
    }

    [Fact]
    public void Attribute_BatchBudgetWithoutBatch_ExitTwo()
    {
        var run = CliRun.Of("attribute", "--function", "x1", "--input", "1", "--line-timeout", "5");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("go with --batch", run.Stderr);
    }
}
