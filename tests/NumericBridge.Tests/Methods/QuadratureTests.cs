using Verifier.NumericBridge.Methods;

namespace Verifier.NumericBridge.Tests.Methods;

public class QuadratureTests
{
    [Theory]
    [InlineData(QuadratureRule.Left, 10, 1.0)]
    [InlineData(QuadratureRule.Right, 10, 1.0)]
    [InlineData(QuadratureRule.Middle, 10, 1.0)]
    [InlineData(QuadratureRule.Trapezoid, 10, 1.0)]
    [InlineData(QuadratureRule.CaptumTrapezoid, 10, 0.9)]
    [InlineData(QuadratureRule.CaptumTrapezoid, 4, 0.75)]
    [InlineData(QuadratureRule.GaussLegendre, 7, 1.0)]
    public void Weights_Sum_AsCaptumDefinesThem(QuadratureRule rule, int steps, double sum)
    {
        var (_, w) = Quadrature.NodesAndWeights(rule, steps);
        Assert.Equal(steps, w.Length);
        Assert.True(Math.Abs(w.Sum() - sum) <= 1e-14, $"{w.Sum()} vs {sum}"); // tolerance: rounding of the sum
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(20)]
    public void GaussLegendre_PolynomialOfDegree2nMinus1_IsExact(int n)
    {
        var (t, w) = Quadrature.NodesAndWeights(QuadratureRule.GaussLegendre, n);
        int degree = 2 * n - 1;
        double integral = Enumerable.Range(0, n).Sum(k => w[k] * Math.Pow(t[k], degree));
        Assert.True(Math.Abs(integral - 1.0 / (degree + 1)) <= 1e-14, $"{integral}"); // tolerance: float64 rounding
        Assert.All(t, a => Assert.InRange(a, 0.0, 1.0));
        Assert.Equal(t.OrderBy(a => a), t);
    }

    [Fact]
    public void Nodes_EndsAsCaptum()
    {
        Assert.Equal([0.0, 0.25, 0.5, 0.75], Quadrature.NodesAndWeights(QuadratureRule.Left, 4).Nodes);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], Quadrature.NodesAndWeights(QuadratureRule.Right, 4).Nodes);
        Assert.Equal([0.125, 0.375, 0.625, 0.875], Quadrature.NodesAndWeights(QuadratureRule.Middle, 4).Nodes);
        Assert.Equal([0.0, 0.5, 1.0], Quadrature.NodesAndWeights(QuadratureRule.Trapezoid, 3).Nodes);
        Assert.Equal([0.25, 0.5, 0.25], Quadrature.NodesAndWeights(QuadratureRule.Trapezoid, 3).Weights);
        Assert.Equal([1.0 / 6, 1.0 / 3, 1.0 / 6], Quadrature.NodesAndWeights(QuadratureRule.CaptumTrapezoid, 3).Weights);
    }

    [Theory]
    [InlineData(QuadratureRule.Trapezoid, 1)]
    [InlineData(QuadratureRule.Left, 0)]
    public void NodesAndWeights_TooFewSteps_Throws(QuadratureRule rule, int steps) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Quadrature.NodesAndWeights(rule, steps));
}
