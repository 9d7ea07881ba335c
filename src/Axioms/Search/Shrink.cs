using System.Numerics;
using Verifier.Axioms.Rewrites;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Net = Verifier.Symbolic.Networks.Network;
using Q = Verifier.Symbolic.Numbers.Rational;
using Subj = Verifier.Symbolic.Subject;

namespace Verifier.Axioms.Search;

/// <summary>
/// Shrinkers for counterexample search: each returns candidates that are strictly smaller than its argument in a
/// well-founded measure (<see cref="Measure(Q)"/> and its overloads), the most aggressive first, so any loop that
/// only accepts candidates from these shrinkers terminates.
/// </summary>
/// <remarks>
/// The measures, all into well-ordered sets (natural numbers, or tuples of them compared lexicographically):
/// <list type="bullet">
/// <item>a rational p/q in lowest terms: 2(|p| + q) + (1 if p &lt; 0); 0 is the unique minimum 2;</item>
/// <item>a point: the sum of its coordinates' measures;</item>
/// <item>an expression: (node count, the sum of the measures of its constants, leaky_relu slopes and step values, plus
/// 2 per variable and |n| per power n);</item>
/// <item>a network: (layers + max-pool layers, neurons = the sum of the layers' output widths, non-zero weights and
/// biases, the sum of the measures of weights, biases and activation parameters (leaky slopes, clip bounds) plus each
/// activation kind's <see cref="ActivationKind.ShrinkCost"/>: 2 per relu and 6 per abs layer).</item>
/// </list>
/// Every candidate is filtered against the measure, so the guarantee does not depend on the canonical form's choices.
/// Candidates keep the kind and the dimension: an expression shrinks only to expressions in the variables it uses, a
/// network to a valid network with the same inputs.
/// </remarks>
public static class Shrink
{
    private const int PerChild = 6;

    /// <summary>Smaller rationals: 0, the integer part, -r for r &lt; 0, half the integer, a smaller numerator, a smaller denominator.</summary>
    public static IEnumerable<Q> Rational(Q r)
    {
        var m = Measure(r);
        var seen = new HashSet<Q> { r };
        foreach (var c in RationalCandidates(r))
            if (Measure(c) < m && seen.Add(c)) yield return c;
    }

    /// <summary>Smaller points: all zeros, then one coordinate shrunk at a time.</summary>
    public static IEnumerable<Q[]> Point(Q[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Any(v => !v.IsZero)) yield return new Q[x.Length];
        for (int i = 0; i < x.Length; i++)
            foreach (var v in Rational(x[i]))
            {
                if (v.IsZero && x.Count(u => !u.IsZero) == 1) continue; // the all-zero point came first
                var y = (Q[])x.Clone();
                y[i] = v;
                yield return y;
            }
    }

    /// <summary>
    /// Smaller expressions in the same variables: 0, 1, a variable it uses, a child, the node without one term or factor
    /// (or argument of max or min), relu for leaky_relu, a lower power, smaller constants, and the same recursively at
    /// every child.
    /// </summary>
    public static IEnumerable<Expr> Expr(Expr e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var m = Measure(e);
        var seen = new HashSet<Expr> { e };
        foreach (var c in ExprCandidates(e))
            if (c is not null && Measure(c).CompareTo(m) < 0 && seen.Add(c)) yield return c;
    }

    /// <summary>
    /// Smaller networks with the same inputs: an activation layer removed (and the dense layers around it composed), a
    /// max-pool replaced by taking each group's first input, two consecutive dense layers composed, one neuron removed
    /// (its row in its dense layer and its column in the next, or its index in the next max-pool's groups), a weight or
    /// bias set to 0 or shrunk, an activation replaced by its kind's simpler kind (leaky_relu, abs and clip by relu), and
    /// smaller activation parameters (clip's bounds; not leaky_relu's slope).
    /// </summary>
    public static IEnumerable<Net> Network(Net net)
    {
        ArgumentNullException.ThrowIfNull(net);
        var m = Measure(net);
        var seen = new HashSet<Net> { net };
        foreach (var c in NetworkCandidates(net))
            if (c is not null && Measure(c).CompareTo(m) < 0 && seen.Add(c)) yield return c;
    }

    /// <summary>Smaller subjects of the same kind and dimension (<see cref="Expr(Symbolic.Expressions.Expr)"/> or <see cref="Network(Net)"/>).</summary>
    public static IEnumerable<Subj> Subject(Subj s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Network is { } net
            ? Network(net).Select(Subj.Of)
            : Expr(s.Function!).Select(e => Subj.Of(e, s.Dimension));
    }

