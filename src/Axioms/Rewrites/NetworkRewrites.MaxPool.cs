using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Rewrites;

public static partial class NetworkRewrites
{
    /// <summary>
    /// Replaces the max-pooling layer at <paramref name="layer"/> by dense, relu, dense layers computing the same maxima:
    /// max(a, b) = a + relu(b - a) with the pass-through a = relu(a) - relu(-a) (a group of one is a = relu(a) - relu(-a)).
    /// Null when the layer is not a max-pool or has a group of more than two inputs.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="net"/> is null.</exception>
    public static NetworkRewrite? MaxPoolAsRelu(Network net, int layer)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (layer < 0 || layer >= net.Layers.Count || net.Layers[layer] is not MaxPoolLayer pool) return null;
        if (pool.Groups.Any(g => g.Distinct().Count() > 2)) return null;
        int width = net.Widths[layer];
        var expand = new List<Rational[]>();
        var combine = new List<List<(int Row, Rational Weight)>>();
        Rational[] Unit(int i, Rational sign)
        {
            var row = new Rational[width];
            row[i] = sign;
            return row;
        }
        foreach (var group in pool.Groups)
        {
            var members = group.Distinct().ToArray();
            var terms = new List<(int, Rational)>();
            int a = members[0];
            terms.Add((expand.Count, Rational.One));
            expand.Add(Unit(a, Rational.One));
            terms.Add((expand.Count, Rational.MinusOne));
            expand.Add(Unit(a, Rational.MinusOne));
            if (members.Length == 2)
            {
                var diff = Unit(members[1], Rational.One);
                diff[a] = Rational.MinusOne;
                terms.Add((expand.Count, Rational.One));
                expand.Add(diff);
            }
            combine.Add(terms);
        }
        var second = combine.Select(terms =>
        {
            var row = new Rational[expand.Count];
            foreach (var (r, w) in terms) row[r] = w;
            return (IReadOnlyList<Rational>)row;
        }).ToArray();
        var layers = net.Layers.ToList();
        layers.RemoveAt(layer);
        layers.InsertRange(layer,
        [
            new DenseLayer(expand.Select(r => (IReadOnlyList<Rational>)r).ToArray(), new Rational[expand.Count]),
            new ReluLayer(),
            new DenseLayer(second, new Rational[second.Length]),
        ]);
        return new NetworkRewrite($"write max-pool layer {layer} with relus: max(a, b) = a + relu(b - a)", new Network(net.Inputs, layers, net.Output));
    }
}
