using System.Text;
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
            + "results, line by line, same ids) and DIR/README.md (how to compare). The paper's worked examples come first, then N "
            + "seeded random cases, each asked for several methods.",
    }.With(
        Opt.Text("--out", "DIR", "the directory to write (created if needed)"),
        Opt.Int("--seed", "S", "the seed of the random cases", 42, 0, int.MaxValue),
        Opt.Int("--cases", "N", "the number of random cases", 60, 0, 10_000))
        .Acting(p => Run(p, c.Stdout, c.Registry));

    private static int Run(Parsed o, TextWriter stdout, MethodRegistry registry)
    {
        var dir = o.Get("--out") ?? throw new UsageException("missing --out DIR");
        int seed = o.Value<int>("--seed");
        int cases = o.Value<int>("--cases");
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"cannot create --out '{dir}': {e.Message}"); }
        var queries = GoldenSuite.Queries(seed, cases, registry);
        var expected = new StringBuilder();
        int errors = 0;
        for (int k = 0; k < queries.Count; k++)
        {
            var line = BatchRunner.RunLine(queries[k], k + 1, explain: false, registry);
            if (line.Contains("\"error\"", StringComparison.Ordinal)) errors++;
            expected.AppendLine(line);
        }
        if (errors > 0) throw new InvalidOperationException($"{errors} golden queries failed; the suite was not written");
        var utf8 = new UTF8Encoding(false);
        try
        {
            File.WriteAllText(Path.Combine(dir, "queries.jsonl"), string.Join("\n", queries) + "\n", utf8);
            File.WriteAllText(Path.Combine(dir, "expected.jsonl"), expected.ToString().Replace("\r\n", "\n"), utf8);
            File.WriteAllText(Path.Combine(dir, "README.md"), Readme(seed, cases, queries.Count), utf8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"cannot write the suite to --out '{dir}': {e.Message}"); }
        stdout.WriteLine($"wrote {queries.Count} cases to {Path.Combine(dir, "queries.jsonl")} and {Path.Combine(dir, "expected.jsonl")} (seed {seed})");
        return CliApp.Success;
    }

    private static string Readme(int seed, int cases, int count) => $$"""
        # Attribution conformance suite

        Written by `verifier golden --seed {{seed}} --cases {{cases}}`: {{count}} cases. Test any implementation of these
        attribution methods, in any language, against exact ground truth.

        - `queries.jsonl`: one query per line, in the `verifier attribute --batch` format (CONTRACT.md): `id`, `function`
          (x1..xn syntax) and `dim`, or `network` (inline `verifier-network/1`), `input`, `baseline` (absent: zeros, or
          no baseline for `gradient` and LRP), `method`, `path`, `baselines` (for `eg`), `params`. Numbers are exact
          strings: `"-2/3"`.
        - `expected.jsonl`: line k is the result for line k of `queries.jsonl`, with the same `id`: `attributions`
          (exact: a rational `"3/2"` or a closed form such as `"2*sigmoid(3) - 1"`), `attributions_approx` (the nearest
          doubles), `f_input`, `f_baseline`, `sum`, `completeness_gap`, `exact`, and `pieces` (breakpoints in t along a
          straight path).

        How to compare: an exact implementation compares `attributions` as strings (rationals in lowest terms). A
        floating-point implementation compares with `attributions_approx`: a float64 implementation with exact line
        integration should agree to a relative 1e-12; Riemann or trapezoid rules with n steps have errors O(1/n) or
        O(1/n^2) where the integrand is smooth, and larger at kinks. Conventions: relu'(0) = 0; the attributed output is
        `output` of the network (default 0); `eg` averages IG over the listed baselines with equal weights.

        Re-create the expected file with this toolkit: `verifier attribute --batch queries.jsonl > expected.jsonl`.

        """;
}
