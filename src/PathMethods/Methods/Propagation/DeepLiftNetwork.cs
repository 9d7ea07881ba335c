using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods.Propagation;

/// <summary>
/// DeepLIFT multipliers of a network, exactly: m_i = the multiplier of input i for the attributed output, so that
/// the attributions m_i (x_i - x'_i) sum to F(x) - F(x') (Shrikumar, Greenside, Kundaje 2017).
/// </summary>
/// <remarks>
/// Backward invariant: after each layer, sum over its input neurons of m_j Delta_j equals the same sum over its
/// output neurons. Dense and sparse layers keep it because Delta y = W Delta x (the bias cancels); the activation rules
/// and the max-pool split below keep it by construction, whatever multiplier a neuron with Delta = 0 receives. In a graph
/// the multipliers are propagated node by node from the last; a value read by several nodes (a residual connection)
/// receives the sum of the multipliers its readers pass back (the chain rule for multipliers), which keeps the
/// invariant over the values not yet processed.
/// </remarks>
internal static class DeepLiftNetwork
{
    public static Rational[] Multipliers(Network network, Rational[][] atInput, Rational[][] atBaseline, bool revealCancel, KinkConvention convention,
        DeepLiftMaxPool maxPool = DeepLiftMaxPool.Shapley)
    {
        var m = new Rational[network.LayerCount + 1][];
        m[^1] = new Rational[network.OutputWidth];
        m[^1][network.Output] = Rational.One;
        var readers = new int[network.LayerCount + 1];
        foreach (var node in network.Nodes) foreach (int s in node.Sources) readers[s + 1]++;
        for (int l = network.LayerCount - 1; l >= 0; l--)
        {
            var above = m[l + 1];
            if (above is null) continue; // nothing the output depends on reads this node
            var layer = network.LayerAt(l);
            var sources = network.Nodes[l].Sources;
            int feeder = sources.Length == 1 ? sources[0] : -1;
            if (revealCancel && layer is ActivationLayer act && feeder >= 0 && readers[feeder + 1] == 1
                && NetworkTrace.Rows(network.LayerAt(feeder)) is { } rows && m[feeder + 1] is null)
            {
                // the activation and the affine layer that feeds it (and nothing else) together: multipliers of the affine layer's inputs
                var below = RevealCancel(act, rows, network.Gather(atInput, feeder), network.Gather(atBaseline, feeder), atBaseline[feeder + 1], above, network.InputWidth(feeder));
                NetworkTrace.Scatter(network, feeder, below, m);
                l = feeder;
                continue;
            }
            var x = network.Gather(atInput, l);
            var reference = network.Gather(atBaseline, l);
            var result = layer.Match(
                dense: _ => Linear(NetworkTrace.Rows(layer)!, above, x.Length),
                activation: a => Rescale(a, x, reference, above, convention),
                maxPool: p => maxPool == DeepLiftMaxPool.Argmax ? MaxPoolArgmax(p, x, reference, above) : MaxPool(p, x, reference, above),
                sparse: _ => Linear(NetworkTrace.Rows(layer)!, above, x.Length));
            NetworkTrace.Scatter(network, l, result, m);
        }
        return m[0] ?? new Rational[network.Inputs];
    }

    // Linear rule: m_j = sum_k m_k W[k][j].
    private static Rational[] Linear((int[] Columns, Rational[] Weights)[] rows, Rational[] above, int inputs)
    {
        var below = new Rational[inputs];
        for (int k = 0; k < rows.Length; k++)
        {
            if (above[k].IsZero) continue;
            var (columns, weights) = rows[k];
            for (int q = 0; q < columns.Length; q++) below[columns[q]] += above[k] * weights[q];
        }
        return below;
    }

    // Rescale rule: m = Delta y / Delta x, or f'(x'_j) under the kink convention when Delta x = 0.
    private static Rational[] Rescale(ActivationLayer a, Rational[] x, Rational[] reference, Rational[] above, KinkConvention convention)
    {
        var below = new Rational[x.Length];
        for (int j = 0; j < x.Length; j++)
        {
            if (above[j].IsZero) continue;
            var dx = x[j] - reference[j];
            below[j] = above[j] * (dx.IsZero ? a.Derivative(reference[j], convention) : (a.Apply(x[j]) - a.Apply(reference[j])) / dx);
        }
        return below;
    }

