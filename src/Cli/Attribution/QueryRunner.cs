using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Attribution;

/// <summary>The outcome of a query: the library's result and what the output reports beside it.</summary>
/// <param name="Result">The attributions.</param>
/// <param name="Path">The path spec for path methods, or null when the method has no path.</param>
/// <param name="Baselines">For <c>eg</c>, the baseline list.</param>
/// <param name="Layer">For <c>conductance</c> without <c>--neuron</c>: the whole layer's conductances, which the output
/// reports instead of <paramref name="Result"/> (then null).</param>
/// <param name="WaypointsCount">For <c>guided-ig</c>: how many waypoints the guided path has.</param>
internal sealed record QueryOutcome(AttributionResult? Result, string? Path, Rational[][]? Baselines,
    ConductanceResult? Layer = null, int? WaypointsCount = null);

/// <summary>Checks a <see cref="Query"/> and calls the <see cref="Attribute"/> facade; every input problem is a
/// <see cref="UsageException"/> (or a library exception that <see cref="CliApp"/> maps to exit code 2).</summary>
internal static class QueryRunner
{
    private const string ReluParam = "relu_grad_at_zero";

    // Guided IG's defaults: K = 128 steps, fraction 1/10, max_dist 1 (the anchor bound off).
    private const int GuidedSteps = 128;

    private static readonly HashSet<string> NetworkOnly =
        ["conductance", "deeplift-revealcancel", "lrp-0", "lrp-epsilon", "lrp-gamma", "lrp-zplus"];

    private static readonly Dictionary<string, string[]> ParamsOf = new()
    {
        ["ig"] = [ReluParam], ["path"] = [ReluParam], ["eg"] = [ReluParam], ["gradient"] = [ReluParam],
        ["gradient-x-input"] = [ReluParam], ["shapley"] = [], ["conductance"] = [ReluParam],
        ["deeplift-rescale"] = [ReluParam], ["deeplift-revealcancel"] = [ReluParam],
        ["lrp-0"] = [], ["lrp-epsilon"] = ["epsilon"], ["lrp-gamma"] = ["gamma"], ["lrp-zplus"] = [],
        ["guided-ig"] = [ReluParam, "steps", "fraction", "max_dist"],
    };

    /// <summary>All method names of the contract.</summary>
    public static IEnumerable<string> Methods => ParamsOf.Keys;

    public static QueryOutcome Run(Query q)
    {
        if (!ParamsOf.TryGetValue(q.Method, out var known))
            throw new UsageException($"unknown method '{q.Method}'; expected one of {string.Join(", ", Methods)}");
        foreach (var name in q.Params.Keys)
            if (!known.Contains(name))
                throw new UsageException(known.Length == 0
                    ? $"method '{q.Method}' takes no parameters, got '{name}'"
                    : $"unknown parameter '{name}' for method '{q.Method}'; known: {string.Join(", ", known)}");
        if (NetworkOnly.Contains(q.Method) && q.Network is null)
            throw new UsageException($"method '{q.Method}' works on networks only; use --network instead of --function");
        if (q.Method != "path" && q.PathSpec is not null && q.PathSpec.Trim() != "straight")
            throw new UsageException($"--path is used by method 'path' only, not by '{q.Method}'");
        if (q.Method != "eg" && (q.Baselines is not null || q.Weights is not null))
            throw new UsageException($"--baselines and --weights are used by method 'eg' only, not by '{q.Method}'");
        if (q.Baseline is not null && (q.Method.StartsWith("lrp-", StringComparison.Ordinal) || q.Method == "gradient"))
            throw new UsageException($"method '{q.Method}' has no baseline; leave out --baseline");
        Rational? step = q.Params.TryGetValue(ReluParam, out var text) ? Number(text, $"parameter {ReluParam}") : null;
        return q.Network is { } net ? RunNetwork(q, net, step) : RunFunction(q, step);
    }

