using Verifier.Axioms;
using System.Diagnostics;
using Verifier.Axioms.Methods;
using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Crosscheck;

/// <summary>One numeric run against the exact attributions.</summary>
/// <param name="Steps">The quadrature steps, the pieces for exactline, 1 for the gradient methods.</param>
/// <param name="Numeric">The numeric attributions (for conductance, one per neuron of the layer).</param>
/// <param name="Seconds">Wall-clock time of the numeric run.</param>
/// <param name="Exact">The exact attributions as doubles (for conductance, one per neuron).</param>
/// <param name="Scale">The scale of the relative error (<see cref="CrosscheckRuns.Scale"/>).</param>
internal sealed record SweepRun(int Steps, NumericAttribution Numeric, double Seconds, double[] Exact, double Scale)
{
    public double MaxAbsError => Numeric.Attributions.Select((a, i) => Math.Abs(a - Exact[i])).DefaultIfEmpty(0).Max();

    /// <summary>The largest absolute error over <see cref="Scale"/>.</summary>
    public double MaxRelError => MaxAbsError / Scale;

    /// <summary>True when some numeric or exact value is not finite (an overflow of the dtype, a NaN).</summary>
    public bool NonFinite => !Numeric.Attributions.All(double.IsFinite) || !Exact.All(double.IsFinite);
}

/// <summary>The exact result and the numeric runs of a <see cref="CrosscheckSetup"/>.</summary>
internal static class CrosscheckRuns
{
    /// <summary>
    /// The exact attributions from the method's registry entry, with the exact tool's kink convention (PyTorch's:
    /// relu'(0) = 0); for a per-neuron method (conductance), the exact value of every neuron of the layer as the
    /// "attributions". With them, whether the exact result depends on a kink convention (<see cref="ConventionDependence"/>,
    /// the one decision <c>attribute</c> and the conformance suite also use: then a numeric pass that lands on another side
    /// of the kink differs by convention), or null with a --model (not decided there).
    /// </summary>
    public static (AttributionResult Exact, ConventionReport? Dependence) Exact(CrosscheckSetup s)
    {
        Subject f = s.Network is { } net ? net : s.Function!;
        var query = new MethodQuery(f, s.Input, s.Baseline, s.Baselines, s.Weights, null, s.Method.Defaults, s.Layer);
        var outcome = s.Method.Run!(query);
        var exact = outcome switch
        {
            AttributionOutcome a => a.Result,
            LayerOutcome layer => Neurons(s.Network!, layer),
            var other => throw new InvalidOperationException($"crosscheck has no exact side for an outcome of type {other.GetType().Name}"),
        };
        return (exact, s.ModelPath is null ? ConventionDependence.Of(s.Method, query, outcome) : null);
    }

    // A layer's conductances as an AttributionResult over the neurons: Neurons[j] = Cond_j, F at both ends, the path's pieces.
    private static AttributionResult Neurons(Network net, LayerOutcome outcome)
    {
        var r = outcome.Layer;
        int layer = r.Layer;
        var neurons = ExactResult.FromRationals(r.Neurons);
        var steps = new List<DerivationStep>
        {
            new("split", $"F = G o H after layer {layer} ({net.Layers[layer].TypeName}, {neurons.Length} neurons)"),
            new("value", $"Cond_j = ({string.Join(", ", r.Neurons)})"),
        };
        return new AttributionResult(outcome.Method, r.Input, r.Baseline, neurons,
            ExactResult.FromRational(r.FInput), ExactResult.FromRational(r.FBaseline), r.Pieces, steps);
    }

