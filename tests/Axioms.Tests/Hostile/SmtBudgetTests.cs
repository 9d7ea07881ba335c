using System.Diagnostics;
using System.Text.RegularExpressions;
using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Smt;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Hostile;

/// <summary>
/// Issue 13, item 3: <c>counterexample --method ig --param steps=1000 --axiom completeness</c> on a 300-wide network
/// grew to 4.1 GB before the solver started, and <c>deeplift-rescale x implementation-invariance</c> with
/// <c>--timeout 1</c> took 159 s. Long terms are now written once (aliases), the script has a documented size budget,
/// and the whole search is bounded by the timeout (plus the kill grace).
/// </summary>
public class SmtBudgetTests
{
    private static InputBox Box(int n) => InputBox.Uniform(n, new Rational(-3), new Rational(3));

    private static Network Wide(int seed, params int[] widths) => RandomNetworks.Create(new Random(seed), widths);

    [Fact]
    public void Writer_ScriptBeyondTheBudget_IsAnInputErrorNamingTheLimit()
    {
        var net = Wide(1, 4, 40, 40, 1);
        var w = new SmtWriter(SmtOptions.Default with { MaxScriptChars = 5_000 });
        var x = w.DeclareInputs("x", 4);
        var e = Assert.Throws<SmtScriptTooLargeException>(() => w.Value(net, x));
        Assert.Contains("SmtOptions.MaxScriptChars", e.Message);
        Assert.IsAssignableFrom<IInputError>(e);
    }

    [Fact]
    public void Writer_WideLayers_WritesLongPreActivationsOnceAndKeepsTheSemantics()
    {
        // Layer 2's pre-activations are sums over 40 relu atoms: each is defined once as an alias, so no atom line
        // carries more than the alias threshold of symbols, and the encoding still evaluates to F exactly.
        var net = Wide(2, 3, 40, 40, 1);
        var w = new SmtWriter();
        var x = w.DeclareInputs("x", 3);
        var value = w.Value(net, x);
        var tangent = w.Directional(net, x, [LinearTerm.Const(1), LinearTerm.Zero, LinearTerm.Zero]);
        var script = w.Finish().Body;
        foreach (var line in script.Split('\n').Where(l => l.StartsWith("(assert (= r", StringComparison.Ordinal) || l.StartsWith("(assert (= d", StringComparison.Ordinal)))
            Assert.True(Regex.Matches(line, @"\b[rdxz][0-9]+\b").Count <= 2 * SmtWriter.AliasSymbols + 3, line[..Math.Min(line.Length, 120)]);
        Assert.Contains("(declare-const z1 Real)", script);
        var rng = new Random(5);
        for (int k = 0; k < 20; k++)
        {
            var p = RandomNetworks.Point(rng, 3);
            var inputs = Enumerable.Range(0, 3).ToDictionary(i => $"x{i + 1}", i => p[i]);
            Assert.Equal(net.Evaluate(p), w.Evaluate(value, inputs));
            Assert.Equal(net.Gradient(p)[0], w.Evaluate(tangent, inputs));
        }
    }

    [Fact]
    public void Writer_CancelledToken_StopsTheBuilding()
    {
        using var cts = new CancellationTokenSource();
        var w = new SmtWriter(cancellationToken: cts.Token);
        var x = w.DeclareInputs("x", 4);
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => w.Value(Wide(3, 4, 30, 1), x));
    }

    [Fact]
    public void Find_CompletenessOfManyStepsOnAWideNetwork_StopsAtTheScriptBudget()
    {
        var f = Subject.Of(Wide(4, 4, 60, 60, 1));
        var smt = SmtOptions.Default with { MaxScriptChars = 200_000 };
        Assert.Throws<SmtScriptTooLargeException>(() =>
            SolverSearch.Find(BuiltInMethods.Get("ig"), AxiomCatalogue.Get("completeness"), f, null, Box(4), null, smt, riemannSteps: 1000));
    }

    [Fact]
    public void Find_TimeLimit_BoundsTheWholeSearchNotEachQuery()
    {
        // Six rewrites of a 10-300-300-1 network, each a large equivalence query, then exact comparisons: the search
        // stops once Timeout + KillGrace = 1.5 s have passed, whatever it was doing.
        var f = Subject.Of(Wide(5, 10, 300, 300, 1));
        var smt = SmtOptions.Default with { Timeout = TimeSpan.FromSeconds(1), KillGrace = TimeSpan.FromMilliseconds(500) };
        var clock = Stopwatch.StartNew();
        var v = SolverSearch.Find(BuiltInMethods.Get("deeplift-rescale"), AxiomCatalogue.Get("implementation-invariance"), f, null, Box(10), null, smt);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(VerdictStatus.Undetermined, v.Status);
        Assert.Contains("time limit", v.Reason);
    }

    [Fact]
    public void Find_CancelledByTheCaller_IsUndeterminedWithoutStartingASolver()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var f = Subject.Of(Wide(6, 2, 4, 1));
        var v = SolverSearch.Find(BuiltInMethods.Get("gradient"), AxiomCatalogue.Get("sensitivity-a"), f, null, Box(2), null,
            SmtOptions.Default with { SolverPath = "/nonexistent/z3" }, cancellationToken: cts.Token);
        Assert.Equal(VerdictStatus.Undetermined, v.Status);
        Assert.Contains("cancelled", v.Reason);
    }

    [Fact]
    public void SmtOptions_DefaultScriptBudget_Is64MebiCharacters() =>
        Assert.Equal(64L * 1024 * 1024, SmtOptions.Default.MaxScriptChars);
}