    /// <summary>The measure of a rational p/q: 2(|p| + q) + (1 if p &lt; 0).</summary>
    public static BigInteger Measure(Q r) => 2 * (BigInteger.Abs(r.Numerator) + r.Denominator) + (r.Sign < 0 ? 1 : 0);

    /// <summary>The measure of a point: the sum of its coordinates' measures.</summary>
    public static BigInteger Measure(IReadOnlyList<Q> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        BigInteger s = 0;
        foreach (var v in x) s += Measure(v);
        return s;
    }

    /// <summary>The measure of an expression: (nodes, numbers).</summary>
    public static (int Nodes, BigInteger Numbers) Measure(Expr e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (e.NodeCount, Numbers(e));
    }

    /// <summary>The measure of a network: (layers + max-pool layers, neurons, non-zero weights and biases, numbers).</summary>
    public static (int Layers, int Neurons, int NonZero, BigInteger Numbers) Measure(Net net)
    {
        ArgumentNullException.ThrowIfNull(net);
        int layers = net.Nodes.Sum(n => n.Layer.Match(dense: _ => 1, activation: _ => 1, maxPool: _ => 2, sparse: _ => 1));
        int neurons = net.Widths.Skip(1).Sum();
        int nonZero = 0;
        BigInteger numbers = 0;
        foreach (var layer in net.Nodes.Select(n => n.Layer))
            numbers += layer.Match(
                dense: d =>
                {
                    BigInteger sum = 0;
                    foreach (var v in d.Weights.SelectMany(r => r).Concat(d.Bias))
                    {
                        if (!v.IsZero) nonZero++;
                        sum += Measure(v);
                    }
                    return sum;
                },
                activation: a => a.Kind.ShrinkCost + a.Parameters.Aggregate(BigInteger.Zero, (sum, p) => sum + Measure(p)),
                maxPool: _ => BigInteger.Zero,
                sparse: sp =>
                {
                    BigInteger sum = 0;
                    foreach (var v in sp.Values.Concat(sp.Bias))
                    {
                        if (!v.IsZero) nonZero++;
                        sum += Measure(v);
                    }
                    return sum;
                });
        return (layers, neurons, nonZero, numbers);
    }

    private static IEnumerable<Q> RationalCandidates(Q r)
    {
        if (r.IsZero) yield break;
        yield return Q.Zero;
        var p = r.Numerator;
        var q = r.Denominator;
        if (!r.IsInteger) yield return new Q(BigInteger.Divide(p, q)); // toward 0
        if (r.Sign < 0) yield return -r;
        if (r.IsInteger && BigInteger.Abs(p) > 1) yield return new Q(p / 2);
        yield return new Q(p - p.Sign, q);
        if (q > 1) yield return new Q(p, q - 1);
    }

    private static BigInteger Numbers(Expr e)
    {
        BigInteger own = e switch
        {
            Constant c => Measure(c.Value),
            Variable => 2,
            LeakyRelu l => Measure(l.Alpha),
            Heaviside h => Measure(h.AtZero),
            Power p => Math.Abs(p.Exponent),
            _ => 0,
        };
        foreach (var child in e.Children) own += Numbers(child);
        return own;
    }

    private static IEnumerable<Expr?> ExprCandidates(Expr e)
    {
        if (e is Constant k)
        {
            foreach (var v in Rational(k.Value)) yield return Ex.Const(v);
            yield return Ex.One;
            yield break;
        }
        yield return Ex.Zero;
        yield return Ex.One;
        for (int i = 1; i <= e.MaxVariableIndex; i++)
            if (e.Contains(i)) yield return Ex.Var(i);
        var kids = e.Children;
        foreach (var child in kids) yield return child;
        if (e is Sum or Product or Max or Min && kids.Count >= 2)
            for (int i = 0; i < kids.Count; i++)
                yield return Try(() => e.WithChildren(kids.Where((_, j) => j != i).ToArray()));
        switch (e)
        {
            case LeakyRelu l:
                yield return Ex.Relu(l.Arg);
                foreach (var a in Rational(l.Alpha)) yield return Try(() => Ex.LeakyRelu(l.Arg, a));
                break;
            case Power p:
                yield return Try(() => Ex.Pow(p.Base, p.Exponent - Math.Sign(p.Exponent)));
                break;
            case Heaviside h when !h.AtZero.IsZero:
                yield return Ex.Step(h.Arg, Q.Zero);
                break;
        }
        for (int i = 0; i < kids.Count; i++)
            foreach (var smaller in Expr(kids[i]).Take(PerChild))
            {
                var next = kids.ToArray();
                next[i] = smaller;
                yield return Try(() => e.WithChildren(next));
            }
    }

