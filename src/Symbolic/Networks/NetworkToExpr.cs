using Verifier.Symbolic.Expressions;

namespace Verifier.Symbolic.Networks;

/// <summary>A network as a closed-form expression in x1..xn, for the symbolic methods (restriction, differentiation, SMT).</summary>
public static class NetworkToExpr
{
    /// <summary>
    /// The attributed output F as an expression in x1..xn (1-based): dense layers become sums of products,
    /// activations <c>relu</c>, <c>leaky_relu</c>, <c>abs</c> or their relu form
    /// (<see cref="ActivationLayer.ToExpr"/>, e.g. clip(z, lo, hi) = lo + relu(z - lo) - relu(z - hi)), max-pool groups
    /// <c>max</c>.
    /// </summary>
    /// <remarks>
    /// The expression has the same value as <see cref="Network.Evaluate"/> everywhere. Its derivative at kinks
    /// follows the expression core's conventions, which may break max ties differently from
    /// <see cref="Network.Gradient"/> (canonical argument order rather than the group's order).
    /// </remarks>
    public static Expr ToExpr(this Network network) => ToExprAll(network)[network.Output];

    /// <summary>Every entry of the final layer's output as an expression in x1..xn.</summary>
    public static Expr[] ToExprAll(this Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var v = new Expr[network.Inputs];
        for (int i = 0; i < v.Length; i++) v[i] = Ex.Var(i + 1);
        return network.Propagate(v, (_, layer, input) => Apply(layer, input))[^1];
    }

    private static Expr[] Apply(Layer layer, Expr[] v) => layer.Match(
        dense =>
        {
            // y_i = sum_j W[i][j] x_j + b_i
            var y = new Expr[dense.OutputCount];
            var terms = new List<Expr>(dense.InputCount + 1);
            for (int i = 0; i < y.Length; i++)
            {
                terms.Clear();
                var row = dense.Weights[i];
                for (int j = 0; j < row.Length; j++)
                    if (!row[j].IsZero) terms.Add(row[j].IsOne ? v[j] : Ex.Product(Ex.Const(row[j]), v[j]));
                if (!dense.Bias[i].IsZero) terms.Add(Ex.Const(dense.Bias[i]));
                y[i] = Ex.Sum(terms);
            }
            return y;
        },
        activation =>
        {
            if (activation.Function.IsIdentity) return v;
            var y = new Expr[v.Length];
            for (int i = 0; i < y.Length; i++) y[i] = activation.ToExpr(v[i]);
            return y;
        },
        pool =>
        {
            var y = new Expr[pool.Groups.Length];
            for (int k = 0; k < y.Length; k++)
            {
                var group = pool.Groups[k];
                var args = new Expr[group.Length];
                for (int m = 0; m < args.Length; m++) args[m] = v[group[m]];
                y[k] = Ex.Max(args);
            }
            return y;
        },
        sparse =>
        {
            // y_i = sum_k A[i][c_k] x_(c_k) + b_i
            var y = new Expr[sparse.OutputCount];
            var terms = new List<Expr>();
            for (int i = 0; i < y.Length; i++)
            {
                terms.Clear();
                var (columns, values) = sparse.Row(i);
                for (int k = 0; k < columns.Length; k++)
                {
                    var w = values.Span[k];
                    var x = v[columns.Span[k]];
                    terms.Add(w.IsOne ? x : Ex.Product(Ex.Const(w), x));
                }
                if (!sparse.Bias[i].IsZero) terms.Add(Ex.Const(sparse.Bias[i]));
                y[i] = Ex.Sum(terms);
            }
            return y;
        });
}
