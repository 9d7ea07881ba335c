using Verifier.Axioms.Tests.Methods;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Search;

/// <summary>A method that throws is a defect, not a skipped trial: errored trials are counted and reported, and a verdict
/// with errored trials is never holds; only input errors (<see cref="IInputError"/>) make an instance not count.</summary>
public class ErroredTrialTests
{
    private static readonly CheckOptions Fast = CheckOptions.Default with { Trials = 30 };

    private static Verdict Check(string axiom, FaultyIg method) => AxiomCatalogue.Get(axiom).Check(method, Fast);

    [Fact]
    public void Check_MethodThrowingNullReferenceOnSomeTrials_UndeterminedWithErrorCount()
    {
        var v = Check("completeness", new FaultyIg("ig-crashing", x => x[0].Sign > 0, () => new NullReferenceException("no attribution here")));
        Assert.Equal(VerdictStatus.Undetermined, v.Status);
        Assert.InRange(v.Errored, 1, 29); // some trials, not all
        Assert.Contains("NullReferenceException: no attribution here", v.FirstError);
        Assert.StartsWith($"{v.Errored} trials errored", v.Reason);
        Assert.Contains($"{v.Errored} trials errored, first: trial ", v.How);
    }

    [Fact]
    public void Check_SameMethodWithoutTheCrash_Holds()
    {
        var v = Check("completeness", new FaultyIg("ig-sound", _ => false, () => new NullReferenceException()));
        Assert.Equal(VerdictStatus.Holds, v.Status);
        Assert.Equal(0, v.Errored);
        Assert.Null(v.FirstError);
    }

    [Fact]
    public void Check_ThrowingAndIncompleteMethod_CounterexampleStands()
    {
        var method = new FaultyIg("half-ig-crashing", x => x[0].Sign > 0, () => new NullReferenceException(), scale: Rational.Half);
        var v = Check("completeness", method);
        Assert.Equal(VerdictStatus.Violated, v.Status);
        Assert.Equal(TrialKind.Fail, AxiomCatalogue.Get("completeness").Test(method, v.Counterexample!.Instance).Kind);
    }

    [Fact]
    public void Check_MethodThrowingInputErrors_SkipsThoseInstancesAndHolds()
    {
        var v = Check("completeness", new FaultyIg("ig-limited", x => x[0].Sign > 0, () => new UnsupportedInputException("beyond my limit")));
        Assert.Equal(VerdictStatus.Holds, v.Status);
        Assert.Equal(0, v.Errored);
        Assert.Contains("not computable exactly (UnsupportedInputException: beyond my limit)", v.How);
    }

    [Fact]
    public void Shrink_FailureNextToAnError_NeverShrinksOntoTheError()
    {
        // Half of IG fails completeness everywhere F changes, and throws on every one-feature input: the shrinker, which
        // would reach one feature (CustomMethodTests), must keep a failing instance, never an erroring one.
        var method = new FaultyIg("half-ig-no-1d", x => x.Count == 1, () => new NullReferenceException(), scale: Rational.Half);
        var v = Check("completeness", method);
        Assert.Equal(VerdictStatus.Violated, v.Status);
        Assert.True(v.Counterexample!.Instance.Dimension >= 2, $"shrunk onto {v.Counterexample.Instance.Dimension} feature(s)");
        Assert.Equal(TrialKind.Fail, AxiomCatalogue.Get("completeness").Test(method, v.Counterexample.Instance).Kind);
    }

    [Fact]
    public void SafeTest_NonInputException_IsAnErrorNotASkip()
    {
        var method = new FaultyIg("always", _ => true, () => new InvalidOperationException("bug"));
        var instance = new AxiomInstance(Verifier.Symbolic.Expressions.Parsing.ExprParser.Parse("x1"), [Rational.One], [Rational.Zero]);
        var outcome = Verifier.Axioms.Search.PropertySearch.SafeTest(AxiomCatalogue.Get("completeness"), method, instance);
        Assert.Equal((TrialKind.Error, "InvalidOperationException: bug"), (outcome.Kind, outcome.Detail));
    }
}
