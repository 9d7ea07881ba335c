using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

/// <summary>
/// The conductance of every neuron of one hidden layer along the straight path from x' to x, exactly, with the
/// flow of each input feature through each neuron (seed 004, section 6, eqs. 4-6).
/// </summary>
/// <param name="Layer">The 0-based layer index L: the neurons are the output entries of <c>network.Layers[L]</c>.</param>
/// <param name="Input">The input x.</param>
/// <param name="Baseline">The baseline x'.</param>
/// <param name="Neurons">Cond_j = IG_{*,j}, one per neuron of layer L.</param>
/// <param name="Flows">IG_{i,j}, the gradient flow of feature i through neuron j, as rows <c>Flows[i][j]</c>.</param>
/// <param name="InputGradients">IG_i = IG_{i,*}, Integrated Gradients of the input features, computed as sum_j IG_{i,j}.</param>
/// <param name="FInput">F(x).</param>
/// <param name="FBaseline">F(x').</param>
/// <param name="Pieces">The breakpoints in t of the straight path on which the whole network is affine.</param>
public sealed record ConductanceResult(
    int Layer,
    IReadOnlyList<Rational> Input,
    IReadOnlyList<Rational> Baseline,
    IReadOnlyList<Rational> Neurons,
    IReadOnlyList<IReadOnlyList<Rational>> Flows,
    IReadOnlyList<Rational> InputGradients,
    Rational FInput,
    Rational FBaseline,
    IReadOnlyList<Rational> Pieces)
{
    /// <summary>sum_j Cond_j.</summary>
    public Rational Sum { get; } = Neurons.Aggregate(Rational.Zero, (s, v) => s + v);

    /// <summary>F(x) - F(x') - sum_j Cond_j; exactly 0 (completeness through the layer, seed 004 eqs. 5-6).</summary>
    public Rational CompletenessGap { get; } = FInput - FBaseline - Neurons.Aggregate(Rational.Zero, (s, v) => s + v);
}