    // Candidates of a chain: fewer layers, fewer neurons, zero or smaller weights and parameters. Sparse layers (from
    // imported models) take part in the structural steps (removing neurons, dropping an activation around them) but their
    // entries are not shrunk one by one; a graph (a network with residual connections) has no candidates: its structure is
    // kept and only the points of an instance shrink.
    private static IEnumerable<Net?> NetworkCandidates(Net net)
    {
        if (!net.IsChain) yield break;
        var layers = net.Layers;
        for (int k = 0; k < layers.Count; k++)
            if (NetworkSurgery.IsElementwise(layers[k]))
                yield return Make(net, NetworkSurgery.MergeDense(layers.Where((_, j) => j != k)));
        for (int k = 0; k < layers.Count; k++)
            if (layers[k] is MaxPoolLayer pool)
            {
                var select = NetworkSurgery.Zeros(pool.Groups.Length, net.Widths[k]);
                for (int g = 0; g < pool.Groups.Length; g++) select[g][pool.Groups[g][0]] = Q.One;
                var list = layers.ToList();
                list[k] = NetworkSurgery.Dense(select, new Q[pool.Groups.Length]);
                yield return Make(net, NetworkSurgery.MergeDense(list));
            }
        for (int k = 0; k + 1 < layers.Count; k++)
            if (layers[k] is DenseLayer a && layers[k + 1] is DenseLayer b)
            {
                var list = layers.ToList();
                list[k] = NetworkSurgery.Compose(a, b);
                list.RemoveAt(k + 1);
                yield return Make(net, list);
            }
        for (int k = 0; k < layers.Count; k++)
            if (layers[k] is DenseLayer or MaxPoolLayer)
                for (int i = 0; i < net.Widths[k + 1]; i++)
                    yield return NetworkSurgery.RemoveOutputs(net, k, [i]);
        for (int k = 0; k < layers.Count; k++)
            if (layers[k] is DenseLayer d)
                foreach (var (i, j, v) in Entries(d))
                    if (!v.IsZero) yield return WithEntry(net, k, i, j, Q.Zero);
        for (int k = 0; k < layers.Count; k++)
            if (layers[k] is ActivationLayer { Kind.Simpler: { } simpler })
                yield return WithLayer(net, k, simpler.Create([]));
        for (int k = 0; k < layers.Count; k++)
            if (layers[k] is DenseLayer d)
                foreach (var (i, j, v) in Entries(d))
                    foreach (var smaller in Rational(v).Where(s => !s.IsZero).Take(3))
                        yield return WithEntry(net, k, i, j, smaller);
        for (int k = 0; k < layers.Count; k++)
            if (layers[k] is ActivationLayer { Kind.ShrinkParameters: true } a)
                for (int p = 0; p < a.Parameters.Count; p++)
                    foreach (var smaller in Rational(a.Parameters[p]).Take(3))
                    {
                        var parameters = a.Parameters.ToArray();
                        parameters[p] = smaller;
                        if (a.Kind.TryCreate(parameters) is { } layer) yield return WithLayer(net, k, layer);
                    }
    }

    // (row, column, value) of the weights, with column -1 for the bias.
    private static IEnumerable<(int Row, int Column, Q Value)> Entries(DenseLayer d)
    {
        for (int i = 0; i < d.OutputCount; i++)
        {
            for (int j = 0; j < d.InputCount; j++) yield return (i, j, d.Weights[i][j]);
            yield return (i, -1, d.Bias[i]);
        }
    }

    private static Net WithEntry(Net net, int layer, int row, int column, Q value)
    {
        var d = (DenseLayer)net.Layers[layer];
        var w = NetworkSurgery.Rows(d);
        var b = d.Bias.ToArray();
        if (column < 0) b[row] = value;
        else w[row][column] = value;
        return WithLayer(net, layer, NetworkSurgery.Dense(w, b))!;
    }

    private static Net? WithLayer(Net net, int index, Layer layer)
    {
        var list = net.Layers.ToList();
        list[index] = layer;
        return Make(net, list);
    }

    private static Net? Make(Net net, IEnumerable<Layer> layers)
    {
        try { return new Net(net.Inputs, layers, net.Output); }
        catch (NetworkFormatException) { return null; }
    }

    private static Expr? Try(Func<Expr> build)
    {
        try { return build(); }
        catch (ArithmeticException) { return null; }
    }
}