    // RevealCancel (section 3.5.3) on an activation fed by a dense layer: Delta x+ and Delta x- are the sums of the
    // positive and negative terms W[k][i] Delta a_i; the positive terms get multiplier m+ = Delta y+ / Delta x+, the
    // negative ones m- = Delta y- / Delta x-; a zero term (its Delta is 0, so its multiplier changes no sum) gets
    // the mean (m+ + m-) / 2.
    private static Rational[] RevealCancel(ActivationLayer f, (int[] Columns, Rational[] Weights)[] rows, Rational[] a, Rational[] aRef, Rational[] zRef,
        Rational[] above, int inputs)
    {
        var below = new Rational[inputs];
        for (int k = 0; k < rows.Length; k++)
        {
            if (above[k].IsZero) continue;
            var (columns, weights) = rows[k];
            var terms = new Rational[columns.Length];
            Rational pos = Rational.Zero, neg = Rational.Zero;
            for (int q = 0; q < columns.Length; q++)
            {
                int i = columns[q];
                terms[q] = weights[q] * (a[i] - aRef[i]);
                if (terms[q].Sign > 0) pos += terms[q]; else neg += terms[q];
            }
            var (mPos, mNeg) = SplitMultipliers(f, zRef[k], pos, neg);
            var mZero = (mPos + mNeg) * Rational.Half;
            for (int q = 0; q < columns.Length; q++)
                below[columns[q]] += above[k] * weights[q] * (terms[q].Sign > 0 ? mPos : terms[q].Sign < 0 ? mNeg : mZero);
        }
        return below;
    }

    /// <summary>
    /// m+ and m- of RevealCancel: Delta y+ = (f(x0 + p) - f(x0)) / 2 + (f(x0 + n + p) - f(x0 + n)) / 2 and symmetrically
    /// Delta y-; each multiplier is 0 when its denominator is 0. Delta y+ + Delta y- = f(x0 + p + n) - f(x0) exactly.
    /// </summary>
    internal static (Rational Plus, Rational Minus) SplitMultipliers(ActivationLayer f, Rational x0, Rational pos, Rational neg)
    {
        var f0 = f.Apply(x0);
        var fp = f.Apply(x0 + pos);
        var fn = f.Apply(x0 + neg);
        var fpn = f.Apply(x0 + pos + neg);
        var dyPos = (fp - f0 + fpn - fn) * Rational.Half;
        var dyNeg = (fn - f0 + fpn - fp) * Rational.Half;
        return (pos.IsZero ? Rational.Zero : dyPos / pos, neg.IsZero ? Rational.Zero : dyNeg / neg);
    }

    // Max-pool: each group's Delta y is split between its (distinct) inputs by their Shapley values phi_j in the game of
    // the max, and m_j = phi_j / Delta x_j; an input that does not change gets 1 if it is the group's first maximal
    // entry at the reference (the gradient there), else 0.
    private static Rational[] MaxPool(MaxPoolLayer p, Rational[] x, Rational[] reference, Rational[] above)
    {
        var below = new Rational[x.Length];
        for (int k = 0; k < p.Groups.Length; k++)
        {
            if (above[k].IsZero) continue;
            var members = p.Groups[k].Distinct().ToArray();
            var phi = ShapleySplit.Split([.. members.Select(i => x[i])], [.. members.Select(i => reference[i])],
                v => v.Aggregate(Rational.Max), $"maxpool group {k}");
            int winner = NetworkTrace.ArgMax(p.Groups[k], reference);
            for (int q = 0; q < members.Length; q++)
            {
                int i = members[q];
                var dx = x[i] - reference[i];
                below[i] += above[k] * (dx.IsZero ? (i == winner ? Rational.One : Rational.Zero) : phi[q] / dx);
            }
        }
        return below;
    }

    // Max-pool as Captum routes it (captum/attr/_core/deep_lift.py, maxpool): with y, y' the group's maxima at x and x',
    // max(y, y') - y' goes to the group's first maximal input at x and y - max(y, y') to the one at x'; an input's multiplier
    // is what it received over its own Delta x, and an input whose Delta x is 0 gets the gradient at x (1 for the first
    // maximal input there). Summation-to-delta holds: an input that does not change receives 0 (when it is maximal at x',
    // y >= y' and max(y, y') = y; when it is maximal at x, y' >= y and max(y, y') = y').
    private static Rational[] MaxPoolArgmax(MaxPoolLayer p, Rational[] x, Rational[] reference, Rational[] above)
    {
        var below = new Rational[x.Length];
        for (int k = 0; k < p.Groups.Length; k++)
        {
            if (above[k].IsZero) continue;
            int atX = NetworkTrace.ArgMax(p.Groups[k], x), atRef = NetworkTrace.ArgMax(p.Groups[k], reference);
            Rational y = x[atX], yRef = reference[atRef], top = Rational.Max(y, yRef);
            foreach (int i in p.Groups[k].Distinct())
            {
                var dx = x[i] - reference[i];
                if (dx.IsZero)
                {
                    if (i == atX) below[i] += above[k];
                    continue;
                }
                var routed = (i == atX ? top - yRef : Rational.Zero) + (i == atRef ? y - top : Rational.Zero);
                below[i] += above[k] * routed / dx;
            }
        }
        return below;
    }
}