    /// <summary>
    /// The scale of the relative error: the larger of the largest exact attribution and |F(x) - F(x')| (the total the
    /// attributions share), or 1 when both are 0 (then the relative error is the absolute one, as the verdict's tolerance
    /// has its floor at 1): never a tiny number that makes a rounding difference look like 1e300.
    /// </summary>
    public static double Scale(AttributionResult exact)
    {
        double largest = exact.Attributions.Select(a => Math.Abs(Output.Values.Approx(a))).DefaultIfEmpty(0).Max();
        double total = Math.Abs(Output.Values.Approx(exact.FInput) - Output.Values.Approx(exact.FBaseline));
        double scale = Math.Max(largest, double.IsFinite(total) ? total : 0);
        return scale > 0 ? scale : 1;
    }

    /// <summary>The numeric method once per step count (once for the gradient methods).</summary>
    public static List<SweepRun> Numeric(CrosscheckSetup s, AttributionResult exact)
    {
        // Exact values as doubles: rationals rounded once, closed forms from their certified enclosures (width 1e-12).
        var exactValues = exact.Attributions.Select(Output.Values.Approx).ToArray();
        var runs = new List<SweepRun>();
        var model = Model(s);
        using var owner = model as IDisposable;
        foreach (var n in s.OneGradient ? new[] { 1 } : s.Steps)
        {
            var clock = Stopwatch.StartNew();
            NumericAttribution numeric;
            try { numeric = Once(s, model, n); }
            catch (Exception e) when (s.ModelPath is not null && e is not (OutOfMemoryException or UsageException))
            {
                throw new UsageException($"--model '{s.ModelPath}' fails during the {s.Name} run: {ScriptModel.Reason(e)}");
            }
            runs.Add(new SweepRun(s.IsExactLine || s.OneGradient ? numeric.Evaluations : n, numeric, clock.Elapsed.TotalSeconds, exactValues, Scale(exact)));
        }
        return runs;
    }

    private static TensorModel Model(CrosscheckSetup s)
    {
        if (OnnxRuns.Model(s) is { } onnx) return onnx;
        if (s.ModelPath is { } path) return ScriptModel.Load(path, s.Inputs, s.Output, s.Precision, s.Network is null ? "the function" : "the network");
        return s.Network is { } net ? TorchModel.FromNetwork(net, s.Precision, s.Device) : TorchModel.FromExpression(s.Function!, s.Inputs, s.Precision);
    }

    private static NumericAttribution Once(CrosscheckSetup s, TensorModel model, int steps)
    {
        var x = Doubles(s.Input);
        var b = Doubles(s.Baseline);
        var options = s.Rule is { } q ? new NumericIgOptions { Rule = q, Steps = steps } : null;
        // Quadrature and one-gradient forms, and the exact line, are the bridge's.
        if (options is not null || s.OneGradient)
            return NumericAttribute.Of(s.Form, model, x, b, options, s.Baselines?.Select(Doubles).ToArray(), s.Weights?.Select(w => w.ToDouble()).ToArray(), s.Layer);
        // Exact line (every breakpoint): the model's own breakpoints when it is the network on tensors; a TorchScript model,
        // which has no layers to split, at the reference network's exact breakpoints (if the model implements the network,
        // F is affine on every piece, so the sum has no discretisation error).
        var baselines = s.Baselines?.Select(Doubles).ToArray();
        var weights = s.Weights?.Select(w => w.ToDouble()).ToArray();
        if (s.ModelPath is null) return NumericAttribute.ExactLineOf(s.Form, model, x, b, baselines, weights, s.MaxPieces);
        NumericAttribution AtReference(Rational[] baseline) =>
            NumericAttribute.IntegratedGradientsAtBreakpoints(model, s.Input, baseline, NetworkLine.Restrict(s.Network!, baseline, s.Input).Breakpoints);
        if (s.Form.Kind == NumericFormKind.StraightPathIntegral) return AtReference(s.Baseline);
        var list = s.Baselines ?? throw new InvalidOperationException($"no exact line for the form {s.Form}");
        return NumericAttribute.ExpectedOverBaselines(list.Length, weights, k => AtReference(list[k]));
    }

    internal static double[] Doubles(Rational[] p) => p.Select(v => v.ToDouble()).ToArray();
}
