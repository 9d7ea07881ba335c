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
/// output neurons. Dense layers keep it because Delta y = W Delta x (the bias cancels); the activation rules and
/// the max-pool split below keep it by construction, whatever multiplier a neuron with Delta = 0 receives.
/// </remarks>
internal static class DeepLiftNetwork
{
    public static Rational[] Multipliers(Network network, Rational[][] atInput, Rational[][] atBaseline, bool revealCancel, KinkConvention convention,
        DeepLiftMaxPool maxPool = DeepLiftMaxPool.Shapley)
    {
        var layers = network.Layers;
        var m = new Rational[network.OutputWidth];
        m[network.Output] = Rational.One;
        for (int l = layers.Count - 1; l >= 0; l--)
        {
            if (revealCancel && l > 0 && layers[l] is ActivationLayer act && layers[l - 1] is DenseLayer dense)
            {
                m = RevealCancel(act, dense, atInput[l - 1], atBaseline[l - 1], atBaseline[l], m);
                l--;
                continue;
            }
            var above = m;
            int at = l;
            m = layers[l].Match(
                dense: d => Linear(d, above),
                activation: a => Rescale(a, atInput[at], atBaseline[at], above, convention),
                maxPool: p => maxPool == DeepLiftMaxPool.Argmax ? MaxPoolArgmax(p, atInput[at], atBaseline[at], above) : MaxPool(p, atInput[at], atBaseline[at], above));
        }
        return m;
    }

    // Linear rule: m_j = sum_k m_k W[k][j].
    private static Rational[] Linear(DenseLayer d, Rational[] above)
    {
        var below = new Rational[d.InputCount];
        for (int k = 0; k < d.OutputCount; k++)
        {
            if (above[k].IsZero) continue;
            var row = d.Weights[k];
            for (int j = 0; j < row.Length; j++)
                if (!row[j].IsZero) below[j] += above[k] * row[j];
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
    private static Rational[] RevealCancel(ActivationLayer f, DenseLayer d, Rational[] a, Rational[] aRef, Rational[] zRef, Rational[] above)
    {
        var below = new Rational[d.InputCount];
        var terms = new Rational[d.InputCount];
        for (int k = 0; k < d.OutputCount; k++)
        {
            if (above[k].IsZero) continue;
            var row = d.Weights[k];
            Rational pos = Rational.Zero, neg = Rational.Zero;
            for (int i = 0; i < row.Length; i++)
            {
                terms[i] = row[i] * (a[i] - aRef[i]);
                if (terms[i].Sign > 0) pos += terms[i]; else neg += terms[i];
            }
            var (mPos, mNeg) = SplitMultipliers(f, zRef[k], pos, neg);
            var mZero = (mPos + mNeg) * Rational.Half;
            for (int i = 0; i < row.Length; i++)
                if (!row[i].IsZero) below[i] += above[k] * row[i] * (terms[i].Sign > 0 ? mPos : terms[i].Sign < 0 ? mNeg : mZero);
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
