using Verifier.Axioms;
using Verifier.Axioms.Catalogue;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Verdicts;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Catalogue;

/// <summary>The counterexamples of the source documents, reproduced exactly through the axiom classes.</summary>
public class PaperExampleTests
{
    private static Rational[] P(params string[] v) => v.Select(s => Rational.Parse(s)).ToArray();

    private static string[] Values(IEnumerable<Symbolic.Integration.ExactResult> r) => r.Select(Exact.Format).ToArray();

    [Fact]
    public void AppendixC_NonMonotonePath_GivesOneMinusOne()
    {
        // Lundstrom et al. 2022, Appendix C: F = x1 x2, x' = (0,0), x = (1,0), path (0,0) -> (0,1) -> (1,1) -> (1,0).
        var f = ExprParser.Parse("x1*x2");
        var path = new PolylinePath(P("0", "0"), P("1", "0"), [P("0", "1"), P("1", "1")]);
        var r = Attribute.Path(f, path);
        Assert.Equal(["1", "-1"], Values(r.Attributions));
        Assert.Equal(Rational.Zero, r.CompletenessGap.Rational);
    }

    [Fact]
    public void AppendixE1_ReferencePath_GivesMinusTwoThirdsFiveThirds()
    {
        // Lundstrom et al. 2022, Appendix E.1: F = x1 x2^2, x' = 0, x = 1 along (0,0)->(1,0)->(1,1)->(0,1)->(0,0)->(1,1).
        var f = Subject.Of(ExprParser.Parse("x1*x2^2"), 2);
        var r = BuiltInMethods.NonMonotone.Attribute(f, P("1", "1"), P("0", "0"));
        Assert.Equal(["-2/3", "5/3"], Values(r.Attributions));
    }

    [Fact]
    public void AppendixE1_NdpTest_FailsOnThePaperInstance()
    {
        var m = Subject.Of(ExprParser.Parse("x1*x2^2"), 2);
        var axiom = new NonDecreasingPositivity();
        var instance = new AxiomInstance(m, P("1", "1"), P("0", "0")) { Base = m };
        var outcome = axiom.Test(BuiltInMethods.NonMonotone, instance with { F = m });
        Assert.Equal(TrialKind.Fail, outcome.Kind);
        Assert.Equal(["-2/3", "5/3"], outcome.Attributions);
        Assert.Equal(TrialKind.Pass, axiom.Test(BuiltInMethods.IntegratedGradients, instance).Kind);
    }

    [Fact]
    public void Gradient_SaturatedRelu_ViolatesSensitivityA()
    {
        // Sundararajan et al. 2017, section 2.1: F = 1 - relu(1 - x), x' = 0, x = 2: F changes by 1, the gradient at x is 0.
        var f = Subject.Of(ExprParser.Parse("1 - relu(1 - x1)"), 1);
        var instance = new AxiomInstance(f, P("2"), P("0")) { Features = [0] };
        var axiom = new SensitivityA();
        Assert.Equal(TrialKind.Fail, axiom.Test(BuiltInMethods.Gradient, instance).Kind);
        Assert.Equal(TrialKind.Pass, axiom.Test(BuiltInMethods.IntegratedGradients, instance).Kind);
    }

    [Fact]
    public void GradientTimesInput_Product_ViolatesCompleteness()
    {
        // CONTRACT.md's example: F = x1 x2 at x = (1,1), x' = 0: attributions (1,1) sum to 2, F(x) - F(x') = 1.
        var f = Subject.Of(ExprParser.Parse("x1*x2"), 2);
        var outcome = new Completeness().Test(BuiltInMethods.GradientTimesInput, new AxiomInstance(f, P("1", "1"), P("0", "0")));
        Assert.Equal(TrialKind.Fail, outcome.Kind);
        Assert.Equal(["1", "1"], outcome.Attributions);
        Assert.Equal("sum 2 != F(x) - F(x') = 1", outcome.Detail);
    }

    [Fact]
    public void Staircase_SymmetricProduct_ViolatesSymmetry()
    {
        var f = Subject.Of(ExprParser.Parse("x1*x2"), 2);
        var instance = new AxiomInstance(f, P("1", "1"), P("0", "0")) { Features = [0, 1] };
        var outcome = new SymmetryPreserving().Test(BuiltInMethods.Staircase, instance);
        Assert.Equal(TrialKind.Fail, outcome.Kind);
        Assert.Equal(["0", "1"], outcome.Attributions);
        Assert.Equal(TrialKind.Pass, new SymmetryPreserving().Test(BuiltInMethods.IntegratedGradients, instance).Kind);
    }

    [Fact]
    public void Kink_PathInsideKinkSet_IsSkippedNotViolated()
    {
        // relu(x1 - x2) - relu(x2 - x1) = x1 - x2; on the diagonal path from 0 to (1,1) both relus sit at their kink
        // for the whole path, where relu'(0) decides: the instance is outside the axioms' scope, not a violation.
        var f = Subject.Of(ExprParser.Parse("relu(x1 - x2) - relu(x2 - x1)"), 2);
        var g = Subject.Of(ExprParser.Parse("x1 - x2"), 2);
        var instance = new AxiomInstance(f, P("1", "1"), P("0", "0")) { G = g };
        var outcome = new ImplementationInvariance().Test(BuiltInMethods.IntegratedGradients, instance);
        Assert.Equal(TrialKind.Skip, outcome.Kind);
        Assert.Contains("kink", outcome.Detail);
    }
}
