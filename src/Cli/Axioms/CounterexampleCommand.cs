using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Smt;
using Verifier.Cli.Attribution;
using Verifier.Cli.CommandLine;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Axioms;

/// <summary><c>verifier counterexample</c>: a solver-backed counterexample for one method and axiom (CONTRACT.md).</summary>
internal static class CounterexampleCommand
{
    /// <summary>The command's entry in the command table.</summary>
    public static Verb Definition(CliContext c) => new Verb("counterexample", "SMT (z3) search for a counterexample on a piecewise-linear function")
    {
        UsageLines = ["verifier counterexample --method M --axiom A (--network F | --function EXPR) [options]"],
        About = "Asks the SMT solver (z3 by default) for a counterexample on a piecewise-linear function and re-checks every answer "
            + "exactly. The solver is a separate program: install it with 'apt-get install z3' (or cvc5).",
        Epilogue = () => Usage.CounterexampleQueries(c.Registry),
    }.With(
        MethodOptions.MethodOption(c.Registry, "the method", c.Registry.CheckNames),
        Opt.Text("--axiom", "A", "the axiom (see Queries below)").Completing(Verifier.Axioms.AxiomCatalogue.All.Select(a => a.Name)),
        Opt.Text("--network", "F", "F, " + Models.ModelOptions.NetworkHelp),
        Opt.Text("--function", "EXPR", "F, a piecewise-linear function"),
        Opt.Text("--network2", "G", "the second implementation (implementation-invariance), a network (JSON or ONNX)"),
        Opt.Text("--function2", "EXPR", "the second implementation (implementation-invariance), a function"),
        Opt.Text("--box", "\"lo,hi\"", "the input box, the same range for every feature, or \"lo1,hi1;lo2,hi2;...\" (default -3,3)"),
        Opt.Text("--baseline", "P", "x' (default all zeros), comma-separated or @FILE"),
        Models.ModelOptions.OutputOption(),
        Models.ModelOptions.MaxBytesOption(),
        Models.ModelOptions.DimValuesOption(),
        Opt.Text("--path", "SPEC", "for --method path (reference coordinates, as in 'verifier check --help')"),
        Opt.Params("the method's parameters; steps=K for the K-step Riemann completeness query"),
        Opt.Text("--dim", "N", "features of the polynomial family for non-decreasing-positivity (default 2)"),
        Opt.Choice("--solver", "S", "the solver", "z3", [.. SmtOptions.KnownSolvers]),
        Opt.Seconds("--timeout", "solver time limit per query; on timeout the status is undetermined", SmtOptions.Default.Timeout),
        Opt.Text("--smt-out", "FILE", "write every SMT-LIB query sent (re-run with: z3 FILE)"),
        Opt.Int("--seed", "S", "solver and point-search seed", 42, 0, int.MaxValue),
        Opt.Choice("--format", "F", "the output", "json", "json", "text"),
        Budgets.MaxSmtCharsOption(),
        Budgets.MaxFileSizeOption())
        .Acting(p => Run(p, c.Stdout, c.Registry));

