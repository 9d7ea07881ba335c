using System.Text;
using Verifier.Axioms.Golden;
using Verifier.Axioms.Methods;
using Verifier.Cli.Attribution;
using Verifier.Cli.CommandLine;

namespace Verifier.Cli.Golden;

/// <summary><c>verifier golden --out DIR [--seed S] [--cases N]</c>: writes the conformance suite (CONTRACT.md).</summary>
internal static class GoldenCommand
{
    /// <summary>The command's entry in the command table.</summary>
    public static Verb Definition(CliContext c) => new Verb("golden", "write a conformance suite (queries and exact results) for other implementations")
    {
        UsageLines = ["verifier golden --out DIR [--seed S] [--cases N]"],
        About = "Writes a conformance suite that any implementation, in any language, can be tested against: DIR/queries.jsonl "
            + "(functions, networks, inputs, baselines, methods, paths; the attribute --batch format), DIR/expected.jsonl (the exact "
            + "results, line by line, same ids), DIR/harness.jsonl (per query: tags, whether the result depends on a kink convention, "
            + "and for IG the integrand's variation that bounds a quadrature rule's error), DIR/networks/NAME.onnx (every network of "
            + "the suite as ONNX, float64, with DIR/networks/index.json mapping query ids to files) and DIR/README.md (how to compare, "
            + "and how to load a network with onnxruntime). The "
            + "paper's worked examples come first, then N seeded random cases, each asked for several methods, then cases that pin "
            + "down known defects of numeric implementations. 'verifier conformance' runs them through a method for you.",
    }.With(
        Opt.Text("--out", "DIR", "the directory to write (created if needed)"),
        Opt.Int("--seed", "S", "the seed of the random cases", GoldenSuite.DefaultSeed, 0, int.MaxValue),
        Opt.Int("--cases", "N", "the number of random cases", GoldenSuite.DefaultCases, 0, 10_000))
        .Acting(p => Run(p, c.Stdout, c.Registry));

    private static int Run(Parsed o, TextWriter stdout, MethodRegistry registry)
    {
        var dir = o.Get("--out") ?? throw new UsageException("missing --out DIR");
        int seed = o.Value<int>("--seed");
        int cases = o.Value<int>("--cases");
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { throw new UsageException($"cannot create --out '{dir}': {Input.InputFiles.Reason(e)}"); }
        var suite = GoldenSuite.Cases(seed, cases, registry);
        var queries = suite.Select(c => c.ToJsonLine()).ToList();
        var expected = new StringBuilder();
        var harness = new StringBuilder();
        int errors = 0;
        for (int k = 0; k < queries.Count; k++)
        {
            var line = BatchRunner.RunLine(queries[k], k + 1, explain: false, registry);
            if (line.Contains("\"error\"", StringComparison.Ordinal)) errors++;
            expected.AppendLine(line);
            harness.AppendLine(GoldenHarness.Of(suite[k], suite[k].Run(registry), registry).ToJsonLine());
        }
        if (errors > 0) throw new InvalidOperationException($"{errors} golden queries failed; the suite was not written");
        var utf8 = new UTF8Encoding(false);
        try
        {
            File.WriteAllText(Path.Combine(dir, "queries.jsonl"), string.Join("\n", queries) + "\n", utf8);
            File.WriteAllText(Path.Combine(dir, "expected.jsonl"), expected.ToString().Replace("\r\n", "\n"), utf8);
            File.WriteAllText(Path.Combine(dir, "harness.jsonl"), harness.ToString().Replace("\r\n", "\n"), utf8);
            File.WriteAllText(Path.Combine(dir, "README.md"), Readme(seed, cases, queries.Count), utf8);
            GoldenNetworks.Write(dir, suite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { throw new UsageException($"cannot write the suite to --out '{dir}': {Input.InputFiles.Reason(e)}"); }
        stdout.WriteLine($"wrote {queries.Count} cases to {Path.Combine(dir, "queries.jsonl")} and {Path.Combine(dir, "expected.jsonl")} (seed {seed})");
        return CliApp.Success;
    }

    private static string Readme(int seed, int cases, int count) => GoldenReadme.Text(seed, cases, count);
}
