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
/// The outcome of one LRP pass: <c>Relevances[v]</c> is the relevance of value v (0 the input, l + 1 the output of layer
/// l; for a chain, the input of layer v; the last entry the output), and where the rest of F(x) went: <c>BiasRelevance</c> (the bias terms' shares), <c>StabiliserRelevance</c>
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
/// <remarks>
/// Sparse layers (convolutions, pooling, residual adds, reshapes of imported models) use the dense layers' rule on their
/// stored entries: a residual add <c>y = u + v</c> splits R_k between its two operands in proportion to u_k and v_k
/// (z_jk = a_j w_jk with w = 1), and a selection (reshape, concatenation) passes relevance unchanged. In a graph, a
/// value read by several layers receives the sum of the relevance each passes back.
/// </remarks>
internal static class LrpNetwork
{
    public static LrpOutcome Run(Network network, Rational[][] trace, LrpRule rule, Rational parameter, LrpMaxPool maxPool = LrpMaxPool.WinnerTakesAll)
    {
        var relevances = new Rational[network.LayerCount + 1][];
        var r = new Rational[network.OutputWidth];
        r[network.Output] = trace[^1][network.Output];
        relevances[network.LayerCount] = r;
        Rational bias = Rational.Zero, stabiliser = Rational.Zero, dropped = Rational.Zero;
        var flags = new List<string>();
        for (int l = network.LayerCount - 1; l >= 0; l--)
        {
            var above = relevances[l + 1] ?? new Rational[network.Widths[l + 1]];
            var input = network.Gather(trace, l);
            var below = new Rational[input.Length];
            int at = l;
            void Affine(string type, (int[] Columns, Rational[] Weights)[] rows, IReadOnlyList<Rational> biases)
            {
                for (int k = 0; k < rows.Length; k++)
                {
                    var (b, s, lost) = Rows(rows[k], biases[k], input, above[k], rule, parameter, below);
                    bias += b;
                    stabiliser += s;
                    if (lost is { } value)
                    {
                        dropped += value;
                        flags.Add($"layer {at} ({type}), neuron {k}: z_k = 0, its relevance {value} is set to 0");
                    }
                }
            }
            network.LayerAt(l).Match(
                dense: d =>
                {
                    Affine("dense", NetworkTrace.Rows(d)!, d.Bias);
                    return true;
                },
                sparse: s =>
                {
                    Affine("sparse", NetworkTrace.Rows(s)!, s.Bias);
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
                        int winner = NetworkTrace.ArgMax(p.Groups[k], input);
                        if (maxPool == LrpMaxPool.WinnerTakesAll)
                        {
                            // winner takes all: the first maximal input of each group at x receives the group's relevance
                            below[winner] += above[k];
                            continue;
                        }
                        // the epsilon rule on the max (Captum's EpsilonRule on nn.MaxPool): R_j = a_j (dy/da_j) R_k / (y + eps sign(y))
                        var a = input[winner];
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
            NetworkTrace.Scatter(network, l, below, relevances);
        }
        for (int v = 0; v < relevances.Length; v++) relevances[v] ??= new Rational[network.Widths[v]];
        return new LrpOutcome(relevances!, bias, stabiliser, dropped, flags);
    }

    // R_j += z_jk / den_k R_k over the row's entries (columns and weights), and the bias and stabiliser shares of R_k; the
    // lost relevance when den_k = 0.
    private static (Rational Bias, Rational Stabiliser, Rational? Lost) Rows((int[] Columns, Rational[] Weights) row, Rational rowBias, Rational[] a,
        Rational rk, LrpRule rule, Rational parameter, Rational[] below)
    {
        var (columns, weights) = row;
        var z = new Rational[columns.Length];
        var den = Rational.Zero;
        for (int q = 0; q < columns.Length; q++)
        {
            var aj = a[columns[q]];
            z[q] = rule switch
            {
                LrpRule.Gamma => aj * Rho(weights[q], parameter),
                LrpRule.ZPlus => Rational.Max(Rational.Zero, aj * weights[q]),
                _ => aj * weights[q],
            };
            den += z[q];
        }
        var b = rule switch
        {
            LrpRule.Gamma => Rho(rowBias, parameter),
            LrpRule.ZPlus => Rational.Zero,
            _ => rowBias,
        };
        den += b;
        var stab = rule == LrpRule.Epsilon ? (den.Sign >= 0 ? parameter : -parameter) : Rational.Zero;
        den += stab;
        if (den.IsZero) return (Rational.Zero, Rational.Zero, rk);
        if (rk.IsZero) return (Rational.Zero, Rational.Zero, null);
        var share = rk / den;
        for (int q = 0; q < z.Length; q++)
            if (!z[q].IsZero) below[columns[q]] += z[q] * share;
        return (b * share, stab * share, null);
    }

    // gamma rule: rho(w) = w + gamma max(0, w)
    private static Rational Rho(Rational w, Rational gamma) => w.Sign > 0 ? w + gamma * w : w;
}
