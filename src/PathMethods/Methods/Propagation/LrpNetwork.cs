using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods.Propagation;

/// <summary>The dense-layer rules of layer-wise relevance propagation.</summary>
internal enum LrpRule
{
    /// <summary>LRP-0: z_jk = a_j w_jk, bias included in z_k.</summary>
    Zero,
    /// <summary>LRP-epsilon: LRP-0 with z_k + epsilon sign(z_k) in the denominator, sign(0) = 1.</summary>
    Epsilon,
    /// <summary>LRP-gamma: weights and bias w + gamma max(0, w).</summary>
    Gamma,
    /// <summary>LRP-z+: only the positive contributions max(0, a_j w_jk), no bias.</summary>
    ZPlus,
}

/// <summary>
/// The outcome of one LRP pass: <c>Relevances[l]</c> is the relevance of the input of layer l (the last entry the
/// output), and where the rest of F(x) went: <c>BiasRelevance</c> (the bias terms' shares), <c>StabiliserRelevance</c>
/// (the epsilon term's shares) and <c>DroppedRelevance</c> (relevance of neurons whose denominator is 0).
/// Sum of input relevances + the three = F(x) exactly.
/// </summary>
internal sealed record LrpOutcome(
    Rational[][] Relevances,
    Rational BiasRelevance,
    Rational StabiliserRelevance,
    Rational DroppedRelevance,
    IReadOnlyList<string> Flags);

/// <summary>Exact LRP on a network (Bach et al. 2015; Montavon, Binder, Lapuschkin, Samek, Mueller 2019, section 10.2).</summary>
internal static class LrpNetwork
{
    public static LrpOutcome Run(Network network, Rational[][] trace, LrpRule rule, Rational parameter, LrpMaxPool maxPool = LrpMaxPool.WinnerTakesAll)
    {
        var layers = network.Layers;
        var relevances = new Rational[layers.Count + 1][];
        var r = new Rational[network.OutputWidth];
        r[network.Output] = trace[^1][network.Output];
        relevances[layers.Count] = r;
        Rational bias = Rational.Zero, stabiliser = Rational.Zero, dropped = Rational.Zero;
        var flags = new List<string>();
        for (int l = layers.Count - 1; l >= 0; l--)
        {
            var below = new Rational[trace[l].Length];
            var above = r;
            int at = l;
            layers[l].Match(
                dense: d =>
                {
                    for (int k = 0; k < d.OutputCount; k++)
                    {
                        var (b, s, lost) = Dense(d, k, trace[at], above[k], rule, parameter, below);
                        bias += b;
                        stabiliser += s;
                        if (lost is { } value)
                        {
                            dropped += value;
                            flags.Add($"layer {at} (dense), neuron {k}: z_k = 0, its relevance {value} is set to 0");
                        }
                    }
                    return true;
                },
                activation: _ =>
                {
                    // element-wise layers pass relevance unchanged: R_j(input) = R_j(output)
                    Array.Copy(above, below, above.Length);
                    return true;
                },
                maxPool: p =>
                {
                    for (int k = 0; k < p.Groups.Length; k++)
                    {
                        int winner = NetworkTrace.ArgMax(p.Groups[k], trace[at]);
                        if (maxPool == LrpMaxPool.WinnerTakesAll)
                        {
                            // winner takes all: the first maximal input of each group at x receives the group's relevance
                            below[winner] += above[k];
                            continue;
                        }
                        // the epsilon rule on the max (Captum's EpsilonRule on nn.MaxPool): R_j = a_j (dy/da_j) R_k / (y + eps sign(y))
                        var a = trace[at][winner];
                        var eps = rule == LrpRule.Epsilon ? parameter : Rational.Zero;
                        var stab = a.Sign >= 0 ? eps : -eps;
                        var den = a + stab;
                        if (den.IsZero)
                        {
                            if (!above[k].IsZero) { dropped += above[k]; flags.Add($"layer {at} (maxpool), group {k}: y = 0, its relevance {above[k]} is set to 0"); }
                            continue;
                        }
                        below[winner] += a * above[k] / den;
                        stabiliser += stab * above[k] / den;
                    }
                    return true;
                });
            r = below;
            relevances[l] = r;
        }
        return new LrpOutcome(relevances, bias, stabiliser, dropped, flags);
    }

    // R_j += z_jk / den_k R_k, and the bias and stabiliser shares of R_k; the lost relevance when den_k = 0.
    private static (Rational Bias, Rational Stabiliser, Rational? Lost) Dense(DenseLayer d, int k, Rational[] a, Rational rk, LrpRule rule, Rational parameter, Rational[] below)
    {
        var row = d.Weights[k];
        var z = new Rational[row.Length];
        var den = Rational.Zero;
        for (int j = 0; j < row.Length; j++)
        {
            z[j] = rule switch
            {
                LrpRule.Gamma => a[j] * Rho(row[j], parameter),
                LrpRule.ZPlus => Rational.Max(Rational.Zero, a[j] * row[j]),
                _ => a[j] * row[j],
            };
            den += z[j];
        }
        var b = rule switch
        {
            LrpRule.Gamma => Rho(d.Bias[k], parameter),
            LrpRule.ZPlus => Rational.Zero,
            _ => d.Bias[k],
        };
        den += b;
        var stab = rule == LrpRule.Epsilon ? (den.Sign >= 0 ? parameter : -parameter) : Rational.Zero;
        den += stab;
        if (den.IsZero) return (Rational.Zero, Rational.Zero, rk);
        if (rk.IsZero) return (Rational.Zero, Rational.Zero, null);
        var share = rk / den;
        for (int j = 0; j < z.Length; j++)
            if (!z[j].IsZero) below[j] += z[j] * share;
        return (b * share, stab * share, null);
    }

    // gamma rule: rho(w) = w + gamma max(0, w)
    private static Rational Rho(Rational w, Rational gamma) => w.Sign > 0 ? w + gamma * w : w;
}
