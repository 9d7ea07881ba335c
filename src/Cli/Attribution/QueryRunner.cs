using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Attribution;

/// <summary>A query's outcome and, when the exact result depends on a kink convention, the conventions used and why (null
/// otherwise).</summary>
/// <param name="Outcome">The method's outcome.</param>
/// <param name="Dependence">The report of <see cref="ConventionDependence"/> when the result depends on a convention or part of that decision was not made, or null.</param>
internal sealed record QueryResult(MethodOutcome Outcome, ConventionReport? Dependence);

/// <summary>Checks a <see cref="Query"/> against its method's registry entry (<see cref="MethodDescriptor"/>: parameters,
/// what it accepts, how it uses the baseline, which inputs it reads) and runs it there; every input problem is a
/// <see cref="UsageException"/> or an <see cref="IInputError"/>, which <see cref="CliApp"/> maps to exit code 2.</summary>
internal static class QueryRunner
{
    /// <summary>The outcome of the query with whether it depends on a kink convention (<see cref="ConventionDependence"/>, the
    /// one decision that crosscheck and the conformance suite also use).</summary>
    public static QueryResult Run(Query q, MethodRegistry registry)
    {
        var method = registry.Query(q.Method);
        var arguments = method.Bind(q.Params, query: true);
        if (!method.Accepts.HasFlag(MethodTraits.Functions) && q.Network is null)
            throw new UsageException($"method '{q.Method}' works on networks only; use --network instead of --function");
        if (!method.Accepts.HasFlag(MethodTraits.Networks) && q.Network is not null)
            throw new UsageException($"method '{q.Method}' works on functions only; use --function instead of --network");
        if (!method.Reads(QueryInputs.Path) && q.PathSpec is not null && q.PathSpec.Trim() != "straight")
            throw new UsageException($"--path is used by {registry.PathMethodsText} only, not by '{q.Method}'");
        if (method.Baseline != BaselineUse.Distribution && (q.Baselines is not null || q.Weights is not null))
            throw new UsageException($"--baselines and --weights are used by {Users(registry, d => d.Baseline == BaselineUse.Distribution)} only, not by '{q.Method}'");
        if (q.Baseline is not null && method.Baseline is BaselineUse.None or BaselineUse.ZeroOnly)
            throw new UsageException($"method '{q.Method}' has no baseline; leave out --baseline");
        if (q.Patch is not null && !method.Reads(QueryInputs.Patch))
            throw new UsageException($"--patch is used by {Users(registry, d => d.Reads(QueryInputs.Patch))} only");
        var (f, x, b, parsed) = q.Network is { } net ? OfNetwork(q, net) : OfFunction(q);
        var baselines = method.Baseline == BaselineUse.Distribution ? Baselines(q, x.Length) : null;
        if (parsed is not null)
        {
            // F must be defined where the method evaluates it, also where its canonical form cancelled a zero denominator
            // (x1/x1 at x1 = 0): the input, and the baseline or baselines of the methods that have them.
            parsed.CheckDefinedAt(x, "x");
            if (method.Baseline == BaselineUse.Single) parsed.CheckDefinedAt(b, "x'");
            foreach (var point in baselines ?? []) parsed.CheckDefinedAt(point, "a baseline");
        }
        var query = new MethodQuery(f, x, b, baselines, q.Weights, q.PathSpec, arguments, q.Layer, q.Neuron, q.Patch);
        var outcome = method.Run!(query);
        var dependence = ConventionDependence.Of(method, query, outcome);
        return new QueryResult(outcome, dependence.Dependent || dependence.Unchecked is not null ? dependence : null);
    }

    private static string Users(MethodRegistry registry, Func<MethodDescriptor, bool> reads) =>
        MethodRegistry.Names(registry.Queryable.Where(reads).Select(d => d.Name));

    private static (Subject F, Rational[] X, Rational[] B, ParsedFunction? Parsed) OfFunction(Query q)
    {
        if (q.Function is null) throw new UsageException("give --function EXPR or --network FILE");
        ParsedFunction parsed;
        try { parsed = ExprParser.ParseFunction(q.Function); }
        catch (ParseException e) { throw new UsageException($"malformed --function: {e.Message}"); }
        var f = parsed.Function;
        if (q.Dim is { } d && d < f.Dimension)
            throw new UsageException($"dimension mismatch: --dim {d} but the function uses x{f.Dimension}");
        // Without --dim the input's length is the dimension, as long as it covers every variable the function uses
        // (features beyond the largest index are dummies, which the axioms need: sensitivity(b)).
        if (q.Dim is null && q.Input.Length < f.Dimension)
            throw new UsageException($"dimension mismatch: the function uses x{f.Dimension} but --input has {q.Input.Length} coordinate{(q.Input.Length == 1 ? "" : "s")}");
        int n = q.Dim ?? q.Input.Length;
        var (x, b) = Points(q, n, q.Dim is null ? $"--input has {n} coordinate{(n == 1 ? "" : "s")}" : $"--dim is {n}");
        return (f, x, b, parsed);
    }

    private static (Subject F, Rational[] X, Rational[] B, ParsedFunction? Parsed) OfNetwork(Query q, Network net)
    {
        if (q.Dim is { } d && d != net.Inputs)
            throw new UsageException($"dimension mismatch: --dim {d} but the network has {net.Inputs} inputs");
        var (x, b) = Points(q, net.Inputs, $"the network has {net.Inputs} inputs");
        return (net, x, b, null);
    }

    private static (Rational[] X, Rational[] B) Points(Query q, int n, string what)
    {
        if (q.Input.Length != n)
            throw new UsageException($"dimension mismatch: {what} but --input has {q.Input.Length} coordinate{(q.Input.Length == 1 ? "" : "s")}");
        var b = q.Baseline ?? new Rational[n];
        if (b.Length != n)
            throw new UsageException($"dimension mismatch: {what} but --baseline has {b.Length} coordinate{(b.Length == 1 ? "" : "s")}");
        return (q.Input, b);
    }

    // The baseline list of a distributional method (--baselines, with --weights checked by the method).
    private static Rational[][] Baselines(Query q, int n)
    {
        if (q.Baseline is not null) throw new UsageException($"method '{q.Method}' takes --baselines \"P1;P2;...\", not --baseline");
        if (q.Baselines is not { Length: > 0 } list) throw new UsageException($"method '{q.Method}' needs --baselines \"P1;P2;...\"");
        for (int k = 0; k < list.Length; k++)
            if (list[k].Length != n)
                throw new UsageException($"dimension mismatch: baseline {k + 1} of --baselines has {list[k].Length} coordinates, expected {n}");
        return list;
    }

    /// <summary>An exact number, or a <see cref="UsageException"/> naming <paramref name="what"/>.</summary>
    public static Rational Number(string text, string what) =>
        Rational.TryParse(text, out var r, out var error, 10_000) ? r : throw new UsageException($"bad number in {what}: {error}");
}
