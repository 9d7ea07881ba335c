using TorchSharp;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Methods;

public static partial class NumericAttribute
{
    /// <summary>
    /// Integrated Gradients with no discretisation error for a piecewise-linear model in float64: the straight
    /// segment from <paramref name="baseline"/> to <paramref name="input"/> is pushed through the layers on tensors,
    /// splitting it at every t where an activation's pre-activation crosses one of its kinks (0 for relu, leaky relu and
    /// abs; lo and hi for clip) or the winner of a max-pool group changes; F is affine on each piece, so one batched gradient at the piece midpoints gives
    /// A_i = (x_i - x'_i) sum_p |piece p| dF/dx_i(midpoint p). <see cref="NumericAttribution.Evaluations"/> is the
    /// number of pieces.
    /// </summary>
    /// <remarks>
    /// Sotoudeh and Thakur 2019, "Computing Linear Restrictions of Neural Networks" (ExactLine). Breakpoints are
    /// computed in float64, so the result equals the exact IG up to rounding, not exactly; the exact rational
    /// version is <c>Verifier.PathMethods.Methods.Attribute.IntegratedGradients(network, ...)</c>.
    /// </remarks>
    /// <param name="model">A float64 model built from a piecewise-linear network.</param>
    /// <param name="input">x.</param>
    /// <param name="baseline">x'.</param>
    /// <param name="batchSize">Points per gradient pass; null: from the available memory.</param>
    /// <param name="maxPieces">The budget of pieces; null: <see cref="NumericIgOptions.DefaultMaxPieces"/>.</param>
    /// <exception cref="ArgumentException">The model is not float64 or not built from a network, a point has the wrong length or a non-finite entry, or the batch size is below 1.</exception>
    /// <exception cref="Verifier.Symbolic.Expressions.SymbolicLimitException">The segment has more than <paramref name="maxPieces"/> pieces.</exception>
    public static NumericAttribution ExactLineIntegratedGradients(TorchModel model, IReadOnlyList<double> input, IReadOnlyList<double> baseline, int? batchSize = null,
        int? maxPieces = null)
    {
        int budget = maxPieces ?? NumericIgOptions.DefaultMaxPieces;
        ArgumentNullException.ThrowIfNull(model);
        if (model.Precision != NumericPrecision.Float64)
            throw new ArgumentException("exact-line IG needs a float64 model (breakpoints in float32 are too coarse)", nameof(model));
        if (!model.IsPiecewiseLinear)
            throw new ArgumentException("exact-line IG needs a piecewise-linear model built from a Network (TorchModel.FromNetwork)", nameof(model));
        if (batchSize < 1) throw new ArgumentException($"batch size must be at least 1, not {batchSize}", nameof(batchSize));
        var ends = model.Batch([input, baseline], nameof(input));
        model.CheckPoints(ends, nameof(input));

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var endTensor = model.ToTensor(ends);
        var x = endTensor.select(0, 0);
        var x0 = endTensor.select(0, 1);
        var direction = x - x0;
        var t = model.Float64Tensor([0.0, 1.0], [2]);
        var values = x0.unsqueeze(0) + t.unsqueeze(1) * direction.unsqueeze(0);
        if (model.Sources is null)
        {
            foreach (var layer in model.Layers)
            {
                if (layer.SplitPoints(values) is var (s, piece) && s.shape[0] > 0)
                {
                    if (t.shape[0] - 1 + s.shape[0] > budget) throw NumericIgOptions.TooManyPieces(budget); // before allocating the split
                    (t, values) = Split(t, values, s, piece);
                }
                values = layer.Forward(values);
            }
        }
        else t = GraphBreakpoints(model, t, values, budget);

        var lengths = t[1..] - t[..^1];
        var mids = (t[1..] + t[..^1]) / 2;
        var sum = model.Float64Zeros(model.Inputs);
        long pieces = lengths.shape[0];
        int batch = BatchSizing.For(model, (int)Math.Min(pieces, int.MaxValue), batchSize);
        for (long start = 0; start < pieces; start += batch)
        {
            using var inner = NewDisposeScope();
            long end = Math.Min(pieces, start + batch);
            var points = x0.unsqueeze(0) + mids.narrow(0, start, end - start).unsqueeze(1) * direction.unsqueeze(0);
            var grads = model.GradientTensor(points);
            sum.add_(lengths.narrow(0, start, end - start).matmul(grads));
        }
        var attributions = TorchModel.ToDoubles(sum * direction);
        var f = model.EvaluateBatch(ends);
        int nonEmpty = (int)(lengths > 0).sum().item<long>();
        return new NumericAttribution("ig:exact-line", attributions, f[0], f[1], nonEmpty);
    }

    /// <summary>
    /// The breakpoints of a model that is a graph: every value still to be read is kept at the current points, and a split
    /// before a layer interpolates all of them at the new points (each is affine between neighbouring points).
    /// </summary>
    private static Tensor GraphBreakpoints(TorchModel model, Tensor t, Tensor input, int budget)
    {
        var sources = model.Sources!;
        int count = model.Layers.Count;
        var lastRead = new int[count + 1];
        for (int i = 0; i < count; i++) foreach (int src in sources[i]) lastRead[src + 1] = i;
        var values = new Tensor?[count + 1];
        values[0] = input;
        for (int i = 0; i < count; i++)
        {
            var layer = model.Layers[i];
            var x = model.Gather(values!, i);
            if (layer.SplitPoints(x) is var (s, piece) && s.shape[0] > 0)
            {
                if (t.shape[0] - 1 + s.shape[0] > budget) throw NumericIgOptions.TooManyPieces(budget); // before allocating the split
                var live = Enumerable.Range(0, i + 1).Where(v => values[v] is not null).ToArray();
                Tensor newT = t;
                foreach (int v in live) (newT, values[v]) = Split(t, values[v]!, s, piece);
                t = newT;
                x = model.Gather(values!, i);
            }
            values[i + 1] = layer.Forward(x);
            for (int v = 0; v <= i; v++) if (values[v] is not null && lastRead[v] <= i) values[v] = null; // no longer read
        }
        return t;
    }

    /// <summary>Adds the points at fractions <paramref name="s"/> of the pieces <paramref name="piece"/>, by linear interpolation (exact on a piece).</summary>
    private static (Tensor T, Tensor Values) Split(Tensor t, Tensor values, Tensor s, Tensor piece)
    {
        var ta = t.index_select(0, piece);
        var tb = t.index_select(0, piece + 1);
        var va = values.index_select(0, piece);
        var vb = values.index_select(0, piece + 1);
        var newT = ta + s * (tb - ta);
        var newValues = va + s.unsqueeze(1) * (vb - va);
        var allT = cat([t, newT]);
        var order = allT.argsort();
        return (allT.index_select(0, order), cat([values, newValues]).index_select(0, order));
    }
}
