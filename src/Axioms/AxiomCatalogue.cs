using Verifier.Axioms.Catalogue;

namespace Verifier.Axioms;

/// <summary>Every axiom the toolkit checks, under its command-line name (CONTRACT.md, <c>verifier check --axioms</c>).</summary>
public static class AxiomCatalogue
{
    /// <summary>The axioms in the matrix's column order: the single-baseline axioms, then the distributional versions.</summary>
    public static IReadOnlyList<Axiom> All { get; } =
    [
        new Completeness(), new SensitivityA(), new SensitivityB(), new ImplementationInvariance(), new Linearity(),
        new SymmetryPreserving(), new AffineScaleInvariance(), new NonDecreasingPositivity(),
        new CompletenessD(), new SensitivityAD(), new SymmetryPreservingD(), new NonDecreasingPositivityD(),
    ];

    /// <summary>The axiom of a name.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static Axiom Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(a => a.Name == name.Trim())
            ?? throw new Verifier.Symbolic.InputArgumentException($"unknown axiom '{name}'; expected one of {string.Join(", ", All.Select(a => a.Name))}");
    }
}
