using Verifier.NumericBridge.Methods;

namespace Verifier.NumericBridge.Tests.Hostile;

/// <summary>
/// Issue 13, item 4: Gauss-Legendre nodes for 10^5 steps took 52 s (Newton with the O(n) recurrence at every node);
/// from 100 nodes they come from Stieltjes' expansion in O(1) per node.
/// </summary>
public class GaussLegendreTests
{
    [Theory]
    // Node index on [0, 1] (ascending), node and weight on [0, 1] from mpmath (mp.dps = 40, Newton on P_1000).
    [InlineData(0, 0.000001444350962244715061854874, 0.000003706669208216035758738416)]
    [InlineData(5, 0.00008155703451498418005491833, 0.00002834525325575865039648624)]
    [InlineData(10, 0.0002848894381959429974982558, 0.000052986050049508548580215)]
    [InlineData(123, 0.03727564403063200872316344, 0.0005948342397589733051586546)]
    [InlineData(499, 0.4992149947599584030854975, 0.00157000919009143389349797)]
    public void NodesAndWeights_ThousandNodes_MatchMpmath(int k, double node, double weight)
    {
        var (x, w) = Quadrature.NodesAndWeights(QuadratureRule.GaussLegendre, 1000);
        Assert.Equal(node, x[k], 1e-16);
        Assert.True(Math.Abs(w[k] - weight) <= 1e-11 * weight, $"weight {w[k]:R}, expected {weight:R}");
    }

    [Theory]
    [InlineData(100)]
    [InlineData(257)]
    [InlineData(4096)]
    [InlineData(100000)]
    public void NodesAndWeights_ManyNodes_IntegrateLowDegreePolynomialsAndOscillationsExactly(int n)
    {
        var (x, w) = Quadrature.NodesAndWeights(QuadratureRule.GaussLegendre, n);
        for (int i = 1; i < n; i++) Assert.True(x[i] > x[i - 1], $"nodes must increase at {i}");
        for (int i = 0; i < n; i++) Assert.Equal(x[i], 1 - x[n - 1 - i], 1e-15); // symmetric about 1/2
        Assert.Equal(1.0, w.Sum(), 1e-13);
        for (int k = 1; k <= 40; k += 13) // int_0^1 t^k = 1/(k+1); degree up to 2n - 1 is exact
            Assert.Equal(1.0 / (k + 1), x.Zip(w, (t, v) => Math.Pow(t, k) * v).Sum(), 1e-13);
        Assert.Equal(Math.Sin(60) / 60, x.Zip(w, (t, v) => Math.Cos(60 * t) * v).Sum(), 1e-13);
    }

    [Fact]
    public void NodesAndWeights_AtTheSwitchToTheExpansion_AgreeWithTheRecurrence()
    {
        // An independent O(n^2) Newton on the recurrence (the method below 100 nodes) as the reference at n = 300.
        const int n = 300;
        var (x, w) = Quadrature.NodesAndWeights(QuadratureRule.GaussLegendre, n);
        for (int i = 0; i < (n + 1) / 2; i++)
        {
            double r = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5)), derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                double p0 = 1, p1 = r;
                for (int k = 2; k <= n; k++) (p0, p1) = (p1, ((2 * k - 1) * r * p1 - (k - 1) * p0) / k);
                derivative = n * (r * p1 - p0) / (r * r - 1);
                double dx = p1 / derivative;
                r -= dx;
                if (Math.Abs(dx) < 1e-16) break;
            }
            Assert.Equal((1 + r) / 2, x[n - 1 - i], 2e-16);
            Assert.True(Math.Abs(1 / ((1 - r * r) * derivative * derivative) - w[n - 1 - i]) <= 1e-11 * w[n - 1 - i], $"weight {i}");
        }
    }
}
