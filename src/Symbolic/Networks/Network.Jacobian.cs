using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

public sealed partial class Network
{
    /// <summary>
    /// The exact Jacobian of the whole output vector at <paramref name="x"/>: row j is dF_j/dx, the gradient
    /// <see cref="Gradient"/> would give with <see cref="Output"/> = j, under the same <paramref name="convention"/>.
    /// </summary>
    /// <remarks>
    /// One forward pass fixes the activation pattern; the Jacobian is then the product of the layers' local
    /// Jacobians (dense: W; activation: the diagonal of derivatives under the convention; max-pool: the selection of
    /// each group's first maximal input). With fewer inputs than outputs it is accumulated forwards (one column per
    /// input, cost inputs x the weights), otherwise backwards one row at a time (cost outputs x the weights), so a
    /// layer of a thousand neurons over ten inputs costs ten, not a thousand, passes.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> entries.</exception>
    public Rational[][] Jacobian(IReadOnlyList<Rational> x, KinkConvention? convention = null)
    {
        convention ??= KinkConvention.Default;
        var trace = Trace(x);
        if (Inputs < OutputWidth && _layers.All(l => l is DenseLayer or ActivationLayer or MaxPoolLayer))
            return Forward(trace, convention);
        var rows = new Rational[OutputWidth][];
        for (int j = 0; j < rows.Length; j++)
        {
            var grad = new Rational[OutputWidth];
            grad[j] = Rational.One;
            for (int i = _layers.Length - 1; i >= 0; i--)
            {
                var below = new Rational[_widths[i]];
                _layers[i].Backward(trace[i], grad, below, convention);
                grad = below;
            }
            rows[j] = grad;
        }
        return rows;
    }

    // J = local Jacobians applied to the identity, as rows [unit][input].
    private Rational[][] Forward(Rational[][] trace, KinkConvention convention)
    {
        var j = new Rational[Inputs][];
        for (int i = 0; i < Inputs; i++)
        {
            j[i] = new Rational[Inputs];
            j[i][i] = Rational.One;
        }
        for (int l = 0; l < _layers.Length; l++)
        {
            var input = trace[l];
            switch (_layers[l])
            {
                case DenseLayer dense:
                {
                    var next = new Rational[dense.Weights.Length][];
                    for (int o = 0; o < next.Length; o++)
                    {
                        var row = new Rational[Inputs];
                        var w = dense.Weights[o];
                        for (int k = 0; k < w.Length; k++)
                        {
                            if (w[k].IsZero) continue;
                            var source = j[k];
                            for (int i = 0; i < row.Length; i++) if (!source[i].IsZero) row[i] += w[k] * source[i];
                        }
                        next[o] = row;
                    }
                    j = next;
                    break;
                }
                case ActivationLayer activation:
                {
                    var next = new Rational[j.Length][];
                    for (int o = 0; o < next.Length; o++)
                    {
                        var d = activation.Derivative(input[o], convention);
                        next[o] = d.IsOne ? j[o] : d.IsZero ? new Rational[Inputs] : j[o].Select(v => v * d).ToArray();
                    }
                    j = next;
                    break;
                }
                case MaxPoolLayer pool:
                {
                    var next = new Rational[pool.Groups.Length][];
                    for (int k = 0; k < next.Length; k++) next[k] = j[pool.ArgMax(input, k)];
                    j = next;
                    break;
                }
            }
        }
        return j.Select(row => (Rational[])row.Clone()).ToArray(); // rows were shared where a layer passed them through
    }
}
