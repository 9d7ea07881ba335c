using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Search;
using Verifier.Axioms.Tests.Search;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Rewrites;

public class ExprRewritesTests
{
    private static Expr P(string s) => ExprParser.Parse(s);

    private static Gen<Subject> Rewritable =>
        from n in Gen.Choose(1, 3)
        from f in Gen.Frequency((3, SubjectGen.PiecewiseLinearExpr(n)), (2, SubjectGen.Smooth(n)), (1, SubjectGen.Polynomial(n, 2)))
        select f;

    [Property(MaxTest = 60)]
    public Property All_GeneratedExpressions_SameNormalFormOtherCanonicalForm() => Prop.ForAll(Rewritable.ToArbitrary(), s =>
    {
        var f = s.Function!;
        var nf = ExprRewrites.NormalForm(f);
        return ExprRewrites.All(f).All(r => !r.Result.Equals(f) && ExprRewrites.NormalForm(r.Result).Equals(nf) && r.Result.MaxVariableIndex <= f.MaxVariableIndex)
            .Label(f.ToString());
    });

    [Property(MaxTest = 60)]
    public Property Rewrite_GeneratedExpressions_SameValuesAtRationalPoints() =>
        Prop.ForAll(Rewritable.ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(), (s, seed) =>
        {
            if (ExprRewrites.Rewrite(s.Function!, new Random(seed)) is not { } r) return true.Label("none");
            var g = Subject.Of(r.Result, s.Dimension);
            return Samples.SameValues(s, g, Samples.Points(s.Dimension, 4, seed)).Label($"{s} -> {r.Result} ({r.Name})");
        });

    [Theory]
    [InlineData("relu(x1 - 1)", "relu(z) = z + relu(-z)", "x1 - 1 + relu(1 - x1)")]
    [InlineData("relu(3*x1 - 1)", "relu(c z) = c relu(z), c > 0", "3*relu(x1 - 1/3)")]
    [InlineData("relu(x1 + x2)", "relu(c z) = c relu(z), c > 0", "2*relu(x1/2 + x2/2)")]
    [InlineData("abs(x1 - x2)", "abs(z) = relu(z) + relu(-z)", "relu(x1 - x2) + relu(-x1 + x2)")]
    [InlineData("leaky_relu(x1, 1/4)", "leaky_relu(z, a) = a z + (1 - a) relu(z)", "x1/4 + 3/4*relu(x1)")]
    [InlineData("max(x1, x2)", "max(a, b) = a + relu(b - a)", "x1 + relu(-x1 + x2)")]
    [InlineData("min(x1, 2)", "min(a, b) = a - relu(a - b)", "2 - relu(2 - x1)")]
    [InlineData("sigmoid(x1)", "sigmoid(z) = 1 - sigmoid(-z)", "-sigmoid(-x1) + 1")]
    [InlineData("sigmoid(x1)", "sigmoid(z) = (1 + tanh(z/2)) / 2", "1/2*tanh(x1/2) + 1/2")]
    [InlineData("tanh(x1)", "tanh(z) = 2 sigmoid(2z) - 1", "2*sigmoid(2*x1) - 1")]
    [InlineData("softplus(x2)", "softplus(z) = z + softplus(-z)", "x2 + softplus(-x2)")]
    [InlineData("x1*x2", "z = relu(z) - relu(-z)", "x2*relu(x1) - x2*relu(-x1)")]
    public void All_Identity_GivesTheExpectedRewrite(string function, string rule, string expected)
    {
        var f = P(function);
        var rewrites = ExprRewrites.All(f).Where(r => r.Name.StartsWith(rule + " at ", StringComparison.Ordinal)).Select(r => r.Result).ToList();
        Assert.Contains(P(expected), rewrites);
        Assert.All(rewrites, r => Assert.Equal(ExprRewrites.NormalForm(f), ExprRewrites.NormalForm(r)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("7/2")]
    [InlineData("exp(2)")]
    public void Rewrite_ConstantWithoutKinks_ReturnsNull(string function) =>
        Assert.Null(ExprRewrites.Rewrite(P(function), new Random(1)));

    [Fact]
    public void Rewrite_SameSeed_SameRewrite()
    {
        var f = P("relu(x1 - x2) + 2*max(x1, 1) - sigmoid(x2)");
        Assert.Equal(ExprRewrites.Rewrite(f, new Random(3)), ExprRewrites.Rewrite(f, new Random(3)));
    }

    [Fact]
    public void Rewrite_ManySeeds_UsesEveryApplicableRule()
    {
        var f = P("relu(x1 - x2) + max(x1, 1) - sigmoid(x2)");
        var rules = Enumerable.Range(0, 200).Select(s => ExprRewrites.Rewrite(f, new Random(s))!.Value.Name.Split(" at ")[0]).Distinct().Count();
        Assert.Equal(ExprRewrites.All(f).Select(r => r.Name.Split(" at ")[0]).Distinct().Count(), rules);
    }

    [Theory]
    [InlineData("sigmoid(-2)", "1 - sigmoid(2)")]
    [InlineData("tanh(1/2)", "2*sigmoid(1) - 1")]
    [InlineData("softplus(-3)", "-3 + softplus(3)")]
    [InlineData("max(x1, x2)", "x2 + relu(x1 - x2)")]
    [InlineData("min(x1, x2)", "x1 + x2 - max(x1, x2)")]
    [InlineData("abs(2*x1)", "2*relu(x1) + 2*relu(-x1)")]
    [InlineData("abs(relu(-x1 - 2))", "relu(-x1 - 2)")]
    [InlineData("max(x1, relu(x1))", "relu(x1)")]
    [InlineData("relu(x1 - relu(x1))", "0")]
    public void NormalForm_EqualFunctions_MeetInOneForm(string a, string b) =>
        Assert.Equal(ExprRewrites.NormalForm(P(a)), ExprRewrites.NormalForm(P(b)));

    [Fact]
    public void NormalForm_DifferentFunctions_StayDifferent()
    {
        Assert.NotEqual(ExprRewrites.NormalForm(P("relu(x1)")), ExprRewrites.NormalForm(P("relu(-x1)")));
        Assert.NotEqual(ExprRewrites.NormalForm(P("sigmoid(x1)")), ExprRewrites.NormalForm(P("sigmoid(2*x1)")));
    }

    [Fact]
    public void Rewrite_SmoothValue_ClosedFormsMeetInNormalForm()
    {
        var f = P("3*tanh(x1 - 1) + sigmoid(-x2)");
        var point = new Rational[] { 2, 1 };
        foreach (var r in ExprRewrites.All(f))
        {
            var a = Verifier.Symbolic.Evaluate.Exactly(f, point);
            var b = Verifier.Symbolic.Evaluate.Exactly(r.Result, point);
            Assert.Equal(ExprRewrites.NormalForm(a.ClosedForm!), ExprRewrites.NormalForm(b.ClosedForm!));
        }
    }
}
