using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Rewrites.NetworkSurgery;

namespace Verifier.Axioms.Rewrites;

/// <summary>
/// Two networks on the same inputs run side by side in one network, with a final dense layer combining their outputs:
/// alpha F(x) + beta G(x).
/// </summary>
/// <remarks>
/// The combined vector is always [state of F; state of G]. The input x is duplicated, and the two layer lists are walked
/// together: two dense layers become one block-diagonal dense layer, equal activations and two max-pools one layer. When
/// the heads differ, one network advances and the other waits: through a dense layer with an identity block, through a
/// max-pool with singleton groups, through relu (or leaky_relu with alpha != -1) by the identity-through-relu trick
/// v -&gt; [v; -v] -&gt; act -&gt; (act(v) - act(-v)) / (1 + alpha) = v. Nothing can wait through abs or an activation with
/// a kink away from 0 (clip), so such a layer that has to advance alone is first expanded to its relu form
/// (<see cref="NetworkSurgery.ExpandToRelu"/>, e.g. |z| = relu(z) + relu(-z)). Consecutive dense layers are composed at the
/// end, so networks of one structure give a network of that structure with doubled widths.
/// </remarks>
internal static class ParallelNetworks
{
    public static Network Combine(Rational alpha, Network f, Rational beta, Network g)
    {
        if (f.Inputs != g.Inputs)
            throw new ArgumentException($"the networks have {f.Inputs} and {g.Inputs} inputs");
        int n = f.Inputs;
        var qa = new List<Layer>(f.Layers);
        var qb = new List<Layer>(g.Layers);
        int wa = n, wb = n;
        var dup = Zeros(2 * n, n);
        for (int i = 0; i < n; i++) dup[i][i] = dup[n + i][i] = Rational.One;
        var layers = new List<Layer> { Dense(dup, new Rational[2 * n]) };
        while (qa.Count > 0 || qb.Count > 0)
        {
            var ha = qa.Count > 0 ? qa[0] : null;
            var hb = qb.Count > 0 ? qb[0] : null;
            if (ha is DenseLayer da && hb is DenseLayer db)
            {
                layers.Add(BlockDiagonal(da, db));
                (wa, wb) = (da.OutputCount, db.OutputCount);
                qa.RemoveAt(0);
                qb.RemoveAt(0);
                continue;
            }
            if (ha is MaxPoolLayer pa && hb is MaxPoolLayer pb)
            {
                layers.Add(new MaxPoolLayer([.. pa.Groups.Select(Group), .. pb.Groups.Select(grp => Offset(grp, wa))]));
                (wa, wb) = (pa.Groups.Length, pb.Groups.Length);
                qa.RemoveAt(0);
                qb.RemoveAt(0);
                continue;
            }
            if (ha is ActivationLayer && ha.Equals(hb))
            {
                layers.Add(ha);
                qa.RemoveAt(0);
                qb.RemoveAt(0);
                continue;
            }
            bool advanceA = Cost(ha) <= Cost(hb);
            var queue = advanceA ? qa : qb;
            var head = queue[0];
            if (head is ActivationLayer { Function: var act } && !act.IsIdentity && WaitScale(act) is null)
            {
                // nothing waits through it (abs, leaky_relu(z, -1) = |z|, clip, ...): expand it to its relu form first,
                // e.g. |z| = relu(z) + relu(-z)
                queue.RemoveAt(0);
                queue.InsertRange(0, ExpandToRelu(act, advanceA ? wa : wb));
                continue;
            }
            queue.RemoveAt(0);
            int wSelf = advanceA ? wa : wb, wOther = advanceA ? wb : wa;
            int newWidth = Advance(layers, head, advanceA, wSelf, wOther);
            if (advanceA) wa = newWidth;
            else wb = newWidth;
        }
        var final = Zeros(1, wa + wb);
        final[0][f.Output] += alpha;
        final[0][wa + g.Output] += beta;
        layers.Add(Dense(final, [Rational.Zero]));
        return new Network(n, MergeDense(layers), 0);
    }

