using TorchSharp;
using Verifier.NumericBridge.Models;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Methods;

/// <summary>Attribution methods computed numerically on a <see cref="TorchModel"/>.</summary>
public static partial class NumericAttribute
{
    /// <summary>
    /// Integrated Gradients along the straight path from <paramref name="baseline"/> to <paramref name="input"/>,
    /// A_i = (x_i - x'_i) sum_k w_k dF/dx_i(x' + alpha_k (x - x')), with the nodes alpha_k and weights w_k of
    /// <see cref="NumericIgOptions.Rule"/>. Gradients are taken in the model's precision, in batches of path points;
    /// the weighted sum is accumulated in float64.
    /// </summary>
    /// <remarks>Sundararajan, Taly, Yan 2017, "Axiomatic Attribution for Deep Networks", section 3 and Remark 1.</remarks>
    /// <exception cref="ArgumentException">A point has the wrong length or a NaN or infinite entry, or a bad option.</exception>
    public static NumericAttribution IntegratedGradients(TorchModel model, IReadOnlyList<double> input, IReadOnlyList<double> baseline, NumericIgOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= NumericIgOptions.Default;
        if (options.BatchSize < 1) throw new ArgumentException($"batch size must be at least 1, not {options.BatchSize}", nameof(options));
        var ends = model.Batch([input, baseline], nameof(input));
        model.CheckPoints(ends, nameof(input));
        var (nodes, weights) = Quadrature.NodesAndWeights(options.Rule, options.Steps);

        using var scope = NewDisposeScope();
        var x = model.ToTensor(ends).select(0, 0);
        var x0 = model.ToTensor(ends).select(0, 1);
        var direction = x - x0;
        var sum = zeros(model.Inputs, ScalarType.Float64);
        for (int start = 0; start < nodes.Length; start += options.BatchSize)
        {
            int count = Math.Min(options.BatchSize, nodes.Length - start);
            using var inner = NewDisposeScope();
            var alphas = tensor(nodes.AsSpan(start, count).ToArray(), [count, 1], ScalarType.Float64).to_type(model.DType);
            var points = x0.unsqueeze(0) + alphas * direction.unsqueeze(0);
            var grads = model.GradientTensor(points).to_type(ScalarType.Float64);
            var w = tensor(weights.AsSpan(start, count).ToArray(), [count], ScalarType.Float64);
            sum.add_(w.matmul(grads));
        }
        var attributions = TorchModel.ToDoubles(sum * direction.to_type(ScalarType.Float64));
        var f = model.EvaluateBatch(ends);
        string rule = options.Rule switch
        {
            QuadratureRule.CaptumTrapezoid => "captum-trapezoid",
            QuadratureRule.GaussLegendre => "gausslegendre",
            _ => options.Rule.ToString().ToLowerInvariant(),
        };
        return new NumericAttribution($"ig:{rule}:{options.Steps}", attributions, f[0], f[1], nodes.Length);
    }
}
