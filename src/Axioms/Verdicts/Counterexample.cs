using Verifier.Axioms.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Verdicts;

/// <summary>
/// One instance of an axiom's hypothesis: F (and, for axioms about two functions, G), the input x, the baseline x' (or a
/// baseline distribution) and the axiom's parameters. The search generates these; a violated verdict carries one.
/// </summary>
public sealed record AxiomInstance(Subject F, IReadOnlyList<Rational> Input, IReadOnlyList<Rational> Baseline)
{
    /// <summary>The second function: another implementation of F (implementation invariance) or G (linearity).</summary>
    public Subject? G { get; init; }

    /// <summary>The baseline distribution of a distributional axiom (then <see cref="Baseline"/> is its mean).</summary>
    public BaselineDistribution? Baselines { get; init; }

    /// <summary>Named exact parameters: alpha and beta (linearity), c and d (affine scale invariance).</summary>
    public IReadOnlyDictionary<string, Rational> Parameters { get; init; } = new Dictionary<string, Rational>();

    /// <summary>0-based feature indices the axiom refers to: i (sensitivity, dummy, affine scale invariance), i and j (symmetry).</summary>
    public IReadOnlyList<int> Features { get; init; } = [];

    /// <summary>A short description of how F or G was obtained (e.g. the rewrite's name).</summary>
    public string? Note { get; init; }

    /// <summary>The function F (and G) were derived from, when they are not drawn directly (e.g. the function that was
    /// symmetrised, or the monotone function composed with the map from x' to x); shrinking works on it.</summary>
    public Subject? Base { get; init; }

    /// <summary>Rebuilds F (and G) from <see cref="Base"/> and the points after a shrinking step; null when the
    /// instance no longer fits.</summary>
    internal Func<AxiomInstance, AxiomInstance?>? Rebuild { get; init; }

    /// <summary>The dimension n.</summary>
    public int Dimension => Input.Count;
}

/// <summary>An exact counterexample: the instance, the attributions computed on it, and what fails.</summary>
/// <param name="Instance">The instance.</param>
/// <param name="Attributions">A(x, x', F) as exact strings (rationals or closed forms).</param>
/// <param name="Detail">What fails, e.g. "sum 2 != F(x) - F(x') = 1".</param>
public sealed record Counterexample(AxiomInstance Instance, IReadOnlyList<string> Attributions, string Detail)
{
    /// <summary>The attributions of the second computation the axiom compares with (A on G, or on the transformed instance).</summary>
    public IReadOnlyList<string>? Attributions2 { get; init; }

    /// <summary>How many shrinking steps led from the first failing instance to this one.</summary>
    public int ShrinkSteps { get; init; }

    /// <summary>With a tolerance: how far beyond it the failing comparison was (|lhs - rhs| and its allowance); null for
    /// exact comparisons.</summary>
    public Margin? Margin { get; init; }

    /// <summary>For a method in another process: the requests that reproduce the counterexample, and the command that
    /// replays them (<see cref="Reproduction"/>); null otherwise.</summary>
    public Reproduction? Reproduction { get; init; }
}
