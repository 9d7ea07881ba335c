using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Verdicts;

namespace Verifier.Axioms.Tests.Catalogue;

/// <summary>Runs the matrix once, with the command line's default options, for every test in this class.</summary>
public sealed class MatrixFixture
{
    public MatrixResult Result { get; } = Matrix.Run();
}

/// <summary>Acceptance of <c>verifier matrix</c>: it reproduces the literature, and every violated cell carries an exact
/// counterexample that re-checks by recomputation.</summary>
public class MatrixTests(MatrixFixture fixture) : IClassFixture<MatrixFixture>
{
    private VerdictStatus Status(string method, string axiom) => fixture.Result[method, axiom].Verdict.Status;

    [Theory]
    [InlineData("ig", "completeness")]
    [InlineData("ig", "sensitivity-a")]
    [InlineData("ig", "sensitivity-b")]
    [InlineData("ig", "implementation-invariance")]
    [InlineData("ig", "linearity")]
    [InlineData("ig", "symmetry-preserving")]
    [InlineData("ig", "affine-scale-invariance")]
    [InlineData("ig", "non-decreasing-positivity")]
    [InlineData("shapley", "completeness")]
    [InlineData("shapley", "symmetry-preserving")]
    [InlineData("shapley", "sensitivity-b")]
    [InlineData("shapley", "linearity")]
    [InlineData("eg", "completeness-d")]
    [InlineData("eg", "sensitivity-a-d")]
    [InlineData("eg", "symmetry-preserving-d")]
    [InlineData("eg", "non-decreasing-positivity-d")]
    [InlineData("kernelshap", "completeness")]
    [InlineData("kernelshap", "symmetry-preserving")]
    [InlineData("kernelshap", "sensitivity-b")]
    [InlineData("kernelshap", "linearity")]
    [InlineData("kernelshap-sampled", "completeness")]
    [InlineData("kernelshap-sampled", "linearity")]
    [InlineData("lime", "linearity")]
    [InlineData("lime", "affine-scale-invariance")]
    [InlineData("lime", "implementation-invariance")]
    public void Matrix_AxiomThatHolds_ProvedOrHolds(string method, string axiom) =>
        Assert.Contains(Status(method, axiom), new[] { VerdictStatus.Proved, VerdictStatus.Holds });

    [Theory]
    [InlineData("gradient", "sensitivity-a")]
    [InlineData("gradient-x-input", "completeness")]
    [InlineData("deeplift-rescale", "implementation-invariance")]
    [InlineData("lrp-epsilon", "implementation-invariance")]
    [InlineData("path:staircase", "symmetry-preserving")]
    [InlineData("path:nonmonotone", "non-decreasing-positivity")]
    [InlineData("kernelshap-sampled", "symmetry-preserving")]
    [InlineData("lime", "completeness")]
    [InlineData("lime", "sensitivity-b")]
    [InlineData("lime", "symmetry-preserving")]
    [InlineData("lime", "non-decreasing-positivity")]
    public void Matrix_KnownViolation_Violated(string method, string axiom) =>
        Assert.Equal(VerdictStatus.Violated, Status(method, axiom));

    [Fact]
    public void Matrix_EveryViolatedCell_CounterexampleRechecks()
    {
        var violated = fixture.Result.Cells.Where(c => c.Verdict.Status == VerdictStatus.Violated).ToList();
        Assert.NotEmpty(violated);
        foreach (var cell in violated)
        {
            var method = BuiltInMethods.Get(cell.Method);
            var axiom = AxiomCatalogue.Get(cell.Axiom);
            var ce = cell.Verdict.Counterexample!;
            var again = axiom.Test(method, ce.Instance);
            Assert.True(again.Kind == TrialKind.Fail, $"{cell.Method} x {cell.Axiom}: re-check gave {again.Kind} ({again.Detail})");
            Assert.Equal(ce.Attributions, again.Attributions);
            Assert.Equal(ce.Detail, again.Detail);
        }
    }

    [Fact]
    public void Matrix_EveryCell_HasAVerdictAndExplanation()
    {
        Assert.Equal(BuiltInMethods.All.Count * AxiomCatalogue.All.Count, fixture.Result.Cells.Count);
        foreach (var c in fixture.Result.Cells)
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Verdict.How));
            if (c.Verdict.Status == VerdictStatus.Undetermined) Assert.False(string.IsNullOrWhiteSpace(c.Verdict.Reason));
        }
    }
}
