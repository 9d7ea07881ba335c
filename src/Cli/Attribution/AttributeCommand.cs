using System.Globalization;
using Verifier.Axioms.Methods;
using Verifier.Cli.Output;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Attribution;

/// <summary><c>verifier attribute</c>: parses the options into a <see cref="Query"/>, runs it through the method's registry
/// entry and formats the outcome by its type.</summary>
internal static class AttributeCommand
{
    private static readonly HashSet<string> Valued =
    [
        "--function", "--network", "--input", "--baseline", "--method", "--path", "--baselines", "--weights",
        "--param", "--format", "--dim", "--batch", "--layer", "--neuron", "--plot", "--plot-kind", "--plot-size", "--patch",
    ];

    private static readonly string[] Formats = ["json", "text", "markdown", "latex"];

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, MethodRegistry registry)
    {
        var values = new Dictionary<string, string>();
        var parameters = new Dictionary<string, string>();
        bool explain = false;
        for (int k = 0; k < args.Length; k++)
        {
            var a = args[k];
            if (a is "--help" or "-h")
            {
                stdout.Write(Usage.Attribute(registry));
                return CliApp.Success;
            }
            if (a == "--explain") { explain = true; continue; }
            if (!Valued.Contains(a))
                throw new UsageException(a.StartsWith('-') ? $"unknown option '{a}' for attribute" : $"unexpected argument '{a}' for attribute");
            if (k + 1 >= args.Length) throw new UsageException($"option {a} needs a value");
            var v = args[++k];
            if (a == "--param")
            {
                int eq = v.IndexOf('=');
                if (eq <= 0) throw new UsageException($"--param needs NAME=VALUE, got '{v}'");
                parameters[v[..eq].Trim()] = v[(eq + 1)..].Trim();
            }
            else if (!values.TryAdd(a, v)) throw new UsageException($"option {a} is given twice");
        }
        var format = values.GetValueOrDefault("--format", "json");
        if (!Formats.Contains(format)) throw new UsageException($"unknown --format '{format}'; expected json, text, markdown or latex");
        if (values.TryGetValue("--batch", out var batch))
        {
            var extra = values.Keys.Where(o => o != "--batch" && o != "--format").Concat(parameters.Count > 0 ? ["--param"] : []).FirstOrDefault();
            if (extra is not null) throw new UsageException($"--batch takes its queries from the file; {extra} cannot be combined with it");
            if (format != "json") throw new UsageException("--batch writes JSON Lines; --format must be json");
            return BatchRunner.Run(batch, stdin, stdout, explain, registry);
        }
        var query = ToQuery(values, parameters, registry);
        if (!values.ContainsKey("--plot") && (values.ContainsKey("--plot-kind") || values.ContainsKey("--plot-size")))
            throw new UsageException("--plot-kind and --plot-size go with --plot FILE");
        var outcome = QueryRunner.Run(query, registry);
        if (values.TryGetValue("--plot", out var plotFile)) Plot(plotFile, values, query, outcome);
        stdout.Write(format switch
        {
            "json" => JsonOutput.Write(outcome, explain, indented: true) + Environment.NewLine,
            _ => TableOutput.Write(outcome, format, explain),
        });
        return CliApp.Success;
    }

    // --plot FILE [--plot-kind integrand|bars] [--plot-size WxH]: the integrand along the outcome's one path when it has
    // one (ig, path), bars otherwise.
    private static void Plot(string file, Dictionary<string, string> values, Query query, MethodOutcome outcome)
    {
        var a = outcome switch
        {
            AttributionOutcome one => one,
            LayerOutcome layer => throw new UsageException($"--plot needs a single attribution result (give --neuron for {layer.Method})"),
            _ => throw new UsageException($"--plot is not available for method '{outcome.Method}'"),
        };
        var kind = values.GetValueOrDefault("--plot-kind", a.Path is null ? "bars" : "integrand");
        if (kind is not ("integrand" or "bars")) throw new UsageException($"unknown --plot-kind '{kind}'; expected integrand or bars");
        var (w, h) = Plots.PlotFile.Size(values.GetValueOrDefault("--plot-size"));
        if (kind == "integrand" && a.Path is null)
            throw new UsageException($"--plot-kind integrand needs a method whose attributions integrate along one path (as ig and path do); method '{query.Method}' has no single path: use --plot-kind bars");
        var f = query.Function is { } text ? Verifier.Symbolic.Expressions.Parsing.ExprParser.Parse(text) : null;
        Plots.AttributionPlot.Save(file, kind, w, h, a.Result, f, query.Network, kind == "integrand" ? a.Path : null);
    }

    private static Query ToQuery(Dictionary<string, string> v, Dictionary<string, string> parameters, MethodRegistry registry)
    {
        bool hasF = v.TryGetValue("--function", out var function), hasN = v.TryGetValue("--network", out var file);
        if (hasF == hasN) throw new UsageException(hasF ? "give either --function or --network, not both" : "give --function EXPR or --network FILE");
        if (!v.TryGetValue("--input", out var input)) throw new UsageException("missing --input");
        Network? network = null;
        if (file is not null)
        {
            try { network = NetworkJson.Load(file); }
            catch (NetworkFormatException e) { throw new UsageException($"bad network file: {e.Message}"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"cannot read network file '{file}': {e.Message}"); }
        }
        return new Query(
            function, network,
            Point(input, "--input"),
            v.TryGetValue("--baseline", out var b) ? Point(b, "--baseline") : null,
            v.GetValueOrDefault("--method", registry.Default.Name).Trim().ToLowerInvariant(),
            v.GetValueOrDefault("--path"),
            v.TryGetValue("--baselines", out var bs) ? bs.Split(';').Select((p, k) => Point(p, $"--baselines, baseline {k + 1}")).ToArray() : null,
            v.TryGetValue("--weights", out var w) ? Point(w, "--weights") : null,
            parameters,
            v.TryGetValue("--dim", out var d) ? Index(d, "--dim", 1) : null,
            v.TryGetValue("--layer", out var l) ? Index(l, "--layer", 0) : null,
            v.TryGetValue("--neuron", out var j) ? Index(j, "--neuron", 0) : null,
            v.TryGetValue("--patch", out var patch) ? Patch(patch, network) : null);
    }

    // --patch i,j,...: 1-based features of the network.
    private static int[] Patch(string text, Network? network)
    {
        int n = network?.Inputs ?? int.MaxValue;
        return text.Split(',').Select(t => int.TryParse(t.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 1 && i <= n
            ? i : throw new UsageException($"bad --patch '{text}': 1-based feature indices{(network is null ? "" : $" in 1..{n}")}")).ToArray();
    }

    /// <summary>A comma-separated point; a bad coordinate is a <see cref="UsageException"/> naming the option.</summary>
    public static Rational[] Point(string text, string what)
    {
        try { return PathParser.ParsePoint(text, what); }
        catch (FormatException e) { throw new UsageException($"bad number: {e.Message}"); }
    }

    /// <summary>A non-negative integer option at least <paramref name="min"/>.</summary>
    public static int Index(string text, string what, int min) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n : throw new UsageException($"bad number: {what} must be an integer >= {min}, got '{text}'");
}
