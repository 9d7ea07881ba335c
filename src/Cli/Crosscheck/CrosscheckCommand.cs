using Verifier.Axioms.Methods;
using Verifier.Cli.Attribution;
using Verifier.Cli.CommandLine;
using Verifier.NumericBridge;
using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Runtime;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Crosscheck;

/// <summary>
/// <c>verifier crosscheck</c> (CONTRACT.md): a numeric method through the numeric bridge (TorchSharp) against the exact
/// result: absolute and relative errors, the completeness delta, and over a sweep of step counts the fitted order (for
/// <c>--method conductance --layer L</c>, per neuron of layer L of the network rather than per input). The
/// numeric side is the reference compiled to tensors, or with <c>--model FILE.pt</c> a TorchScript file that claims to
/// implement the reference.
/// </summary>
internal static class CrosscheckCommand
{
    private static readonly Dictionary<string, QuadratureRule?> Rules = new()
    {
        ["left"] = QuadratureRule.Left, ["right"] = QuadratureRule.Right, ["middle"] = QuadratureRule.Middle,
        ["trapezoid"] = QuadratureRule.Trapezoid, ["captum-trapezoid"] = QuadratureRule.CaptumTrapezoid,
        ["gausslegendre"] = QuadratureRule.GaussLegendre, ["exactline"] = null,
    };

    /// <summary>The command's entry in the command table.</summary>
    public static Verb Definition(CliContext c)
    {
        var registry = c.Registry;
        var numeric = registry.Numeric.ToList();
        string Names(Func<NumericForm, bool> which) => string.Join("|", numeric.Where(d => which(d.Numeric!)).Select(d => d.Name));
        return new Verb("crosscheck", "numeric IG (TorchSharp, Captum's rules) against the exact result")
        {
            UsageLines =
            [
                $"verifier crosscheck (--network F | --function EXPR) --input P [--method {Names(f => !f.PerNeuron)}]",
                $"                           [--method {Names(f => f.PerNeuron)} --layer L (--network only)]",
                "                           [--baseline P | --baselines \"P1;P2;...\" [--weights W]] [--rule R] [--steps N | --steps-sweep 4,8,16]",
                "                           [--model FILE.pt [--output K]] [--dtype float64|float32] [--device cpu] [--plot FILE]",
            ],
            About = "Runs an attribution method numerically through the numeric bridge (TorchSharp on the CPU) and compares it with the "
                + "exact result: max_abs_error, max_rel_error (relative to rel_error_scale, the larger of the largest exact attribution and "
                + "|F(x) - F(x')|, or 1 when both are 0), completeness_delta; over "
                + "--steps-sweep also the fitted order of convergence (and, with --plot FILE.png|.svg, the error against steps on log "
                + "scales). The numeric side is the reference compiled to tensors, or the TorchScript file of --model, which claims to "
                + "implement the reference (--network or --function stays the exact side).",
            Epilogue = () => Usage.CrosscheckEpilogue(registry),
        }.With(
            Opt.Text("--network", "F", "the exact reference, " + Models.ModelOptions.NetworkHelp + "; the numeric side of an ONNX model is its graph on tensors"),
            Opt.Text("--function", "EXPR", "the exact reference, a function"),
            Opt.Text("--input", "P", "x, comma-separated exact numbers, or @FILE (a JSON array, numbers separated by whitespace or commas, a float32/float64 .npy; the model's input shape flattened in C order)"),
            Opt.Text("--baseline", "P", "x' (default all zeros), as --input (also @FILE)"),
            Opt.Text("--baselines", "\"P1;P2;...\"", "the baseline list of a distributional method"),
            Opt.Text("--weights", "W", "the baselines' weights (default uniform)"),
            Opt.Text("--method", "M", $"the method (default {numeric[0].Name}; see Methods below)").Completing(numeric.Select(d => d.Name)),
            Opt.Choice("--rule", "R", $"{Usage.Quadrature(registry)}: left, right, middle, trapezoid, captum-trapezoid (Captum's weights, "
                + "which sum to (n-1)/n), gausslegendre (default), exactline (" + Usage.ExactLine(registry) + " only: every breakpoint found on "
                + "tensors in float64, one gradient per piece: no discretisation error; steps = the pieces; with --model, the reference "
                + "network's exact breakpoints and the model's gradient at each piece's midpoint)", null, [.. Rules.Keys]),
            Opt.Int("--steps", "N", $"{Usage.Quadrature(registry)}: quadrature steps", 50, 1, MaxSteps),
            Opt.Text("--steps-sweep", "4,8,16,...", "a sweep of step counts: the fitted order of convergence"),
            Opt.Text("--layer", "L", $"{Usage.PerNeuron(registry)} only, required: the 0-based layer index (the output of the network's layer L: "
                + "for a dense layer the pre-activation, for an activation layer the post-activation), as in 'verifier attribute'; exit 2 "
                + "outside 0..layers-1"),
            Opt.Text("--model", "FILE.pt", "a TorchScript module mapping [B, n] to [B] or [B, m], or an ONNX model (FILE.onnx, smooth ones too) "
                + "with n inputs; JSON adds \"model\" and \"output\""),
            Opt.Int("--output", "K", "with --model, the model's attributed column (default: the network's output, or 0); without, the attributed "
                + "output of the --network model (ONNX, or a verifier-network/1 file with several outputs)", 0, 0, 1_000_000),
            Models.ModelOptions.MaxBytesOption(),
            Models.ModelOptions.DimValuesOption(),
            Opt.Choice("--dtype", "D", "the numeric type", "float64", "float64", "float32"),
            Opt.Text("--device", "D", "cpu (default), cuda or cuda:N: a --network model on the GPU through the CUDA back end (CUDA libtorch "
                + "from VERIFIER_LIBTORCH_CUDA, docs/GPU.md); exit 2 when no device loads").Completing(["cpu", "cuda"]),
            Opt.Text("--plot", "FILE", "the error against steps (with --steps-sweep), PNG or SVG by extension"),
            Opt.Text("--plot-size", "WxH", "the image size in pixels (default 800x500)"),
            Opt.Choice("--format", "F", "the output", "json", "json", "text"),
            Opt.Int("--max-pieces", "N", "--rule exactline: the most pieces the numeric scan of the segment may find before it stops with a message "
                + "(NumericIgOptions.MaxPieces)", NumericIgOptions.DefaultMaxPieces, 1, int.MaxValue),
            Budgets.TimeoutOption(),
            Budgets.MaxFileSizeOption())
            .Acting(p => Run(p, c.Stdout, registry));
    }

