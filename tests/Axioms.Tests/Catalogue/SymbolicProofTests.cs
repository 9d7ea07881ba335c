using Verifier.Axioms;
using Verifier.Axioms.Methods;

namespace Verifier.Axioms.Tests.Catalogue;

/// <summary>The symbolic proofs over generic polynomials: they succeed where the literature says the axiom holds and
/// fail (the identity does not reduce to 0) where it does not, so they cannot pass vacuously.</summary>
public class SymbolicProofTests
{
    private static bool? Proved(string method, string axiom) =>
        AxiomCatalogue.Get(axiom).Prove(BuiltInMethods.Get(method))?.Proved;

    [Theory]
    [InlineData("ig", "completeness")]
    [InlineData("ig", "sensitivity-a")]
    [InlineData("ig", "sensitivity-b")]
    [InlineData("ig", "linearity")]
    [InlineData("ig", "symmetry-preserving")]
    [InlineData("ig", "affine-scale-invariance")]
    [InlineData("ig", "non-decreasing-positivity")]
    [InlineData("eg", "completeness-d")]
    [InlineData("eg", "sensitivity-a-d")]
    [InlineData("eg", "symmetry-preserving-d")]
    [InlineData("eg", "non-decreasing-positivity-d")]
    [InlineData("path:staircase", "completeness")]
    [InlineData("path:staircase", "affine-scale-invariance")]
    [InlineData("path:nonmonotone", "completeness")]
    [InlineData("path:nonmonotone", "linearity")]
    [InlineData("shapley", "completeness")]
    [InlineData("shapley", "sensitivity-b")]
    [InlineData("shapley", "linearity")]
    [InlineData("shapley", "symmetry-preserving")]
    [InlineData("gradient", "linearity")]
    [InlineData("gradient", "sensitivity-b")]
    [InlineData("gradient-x-input", "affine-scale-invariance")]
    public void Prove_AxiomThatHolds_Proved(string method, string axiom) => Assert.True(Proved(method, axiom));

    [Theory]
    [InlineData("path:staircase", "symmetry-preserving")]
    [InlineData("path:nonmonotone", "non-decreasing-positivity")]
    [InlineData("gradient", "completeness")]
    [InlineData("gradient", "affine-scale-invariance")]
    [InlineData("gradient-x-input", "completeness")]
    [InlineData("gradient", "sensitivity-a")]
    public void Prove_AxiomThatFails_NotProved(string method, string axiom) => Assert.False(Proved(method, axiom));

    [Theory]
    [InlineData("deeplift-rescale", "completeness")]
    [InlineData("lrp-0", "linearity")]
    public void Prove_MethodWithoutSymbolicForm_NoProof(string method, string axiom) => Assert.Null(Proved(method, axiom));
}
