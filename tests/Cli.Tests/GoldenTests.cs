using System.Text.Json;

namespace Verifier.Cli.Tests;

/// <summary><c>verifier golden --out DIR</c>: the conformance suite.</summary>
public class GoldenTests
{
    [Fact]
    public void Golden_WritesQueriesAndExpected_BatchReproducesThemExactly()
    {
        var dir = Directory.CreateTempSubdirectory("verifier-golden-").FullName;
        var run = CliRun.Of("golden", "--out", dir, "--cases", "12");
        Assert.Equal(0, run.ExitCode);
        var queries = File.ReadAllLines(Path.Combine(dir, "queries.jsonl"));
        var expected = File.ReadAllLines(Path.Combine(dir, "expected.jsonl"));
        Assert.Equal(queries.Length, expected.Length);
        Assert.True(queries.Length > 12 * 4);
        Assert.True(File.Exists(Path.Combine(dir, "README.md")));
        // Line k answers line k (same id), and no line is an error.
        for (int k = 0; k < queries.Length; k++)
        {
            var q = JsonDocument.Parse(queries[k]).RootElement;
            var e = JsonDocument.Parse(expected[k]).RootElement;
            Assert.Equal(q.GetProperty("id").GetString(), e.GetProperty("id").GetString());
            Assert.False(e.TryGetProperty("error", out _), expected[k]);
        }
        // The paper's examples are in it, exactly.
        var e1 = expected.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("id").GetString() == "seed004-appendix-e1");
        Assert.Equal(["-2/3", "5/3"], CliRun.Strings(e1.GetProperty("attributions")));
        // Running the queries through attribute --batch gives the expected file byte for byte.
        var batch = CliRun.Of("attribute", "--batch", Path.Combine(dir, "queries.jsonl"));
        Assert.Equal(string.Join("\n", expected), batch.Stdout.Replace("\r\n", "\n").TrimEnd('\n'));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Golden_SameSeed_SameSuite()
    {
        var a = Directory.CreateTempSubdirectory("verifier-golden-").FullName;
        var b = Directory.CreateTempSubdirectory("verifier-golden-").FullName;
        CliRun.Of("golden", "--out", a, "--cases", "8", "--seed", "7");
        CliRun.Of("golden", "--out", b, "--cases", "8", "--seed", "7");
        Assert.Equal(File.ReadAllText(Path.Combine(a, "queries.jsonl")), File.ReadAllText(Path.Combine(b, "queries.jsonl")));
        Assert.Equal(File.ReadAllText(Path.Combine(a, "expected.jsonl")), File.ReadAllText(Path.Combine(b, "expected.jsonl")));
        Directory.Delete(a, true);
        Directory.Delete(b, true);
    }

    [Fact]
    public void Batch_Id_EchoedOnResultAndErrorLines()
    {
        var run = CliRun.WithStdin("""
            {"id": "a", "function": "x1*x2", "input": ["1", "1"]}
            {"id": "b", "function": "x1 +", "input": ["1"]}
            """, "attribute", "--batch", "-");
        var lines = run.Stdout.Trim().Split('\n');
        Assert.StartsWith("{\"id\":\"a\",\"method\":\"ig\"", lines[0]);
        Assert.StartsWith("{\"id\":\"b\",\"error\":", lines[1]);
    }
}