    /// <summary>The largest --steps and --steps-sweep entry.</summary>
    private const int MaxSteps = 1_000_000;

    private static int Run(Parsed o, TextWriter stdout, MethodRegistry registry)
    {
        var format = o.Value<string>("--format");
        var setup = Parse(o, registry);
        if (o.Get("--plot") is not null && setup.Steps.Length < 2)
            throw new UsageException(setup.OneGradient
                ? $"--plot for crosscheck draws error against steps; method '{setup.Name}' has no steps"
                : "--plot for crosscheck draws error against steps: give --steps-sweep");
        if (!TorchRuntime.TryInitialize(out var trace))
            throw new InvalidOperationException("the numeric bridge (TorchSharp) could not be loaded: " + CliApp.OneLine(trace));

        // The exact side has the time budget of --timeout (cooperative cancellation); the numeric side is bounded by its steps.
        var timeout = o.Value<TimeSpan>(Budgets.Timeout);
        using var budget = new CancellationTokenSource(timeout);
        AttributionResult exact;
        Verifier.Axioms.ConventionReport? dependence;
        try
        {
            using var scope = Verifier.Symbolic.Cancellation.Use(budget.Token);
            (exact, dependence) = CrosscheckRuns.Exact(setup);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            throw new UsageException($"the exact side stopped after the time budget of {timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s ({Budgets.Timeout} SEC raises it)");
        }
        var runs = CrosscheckRuns.Numeric(setup, exact);
        var kinks = setup.OneGradient ? KinkFinder.At(setup) : null;
        double? order = runs.Count >= 2 ? FittedOrder(runs) : null;
        if (o.Get("--plot") is { } plot)
        {
            var (w, h) = Plots.PlotFile.Size(o.Get("--plot-size"));
            Plots.ErrorPlot.Save(plot, w, h, setup.RuleName!, runs.Select(r => (r.Steps, r.MaxAbsError)).ToArray(), order);
        }
        var report = new CrosscheckReport(setup, exact, runs, kinks, order, dependence);
        stdout.Write(format == "json" ? report.Json() : report.Text());
        return CliApp.Success;
    }