    private static QueryOutcome RunFunction(Query q, Rational? step)
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
        // F must be defined where the method evaluates it, also where its canonical form cancelled a zero denominator
        // (x1/x1 at x1 = 0): the input, and the baseline of the methods that have one.
        parsed.CheckDefinedAt(x, "x");
        if (q.Method is not ("gradient" or "eg")) parsed.CheckDefinedAt(b, "x'");
        var options = step is { } s ? new DiffOptions(s) : null;
        switch (q.Method)
        {
            case "ig": return new(Attribute.IntegratedGradients(f, x, b, options), "straight", null);
            case "path":
                var path = ParsePath(q.PathSpec ?? "straight", b, x);
                if (path is StraightPath) return new(Attribute.IntegratedGradients(f, x, b, options) with { Method = "path" }, path.Spec, null);
                return new(Attribute.Path(f, path, options), path.Spec, null);
            case "shapley": return new(Attribute.BaselineShapley(f, x, b), null, null);
            case "gradient": return new(Attribute.Gradient(f, x, options), null, null);
            case "gradient-x-input": return new(Attribute.GradientTimesInput(f, x, b, options), null, null);
            case "eg":
                var list = EgBaselines(q, n);
                foreach (var point in list) parsed.CheckDefinedAt(point, "a baseline");
                return new(Attribute.ExpectedGradients(f, x, list, q.Weights, options), "straight", list);
            case "deeplift-rescale":
                return new(Attribute.DeepLiftRescale(f, x, b, step is { } k ? new KinkConvention { ReluGradientAtZero = k } : null), null, null);
            case "guided-ig":
                var (gs, gf, gd) = GuidedParams(q);
                return Guided(() => Attribute.GuidedIntegratedGradients(f, x, b, gs, gf, gd, options));
            default: throw new UsageException($"method '{q.Method}' is not available for functions");
        }
    }

    private static QueryOutcome RunNetwork(Query q, Network net, Rational? step)
    {
        if (q.Dim is { } d && d != net.Inputs)
            throw new UsageException($"dimension mismatch: --dim {d} but the network has {net.Inputs} inputs");
        var (x, b) = Points(q, net.Inputs, $"the network has {net.Inputs} inputs");
        var convention = step is { } s ? new KinkConvention { ReluGradientAtZero = s } : null;
        switch (q.Method)
        {
            case "ig": return new(Attribute.IntegratedGradients(net, x, b, convention), "straight", null);
            case "path":
                var path = ParsePath(q.PathSpec ?? "straight", b, x);
                if (path is StraightPath) return new(Attribute.IntegratedGradients(net, x, b, convention) with { Method = "path" }, path.Spec, null);
                return new(Attribute.Path(net, path, convention), path.Spec, null);
            case "shapley": return new(Attribute.BaselineShapley(net, x, b), null, null);
            case "gradient": return new(Attribute.Gradient(net, x, convention), null, null);
            case "gradient-x-input": return new(Attribute.GradientTimesInput(net, x, b, convention), null, null);
            case "eg":
                var list = EgBaselines(q, net.Inputs);
                return new(Attribute.ExpectedGradients(net, x, list, q.Weights, convention), "straight", list);
            case "conductance":
                if (q.Layer is not { } layer) throw new UsageException("method 'conductance' needs --layer L");
                try
                {
                    if (q.Neuron is not { } neuron) return new(null, "straight", null, Attribute.Conductance(net, x, b, layer, convention));
                    return new(Attribute.NeuronConductance(net, x, b, layer, neuron, convention), "straight", null);
                }
                catch (ArgumentOutOfRangeException e) { throw new UsageException(Plain(e)); }
            case "guided-ig":
                var (gs, gf, gd) = GuidedParams(q);
                return Guided(() => Attribute.GuidedIntegratedGradients(net, x, b, gs, gf, gd, convention));
            case "deeplift-rescale": return new(Attribute.DeepLiftRescale(net, x, b, convention), null, null);
            case "deeplift-revealcancel": return new(Attribute.DeepLiftRevealCancel(net, x, b, convention), null, null);
            case "lrp-0": return new(Attribute.LrpZero(net, x), null, null);
            case "lrp-epsilon": return new(Attribute.LrpEpsilon(net, x, Required(q, "epsilon")), null, null);
            case "lrp-gamma": return new(Attribute.LrpGamma(net, x, Required(q, "gamma")), null, null);
            case "lrp-zplus": return new(Attribute.LrpZPlus(net, x), null, null);
            default: throw new UsageException($"method '{q.Method}' is not available for networks");
        }
    }

    private static (int Steps, Rational Fraction, Rational MaxDistance) GuidedParams(Query q)
    {
        int steps = GuidedSteps;
        if (q.Params.TryGetValue("steps", out var st))
            steps = int.TryParse(st, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var k) && k >= 1 && k <= 100_000
                ? k : throw new UsageException($"bad parameter steps: an integer in [1, 100000] is needed, got '{st}'");
        var fraction = q.Params.TryGetValue("fraction", out var fr) ? Number(fr, "parameter fraction") : new Rational(1, 10);
        if (fraction.Sign <= 0 || fraction > Rational.One) throw new UsageException($"bad parameter fraction: it must lie in (0, 1], got {fraction}");
        var maxDistance = q.Params.TryGetValue("max_dist", out var md) ? Number(md, "parameter max_dist") : Rational.One;
        if (maxDistance.Sign < 0 || maxDistance > Rational.One) throw new UsageException($"bad parameter max_dist: it must lie in [0, 1], got {maxDistance}");
        return (steps, fraction, maxDistance);
    }

    private static QueryOutcome Guided(Func<GuidedIgResult> run)
    {
        GuidedIgResult g;
        try { g = run(); }
        catch (ArgumentException e) { throw new UsageException(Plain(e)); }
        return new(g.Attribution, "guided", null, null, g.Waypoints.Count);
    }

    // An argument exception's message without .NET's " (Parameter 'name')" suffix, on one line.
    private static string Plain(ArgumentException e)
    {
        var m = e.ParamName is { } p ? e.Message.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal) : e.Message;
        return FirstLine(m);
    }

    private static Rational Required(Query q, string name) =>
        q.Params.TryGetValue(name, out var text) ? Number(text, $"parameter {name}")
            : throw new UsageException($"method '{q.Method}' needs --param {name}=VALUE (e.g. {name}=1/100)");

    private static (Rational[] X, Rational[] B) Points(Query q, int n, string what)
    {
        if (q.Input.Length != n)
            throw new UsageException($"dimension mismatch: {what} but --input has {q.Input.Length} coordinate{(q.Input.Length == 1 ? "" : "s")}");
        var b = q.Baseline ?? new Rational[n];
        if (b.Length != n)
            throw new UsageException($"dimension mismatch: {what} but --baseline has {b.Length} coordinate{(b.Length == 1 ? "" : "s")}");
        return (q.Input, b);
    }

    private static Rational[][] EgBaselines(Query q, int n)
    {
        if (q.Baseline is not null) throw new UsageException("method 'eg' takes --baselines \"P1;P2;...\", not --baseline");
        if (q.Baselines is not { Length: > 0 } list) throw new UsageException("method 'eg' needs --baselines \"P1;P2;...\"");
        for (int k = 0; k < list.Length; k++)
            if (list[k].Length != n)
                throw new UsageException($"dimension mismatch: baseline {k + 1} of --baselines has {list[k].Length} coordinates, expected {n}");
        return list;
    }

    private static AttributionPath ParsePath(string spec, Rational[] baseline, Rational[] input)
    {
        try { return PathParser.Parse(spec, baseline, input); }
        catch (Exception e) when (e is FormatException or ArgumentException) { throw new UsageException($"bad --path '{spec}': {e.Message}"); }
    }

    /// <summary>An exact number, or a <see cref="UsageException"/> naming <paramref name="what"/>.</summary>
    public static Rational Number(string text, string what) =>
        Rational.TryParse(text, out var r, out var error, 10_000) ? r : throw new UsageException($"bad number in {what}: {error}");

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
