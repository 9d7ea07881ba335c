using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Models;

public class ExpressionModelTests
{
    private static Rational[] R(string csv) => [.. csv.Split(',').Select(s => Rational.Parse(s))];
    private static double[] D(IEnumerable<Rational> r) => [.. r.Select(v => v.ToDouble())];
    private static double Value(ExactResult r) => r.Rational?.ToDouble() ?? (r.Enclosure.Lo + r.Enclosure.Hi) / 2;

    [Theory]
    [InlineData("x1*x2", "1,3", "0,0")]
    [InlineData("x1^3*x2 - 2*x2^2 + x1", "2,-1", "1/2,1")]
    [InlineData("x1^2*x2*x3 - x3^4 + 3*x1*x3", "1,2,-3", "-1,1/2,1")]
    [InlineData("sigmoid(2*x1 + x2)*x2", "1,2", "-1,0")]
    [InlineData("tanh(x1 - x2) + exp(x1/2)*x3", "1,-1,2", "0,0,0")]
    [InlineData("softplus(x1*x2) + log(x1 + 3)", "2,1", "1/2,-1")]
    [InlineData("x1/(1 + x2^2)", "3,2", "1,0")]
    public void FromExpression_GaussLegendreIg_MatchesExactIg(string function, string input, string baseline)
    {
        var f = ExprParser.Parse(function);
        Rational[] x = R(input), x0 = R(baseline);
        var exact = Attribute.IntegratedGradients(f, x, x0);
        var e = exact.Attributions.Select(Value).ToArray();
        using var model = TorchModel.FromExpression(f, x.Length);
        var numeric = NumericAttribute.IntegratedGradients(model, D(x), D(x0), new NumericIgOptions { Rule = QuadratureRule.GaussLegendre, Steps = 64 });
        // Tolerance 1e-12 relative to max(1, max |A_i|): 64-node Gauss-Legendre is exact on these polynomials (degree < 128)
        // and converges exponentially on the analytic ones; what remains is float64 rounding.
        double scale = Math.Max(1, e.Max(Math.Abs));
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(numeric.Attributions[i] - e[i]) <= 1e-12 * scale, $"{function}, A{i + 1}: {numeric.Attributions[i]:R} vs exact {e[i]:R}");
        Assert.True(Math.Abs(numeric.FInput - Value(exact.FInput)) <= 1e-12 * scale, $"F(x) {numeric.FInput:R} vs {Value(exact.FInput):R}");
        Assert.True(Math.Abs(numeric.CompletenessDelta) <= 1e-12 * scale, $"delta {numeric.CompletenessDelta}");
    }

    [Theory]
    [InlineData("relu(x1 - x2) + leaky_relu(x2, 1/10) - abs(x1)", "0,0")]
    [InlineData("relu(x1 - x2) + leaky_relu(x2, 1/10) - abs(x1)", "1,-2")]
    [InlineData("max(x1, x2, 2*x1 - 1) + min(x1*x2, 1)", "1,1")]
    [InlineData("max(x1, x2, 2*x1 - 1) + min(x1*x2, 1)", "2,-3")]
    [InlineData("step(x1 - 1)*x2 + step(x2, 1/2)", "1,0")]
    [InlineData("softplus(x1) + sigmoid(x2)", "0,0")]
    public void FromExpression_GradientAtKinksAndTies_FollowsExactDefaultConventions(string function, string input)
    {
        var f = ExprParser.Parse(function);
        var x = R(input);
        var exact = Attribute.Gradient(f, x).Attributions.Select(Value).ToArray();
        using var model = TorchModel.FromExpression(f, x.Length);
        var numeric = NumericAttribute.Gradient(model, D(x));
        for (int i = 0; i < exact.Length; i++) // tolerance 1e-15: one rounding of each partial
            Assert.True(Math.Abs(numeric.Attributions[i] - exact[i]) <= 1e-15, $"{function} at {input}, d/dx{i + 1}: {numeric.Attributions[i]:R} vs exact {exact[i]:R}");
        Assert.True(Math.Abs(numeric.FInput - Value(Evaluate.Exactly(f, x))) <= 1e-15);
    }

    [Fact]
    public void FromExpression_Float32_CloseToExactAtSinglePrecision()
    {
        var f = ExprParser.Parse("sigmoid(2*x1 + x2)*x2");
        using var model = TorchModel.FromExpression(f, 2, NumericPrecision.Float32);
        var exact = Attribute.IntegratedGradients(f, R("1,2"), R("-1,0")).Attributions.Select(Value).ToArray();
        var numeric = NumericAttribute.IntegratedGradients(model, [1.0, 2.0], [-1.0, 0.0], new NumericIgOptions { Steps = 32 });
        for (int i = 0; i < 2; i++) // tolerance 1e-6: float32 forward and backward passes (eps 6e-8) over 32 nodes
            Assert.True(Math.Abs(numeric.Attributions[i] - exact[i]) <= 1e-6, $"A{i + 1}: {numeric.Attributions[i]:R} vs {exact[i]:R}");
    }

    [Fact]
    public void FromExpression_Batch_MatchesPointwise()
    {
        var f = ExprParser.Parse("x1^2 - 3*x2 + 5");
        using var model = TorchModel.FromExpression(f, 2);
        Assert.Equal([5.0, 3.0, 9.0], model.EvaluateBatch(new double[,] { { 0, 0 }, { 1, 1 }, { 2, 0 } }));
        var g = model.Gradients(new double[,] { { 0, 0 }, { 1.5, 1 } });
        Assert.Equal(new double[,] { { 0, -3 }, { 3, -3 } }, g);
        Assert.Equal(0, model.Output);
        Assert.Same(f, model.SourceExpression);
        using var constant = TorchModel.FromExpression(Ex.Const(7), 3);
        Assert.Equal([7.0, 7.0], constant.EvaluateBatch(new double[2, 3]));
        Assert.Equal([0.0, 0.0, 0.0], constant.Gradient([1, 2, 3]));
    }

    [Fact]
    public void FromExpression_BadVariables_ThrowsNamingThem()
    {
        var beyond = Assert.Throws<ArgumentException>(() => TorchModel.FromExpression(ExprParser.Parse("x1*x3"), 2));
        Assert.Contains("x3", beyond.Message);
        var t = Assert.Throws<ArgumentException>(() => TorchModel.FromExpression(Ex.Var(0) * Ex.Var(1), 2));
        Assert.Contains("path parameter t", t.Message);
    }

    [Fact]
    public void ExactLine_ExpressionModel_ThrowsClearly()
    {
        using var model = TorchModel.FromExpression(ExprParser.Parse("relu(x1)"), 1);
        var e = Assert.Throws<ArgumentException>(() => NumericAttribute.ExactLineIntegratedGradients(model, [1.0], [0.0]));
        Assert.Contains("piecewise-linear", e.Message);
    }
}
