using Verifier.Axioms.Smt;

namespace Verifier.Axioms.Methods;

/// <summary>How a method uses the baseline.</summary>
public enum BaselineUse
{
    /// <summary>No baseline at all (the plain gradient): <c>--baseline</c> is refused.</summary>
    None,
    /// <summary>Defined for x' = 0 only (LRP's rules): <c>--baseline</c> is refused, distributional axioms do not apply.</summary>
    ZeroOnly,
    /// <summary>One baseline x' (default all zeros).</summary>
    Single,
    /// <summary>A finite distribution of baselines with weights (<c>--baselines</c>, <c>--weights</c>; Expected Gradients).</summary>
    Distribution,
}

/// <summary>
/// Where a method's result depends on a convention at a kink (relu'(0)) or at a max/min tie (which maximal argument takes
/// the gradient): the axiom checks leave a failing instance out of scope when such a point is where the method looks
/// (DESIGN.md, exactness policy 6).
/// </summary>
public enum KinkScope
{
    /// <summary>Never: the method uses values of F only (baseline Shapley).</summary>
    Never,
    /// <summary>At the input x (the gradient, gradient x input; LRP's ties at its forward pass at x).</summary>
    AtInput,
    /// <summary>At x and x' together (DeepLIFT: its multipliers fall back on a derivative only where nothing changes).</summary>
    AtInputAndBaseline,
    /// <summary>At x or at x' (either end).</summary>
    AtInputOrBaseline,
    /// <summary>Along a whole piece of the method's path (path methods; for a method whose path is not known in reference
    /// coordinates, e.g. guided IG, at the path's ends x and x').</summary>
    AlongPath,
    /// <summary>LRP's rules: a layer output of 0 at x, where the rule divides 0 by 0 (they use activations, not derivatives).</summary>
    ZeroDenominators,
}

/// <summary>The query inputs beside F, x and x' that a method reads (the rest are refused or ignored as documented).</summary>
[Flags]
public enum QueryInputs
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>A path (<c>--path</c>).</summary>
    Path = 1,
    /// <summary>A hidden layer (<c>--layer L</c>).</summary>
    Layer = 2,
    /// <summary>A neuron of that layer (<c>--neuron J</c>).</summary>
    Neuron = 4,
    /// <summary>An input patch (<c>--patch i,j,...</c>).</summary>
    Patch = 8,
}

/// <summary>The solver-backed counterexample searches that apply to a method (<see cref="SolverSearch"/>; implementation
/// invariance applies to every method, non-decreasing positivity to every path method).</summary>
public sealed record SolverQueries
{
    /// <summary>None beyond those for every method.</summary>
    public static SolverQueries Default { get; } = new();

    /// <summary>Sensitivity(a) through the gradient at x: x, x' differing in one feature with F(x) != F(x') and ∂_iF(x) = 0
    /// (the gradient and gradient x input).</summary>
    public bool GradientSensitivity { get; init; }

    /// <summary>The method's own form as a weighted sum of gradients on the straight path, for the largest completeness gap
    /// (gradient x input), re-checked by the axiom's exact test; null when none.</summary>
    public GapMethod? CompletenessGap { get; init; }

    /// <summary>With <c>--param steps=K</c>, the largest completeness gap of the method's K-step left Riemann sum (IG),
    /// re-checked with exact gradients at the nodes; null when the method has no Riemann form.</summary>
    public MethodParameter? RiemannSteps { get; init; }
}

/// <summary>Whether and how a method is asked in the conformance suite (<c>verifier golden</c>).</summary>
/// <param name="Functions">Asked for every random function case.</param>
/// <param name="Networks">Asked for every random network case.</param>
public sealed record GoldenMembership(bool Functions, bool Networks)
{
    /// <summary>Parameters every query states, name to value text (e.g. <c>epsilon</c> = <c>1/100</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>True for a method added to the suite after it was published: its queries come in a second pass over the
    /// same random cases, after every query of the methods without it, so that a suite written before the method existed
    /// stays a byte-for-byte prefix of the new one (same seed and cases).</summary>
    public bool Appended { get; init; }
}
