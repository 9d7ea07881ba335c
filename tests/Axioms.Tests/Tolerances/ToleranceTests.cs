using Verifier.Axioms.Methods;
using Verifier.Axioms.Verdicts;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Tolerances;

/// <summary>CONTRACT's tolerance |lhs - rhs| &lt;= ABS + REL |rhs|: parsing, the judge's decisions, and axiom checks of a
/// method in process that answers with a known error.</summary>
public sealed class ToleranceTests
{
    private static ExactResult R(string q) => ExactResult.FromRational(Rational.Parse(q));

    [Theory]
    [InlineData("1e-9", "1/1000000000", "0")]
    [InlineData("1e-9,1e-6", "1/1000000000", "1/1000000")]
    [InlineData(" 0.25 , 1/3 ", "1/4", "1/3")]
    [InlineData("0", "0", "0")]
    public void Parse_AbsAndRel_ReadExactly(string text, string abs, string rel)
    {
        var t = Tolerance.Parse(text);
        Assert.Equal(Rational.Parse(abs), t.Absolute);
        Assert.Equal(Rational.Parse(rel), t.Relative);
    }

    [Theory]
    [InlineData("", "expected ABS or ABS,REL")]
    [InlineData("1e-9,", "expected ABS or ABS,REL")]
    [InlineData("1,2,3", "expected ABS or ABS,REL")]
    [InlineData("-1", "ABS must be at least 0")]
    [InlineData("1,-1", "REL must be at least 0")]
    [InlineData("abc", "'abc' is not a number")]
    public void Parse_Malformed_InputErrorNamingTheProblem(string text, string message)
    {
        var e = Assert.Throws<InputArgumentException>(() => Tolerance.Parse(text));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("1e-9", "1", "1", true)]
    [InlineData("1e-9", "1", "1000000001/1000000000", true)]   // |d| = 1e-9 = ABS: within (the bound is inclusive)
    [InlineData("1e-9", "1", "1000000002/1000000000", false)]
    [InlineData("1e-9,1e-9", "100", "100.0000001", true)]       // ABS + REL * 100 > 1e-7
    [InlineData("1e-9,1e-9", "100", "100.0000002", false)]
    [InlineData("0,1/2", "1", "2", true)]                       // relative to |rhs|, not |lhs|
    [InlineData("0,1/2", "2", "1", false)]
    public void Equal_AbsAndRelative_DecidedExactlyAtTheBoundary(string tolerance, string lhs, string rhs, bool within)
    {
        var judge = new Judge(Tolerance.Parse(tolerance));
        Assert.Equal(within, judge.Equal(R(lhs), R(rhs)));
        Assert.NotNull(judge.Worst);
    }

    [Fact]
    public void Equal_ExactJudge_NoToleranceAndNoMargin()
    {
        var judge = Judge.Exactly;
        Assert.False(judge.Equal(R("1"), R("1000000001/1000000000")));
        Assert.True(judge.Equal(R("1/3"), R("2/6")));
        Assert.Null(judge.Worst);
    }

    [Fact]
    public void Equal_ClosedForm_DecidedByCertifiedEnclosure()
    {
        // sigmoid(1) = 0.7310585786300049; a float answer 0.731058578630005 is within 1e-12 of it, 0.7310585 is not.
        var exact = ExactResult.FromClosedForm(ExprParser.Parse("sigmoid(1)"));
        var judge = new Judge(Tolerance.Parse("1e-12"));
        Assert.True(judge.Equal(R("0.731058578630005"), exact));
        Assert.False(judge.Equal(R("0.7310585"), exact));
        Assert.False(Judge.Exactly.Equal(R("0.731058578630005"), exact));
    }

    [Theory]
    [InlineData("-1e-9", true)]
    [InlineData("-2e-9", false)]
    [InlineData("5", true)]
    public void IsNonNegative_BelowMinusAbs_Fails(string value, bool expected) =>
        Assert.Equal(expected, new Judge(Tolerance.Parse("1e-9")).IsNonNegative(R(value)));

    [Theory]
    [InlineData("1e-9", false)]
    [InlineData("-1e-9", false)]
    [InlineData("2e-9", true)]
    [InlineData("0", false)]
    public void IsNonZero_ZeroAtTheTolerance(string value, bool expected) =>
        Assert.Equal(expected, new Judge(Tolerance.Parse("1e-9")).IsNonZero(R(value)));

