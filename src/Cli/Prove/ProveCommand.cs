using Verifier.Cli.CommandLine;

namespace Verifier.Cli.Prove;

/// <summary><c>verifier prove [PATHS]</c>: re-checks every claim of the literate proofs (CONTRACT.md) and ends with
/// <c>N passed, N failed</c>; exit code 1 when a claim fails.</summary>
internal static class ProveCommand
{
    /// <summary>The command's entry in the command table.</summary>
    public static Verb Definition(CliContext c)
    {
        var verb = new Verb("prove", "re-check every claim of the literate proofs (proofs/)")
        {
            UsageLines = ["verifier prove [PATHS] [--quiet]"],
            About = "Re-checks every claim block (```claim NAME ... ```) of the Markdown files under PATHS (default: proofs/) by running "
                + "its verifier command in-process and comparing the JSON output with the expectations; the format is documented in "
                + "proofs/README.md. Prints one line per claim (--quiet: failures only) and ends with \"N passed, N failed\". Exit "
                + "code 1 when a claim fails, 2 for a malformed claim.",
        }.With(Opt.Flag("--quiet", "failures only"));
        verb.Arguments.Add(new System.CommandLine.Argument<string[]>(PathsArgument)
        {
            Description = "Markdown files or directories (default: proofs)", Arity = System.CommandLine.ArgumentArity.ZeroOrMore,
        });
        return verb.Acting(p => Run(p, c.Stdout));
    }

    private const string PathsArgument = "PATHS";

    private static int Run(Parsed o, TextWriter stdout)
    {
        bool quiet = o.Has("--quiet");
        var paths = o.Arguments(PathsArgument).ToList();
        foreach (var a in paths)
            if (a.StartsWith('-')) throw new UsageException($"unknown option '{Parsed.Shorten(a)}' for prove");
        if (paths.Count == 0) paths.Add("proofs");
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p)) files.AddRange(Directory.EnumerateFiles(p, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else if (File.Exists(p)) files.Add(p);
            else throw new UsageException($"no such file or directory: '{p}' (run from the repository root, or give the proofs' path)");
        }
        var claims = new List<(Claim Claim, string Base)>();
        foreach (var f in files)
        {
            try
            {
                var baseDirectory = BaseDirectory(f);
                claims.AddRange(ClaimParser.Parse(Path.GetRelativePath(Directory.GetCurrentDirectory(), f), File.ReadAllText(f)).Select(c => (c, baseDirectory)));
            }
            catch (FormatException e) { throw new UsageException($"malformed claim: {e.Message}"); }
        }
        if (claims.Count == 0) throw new UsageException($"no claims found in {string.Join(", ", paths)}");
        int passed = 0, failed = 0;
        foreach (var (c, baseDirectory) in claims)
        {
            var r = ClaimRunner.Run(c, baseDirectory);
            if (r.Passed)
            {
                passed++;
                if (!quiet) stdout.WriteLine($"ok    {c.Where} ({r.Seconds:F2} s)");
            }
            else
            {
                failed++;
                stdout.WriteLine($"FAIL  {c.Where}\n    {r.Failure}");
            }
        }
        stdout.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 ? CliApp.Success : CliApp.Failure;
    }

    // File arguments of a claim are relative to the directory holding the nearest enclosing 'proofs' folder (the
    // repository root), whatever the current directory; a file outside any 'proofs' folder uses its own directory.
    private static string BaseDirectory(string file)
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(file))!);
        for (var d = dir; d is not null; d = d.Parent)
            if (d.Name == "proofs" && d.Parent is not null) return d.Parent.FullName;
        return dir.FullName;
    }
}