    // Which head advances alone: the one through which the other can wait most cheaply (null: finished).
    private static int Cost(Layer? l) => l is null ? int.MaxValue : l.Match(
        dense: _ => 0,
        sparse: _ => 0,
        maxPool: _ => 1,
        activation: a => a.Function.IsIdentity ? 2 : WaitScale(a.Function) is null ? 3 : a.Function.IsRelu ? 4 : 5);

    // 1 / (f(v) - f(-v)) * v when a block v can wait through f as [v; -v] (f positively homogeneous with kink 0 and
    // f(v) - f(-v) = (left slope + right slope) v not 0: relu, leaky_relu with alpha != -1), else null.
    private static Rational? WaitScale(ActivationFunction f)
    {
        if (!f.IsPositivelyHomogeneous) return null;
        var lambda = f.Slopes[0] + f.Slopes[^1];
        return lambda.IsZero ? null : lambda.Reciprocal();
    }

    // Adds the layers that apply `head` to one block while the other block waits; returns the block's new width.
    private static int Advance(List<Layer> layers, Layer head, bool first, int wSelf, int wOther) => head.Match(
        dense: d =>
        {
            layers.Add(first ? BlockDiagonal(d, Identity(wOther)) : BlockDiagonal(Identity(wOther), d));
            return d.OutputCount;
        },
        // a sparse layer advances as the dense layer with the same entries (the parallel network is written densely)
        sparse: s => Advance(layers, s.ToDense(), first, wSelf, wOther),
        maxPool: p =>
        {
            var own = p.Groups.Select(Group);
            var wait = Enumerable.Range(0, wOther).Select(k => (IReadOnlyList<int>)[k]);
            layers.Add(first
                ? new MaxPoolLayer([.. own, .. wait.Select(grp => Offset(grp, wSelf))])
                : new MaxPoolLayer([.. wait, .. own.Select(grp => Offset(grp, wOther))]));
            return p.Groups.Length;
        },
        activation: a =>
        {
            if (a.Function.IsIdentity)
            {
                layers.Add(head);
                return wSelf;
            }
            // the waiting block v goes through act as [v; -v] and comes back as (act(v) - act(-v)) / (1 + alpha) = v
            var k = WaitScale(a.Function) ?? throw new InvalidOperationException($"no block can wait through {a}");
            var up = Zeros(2 * wOther, wOther);
            var down = Zeros(wOther, 2 * wOther);
            for (int i = 0; i < wOther; i++)
            {
                up[i][i] = Rational.One;
                up[wOther + i][i] = Rational.MinusOne;
                down[i][i] = k;
                down[i][wOther + i] = -k;
            }
            var upLayer = Dense(up, new Rational[2 * wOther]);
            var downLayer = Dense(down, new Rational[wOther]);
            layers.Add(first ? BlockDiagonal(Identity(wSelf), upLayer) : BlockDiagonal(upLayer, Identity(wSelf)));
            layers.Add(head);
            layers.Add(first ? BlockDiagonal(Identity(wSelf), downLayer) : BlockDiagonal(downLayer, Identity(wSelf)));
            return wSelf;
        });

    private static DenseLayer BlockDiagonal(DenseLayer a, DenseLayer b)
    {
        var w = Zeros(a.OutputCount + b.OutputCount, a.InputCount + b.InputCount);
        for (int i = 0; i < a.OutputCount; i++)
            for (int j = 0; j < a.InputCount; j++) w[i][j] = a.Weights[i][j];
        for (int i = 0; i < b.OutputCount; i++)
            for (int j = 0; j < b.InputCount; j++) w[a.OutputCount + i][a.InputCount + j] = b.Weights[i][j];
        return Dense(w, [.. a.Bias, .. b.Bias]);
    }

    private static IReadOnlyList<int> Group(System.Collections.Immutable.ImmutableArray<int> g) => g.ToArray();

    private static IReadOnlyList<int> Offset(IReadOnlyList<int> g, int by) => g.Select(i => i + by).ToArray();

    private static IReadOnlyList<int> Offset(System.Collections.Immutable.ImmutableArray<int> g, int by) => g.Select(i => i + by).ToArray();
}
