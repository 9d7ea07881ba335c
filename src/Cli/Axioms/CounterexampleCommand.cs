using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Smt;
using Verifier.Cli.Attribution;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Axioms;

/// <summary><c>verifier counterexample</c>: a solver-backed counterexample for one method and axiom (CONTRACT.md).</summary>
internal static class CounterexampleCommand
{
    private static readonly string[] Valued =
    [
        "--method", "--axiom", "--network", "--function", "--network2", "--function2", "--box", "--solver", "--timeout", "--smt-out",
        "--baseline", "--param", "--path", "--dim", "--seed", "--format",
    ];

    private static readonly string[] Flags = ["--help", "-h"];

    public static int Run(string[] args, TextWriter stdout, MethodRegistry registry)
    {
        var o = new OptionReader("counterexample", args, Valued, Flags);
        if (o.Has("--help") || o.Has("-h"))
        {
            stdout.Write(Usage.Counterexample(registry));
            return CliApp.Success;
        }
        var format = o.Format("json", "json", "text");
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
        var g = Subject(o, "--function2", "--network2", required: false);
        if (g is not null && axiom is not Verifier.Axioms.Catalogue.ImplementationInvariance)
            throw new UsageException("--network2/--function2 (a second implementation) goes with --axiom implementation-invariance");
        int n = f?.Dimension ?? o.Int("--dim", 2, 1, 4);
        if (f is not null && o.Contains("--dim") && o.Int("--dim", n, 1, 64) != n)
            throw new UsageException($"dimension mismatch: --dim {o.Get("--dim")} but F has {n} inputs");
        if (g is not null && g.Dimension != n) throw new UsageException($"dimension mismatch: F has {n} inputs, G has {g.Dimension}");
        var box = Box(o.Get("--box") ?? "-3,3", n);
        Rational[]? baseline = o.Get("--baseline") is { } bt ? AttributeCommand.Point(bt, "--baseline") : null;
        if (baseline is not null && baseline.Length != n)
            throw new UsageException($"dimension mismatch: F has {n} inputs but --baseline has {baseline.Length} coordinates");
        var solver = (o.Get("--solver") ?? "z3").Trim().ToLowerInvariant();
        if (!SmtOptions.KnownSolvers.Contains(solver)) throw new UsageException($"unknown --solver '{solver}'; expected z3 or cvc5");
        var smt = SmtOptions.Default with
        {
            Solver = solver,
            Timeout = o.Seconds("--timeout", SmtOptions.Default.Timeout),
            Seed = o.Int("--seed", 0, 0, int.MaxValue),
        };
        int seed = o.Int("--seed", 42, 0, int.MaxValue);
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
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"cannot write --smt-out '{smtOut}': {e.Message}"); }
        }
        stdout.Write(format == "json" ? Json(method.Name, axiom.Name, verdict, smtOut) + Environment.NewLine : Text(method.Name, axiom.Name, verdict, smtOut));
        return CliApp.Success;
    }

    private static Verifier.Symbolic.Subject? Subject(OptionReader o, string functionOption, string networkOption, bool required)
    {
        bool hasF = o.Get(functionOption) is not null, hasN = o.Get(networkOption) is not null;
        if (hasF && hasN) throw new UsageException($"give either {functionOption} or {networkOption}, not both");
        if (!hasF && !hasN)
            return required ? throw new UsageException($"give {functionOption} EXPR or {networkOption} FILE") : null;
        if (hasN)
        {
            var file = o.Get(networkOption)!;
            try { return Verifier.Symbolic.Subject.Of(NetworkJson.Load(file)); }
            catch (NetworkFormatException e) { throw new UsageException($"bad network file: {e.Message}"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"cannot read network file '{file}': {e.Message}"); }
        }
        try
        {
            var expr = ExprParser.Parse(o.Get(functionOption)!);
            return Verifier.Symbolic.Subject.Of(expr);
        }
        catch (ParseException e) { throw new UsageException($"malformed {functionOption}: {e.Message}"); }
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
