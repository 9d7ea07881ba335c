using Verifier.PathMethods.Methods.Propagation;
using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

public static partial class Attribute
{
    /// <summary>
    /// DeepLIFT with the Rescale rule, exactly; the attributions sum to F(x) - F(x') exactly (summation-to-delta).
    /// On a network, multipliers are back-propagated layer by layer against the reference activations of the baseline's
    /// forward pass, and A_i = m_i (x_i - x'_i). On an expression, F is read as a computation graph (its canonical tree);
    /// supported are polynomial and piecewise-linear expressions (sums, products, integer powers, relu, leaky_relu, abs,
    /// step, max, min), whose node values are rational at x and x'.
    /// </summary>
    /// <remarks>
    /// Shrikumar, Greenside, Kundaje 2017, sections 3.3-3.5.2. Networks: dense and sparse layers (convolutions, pooling,
    /// and the residual adds of a graph) use the linear rule, and a value read by several layers sums their multipliers; element-wise
    /// activations m = Delta y / Delta x, and where Delta x = 0 the derivative at the reference under
    /// <paramref name="convention"/> (default PyTorch's), as in the authors' implementation (it cannot change any
    /// attribution's sum). Max-pool: the paper uses a gradient-like rule, which breaks summation-to-delta when the argmax
    /// moves; here each group's Delta y is split between its inputs by their Shapley values in the game of the max (exact;
    /// when only one input changes it receives the whole Delta y); an unchanged input gets the gradient at the reference.
    /// Expressions: sums use the linear rule and one-argument nodes Rescale (m = Delta y / Delta u, the derivative at the
    /// reference where Delta u = 0). Products, max and min split their Delta between their arguments by Shapley values of
    /// the node's own game (Lundberg and Lee 2017): for a b that is Delta(ab) = a0 Delta b + b0 Delta a + Delta a Delta b
    /// with the cross term split half and half. The result depends on how F is written, as DeepLIFT does (Sundararajan,
    /// Taly, Yan 2017, section 2.2: no implementation invariance).
    /// </remarks>
    /// <exception cref="ArgumentException">The dimensions of x, x' and F do not match.</exception>
    /// <exception cref="NotSupportedException">An expression F contains exp, log, sigmoid, tanh or softplus.</exception>
    /// <exception cref="DivideByZeroException">A negative power of a node that is 0 at x or x'.</exception>
    public static AttributionResult DeepLiftRescale(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention = null) =>
        DeepLiftRescale(f, input, baseline, convention, DeepLiftMaxPool.Shapley);

    /// <summary>DeepLIFT Rescale (<see cref="DeepLiftRescale(Subject, IReadOnlyList{Rational}, IReadOnlyList{Rational}, KinkConvention?)"/>)
    /// with a peer's rule at the max-pool layers of a network (<paramref name="maxPool"/>; expressions keep their Shapley
    /// split of max nodes).</summary>
    public static AttributionResult DeepLiftRescale(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention,
        DeepLiftMaxPool maxPool)
    {
        ArgumentNullException.ThrowIfNull(f);
        return f.Network is { } net ? DeepLiftNetworkCore(net, input, baseline, revealCancel: false, convention, maxPool)
            : DeepLiftExpressionCore(f, input, baseline, convention);
    }

