using System.Text.Json;

namespace Verifier.Cli.Tests;

public class BatchTests
{
    private static readonly string Queries = string.Join('\n',
        """{"function": "x1*x2", "input": ["1", "3"]}""",
        """{"function": "x1*", "input": ["1"]}""",
        """{"network": """ + CliRun.ExampleNetwork.ReplaceLineEndings(" ") + """, "input": [3, 1], "baseline": ["0", "0"]}""",
        "not json",
        """{"function": "x1*x2", "input": ["1", "0"], "method": "path", "path": "polyline:0,1;1,1"}""",
        """{"function": "x1*x2", "input": ["1", "3"], "method": "eg", "baselines": [["0", "0"], [2, 2]]}""",
        """{"function": "relu(x1)", "input": [0], "method": "gradient", "params": {"relu_grad_at_zero": "1/2"}}""",
        """{"function": "x1", "input": [0.25], "colour": "red"}""");

    private static List<JsonElement> Lines(CliRun run) =>
        run.Stdout.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public void Batch_MixedLines_OneResultPerLineInOrder()
    {
        var run = CliRun.WithStdin(Queries, "attribute", "--batch", "-");
        Assert.Equal(0, run.ExitCode);
        var lines = Lines(run);
        Assert.Equal(8, lines.Count);
        Assert.Equal(["3/2", "3/2"], CliRun.Strings(lines[0].GetProperty("attributions")));
        Assert.Contains("position", lines[1].GetProperty("error").GetString());
        Assert.Equal(["3/2", "-1/2"], CliRun.Strings(lines[2].GetProperty("attributions")));
        Assert.Contains("malformed JSON", lines[3].GetProperty("error").GetString());
        Assert.Equal(["1", "-1"], CliRun.Strings(lines[4].GetProperty("attributions")));
        Assert.Equal(["-1/2", "3/2"], CliRun.Strings(lines[5].GetProperty("attributions")));
        Assert.Equal(["1/2"], CliRun.Strings(lines[6].GetProperty("attributions")));
        Assert.Contains("colour", lines[7].GetProperty("error").GetString());
    }

    [Fact]
    public void Batch_File_CompactLinesSameAsSingleQuery()
    {
        var file = CliRun.TempFile("""{"function": "1 - relu(1 - x1)", "input": ["2"]}""" + "\n\n");
        try
        {
            var run = CliRun.Of("attribute", "--batch", file);
            Assert.Equal(0, run.ExitCode);
            var line = Assert.Single(run.Stdout.TrimEnd('\n').Split('\n'));
            var single = CliRun.Of("attribute", "--function", "1 - relu(1 - x1)", "--input", "2").Json();
            Assert.Equal(JsonSerializer.Serialize(single), line);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Batch_WithQueryOption_ExitTwo()
    {
        var run = CliRun.Of("attribute", "--batch", "-", "--function", "x1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--batch", run.Stderr);
    }
}