    private static int Run(Parsed o, TextWriter stdout, MethodRegistry registry)
    {
        var format = o.Value<string>("--format");
        // --param steps=K is the solver query's (K-step left Riemann sum of a method that has one), not the method's.
        var riemann = registry.All.Where(d => d.Solver.RiemannSteps is not null).ToList();
        var stepsName = riemann.Select(d => d.Solver.RiemannSteps!.Name).FirstOrDefault() ?? "steps";
        string? stepsText = o.Params.Remove(stepsName, out var st) ? st : null;
        var method = MethodOptions.Method(o, registry);
        int? steps = null;
        if (stepsText is not null)
        {
            var parameter = MethodDescriptor.Of(method).Solver.RiemannSteps
                ?? throw new UsageException($"--param {stepsName}=K (K-step Riemann IG) goes with --method {string.Join(" or ", riemann.Select(d => d.Name))}");
            steps = (int)parameter.Parse(stepsText).Numerator;
        }
        var axiomName = o.Get("--axiom") ?? throw new UsageException("missing --axiom A (e.g. --axiom implementation-invariance)");
        var axiom = AxiomCatalogue.Get(axiomName);
        var f = Subject(o, "--function", "--network", required: axiom is not Verifier.Axioms.Catalogue.NonDecreasingPositivity);
        Models.ModelOptions.RequireModel(o, o.Get("--network") is not null || o.Get("--network2") is not null);
        var g = Subject(o, "--function2", "--network2", required: false);
        if (g is not null && axiom is not Verifier.Axioms.Catalogue.ImplementationInvariance)
            throw new UsageException("--network2/--function2 (a second implementation) goes with --axiom implementation-invariance");
        int n = f?.Dimension ?? Dim(o, 2, 1, 4);
        if (f is not null && o.Contains("--dim") && Dim(o, n, 1, 64) != n)
            throw new UsageException($"dimension mismatch: --dim {o.Get("--dim")} but F has {n} inputs");
        if (g is not null && g.Dimension != n) throw new UsageException($"dimension mismatch: F has {n} inputs, G has {g.Dimension}");
        var box = Box(o.Get("--box") ?? "-3,3", n);
        Rational[]? baseline = o.Get("--baseline") is { } bt ? Models.PointArgument.Read(bt, "--baseline", null, AttributeCommand.Point) : null;
        if (baseline is not null && baseline.Length != n)
            throw new UsageException($"dimension mismatch: F has {n} inputs but --baseline has {baseline.Length} coordinates");
        var solver = o.Value<string>("--solver");
        var smt = SmtOptions.Default with
        {
            Solver = solver,
            Timeout = o.Value<TimeSpan>("--timeout"),
            Seed = o.Value("--seed", 0),
            MaxScriptChars = o.Value<long>(Budgets.MaxSmtChars),
        };
        int seed = o.Value<int>("--seed");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        SolverVerdict verdict;
        try { verdict = SolverSearch.Find(method, axiom, f, g, box, baseline, smt, steps, n, seed); }
        catch (SolverNotFoundException e)
        {
            // No solver is not bad input: the question stays open (the message carries the install hint).
            verdict = new SolverVerdict(Verifier.Axioms.Verdicts.VerdictStatus.Undetermined, $"no solver: {solver} is needed for this query",
                null, e.Message, solver + " (not found)", clock.Elapsed.TotalSeconds, []);
        }
        string? smtOut = o.Get("--smt-out");
        if (smtOut is not null)
        {
            try { File.WriteAllText(smtOut, string.Join("\n(reset)\n", verdict.Scripts), new UTF8Encoding(false)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { throw new UsageException($"cannot write --smt-out '{smtOut}': {Input.InputFiles.Reason(e)}"); }
        }
        stdout.Write(format == "json" ? Json(method.Name, axiom.Name, verdict, smtOut) + Environment.NewLine : Text(method.Name, axiom.Name, verdict, smtOut));
        return CliApp.Success;
    }

    private static Verifier.Symbolic.Subject? Subject(Parsed o, string functionOption, string networkOption, bool required)
    {
        bool hasF = o.Get(functionOption) is not null, hasN = o.Get(networkOption) is not null;
        if (hasF && hasN) throw new UsageException($"give either {functionOption} or {networkOption}, not both");
        if (!hasF && !hasN)
            return required ? throw new UsageException($"give {functionOption} EXPR or {networkOption} FILE") : null;
        if (hasN) return Verifier.Symbolic.Subject.Of(Models.ModelOptions.Load(o, o.Get(networkOption)!).Exact);
        try
        {
            var expr = ExprParser.Parse(o.Get(functionOption)!);
            return Verifier.Symbolic.Subject.Of(expr);
        }
        catch (ParseException e) { throw new UsageException($"malformed {functionOption}: {e.Message}"); }
    }

    // --dim N in [min, max] (the default when absent).
    private static int Dim(Parsed o, int fallback, int min, int max)
    {
        if (o.Get("--dim") is not { } text) return fallback;
        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new UsageException($"bad number: --dim must be an integer in [{min}, {max}], got '{Parsed.Shorten(text)}'");
    }

    /// <summary>"lo,hi" for every feature, or "lo1,hi1;lo2,hi2;..." one pair per feature.</summary>
    internal static InputBox Box(string text, int n)
    {
        var parts = text.Split(';');
        if (parts.Length != 1 && parts.Length != n)
            throw new UsageException($"bad --box '{text}': give \"lo,hi\" or one \"lo,hi\" per feature ({n})");
        var lo = new Rational[n];
        var hi = new Rational[n];
        for (int i = 0; i < n; i++)
        {
            var pair = AttributeCommand.Point(parts[parts.Length == 1 ? 0 : i], "--box");
            if (pair.Length != 2) throw new UsageException($"bad --box '{text}': each range is \"lo,hi\"");
            if (pair[0] > pair[1]) throw new UsageException($"bad --box '{text}': lo {pair[0]} > hi {pair[1]}");
            (lo[i], hi[i]) = (pair[0], pair[1]);
        }
        return new InputBox(lo, hi);
    }

    private static string Json(string method, string axiom, SolverVerdict v, string? smtOut)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("method", method);
            w.WriteString("axiom", axiom);
            w.WriteString("status", v.StatusName);
            w.WriteString("how", v.How);
            if (v.Reason is { } r) w.WriteString("reason", r);
            if (v.Counterexample is { } ce)
            {
                w.WritePropertyName("counterexample");
                VerdictJson.Write(w, ce);
            }
            if (v.MaxGap is { } gap) w.WriteString("max_gap", gap.ToString());
            w.WriteString("solver", v.Solver);
            w.WriteNumber("seconds", Math.Round(v.Seconds, 3));
            if (smtOut is null) w.WriteNull("smt2"); else w.WriteString("smt2", smtOut);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Text(string method, string axiom, SolverVerdict v, string? smtOut)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{method} x {axiom}: {v.StatusName} ({v.Solver}, {v.Seconds:F2} s)");
        sb.AppendLine($"    how: {v.How}");
        if (v.Reason is { } r) sb.AppendLine($"    reason: {r}");
        if (v.Counterexample is { } ce) CheckCommand.AppendCounterexample(sb, ce);
        if (smtOut is not null) sb.AppendLine($"    SMT-LIB: {smtOut} (re-run with: z3 {smtOut})");
        return sb.ToString();
    }
}