    /// <summary>
    /// DeepLIFT with the RevealCancel rule, on networks only, exactly: at an activation fed by a dense layer, Delta x splits
    /// into Delta x+ and Delta x- (the sums of the positive and negative terms w_i Delta a_i), with
    /// Delta y+ = (f(x0 + Delta x+) - f(x0)) / 2 + (f(x0 + Delta x- + Delta x+) - f(x0 + Delta x-)) / 2, Delta y- symmetric,
    /// m+ = Delta y+ / Delta x+ and m- = Delta y- / Delta x- (0 when the denominator is 0).
    /// </summary>
    /// <remarks>
    /// Shrikumar, Greenside, Kundaje 2017, section 3.5.3. The parts' multipliers coincide for the positive and negative
    /// parts of a neuron (the paper's linear rule), so one multiplier per neuron is kept. An activation that is not fed
    /// by a dense layer (the network's first layer, or after a max-pool or another activation), and max-pool layers,
    /// use the Rescale rules of <see cref="DeepLiftRescale(Subject, IReadOnlyList{Rational}, IReadOnlyList{Rational}, KinkConvention?)"/>.
    /// Summation-to-delta holds exactly because Delta y+ + Delta y- = Delta y.
    /// </remarks>
    /// <exception cref="ArgumentException">x or x' does not have the network's input count.</exception>
    /// <exception cref="NetworkRequiredException">F is an expression.</exception>
    public static AttributionResult DeepLiftRevealCancel(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention = null) =>
        DeepLiftRevealCancel(f, input, baseline, convention, DeepLiftMaxPool.Shapley);

    /// <summary>DeepLIFT RevealCancel with a peer's rule at max-pool layers (<paramref name="maxPool"/>).</summary>
    public static AttributionResult DeepLiftRevealCancel(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention,
        DeepLiftMaxPool maxPool)
    {
        ArgumentNullException.ThrowIfNull(f);
        return DeepLiftNetworkCore(f.RequireNetwork("deeplift-revealcancel"), input, baseline, revealCancel: true, convention, maxPool);
    }

    private static AttributionResult DeepLiftExpressionCore(Subject subject, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention? convention)
    {
        CheckPoints(input, baseline);
        var f = FunctionOf(subject, input.Count);
        var root = new DeepLiftExpression(input, baseline, convention ?? KinkConvention.Default).Visit(f);
        var a = ExactResult.FromRationals(root.Contributions);
        var steps = new List<DerivationStep>
        {
            new("graph", $"canonical tree of F = {f}; F(x) = {root.AtInput}, F(x') = {root.AtBaseline}"),
            new("value", $"contributions at x = {ExactMath.Point(input)}, x' = {ExactMath.Point(baseline)}: {ExactMath.Values(a)}"),
        };
        return new AttributionResult("deeplift-rescale", input.ToArray(), baseline.ToArray(), a,
            ExactResult.FromRational(root.AtInput), ExactResult.FromRational(root.AtBaseline), null, steps);
    }

    private static AttributionResult DeepLiftNetworkCore(Network network, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, bool revealCancel,
        KinkConvention? convention, DeepLiftMaxPool maxPool)
    {
        NetworkTrace.CheckInput(network, input, "input");
        NetworkTrace.CheckInput(network, baseline, "baseline");
        var atInput = NetworkTrace.Forward(network, input);
        var atBaseline = NetworkTrace.Forward(network, baseline);
        var m = DeepLiftNetwork.Multipliers(network, atInput, atBaseline, revealCancel, convention ?? KinkConvention.Default, maxPool);
        var a = m.Select((mi, i) => ExactResult.FromRational(mi * (input[i] - baseline[i]))).ToArray();
        Rational fx = atInput[^1][network.Output], fb = atBaseline[^1][network.Output];
        var steps = new List<DerivationStep>
        {
            new("reference", "forward pass at x' = " + ExactMath.Point(baseline) + ": "
                + string.Join("; ", atBaseline.Skip(1).Select((v, l) => $"layer {l} ({network.LayerAt(l).TypeName}) {ExactMath.Point(v)}"))),
            new("multipliers", $"{(revealCancel ? "RevealCancel" : "Rescale")} multipliers of the inputs{(maxPool == DeepLiftMaxPool.Argmax ? " (max-pool: Captum's argmax routing)" : "")}: {ExactMath.Point(m)}"),
            new("value", $"A_i = m_i (x_i - x'_i) = {ExactMath.Values(a)}; sum = F(x) - F(x') = {fx} - {fb}"),
        };
        return new AttributionResult(revealCancel ? "deeplift-revealcancel" : "deeplift-rescale", input.ToArray(), baseline.ToArray(), a,
            ExactResult.FromRational(fx), ExactResult.FromRational(fb), null, steps);
    }
}
