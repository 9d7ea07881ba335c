using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

/// <summary>
/// The attribution IG_{S,j} of a patch S of input features to neuron j of a hidden layer (seed 004, section 6.2,
/// eq. 7), exactly, next to the paper's finite-difference speedup with N steps and its error against the exact value.
/// </summary>
/// <param name="Layer">The 0-based layer index L (the neurons are the output entries of <c>network.Layers[L]</c>).</param>
/// <param name="Neuron">The neuron j of layer L (0-based).</param>
/// <param name="Patch">S, the 0-based indices of the patch's features, sorted and without repeats.</param>
/// <param name="Exact">IG_{S,j} = sum over i in S of IG_{i,j}, exactly.</param>
/// <param name="Conductance">IG_{*,j}, the conductance of neuron j (all features).</param>
/// <param name="Steps">N, the number of Riemann terms of the speedup.</param>
/// <param name="Norm">||d||, the Euclidean norm of d (d_i = x_i - x'_i on S, 0 elsewhere), in double.</param>
/// <param name="Speedup">The speedup's value in double.</param>
/// <param name="SpeedupExact">The speedup's value exactly, when ||d|| is rational (sum over S of d_i^2 is the square of a
/// rational, e.g. a one-feature patch); otherwise null, and d/||d|| was rounded to doubles (then taken exactly).</param>
public sealed record PatchNeuronResult(
    int Layer,
    int Neuron,
    IReadOnlyList<int> Patch,
    Rational Exact,
    Rational Conductance,
    int Steps,
    double Norm,
    double Speedup,
    Rational? SpeedupExact)
{
    /// <summary>|speedup - exact|, exactly; null when the speedup is not exact (see <see cref="Error"/>).</summary>
    public Rational? ErrorExact { get; } = SpeedupExact is { } s ? (s - Exact).Abs() : null;

    /// <summary>|speedup - exact| in double (from <see cref="ErrorExact"/> when that is known).</summary>
    public double Error { get; } = SpeedupExact is { } s ? (s - Exact).Abs().ToDouble() : Math.Abs(Speedup - Exact.ToDouble());
}
