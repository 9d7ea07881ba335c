using System.Globalization;
using Verifier.Axioms.Methods;
using Verifier.Cli.CommandLine;
using Verifier.Cli.Output;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Attribution;

/// <summary><c>verifier attribute</c>: parses the options into a <see cref="Query"/>, runs it through the method's registry
/// entry and formats the outcome by its type.</summary>
internal static class AttributeCommand
{
    private static readonly string[] Formats = ["json", "text", "markdown", "latex"];

    /// <summary>The command's entry in the command table: its options, its help and its action.</summary>
    public static Verb Definition(CliContext c) => new Verb("attribute", "exact attributions of one query, or of a JSON Lines batch (--batch FILE)")
    {
        UsageLines =
        [
            "verifier attribute (--function EXPR | --network FILE) --input P [options]",
            "verifier attribute --batch FILE|- [--explain]",
        ],
        Epilogue = () => Usage.AttributeEpilogue(c.Registry),
    }.With(
        Opt.Text("--function", "EXPR", "F in x1..xn, e.g. \"x1*x2\" or \"1 - relu(1 - x1)\""),
        Opt.Text("--network", "FILE", Models.ModelOptions.NetworkHelp),
        Opt.Text("--input", "P", $"the input x, comma-separated exact numbers (3, -2/3, 0.25, 1e-3), {Models.PointArgument.FileHelp}"),
        Opt.Text("--baseline", "P", "the baseline x' (default all zeros), as --input (also @FILE)"),
        Models.ModelOptions.OutputOption(),
        Models.ModelOptions.MaxBytesOption(),
        Models.ModelOptions.DimValuesOption(),
        Opt.Text("--dim", "N", "the dimension of F (default: the largest variable index)"),
        Opt.Text("--method", "M", $"the method (default {c.Registry.Default.Name}; see Methods below)")
            .Completing(c.Registry.Queryable.Select(d => d.Name)),
        Opt.Text("--path", "SPEC", "for path: straight, staircase:3,1,2, polyline:P1;P2;..., curve:h1;...;hn"),
        Opt.Text("--baselines", "\"P1;P2\"", $"for a baseline list ({MethodRegistry.Names(c.Registry.Queryable.Where(d => d.Baseline == BaselineUse.Distribution).Select(d => d.Name))}): the baselines"),
        Opt.Text("--weights", "\"w1,w2\"", "the baselines' weights (default uniform)"),
        Opt.Text("--layer", "L", "the 0-based layer index (the output of the network's layer L)"),
        Opt.Text("--neuron", "J", "a 0-based neuron of that layer"),
        Opt.Text("--patch", "i,j,...", "the input patch S (1-based features)"),
        Opt.Params($"a method parameter (repeatable), e.g. --param {MethodParameter.ConventionName}=1/2"),
        Opt.Flag("--explain", "add the derivation steps"),
        Opt.Text("--plot", "FILE", "also draw a plot, PNG or SVG by FILE's extension: the integrand of each feature along the path with its breakpoints (methods with one path), or the attributions as bars"),
        Opt.Choice("--plot-kind", "K", "the plot (default: integrand for methods with one path, bars otherwise)", null, "integrand", "bars"),
        Opt.Text("--plot-size", "WxH", "the image size in pixels (default 800x500)"),
        Opt.Choice("--format", "F", "the output", "json", Formats),
        Opt.Text("--batch", "FILE", "JSON Lines queries ('-' for standard input); one JSON result line per query"),
        Budgets.MaxLineCharsOption(),
        Budgets.LineTimeoutOption(),
        Budgets.TimeoutOption(),
        Budgets.MaxFileSizeOption(),
        Budgets.MaxPiecesOption())
        .Acting(p => Run(p, c));

    private static int Run(Parsed p, CliContext c)
    {
        var values = new Dictionary<string, string>();
        foreach (var name in new[]
        {
            "--function", "--network", "--input", "--baseline", "--method", "--path", "--baselines", "--weights",
            "--dim", "--batch", "--layer", "--neuron", "--plot", "--plot-kind", "--plot-size", "--patch",
            Models.ModelOptions.Output, Models.ModelOptions.MaxBytes, Models.ModelOptions.DimValues,
        })
            if (p.Get(name) is { } v) values[name] = v;
        var parameters = p.Params;
        bool explain = p.Has("--explain");
        var format = p.Value<string>("--format");
        var stdout = c.Stdout;
        var registry = c.Registry;
        // The exact engine's piece budget (--max-pieces) for this query or every batch line.
        using var exactOptions = Verifier.Symbolic.Expressions.ExactOptions.Use(Budgets.Exact(p));
        if (values.TryGetValue("--batch", out var batch))
        {
            var extra = values.Keys.Where(o => o != "--batch").Concat(parameters.Count > 0 ? ["--param"] : []).FirstOrDefault();
            if (extra is null && p.Given(Budgets.MaxFileSize)) extra = Budgets.MaxFileSize;
            if (extra is null && p.Given(Budgets.Timeout)) extra = $"{Budgets.Timeout} (each line has {Budgets.LineTimeout})";
            if (extra is not null) throw new UsageException($"--batch takes its queries from the file; {extra} cannot be combined with it");
            if (format != "json") throw new UsageException("--batch writes JSON Lines; --format must be json");
            var limits = new BatchLimits(p.Value<int>(Budgets.MaxLineChars), p.Value<TimeSpan>(Budgets.LineTimeout));
            return BatchRunner.Run(batch, c.Stdin, stdout, explain, registry, limits);
        }
        if (p.Given(Budgets.MaxLineChars) || p.Given(Budgets.LineTimeout))
            throw new UsageException($"{Budgets.MaxLineChars} and {Budgets.LineTimeout} go with --batch FILE");
        var query = ToQuery(values, parameters, registry, p);
        if (!values.ContainsKey("--plot") && (values.ContainsKey("--plot-kind") || values.ContainsKey("--plot-size")))
            throw new UsageException("--plot-kind and --plot-size go with --plot FILE");
        var timeout = p.Value<TimeSpan>(Budgets.Timeout);
        using var budget = new CancellationTokenSource(timeout);
        QueryResult result;
        try
        {
            using var scope = Verifier.Symbolic.Cancellation.Use(budget.Token);
            result = QueryRunner.Run(query, registry);
            if (values.TryGetValue("--plot", out var plotFile)) Plot(plotFile, values, query, result.Outcome);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            throw new UsageException($"stopped after the time budget of {timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s ({Budgets.Timeout} SEC raises it)");
        }
        var outcome = result.Outcome;
        stdout.Write(format switch
        {
            "json" => JsonOutput.Write(outcome, explain, indented: true, result.Dependence) + Environment.NewLine,
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

    private static Query ToQuery(Dictionary<string, string> v, Dictionary<string, string> parameters, MethodRegistry registry, Parsed p)
    {
        bool hasF = v.TryGetValue("--function", out var function), hasN = v.TryGetValue("--network", out var file);
        if (hasF == hasN) throw new UsageException(hasF ? "give either --function or --network, not both" : "give --function EXPR or --network FILE");
        if (!v.TryGetValue("--input", out var input)) throw new UsageException("missing --input");
        Models.ModelOptions.RequireModel(p, file is not null);
        var model = file is null ? null : Models.ModelOptions.Load(p, file);
        var network = model?.Exact;
        return new Query(
            function, network,
            Models.PointArgument.Read(input, "--input", model, Point),
            v.TryGetValue("--baseline", out var b) ? Models.PointArgument.Read(b, "--baseline", model, Point) : null,
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
