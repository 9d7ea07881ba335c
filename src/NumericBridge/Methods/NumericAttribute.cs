using TorchSharp;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Methods;

/// <summary>Attribution methods computed numerically on an <see cref="INumericModel"/> (usually a <see cref="TorchModel"/>).</summary>
public static partial class NumericAttribute
{
    /// <summary>
    /// Integrated Gradients along the straight path from <paramref name="baseline"/> to <paramref name="input"/>,
    /// A_i = (x_i - x'_i) sum_k w_k dF/dx_i(x' + alpha_k (x - x')), with the nodes alpha_k and weights w_k of
    /// <see cref="NumericIgOptions.Rule"/>. Gradients are taken in the model's precision, in batches of path points;
    /// the weighted sum is accumulated in float64.
    /// </summary>
    /// <remarks>
    /// Sundararajan, Taly, Yan 2017, "Axiomatic Attribution for Deep Networks", section 3 and Remark 1. With
    /// <see cref="NumericIgOptions.BatchSize"/> null the batch is sized from the available memory.
    /// </remarks>
    /// <exception cref="ArgumentException">A point has the wrong length or a NaN or infinite entry, or a bad option.</exception>
    public static NumericAttribution IntegratedGradients(INumericModel model, IReadOnlyList<double> input, IReadOnlyList<double> baseline, NumericIgOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= NumericIgOptions.Default;
        CheckBatchSize(options.BatchSize);
        var x = Point(model, input, nameof(input));
        var x0 = Point(model, baseline, nameof(baseline));
        var (nodes, weights) = Quadrature.NodesAndWeights(options.Rule, options.Steps);
        int batchSize = BatchSizing.For(model, nodes.Length, options.BatchSize);
        var attributions = model is TensorModel torch
            ? TorchStraightLine(torch, x, x0, nodes, weights, batchSize)
            : Multiply(WeightedGradientSum(model, x0, x, nodes, weights, batchSize), Difference(x, x0));
        var f = model.EvaluateBatch(Rows(x, x0));
        return new NumericAttribution($"ig:{RuleName(options.Rule)}:{options.Steps}", attributions, f[0], f[1], nodes.Length);
    }

    /// <summary>The rule's name in the <c>--rule</c> syntax.</summary>
    internal static string RuleName(QuadratureRule rule) => rule switch
    {
        QuadratureRule.CaptumTrapezoid => "captum-trapezoid",
        QuadratureRule.GaussLegendre => "gausslegendre",
        _ => rule.ToString().ToLowerInvariant(),
    };

    /// <summary>IG on tensors: the path points x' + alpha (x - x') are formed in the model's precision, as Captum does.</summary>
    private static double[] TorchStraightLine(TensorModel model, double[] input, double[] baseline, double[] nodes, double[] weights, int batchSize)
    {
        using var scope = NewDisposeScope();
        var ends = model.ToTensor(Rows(input, baseline));
        var x = ends.select(0, 0);
        var x0 = ends.select(0, 1);
        var direction = x - x0;
        var sum = model.Float64Zeros(model.Inputs);
        for (int start = 0; start < nodes.Length; start += batchSize)
        {
            int count = Math.Min(batchSize, nodes.Length - start);
            using var inner = NewDisposeScope();
            var alphas = model.Float64Tensor(nodes.AsSpan(start, count).ToArray(), [count, 1]).to_type(model.DType);
            var points = x0.unsqueeze(0) + alphas * direction.unsqueeze(0);
            var grads = model.GradientTensor(points).to_type(ScalarType.Float64);
            var w = model.Float64Tensor(weights.AsSpan(start, count).ToArray(), [count]);
            sum.add_(w.matmul(grads));
        }
        return TensorModel.ToDoubles(sum * direction.to_type(ScalarType.Float64));
    }

    /// <summary>
    /// sum_k w_k grad F(from + alpha_k (to - from)) in float64, with the points formed in float64 and sent in batches of
    /// <paramref name="batchSize"/> rows.
    /// </summary>
    internal static double[] WeightedGradientSum(INumericModel model, double[] from, double[] to, double[] nodes, double[] weights, int batchSize)
    {
        int n = model.Inputs;
        var sum = new double[n];
        for (int start = 0; start < nodes.Length; start += batchSize)
        {
            int count = Math.Min(batchSize, nodes.Length - start);
            var points = new double[count, n];
            for (int k = 0; k < count; k++)
                for (int i = 0; i < n; i++) points[k, i] = from[i] + nodes[start + k] * (to[i] - from[i]);
            var grads = model.Gradients(points);
            for (int k = 0; k < count; k++)
                for (int i = 0; i < n; i++) sum[i] += weights[start + k] * grads[k, i];
        }
        return sum;
    }

    /// <summary>A copy of <paramref name="point"/> after checking its length and that every entry is finite.</summary>
    internal static double[] Point(INumericModel model, IReadOnlyList<double> point, string parameter)
    {
        ArgumentNullException.ThrowIfNull(point, parameter);
        if (point.Count != model.Inputs)
            throw new ArgumentException($"the model has {model.Inputs} inputs but the point has {point.Count} coordinates", parameter);
        var copy = point.ToArray();
        foreach (double v in copy)
            if (!double.IsFinite(v)) throw new ArgumentException($"the point contains a non-finite value ({v})", parameter);
        return copy;
    }

    /// <summary>An explicit batch size must be at least 1; null (automatic) passes.</summary>
    internal static void CheckBatchSize(int? batchSize)
    {
        if (batchSize < 1) throw new ArgumentException($"batch size must be at least 1, not {batchSize}", "options");
    }

    internal static double[,] Rows(params double[][] rows)
    {
        var result = new double[rows.Length, rows[0].Length];
        for (int r = 0; r < rows.Length; r++)
            for (int i = 0; i < rows[r].Length; i++) result[r, i] = rows[r][i];
        return result;
    }

    internal static double[] Difference(double[] a, double[] b) => [.. a.Select((v, i) => v - b[i])];

    internal static double[] Multiply(double[] a, double[] b) => [.. a.Select((v, i) => v * b[i])];
}
