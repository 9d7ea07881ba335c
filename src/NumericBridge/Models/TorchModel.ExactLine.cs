using Verifier.NumericBridge.Methods;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Models;

public sealed partial class TorchModel
{
    /// <summary>
    /// The segment pushed through the layers on tensors, split at every t where an activation's pre-activation crosses one
    /// of its kinks (0 for relu, leaky relu and abs; lo and hi for clip) or the winner of a max-pool group changes.
    /// </summary>
    internal override Tensor LineBreakpoints(Tensor x0, Tensor direction, int maxPieces)
    {
        if (!IsPiecewiseLinear) return base.LineBreakpoints(x0, direction, maxPieces);
        var t = Float64Tensor([0.0, 1.0], [2]);
        var values = x0.unsqueeze(0) + t.unsqueeze(1) * direction.unsqueeze(0);
        if (Sources is not null) return GraphBreakpoints(t, values, maxPieces);
        foreach (var layer in Layers)
        {
            if (layer.SplitPoints(values) is var (s, piece) && s.shape[0] > 0)
            {
                if (t.shape[0] - 1 + s.shape[0] > maxPieces) throw NumericIgOptions.TooManyPieces(maxPieces); // before allocating the split
                (t, values) = Split(t, values, s, piece);
            }
            values = layer.Forward(values);
        }
        return t;
    }

    /// <summary>
    /// The breakpoints of a model that is a graph: every value still to be read is kept at the current points, and a split
    /// before a layer interpolates all of them at the new points (each is affine between neighbouring points).
    /// </summary>
    private Tensor GraphBreakpoints(Tensor t, Tensor input, int budget)
    {
        var sources = Sources!;
        int count = Layers.Count;
        var lastRead = new int[count + 1];
        for (int i = 0; i < count; i++) foreach (int src in sources[i]) lastRead[src + 1] = i;
        var values = new Tensor?[count + 1];
        values[0] = input;
        for (int i = 0; i < count; i++)
        {
            var layer = Layers[i];
            var x = Gather(values!, i);
            if (layer.SplitPoints(x) is var (s, piece) && s.shape[0] > 0)
            {
                if (t.shape[0] - 1 + s.shape[0] > budget) throw NumericIgOptions.TooManyPieces(budget); // before allocating the split
                var live = Enumerable.Range(0, i + 1).Where(v => values[v] is not null).ToArray();
                Tensor newT = t;
                foreach (int v in live) (newT, values[v]) = Split(t, values[v]!, s, piece);
                t = newT;
                x = Gather(values!, i);
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