    private static CrosscheckSetup Parse(Parsed o, MethodRegistry registry)
    {
        if (o.Get("--function") is not null && o.Get("--network") is not null) throw new UsageException("give either --function or --network, not both");
        Network? net = null;
        Models.ModelFile? file = null;
        Verifier.Symbolic.Expressions.Expr? expr = null;
        if (o.Get("--function") is { } text)
        {
            try { expr = Verifier.Symbolic.Expressions.Parsing.ExprParser.Parse(text); }
            catch (Verifier.Symbolic.Expressions.Parsing.ParseException e) { throw new UsageException($"malformed --function: {e.Message}"); }
        }
        else
        {
            var path = o.Get("--network") ?? throw new UsageException("give --network FILE or --function EXPR (the exact reference; --model FILE.pt is the implementation checked against it)");
            int? pick = o.Contains("--output") && o.Get("--model") is null ? o.Value<int>("--output") : null;
            try { file = Models.NetworkFile.Load(path, pick, Models.ModelOptions.LimitsOf(o)); }
            catch (UsageException e) when (pick is not null && e.Message.StartsWith("--output", StringComparison.Ordinal))
            {
                throw new UsageException(e.Message + "; with --model FILE, --output K picks the model's column instead");
            }
            net = file.Exact;
        }
        if (o.Contains(Models.ModelOptions.MaxBytes) && file?.Graph is null && !(o.Get("--model") is { } m0 && Models.NetworkFile.IsOnnx(m0)))
            throw new UsageException($"{Models.ModelOptions.MaxBytes} applies to an ONNX file; give --network FILE.onnx or --model FILE.onnx");
        var numeric = registry.Numeric.ToList();
        var method = (o.Get("--method") ?? numeric[0].Name).Trim().ToLowerInvariant();
        var descriptor = numeric.FirstOrDefault(d => d.Name == method)
            ?? throw new UsageException($"unknown --method '{method}' for crosscheck; it supports --method {Or(numeric)}");
        var form = descriptor.Numeric!;
        var layer = Layer(o, descriptor, net, numeric);
        var dtype = o.Value<string>("--dtype");
        var precision = dtype == "float32" ? NumericPrecision.Float32 : NumericPrecision.Float64;

        var x = Models.PointArgument.Read(o.Get("--input") ?? throw new UsageException("missing --input"), "--input", file, (t, w) => CrosscheckSetup.FinitePoint(t, w, precision));
        int inputs = net?.Inputs ?? x.Length;
        if (expr is not null && x.Length < expr.Dimension)
            throw new UsageException($"dimension mismatch: the function uses x{expr.Dimension} but --input has {x.Length} coordinates");
        if (x.Length != inputs) throw new UsageException($"dimension mismatch: the network has {inputs} inputs but --input has {x.Length} coordinates");
        var (b, baselines, weights) = Baselines(o, descriptor, inputs, precision, numeric, file);

        bool gradient = !form.UsesQuadrature;
        if (gradient && (o.Contains("--rule") || o.Contains("--steps") || o.Contains("--steps-sweep")))
            throw new UsageException($"--rule, --steps and --steps-sweep apply to {And(numeric.Where(d => d.Numeric!.UsesQuadrature))} only; method '{method}' takes one gradient, no quadrature");
        string? ruleName = gradient ? null : (o.Get("--rule") ?? "gausslegendre").Trim().ToLowerInvariant();
        QuadratureRule? rule = null;
        if (ruleName is not null && !Rules.TryGetValue(ruleName, out rule))
            throw new UsageException($"unknown --rule '{ruleName}'; expected {string.Join(", ", Rules.Keys)}");
        var device = Device(o.Get("--device"), net is not null && o.Get("--model") is null);
        bool exactLine = ruleName is not null && rule is null;
        if (exactLine && !form.HasExactLine)
            throw new UsageException($"--rule exactline is not available for {method}; give a quadrature rule (left, right, middle, trapezoid, captum-trapezoid or gausslegendre)");
        if (exactLine && precision != NumericPrecision.Float64) throw new UsageException("--rule exactline runs in float64; leave out --dtype float32");
        if (exactLine && net is null) throw new UsageException("--rule exactline needs a piecewise-linear network (--network FILE)");
        if (o.Contains("--steps") && o.Contains("--steps-sweep")) throw new UsageException("give either --steps or --steps-sweep, not both");
        int[] steps = o.Get("--steps-sweep") is { } sweep
            ? sweep.Split(',').Select(s => int.TryParse(s.Trim(), out var k) && k >= 1 && k <= MaxSteps ? k
                : throw new UsageException($"bad --steps-sweep '{Parsed.Shorten(sweep)}': comma-separated integers in [1, {MaxSteps}]")).ToArray()
            : [o.Value<int>("--steps")];
        if (exactLine && o.Contains("--steps-sweep")) throw new UsageException("--rule exactline has no steps to sweep");
        if (rule is QuadratureRule.Trapezoid or QuadratureRule.CaptumTrapezoid && steps.Min() < 2)
            throw new UsageException($"--rule {ruleName} needs at least 2 steps (its nodes include both ends), got {steps.Min()}");

        var model = o.Get("--model");
        if (model is null && o.Contains("--output") && file is null) throw new UsageException("--output selects a column of the --model, or the output of a --network model; give --model FILE or --network FILE");
        if (model is not null && !File.Exists(model)) throw new UsageException($"--model: no {(Models.NetworkFile.IsOnnx(model) ? "ONNX" : "TorchScript")} file at '{model}'");
        int output = model is null ? 0 : o.Value("--output", net?.Output ?? 0);
        if (o.Given("--max-pieces") && !exactLine) throw new UsageException("--max-pieces is the budget of --rule exactline");
        // An ONNX --network runs as its own graph on tensors (not through its exact lowering); layer conductance names the
        // layers of the exact network, so it runs on that network compiled by the bridge.
        var graph = model is null && !form.PerNeuron ? file?.Graph : null;
        return new CrosscheckSetup(net, expr, descriptor, x, b, baselines, weights, ruleName, rule, steps, precision, dtype, model, output, device, layer)
        {
            MaxPieces = o.Value<int>("--max-pieces"),
            Graph = graph, Limits = Models.ModelOptions.LimitsOf(o),
        };
    }

