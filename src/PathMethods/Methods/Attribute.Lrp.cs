using Verifier.PathMethods.Methods.Propagation;
using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

public static partial class Attribute
{
    /// <summary>
    /// LRP-0, on networks only, exactly: the relevance R = F(x) of the output neuron is propagated back through dense
    /// and sparse layers by R_j = sum_k z_jk / z_k R_k with z_jk = a_j w_jk and z_k = sum_j z_jk + b_k, unchanged through
    /// element-wise activations, and to the first maximal input of each max-pool group (winner takes all). In a graph
    /// a residual add splits R_k between its operands in proportion to their values (the same rule with w = 1), and a value
    /// read by several layers receives the sum of their relevances.
    /// </summary>
    /// <remarks>
    /// Bach et al. 2015; Montavon et al. 2019, section 10.2.1. The bias takes its share b_k / z_k R_k, so the input
    /// relevances sum to F(x) minus the bias relevance (exactly F(x) for a bias-free network). A neuron with z_k = 0
    /// passes no relevance (it is named in the derivation). The result's baseline is 0 and its completeness gap
    /// refers to F(0), as for the gradient.
    /// </remarks>
    /// <exception cref="ArgumentException">x does not have the network's input count.</exception>
    /// <exception cref="NetworkRequiredException">F is an expression (LRP is defined for networks only).</exception>
    public static AttributionResult LrpZero(Subject f, IReadOnlyList<Rational> input) =>
        LrpCore(f, input, LrpRule.Zero, Rational.Zero, "lrp-0", LrpMaxPool.WinnerTakesAll);

    /// <summary>LRP-0 with a peer's rule at max-pool layers (<paramref name="maxPool"/>).</summary>
    public static AttributionResult LrpZero(Subject f, IReadOnlyList<Rational> input, LrpMaxPool maxPool) =>
        LrpCore(f, input, LrpRule.Zero, Rational.Zero, "lrp-0", maxPool);

    /// <summary>LRP-epsilon on a network, exactly: LRP-0 with z_k + epsilon sign(z_k) in the denominator, sign(0) = 1.</summary>
    /// <remarks>
    /// Bach et al. 2015; Montavon et al. 2019, section 10.2.2. The epsilon term absorbs relevance; epsilon = 0 is LRP-0.
    /// Element-wise activations and max-pool as in <see cref="LrpZero(Subject, IReadOnlyList{Rational})"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">x does not have the network's input count.</exception>
    /// <exception cref="NetworkRequiredException">F is an expression (LRP is defined for networks only).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is negative.</exception>
    public static AttributionResult LrpEpsilon(Subject f, IReadOnlyList<Rational> input, Rational epsilon) =>
        LrpEpsilon(f, input, epsilon, LrpMaxPool.WinnerTakesAll);

    /// <summary>LRP-epsilon with a peer's rule at max-pool layers (<paramref name="maxPool"/>; Captum applies the epsilon
    /// rule there).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is negative.</exception>
    public static AttributionResult LrpEpsilon(Subject f, IReadOnlyList<Rational> input, Rational epsilon, LrpMaxPool maxPool)
    {
        if (epsilon.Sign < 0) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be at least 0");
        return LrpCore(f, input, LrpRule.Epsilon, epsilon, "lrp-epsilon", maxPool);
    }

    /// <summary>
    /// LRP-gamma on a network, exactly: z_jk = a_j (w_jk + gamma max(0, w_jk)), the bias likewise b_k + gamma max(0, b_k),
    /// z_k their sum; on every dense layer, the first (input) layer included.
    /// </summary>
    /// <remarks>
    /// Montavon et al. 2019, section 10.2.3, with the bias as the weight of a constant input a_0 = 1 (so it is
    /// transformed too). On the input layer a_j may be negative; the same formula is used (the paper recommends other
    /// rules there, e.g. z^B for bounded pixels, which need bounds this API does not take). gamma = 0 is LRP-0.
    /// </remarks>
    /// <exception cref="ArgumentException">x does not have the network's input count.</exception>
    /// <exception cref="NetworkRequiredException">F is an expression (LRP is defined for networks only).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is negative.</exception>
    public static AttributionResult LrpGamma(Subject f, IReadOnlyList<Rational> input, Rational gamma)
    {
        if (gamma.Sign < 0) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be at least 0");
        return LrpCore(f, input, LrpRule.Gamma, gamma, "lrp-gamma", LrpMaxPool.WinnerTakesAll);
    }

    /// <summary>
    /// LRP-z+ on a network, exactly: only positive contributions z_jk = max(0, a_j w_jk) and no bias, on every dense
    /// layer, the input layer included.
    /// </summary>
    /// <remarks>
    /// Montavon et al. 2017 (deep Taylor decomposition, the z+ rule); Bach et al. 2015 (alpha = 1, beta = 0). For
    /// activations a_j &gt;= 0 this is a_j max(0, w_jk); on the input layer it keeps the positive products
    /// (documented choice). A neuron with no positive contribution passes no relevance.
    /// </remarks>
    /// <exception cref="ArgumentException">x does not have the network's input count.</exception>
    /// <exception cref="NetworkRequiredException">F is an expression (LRP is defined for networks only).</exception>
    public static AttributionResult LrpZPlus(Subject f, IReadOnlyList<Rational> input) =>
        LrpCore(f, input, LrpRule.ZPlus, Rational.Zero, "lrp-zplus", LrpMaxPool.WinnerTakesAll);

    internal static LrpOutcome LrpOutcomeOf(Network network, IReadOnlyList<Rational> input, LrpRule rule, Rational parameter,
        LrpMaxPool maxPool = LrpMaxPool.WinnerTakesAll)
    {
        NetworkTrace.CheckInput(network, input, "input");
        return LrpNetwork.Run(network, NetworkTrace.Forward(network, input), rule, parameter, maxPool);
    }

    private static AttributionResult LrpCore(Subject f, IReadOnlyList<Rational> input, LrpRule rule, Rational parameter, string method, LrpMaxPool maxPool)
    {
        ArgumentNullException.ThrowIfNull(f);
        var network = f.RequireNetwork(method);
        var outcome = LrpOutcomeOf(network, input, rule, parameter, maxPool);
        var a = ExactResult.FromRationals(outcome.Relevances[0]);
        var zero = new Rational[input.Count];
        var steps = new List<DerivationStep>
        {
            new("relevance", string.Join("; ", outcome.Relevances.Select((r, l) => l == network.LayerCount ? $"output {ExactMath.Point(r)}"
                : network.IsChain ? $"input of layer {l} ({network.LayerAt(l).TypeName}) {ExactMath.Point(r)}"
                : l == 0 ? $"input {ExactMath.Point(r)}" : $"output of layer {l - 1} ({network.LayerAt(l - 1).TypeName}) {ExactMath.Point(r)}").Reverse())),
            new("conservation", $"sum of input relevances {ExactMath.Sum(a)} + bias relevance {outcome.BiasRelevance} + epsilon relevance {outcome.StabiliserRelevance} + dropped {outcome.DroppedRelevance} = F(x) = {outcome.Relevances[^1][network.Output]}"),
        };
        steps.AddRange(outcome.Flags.Select(f => new DerivationStep("division by zero", f)));
        steps.Add(new("value", $"R = {ExactMath.Values(a)}"));
        return new AttributionResult(method, input.ToArray(), zero, a,
            ExactResult.FromRational(network.Evaluate(input)), ExactResult.FromRational(network.Evaluate(zero)), null, steps);
    }
}