    [Fact]
    public void Worst_SeveralComparisons_KeepsTheClosestToItsAllowance()
    {
        var judge = new Judge(Tolerance.Parse("1e-3"));
        judge.Equal(R("1"), R("1.0001"));   // 1e-4: ratio 0.1
        judge.Equal(R("2"), R("2.0005"));   // 5e-4: ratio 0.5
        judge.Equal(R("3"), R("3.0002"));
        Assert.Equal(5e-4, judge.Worst!.Deviation, 1e-15);
        Assert.Equal(1e-3, judge.Worst.Allowance, 1e-15);
        Assert.Equal(0.5, judge.Worst.Ratio, 1e-12);
    }

    /// <summary>Integrated Gradients with every attribution moved by a fixed error (as a float implementation's rounding
    /// would): complete only within a tolerance larger than n times the error.</summary>
    private sealed class PerturbedIg(Rational error) : IAttributionMethod
    {
        public string Name => "perturbed-ig";
        public MethodTraits Traits => MethodTraits.Functions;

        public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline)
        {
            var r = BuiltInMethods.IntegratedGradients.Attribute(f, input, baseline);
            return r with { Method = Name, Attributions = r.Attributions.Select(a => ExactResult.Add(a, ExactResult.FromRational(error))).ToArray() };
        }
    }

    private static readonly CheckOptions Fast = CheckOptions.Default with { Trials = 30, Families = [Verifier.Axioms.Search.Family.Polynomial, Verifier.Axioms.Search.Family.PiecewiseLinear] };

    [Fact]
    public void Check_ErrorAboveTolerance_ViolatedWithTheFailingMargin()
    {
        var report = Check.Method(new PerturbedIg(new Rational(1, 1000)), Tolerance.Parse("1e-4"), Fast, [AxiomCatalogue.Get("completeness")]);
        var v = report.Verdicts.Single();

        Assert.Equal(VerdictStatus.Violated, v.Status);
        Assert.Equal(Tolerance.Parse("1e-4"), v.Tolerance);
        var margin = v.Counterexample!.Margin!;
        Assert.Equal(new Rational(v.Counterexample.Instance.Dimension, 1000).ToDouble(), margin.Deviation, 1e-15); // n features, 1e-3 each
        Assert.Equal(1e-4, margin.Allowance, 1e-18);
        Assert.Contains("tolerance |lhs - rhs| <= 0.0001, failing: ", v.How);
        Assert.Null(v.Counterexample.Reproduction); // in process: nothing to replay
    }

    [Fact]
    public void Check_ErrorBelowTolerance_HoldsWithTheWorstPassingMargin()
    {
        var report = Check.Method(new PerturbedIg(new Rational(1, 1000)), Tolerance.Parse("1e-2"), Fast,
            [AxiomCatalogue.Get("completeness"), AxiomCatalogue.Get("symmetry-preserving")]);

        Assert.All(report.Verdicts, v => Assert.Equal(VerdictStatus.Holds, v.Status));
        var completeness = report.Verdicts[0];
        Assert.InRange(completeness.WorstPassing!.Deviation, 1e-3, 3e-3 + 1e-15); // n x 1e-3 with n <= 3
        Assert.Contains("worst passing trial: ", completeness.How);
        Assert.Equal(0, report.Verdicts[1].WorstPassing!.Deviation); // every attribution moved alike: A_i - A_j exact
    }

    [Fact]
    public void Check_SameMethodExactly_ViolatedWithoutMargin()
    {
        var v = Check.Method(new PerturbedIg(new Rational(1, 1000)), null, Fast, [AxiomCatalogue.Get("completeness")]).Verdicts.Single();
        Assert.Equal(VerdictStatus.Violated, v.Status);
        Assert.Null(v.Tolerance);
        Assert.Null(v.Counterexample!.Margin);
        Assert.DoesNotContain("tolerance", v.How);
    }

    [Fact]
    public void Check_SensitivityBWithinTolerance_Holds()
    {
        // every attribution, the dummy's included, is off by 1e-3: a dummy violation exactly, within a tolerance of 1e-2
        var method = new PerturbedIg(new Rational(1, 1000));
        var axiom = AxiomCatalogue.Get("sensitivity-b");
        Assert.Equal(VerdictStatus.Violated, Check.Method(method, null, Fast, [axiom]).Verdicts[0].Status);
        Assert.Equal(VerdictStatus.Holds, Check.Method(method, Tolerance.Parse("1e-2"), Fast, [axiom]).Verdicts[0].Status);
    }
}