    /// <summary>
    /// --layer L for a per-neuron method (conductance: required; 0-based, as <c>Attribute.Conductance</c> and
    /// <c>verifier attribute</c> count: the output of the network's <c>Layers[L]</c>), rejected for the other methods. Such
    /// a method names layers, so it needs a --network compiled by the bridge: a --function or a TorchScript --model has none.
    /// </summary>
    private static int? Layer(Parsed o, MethodDescriptor descriptor, Network? net, IEnumerable<MethodDescriptor> numeric)
    {
        var method = descriptor.Name;
        if (!descriptor.Numeric!.PerNeuron)
        {
            if (o.Contains("--layer"))
                throw new UsageException($"--layer applies to {MethodRegistry.Names(numeric.Where(d => d.Numeric!.PerNeuron).Select(d => d.Name))} only, not to '{method}'");
            return null;
        }
        if (net is null)
            throw new UsageException($"method '{method}' needs a network (--network FILE): a --function has no layers to name");
        if (o.Contains("--model"))
            throw new UsageException($"method '{method}' runs the --network compiled by the bridge; a TorchScript --model has no layers to name, leave it out");
        int count = net.Layers.Count;
        var text = o.Get("--layer") ?? throw new UsageException($"method '{method}' needs --layer L, a 0-based layer index 0..{count - 1} of the network");
        if (!int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var layer))
            throw new UsageException($"bad number: --layer must be an integer in 0..{count - 1}, got '{text}'");
        if (layer < 0 || layer >= count)
            throw new UsageException($"--layer {layer} is out of range: the network has {count} layers, so L is in 0..{count - 1}");
        return layer;
    }

    /// <summary>
    /// --device: cpu (default), or cuda / cuda:N through the CUDA back end that the numeric bridge finds at run time
    /// (Verifier.NumericBridge.Gpu, CUDA libtorch from VERIFIER_LIBTORCH_CUDA; docs/GPU.md). Only a network compiled
    /// by the bridge runs on the GPU: expression and TorchScript models stay on the CPU.
    /// </summary>
    private static ComputeDevice Device(string? text, bool networkModel)
    {
        ComputeDevice device;
        try { device = ComputeDevice.Parse((text ?? "cpu").Trim().ToLowerInvariant()); }
        catch (FormatException) { throw new UsageException($"unknown --device '{text}'; expected cpu, cuda or cuda:N"); }
        if (device.IsCpu) return device;
        if (!networkModel)
            throw new UsageException("--device cuda runs a network compiled by the bridge (--network without --model); expression and TorchScript models run on the CPU");
        if (!DeviceBackends.TryLoadCuda(out string trace))
        {
            string last = trace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no trace";
            throw new UsageException($"--device {device}: no usable CUDA device ({last}); {CudaVariable} names the CUDA libtorch (PyTorch 2.10's torch/lib), and a CUDA build leaves out the CPU natives (docs/GPU.md; the GPU runner's 'doctor' prints the whole trace)");
        }
        return device;
    }

    /// <summary>The environment variable that names the CUDA libtorch directory (read by the CUDA back end).</summary>
    private const string CudaVariable = "VERIFIER_LIBTORCH_CUDA";

    // --baseline for a method with one baseline (zeros by default), none for a method without, --baselines "P1;P2;..."
    // [--weights] for a baseline list (eg), with the flag names and messages of 'verifier attribute'.
    private static (Rational[] Baseline, Rational[][]? Baselines, Rational[]? Weights) Baselines(Parsed o, MethodDescriptor descriptor, int n, NumericPrecision precision,
        IEnumerable<MethodDescriptor> numeric, Models.ModelFile? file)
    {
        var method = descriptor.Name;
        bool list = descriptor.Baseline == BaselineUse.Distribution;
        if (!list && (o.Contains("--baselines") || o.Contains("--weights")))
            throw new UsageException($"--baselines and --weights are used by {MethodRegistry.Names(numeric.Where(d => d.Baseline == BaselineUse.Distribution).Select(d => d.Name))} only, not by '{method}'");
        if (descriptor.Baseline is BaselineUse.None or BaselineUse.ZeroOnly && o.Contains("--baseline"))
            throw new UsageException($"method '{method}' has no baseline; leave out --baseline");
        if (list)
        {
            if (o.Contains("--baseline")) throw new UsageException($"method '{method}' takes --baselines \"P1;P2;...\", not --baseline");
            var points = (o.Get("--baselines") ?? throw new UsageException($"method '{method}' needs --baselines \"P1;P2;...\""))
                .Split(';').Select((p, k) => CrosscheckSetup.FinitePoint(p, $"--baselines, baseline {k + 1}", precision)).ToArray();
            for (int k = 0; k < points.Length; k++)
                if (points[k].Length != n)
                    throw new UsageException($"dimension mismatch: baseline {k + 1} of --baselines has {points[k].Length} coordinates, expected {n}");
            var weights = o.Get("--weights") is { } w ? AttributeCommand.Point(w, "--weights") : null;
            return (new Rational[n], points, weights);
        }
        var b = o.Get("--baseline") is { } bt ? Models.PointArgument.Read(bt, "--baseline", file, (t, w) => CrosscheckSetup.FinitePoint(t, w, precision)) : new Rational[n];
        if (b.Length != n) throw new UsageException($"dimension mismatch: F has {n} inputs but --baseline has {b.Length} coordinates");
        return (b, null, null);
    }

    // "a, b or c" and "a, b and c" of method names, for messages.
    private static string Or(IEnumerable<MethodDescriptor> methods) => Join(methods, "or");

    private static string And(IEnumerable<MethodDescriptor> methods) => Join(methods, "and");

    private static string Join(IEnumerable<MethodDescriptor> methods, string last)
    {
        var names = methods.Select(d => d.Name).ToList();
        return names.Count <= 1 ? string.Join("", names) : string.Join(", ", names.SkipLast(1)) + $" {last} " + names[^1];
    }

    /// <summary>The slope p of log(error) = c - p log(steps), least squares over the runs with a nonzero error.</summary>
    internal static double? FittedOrder(IReadOnlyList<SweepRun> runs) =>
        ConvergenceOrder.Fit([.. runs.Select(r => r.Steps)], [.. runs.Select(r => r.MaxAbsError)], floor: 0).Order;
}
