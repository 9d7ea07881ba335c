using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

public static partial class Attribute
{
    /// <summary>
    /// Conductance of every neuron of hidden layer <paramref name="layer"/> along the straight path from x' to x,
    /// exactly: Cond_j = sum_i IG_{i,j} with IG_{i,j} = (x_i - x'_i) integral_0^1 dG/dH_j(H(gamma(t))) dH_j/dx_i(gamma(t)) dt.
    /// </summary>
    /// <remarks>
    /// Dhamdhere, Sundararajan, Yan 2018, "How important is a neuron?"; seed 004, section 6, eqs. 4-6. The network is
    /// split after layer L, F = G o H, where "layer L" is the activation vector output by <c>network.Layers[L]</c>
    /// (0-based; for a dense layer that is the pre-activation, for an activation layer the post-activation). On each
    /// affine piece of the straight path (ExactLine, <see cref="NetworkLine.Restrict"/>) both dG/dH and dH/dx are
    /// constant; they are taken at the piece's midpoint by exact back-propagation with <paramref name="convention"/>,
    /// which matters only for neurons that sit at their kink along a whole piece. Since back-propagation through G
    /// then H is back-propagation through F, sum_j IG_{i,j} equals <see cref="IntegratedGradients"/>
    /// exactly, and sum_j Cond_j = F(x) - F(x').
    /// </remarks>
    /// <exception cref="ArgumentException">x or x' does not have the network's input count.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is not a layer index.</exception>
    /// <exception cref="NetworkRequiredException">F is an expression (conductance is defined for networks only).</exception>
    public static ConductanceResult Conductance(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline,
        int layer, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        var split = new LayerSplit(f.RequireNetwork("conductance"), layer);
        return ConductanceCore(split, input, baseline, convention);
    }

    /// <summary>
    /// The conductance of one neuron j of hidden layer <paramref name="layer"/> split over the input features:
    /// A_i = IG_{i,j} (seed 004, eq. 4), exactly. Its sum is Cond_j; the result's completeness gap F(x) - F(x') - Cond_j
    /// is the flow through the layer's other neurons.
    /// </summary>
    /// <remarks>Dhamdhere et al. 2018; seed 004, section 6. See <see cref="Conductance"/> for the layer convention.</remarks>
    /// <exception cref="ArgumentException">x or x' does not have the network's input count.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> or <paramref name="neuron"/> is out of range.</exception>
    /// <exception cref="NetworkRequiredException">F is an expression (conductance is defined for networks only).</exception>
    public static AttributionResult NeuronConductance(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline,
        int layer, int neuron, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        var network = f.RequireNetwork("conductance");
        var split = new LayerSplit(network, layer);
        split.CheckNeuron(neuron);
        var r = ConductanceCore(split, input, baseline, convention);
        var a = r.Flows.Select(row => ExactResult.FromRational(row[neuron])).ToArray();
        var steps = new List<DerivationStep>
        {
            new("split", $"F = G o H after layer {layer} ({network.Layers[layer].TypeName}, {split.Width} neurons); neuron {neuron}"),
            new("pieces", $"straight path x' -> x affine on t in {string.Join(", ", r.Pieces)}"),
            new("value", $"IG_(i,{neuron}) = {ExactMath.Values(a)}; conductance {r.Neurons[neuron]}"),
        };
        return new AttributionResult("conductance", r.Input, r.Baseline, a,
            ExactResult.FromRational(r.FInput), ExactResult.FromRational(r.FBaseline), r.Pieces, steps);
    }

    private static ConductanceResult ConductanceCore(LayerSplit split, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline,
        KinkConvention? convention)
    {
        var network = split.Network;
        split.CheckPoint(input, nameof(input));
        split.CheckPoint(baseline, nameof(baseline));
        int n = network.Inputs, m = split.Width;
        var flows = new Rational[n][];
        for (int i = 0; i < n; i++) flows[i] = new Rational[m];
        var line = NetworkLine.Restrict(network, baseline, input);
        for (int piece = 0; piece < line.Pieces; piece++)
        {
            var length = line.End(piece) - line.Start(piece);
            var mid = NetworkLine.PointAt(baseline, input, (line.Start(piece) + line.End(piece)) * Rational.Half);
            var head = split.HeadGradient(mid, convention);
            var jacobian = split.Jacobian(mid, convention);
            for (int j = 0; j < m; j++)
            {
                if (head[j].IsZero) continue;
                var row = jacobian[j];
                var scale = head[j] * length;
                for (int i = 0; i < n; i++)
                    if (!row[i].IsZero) flows[i][j] += scale * row[i] * (input[i] - baseline[i]);
            }
        }
        var neurons = new Rational[m];
        var ig = new Rational[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                neurons[j] += flows[i][j];
                ig[i] += flows[i][j];
            }
        return new ConductanceResult(split.Layer, input.ToArray(), baseline.ToArray(), neurons, flows, ig,
            network.Evaluate(input), network.Evaluate(baseline), line.Breakpoints);
    }
}
