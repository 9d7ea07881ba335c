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
internal sealed record SweepRun(int Steps, NumericAttribution Numeric, double Seconds, double[] Exact)
{
    public double MaxAbsError => Numeric.Attributions.Select((a, i) => Math.Abs(a - Exact[i])).DefaultIfEmpty(0).Max();

    // Relative to the largest exact attribution (at least 1e-300), so a zero attribution does not divide by zero.
    public double MaxRelError => Exact.Select(Math.Abs).DefaultIfEmpty(0).Max() is var top && top > 0 ? MaxAbsError / top : double.NaN;
}

/// <summary>The exact result and the numeric runs of a <see cref="CrosscheckSetup"/>.</summary>
internal static class CrosscheckRuns
{
    /// <summary>Whether the exact result depends on a kink convention (<see cref="ConventionDependence"/>, the one decision the
    /// conformance suite also uses): then a numeric pass that lands on another side of the kink differs by convention.</summary>
    public static ConventionReport Convention(CrosscheckSetup s)
    {
        Subject f = s.Network is { } net ? net : s.Function!;
        var query = new MethodQuery(f, s.Input, s.Baseline, s.Baselines, s.Weights, null, s.Method.Defaults, s.Layer);
        return ConventionDependence.Of(s.Method, query, s.Method.Run!(query));
    }

    /// <summary>
    /// The exact attributions from the method's registry entry, with the exact tool's kink convention (PyTorch's:
    /// relu'(0) = 0); for a per-neuron method (conductance), the exact value of every neuron of the layer as the
    /// "attributions".
    /// </summary>
    public static AttributionResult Exact(CrosscheckSetup s)
    {
        Subject f = s.Network is { } net ? net : s.Function!;
        var query = new MethodQuery(f, s.Input, s.Baseline, s.Baselines, s.Weights, null, s.Method.Defaults, s.Layer);
        return s.Method.Run!(query) switch
        {
            AttributionOutcome a => a.Result,
            LayerOutcome layer => Neurons(s.Network!, layer),
            var other => throw new InvalidOperationException($"crosscheck has no exact side for an outcome of type {other.GetType().Name}"),
        };
    }

    // A layer's conductances as an AttributionResult over the neurons: Neurons[j] = Cond_j, F at both ends, the path's pieces.
    private static AttributionResult Neurons(Network net, LayerOutcome outcome)
    {
        var r = outcome.Layer;
        int layer = r.Layer;
        var neurons = r.Neurons.Select(ExactResult.FromRational).ToArray();
        var steps = new List<DerivationStep>
        {
            new("split", $"F = G o H after layer {layer} ({net.Layers[layer].TypeName}, {neurons.Length} neurons)"),
            new("value", $"Cond_j = ({string.Join(", ", r.Neurons)})"),
        };
        return new AttributionResult(outcome.Method, r.Input, r.Baseline, neurons,
            ExactResult.FromRational(r.FInput), ExactResult.FromRational(r.FBaseline), r.Pieces, steps);
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
            runs.Add(new SweepRun(s.IsExactLine || s.OneGradient ? numeric.Evaluations : n, numeric, clock.Elapsed.TotalSeconds, exactValues));
        }
        return runs;
    }

    private static INumericModel Model(CrosscheckSetup s)
    {
        if (OnnxRuns.Model(s) is { } onnx) return onnx;
        if (s.ModelPath is { } path) return ScriptModel.Load(path, s.Inputs, s.Output, s.Precision, s.Network is null ? "the function" : "the network");
        return s.Network is { } net ? TorchModel.FromNetwork(net, s.Precision, s.Device) : TorchModel.FromExpression(s.Function!, s.Inputs, s.Precision);
    }

    private static NumericAttribution Once(CrosscheckSetup s, INumericModel model, int steps)
    {
        var x = Doubles(s.Input);
        var b = Doubles(s.Baseline);
        var options = s.Rule is { } q ? new NumericIgOptions { Rule = q, Steps = steps } : null;
        // Quadrature and one-gradient forms are the bridge's; exact line (every breakpoint) is computed here.
        if (options is not null || s.OneGradient)
            return model is not TorchModel torch ? OnnxRuns.Of(s, model, x, b, options)
                : NumericAttribute.Of(s.Form, torch, x, b, options, s.Baselines?.Select(Doubles).ToArray(), s.Weights?.Select(w => w.ToDouble()).ToArray(), s.Layer);
        if (s.Form.Kind == NumericFormKind.StraightPathIntegral) return ExactLine(s, model, s.Baseline);
        var list = s.Baselines ?? throw new InvalidOperationException($"no exact line for the form {s.Form}");
        // Exact-line EG: the weighted average of exact-line IG from each baseline.
        var weights = s.Weights ?? Enumerable.Repeat(new Rational(1, list.Length), list.Length).ToArray();
        var a = new double[s.Inputs];
        double fInput = 0, fBaseline = 0;
        int pieces = 0;
        for (int k = 0; k < list.Length; k++)
        {
            var ig = ExactLine(s, model, list[k]);
            double w = weights[k].ToDouble();
            for (int i = 0; i < a.Length; i++) a[i] += w * ig.Attributions[i];
            fInput = ig.FInput;
            fBaseline += w * ig.FBaseline;
            pieces += ig.Evaluations;
        }
        return new NumericAttribution("eg:exact-line", a, fInput, fBaseline, pieces);
    }

    // Exact-line IG: the model's own breakpoints when it is the network on tensors; for a TorchScript model, which has no
    // layers to split, the reference network's exact breakpoints, with the model's gradient at each piece's midpoint (if the
    // model implements the network, F is affine there, so the sum has no discretisation error).
    private static NumericAttribution ExactLine(CrosscheckSetup s, INumericModel model, Rational[] baseline)
    {
        if (s.ModelPath is null)
            return model is TorchModel torch ? NumericAttribute.ExactLineIntegratedGradients(torch, Doubles(s.Input), Doubles(baseline))
                : OnnxRuns.ExactLine(s, model, Doubles(s.Input), Doubles(baseline));
        var t = NetworkLine.Restrict(s.Network!, baseline, s.Input).Breakpoints;
        int n = s.Inputs, pieces = t.Count - 1;
        var points = new double[pieces, n];
        for (int k = 0; k < pieces; k++)
        {
            var mid = (t[k] + t[k + 1]) / new Rational(2);
            for (int i = 0; i < n; i++) points[k, i] = (baseline[i] + mid * (s.Input[i] - baseline[i])).ToDouble();
        }
        var grads = model.Gradients(points);
        var a = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int k = 0; k < pieces; k++) sum += (t[k + 1] - t[k]).ToDouble() * grads[k, i];
            a[i] = (s.Input[i] - baseline[i]).ToDouble() * sum;
        }
        var ends = new double[2, n];
        for (int i = 0; i < n; i++) (ends[0, i], ends[1, i]) = (s.Input[i].ToDouble(), baseline[i].ToDouble());
        var f = model.EvaluateBatch(ends);
        return new NumericAttribution("ig:exact-line:reference-breakpoints", a, f[0], f[1], pieces);
    }

    internal static double[] Doubles(Rational[] p) => p.Select(v => v.ToDouble()).ToArray();
}
