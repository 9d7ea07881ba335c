using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Verdicts;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Catalogue;

/// <summary>A user's own method, checked through <see cref="IAttributionMethod"/>.</summary>
public class CustomMethodTests
{
    /// <summary>Half of Integrated Gradients: linear, symmetric and a dummy-respecting method that is not complete.</summary>
    private sealed class HalfIg : IAttributionMethod
    {
        public string Name => "half-ig";
        public MethodTraits Traits => MethodTraits.Any;

        public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline)
        {
            var r = BuiltInMethods.IntegratedGradients.Attribute(f, input, baseline);
            return r with { Method = Name, Attributions = r.Attributions.Select(a => Exact.Scale(a, Rational.Half)).ToArray() };
        }
    }

    private static readonly CheckOptions Fast = CheckOptions.Default with { Trials = 30 };

    [Fact]
    public void CustomMethod_NotComplete_ViolatedAndRechecks()
    {
        var method = new HalfIg();
        var axiom = AxiomCatalogue.Get("completeness");
        var v = axiom.Check(method, Fast);
        Assert.Equal(VerdictStatus.Violated, v.Status);
        Assert.Equal(TrialKind.Fail, axiom.Test(method, v.Counterexample!.Instance).Kind);
    }

    [Theory]
    [InlineData("linearity")]
    [InlineData("sensitivity-b")]
    [InlineData("symmetry-preserving")]
    public void CustomMethod_AxiomItKeeps_Holds(string name)
    {
        // No symbolic form for a user's method: the verdict can only come from the search.
        var v = AxiomCatalogue.Get(name).Check(new HalfIg(), Fast);
        Assert.Equal(VerdictStatus.Holds, v.Status);
        Assert.Contains("30 trials", v.How);
    }

    [Fact]
    public void Search_Shrinking_ReachesSmallCounterexample()
    {
        var v = AxiomCatalogue.Get("completeness").Check(new HalfIg(), Fast);
        var i = v.Counterexample!.Instance;
        Assert.Equal(1, i.Dimension);
        Assert.All(i.Input.Concat(i.Baseline), x => Assert.True(x.Denominator.IsOne && System.Numerics.BigInteger.Abs(x.Numerator) <= 2));
    }
}

/// <summary>Guided IG through <c>BuiltInMethods.Get</c> (not a matrix row): a path method whose path depends on F.</summary>
public class GuidedIgCheckTests
{
    [Fact]
    public void GuidedIg_Linearity_ViolatedWithExactCounterexample()
    {
        var method = BuiltInMethods.Get("guided-ig", null, new Dictionary<string, Rational> { ["steps"] = new Rational(16) });
        var v = AxiomCatalogue.Get("linearity").Check(method, CheckOptions.Default with { Trials = 40 });
        Assert.Equal(VerdictStatus.Violated, v.Status);
        Assert.Equal(TrialKind.Fail, AxiomCatalogue.Get("linearity").Test(method, v.Counterexample!.Instance).Kind);
    }

    [Fact]
    public void GuidedIg_BadSteps_ClearMessage() =>
        Assert.Contains("steps", Assert.ThrowsAny<ArgumentException>(() =>
            BuiltInMethods.Get("guided-ig", null, new Dictionary<string, Rational> { ["steps"] = Rational.Zero })).Message);
}
