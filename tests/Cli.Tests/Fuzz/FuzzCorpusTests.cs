using System.Diagnostics;
using System.Text.Json;

namespace Verifier.Cli.Tests.Fuzz;

/// <summary>
/// The fuzz corpus (<c>tests/Cli.Tests/Fuzz/corpus/*.json</c>): every reproducer of issue 13 on the command line (and the
/// usage errors of issue 12) as a case with its arguments, standard input, files, expected exit code and time bound. Each
/// case also checks what every run must satisfy: no stack trace and no "internal error" for bad input.
/// </summary>
/// <remarks>
/// A case's fields: <c>args</c>; optional <c>stdin</c>; <c>files</c> (relative path to text) and <c>symlinks</c>
/// (relative path to target) made in a fresh directory, whose path replaces <c>{dir}</c> in args and file texts;
/// <c>stdout_mode</c> <c>"full"</c> for a standard output that fails like <c>/dev/full</c>; <c>exit</c>;
/// <c>max_seconds</c>; <c>stdout_lines</c>; <c>stdout_contains</c>, <c>stdout_lacks</c>, <c>stderr_contains</c>,
/// <c>stderr_lacks</c>; <c>stderr_max_chars</c>.
/// </remarks>
public class FuzzCorpusTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(CorpusDirectory, "*.json").Order(StringComparer.Ordinal)) data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    [Fact]
    public void Corpus_Present_HasTheIssuesReproducers()
    {
        Assert.True(Directory.EnumerateFiles(CorpusDirectory, "*.json").Count() >= 30);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Corpus_Case_ExitCodeTimeAndMessagesAsRecorded(string name)
    {
        var c = JsonDocument.Parse(File.ReadAllText(Path.Combine(CorpusDirectory, name + ".json"))).RootElement;
        var dir = Directory.CreateTempSubdirectory("verifier-fuzz-").FullName;
        try
        {
            string Expand(string s) => s.Replace("{dir}", dir, StringComparison.Ordinal);
            if (c.TryGetProperty("files", out var files))
                foreach (var f in files.EnumerateObject())
                {
                    var path = Path.Combine(dir, f.Name);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllText(path, Expand(f.Value.GetString()!));
                }
            if (c.TryGetProperty("symlinks", out var links))
                foreach (var l in links.EnumerateObject())
                    File.CreateSymbolicLink(Path.Combine(dir, l.Name), l.Value.GetString()!);
            var args = c.GetProperty("args").EnumerateArray().Select(a => Expand(a.GetString()!)).ToArray();
            var stdin = c.TryGetProperty("stdin", out var si) ? si.GetString()! : "";
            TextWriter stdout = c.TryGetProperty("stdout_mode", out var mode) && mode.GetString() == "full" ? new FullDisk() : new StringWriter();
            var stderr = new StringWriter();
            double maxSeconds = c.GetProperty("max_seconds").GetDouble();
            var clock = Stopwatch.StartNew();
            var run = Task.Run(() => CliApp.Run(args, new StringReader(stdin), stdout, stderr));
            bool finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(maxSeconds))) == run;
            Assert.True(finished, $"{name}: still running after {maxSeconds} s");
            int exit = await run;
            var seconds = clock.Elapsed.TotalSeconds;
            var output = stdout.ToString() ?? "";
            var errors = stderr.ToString();
            int expected = c.GetProperty("exit").GetInt32();
            Assert.True(expected == exit, $"{name}: exit {exit}, expected {expected}; stderr: {errors}");
            Assert.DoesNotContain("   at ", errors);
            if (expected == 2) Assert.DoesNotContain("internal error", errors);
            if (c.TryGetProperty("stdout_lines", out var lines)) Assert.Equal(lines.GetInt32(), output.TrimEnd('\n').Split('\n').Length);
            foreach (var s in Strings(c, "stdout_contains")) Assert.Contains(Expand(s), output);
            foreach (var s in Strings(c, "stdout_lacks")) Assert.DoesNotContain(s, output);
            foreach (var s in Strings(c, "stderr_contains")) Assert.Contains(s, errors);
            foreach (var s in Strings(c, "stderr_lacks")) Assert.DoesNotContain(s, errors);
            if (c.TryGetProperty("stderr_max_chars", out var max)) Assert.True(errors.Length <= max.GetInt32(), $"{name}: {errors.Length} characters on stderr");
            Assert.True(seconds <= maxSeconds, $"{name}: {seconds:F1} s");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static IEnumerable<string> Strings(JsonElement c, string name) =>
        c.TryGetProperty(name, out var a) ? a.EnumerateArray().Select(e => e.GetString()!) : [];

    private static string CorpusDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Verifier.sln"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Verifier.sln not found"), "tests", "Cli.Tests", "Fuzz", "corpus");
        }
    }

    /// <summary>A standard output that fails as a full disk does.</summary>
    private sealed class FullDisk : StringWriter
    {
        public override void Write(char value) => throw new IOException("No space left on device");

        public override void Write(string? value) => throw new IOException("No space left on device");

        public override void Write(char[] buffer, int index, int count) => throw new IOException("No space left on device");

        public override void WriteLine(string? value) => throw new IOException("No space left on device");

        public override string ToString() => "";
    }
}
