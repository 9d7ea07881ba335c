using TorchSharp;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Methods;

/// <summary>The numeric conductance of every neuron of one hidden layer, with the completeness check.</summary>
/// <param name="Method">What computed it, e.g. <c>conductance:gausslegendre:50</c>.</param>
/// <param name="Neurons">Cond_1..Cond_m, one per neuron of the layer.</param>
/// <param name="FInput">F(x), in the model's precision.</param>
/// <param name="FBaseline">F(x'), in the model's precision.</param>
/// <param name="Evaluations">Path points at which the layer's Jacobian-vector product and the head's gradient were taken.</param>
public sealed record NumericConductance(string Method, double[] Neurons, double FInput, double FBaseline, int Evaluations)
{
    /// <summary>
    /// Completeness delta: sum_j Cond_j minus (F(x) - F(x')). Every path from the input to the output passes through the
    /// layer, so this is the quadrature error (and rounding) of the method.
    /// </summary>
    public double CompletenessDelta => Neurons.Sum() - (FInput - FBaseline);
}

public static partial class NumericAttribute
{
    /// <summary>
    /// Conductance of every neuron j of layer <paramref name="layer"/> along the straight path gamma(alpha) =
    /// x' + alpha (x - x'): Cond_j = integral_0^1 dF/dy_j(gamma(alpha)) dy_j/dalpha(alpha) dalpha, with the nodes and
    /// weights of <see cref="NumericIgOptions.Rule"/>, where y = H(x) is the layer's activation vector and
    /// dy/dalpha = J_H(gamma(alpha)) (x - x'). Passes run in the model's precision, in batches of path points; the weighted
    /// sum is accumulated in float64.
    /// </summary>
    /// <remarks>
    /// Dhamdhere, Sundararajan, Yan 2018, "How important is a neuron?"; seed 004, section 6, eqs. 4-6. The layer follows
    /// the exact <c>Verifier.PathMethods.Methods.Attribute.Conductance</c>: "layer L" is the output of the source network's
    /// <c>Layers[L]</c> (0-based; for a dense layer the pre-activation, for an activation layer the post-activation), and
    /// F = G o H splits the network after it. At each node the head's gradient dF/dy comes from one backward pass through
    /// G; the Jacobian-vector product J_H (x - x') from two through H (double back-propagation: g = J_H^T u with the graph
    /// kept, then d(g . (x - x'))/du). Kinks take PyTorch's convention (relu'(0) = 0), where the exact method takes its
    /// <c>KinkConvention</c> at the midpoints of the path's pieces; the rules differ only on nodes that land on a kink.
    /// Since sum_j dF/dy_j dy_j/dalpha = dF/dalpha, sum_j Cond_j = F(x) - F(x') up to quadrature error.
    /// </remarks>
    /// <exception cref="ArgumentException">The model was not built from a network (an expression or a TorchScript module
    /// has no layers to name), a point has the wrong length or a NaN or infinite entry, or a bad option.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is not a layer index of the network.</exception>
    public static NumericConductance LayerConductance(TorchModel model, IReadOnlyList<double> input, IReadOnlyList<double> baseline, int layer,
        NumericIgOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Source is null)
            throw new ArgumentException("layer conductance needs a model built from a network (TorchModel.FromNetwork); " +
                "an expression or TorchScript model has no layers to name", nameof(model));
        model.Source.RequireChain("layer conductance");
        int layers = model.Layers.Count;
        if (layer < 0 || layer >= layers)
            throw new ArgumentOutOfRangeException(nameof(layer), layer,
                $"layer must be a 0-based layer index 0..{layers - 1} (the network has {layers} layers)");
        options ??= NumericIgOptions.Default;
        CheckBatchSize(options.BatchSize);
        var x = Point(model, input, nameof(input));
        var x0 = Point(model, baseline, nameof(baseline));
        var (nodes, weights) = Quadrature.NodesAndWeights(options.Rule, options.Steps);
        // The double backward pass keeps the graph of the first: twice the working memory of a gradient.
        int batchSize = BatchSizing.For(model, nodes.Length, options.BatchSize, 2 * BatchSizing.AutogradFactor);
        var f = model.EvaluateBatch(Rows(x, x0)); // first, so that a disposed model throws ObjectDisposedException
        var neurons = TorchConductance(model, x, x0, layer, nodes, weights, batchSize);
        return new NumericConductance($"conductance:{RuleName(options.Rule)}:{options.Steps}", neurons, f[0], f[1], nodes.Length);
    }

    /// <summary>sum_k w_k dF/dy(gamma(alpha_k)) * J_H(gamma(alpha_k)) (x - x') per neuron, the path points formed in the model's precision.</summary>
    private static double[] TorchConductance(TorchModel model, double[] input, double[] baseline, int layer, double[] nodes, double[] weights, int batchSize)
    {
        using var scope = NewDisposeScope();
        var ends = model.ToTensor(Rows(input, baseline));
        var x = ends.select(0, 0);
        var x0 = ends.select(0, 1);
        var direction = x - x0;
        var sum = zeros(model.Source!.Widths[layer + 1], ScalarType.Float64);
        for (int start = 0; start < nodes.Length; start += batchSize)
        {
            int count = Math.Min(batchSize, nodes.Length - start);
            using var inner = NewDisposeScope();
            var alphas = tensor(nodes.AsSpan(start, count).ToArray(), [count, 1], ScalarType.Float64).to_type(model.DType);
            var points = x0.unsqueeze(0) + alphas * direction.unsqueeze(0);
            var (head, tangent) = HeadGradientAndTangent(model, points, direction, layer);
            var w = tensor(weights.AsSpan(start, count).ToArray(), [count], ScalarType.Float64);
            sum.add_(w.matmul(head.to_type(ScalarType.Float64) * tangent.to_type(ScalarType.Float64)));
        }
        return TorchModel.ToDoubles(sum);
    }

    /// <summary>
    /// At every row of <paramref name="points"/> (<c>[B, n]</c>): dF/dy at y = H(point), and dy/dalpha = J_H(point) v for
    /// the direction v; both <c>[B, m]</c>.
    /// </summary>
    private static (Tensor Head, Tensor Tangent) HeadGradientAndTangent(TorchModel model, Tensor points, Tensor direction, int layer)
    {
        using var grad = enable_grad();
        var p = points.detach().requires_grad_(true);
        var y = p;
        for (int l = 0; l <= layer; l++) y = model.Layers[l].Forward(y);

        // J_H v by double back-propagation: g(u) = u^T J_H is linear in u, and d/du (g(u) . v) = J_H v.
        var u = zeros_like(y).requires_grad_(true);
        var g = autograd.grad([y], [p], [u], create_graph: true)[0];
        var tangent = autograd.grad([(g * direction.unsqueeze(0)).sum()], [u])[0].detach();

        // dF/dy through the head G alone.
        var h = y.detach().requires_grad_(true);
        var z = h;
        for (int l = layer + 1; l < model.Layers.Count; l++) z = model.Layers[l].Forward(z);
        var head = autograd.grad([z.select(1, model.Output).sum()], [h])[0];
        return (head, tangent);
    }
}
