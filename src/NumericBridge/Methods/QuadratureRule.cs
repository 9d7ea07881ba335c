namespace Verifier.NumericBridge.Methods;

/// <summary>
/// Quadrature rules on [0, 1] for the path integral of Integrated Gradients, named as in Captum's
/// <c>method</c> argument where Captum has them.
/// </summary>
public enum QuadratureRule
{
    /// <summary>Left Riemann sum: nodes k/n, k = 0..n-1, weights 1/n. Error O(1/n).</summary>
    Left,
    /// <summary>Right Riemann sum: nodes k/n, k = 1..n, weights 1/n (the IG paper's sum). Error O(1/n).</summary>
    Right,
    /// <summary>Midpoint rule: nodes (k + 1/2)/n, weights 1/n. Error O(1/n^2) on smooth integrands.</summary>
    Middle,
    /// <summary>The composite trapezoid rule: n nodes k/(n-1), weights 1/(n-1) halved at both ends, summing to 1.</summary>
    Trapezoid,
    /// <summary>
    /// Captum's <c>riemann_trapezoid</c>: the trapezoid nodes k/(n-1) but the weights 1/n halved at both ends,
    /// which sum to (n-1)/n, so completeness falls short by a factor (n-1)/n even on linear models.
    /// </summary>
    CaptumTrapezoid,
    /// <summary>Gauss-Legendre with n nodes mapped to [0, 1] (Captum's default): exact for polynomials of degree 2n-1.</summary>
    GaussLegendre,
}

/// <summary>The nodes and weights of the <see cref="QuadratureRule"/>s.</summary>
public static class Quadrature
{
    /// <summary>The nodes (path parameters alpha in [0, 1]) and weights of <paramref name="rule"/> with <paramref name="steps"/> nodes.</summary>
    /// <remarks>Captum's conventions: <c>captum/attr/_utils/approximation_methods.py</c> (riemann_builders, gauss_legendre_builders).</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 1 (below 2 for the trapezoid rules).</exception>
    public static (double[] Nodes, double[] Weights) NodesAndWeights(QuadratureRule rule, int steps)
    {
        int minimum = rule is QuadratureRule.Trapezoid or QuadratureRule.CaptumTrapezoid ? 2 : 1;
        if (steps < minimum) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"the {rule} rule needs at least {minimum} steps");
        var nodes = new double[steps];
        var weights = new double[steps];
        int n = steps;
        switch (rule)
        {
            case QuadratureRule.Left:
                for (int k = 0; k < n; k++) { nodes[k] = (double)k / n; weights[k] = 1.0 / n; }
                break;
            case QuadratureRule.Right:
                for (int k = 0; k < n; k++) { nodes[k] = (double)(k + 1) / n; weights[k] = 1.0 / n; }
                break;
            case QuadratureRule.Middle:
                for (int k = 0; k < n; k++) { nodes[k] = (k + 0.5) / n; weights[k] = 1.0 / n; }
                break;
            case QuadratureRule.Trapezoid:
            case QuadratureRule.CaptumTrapezoid:
                double w = rule == QuadratureRule.Trapezoid ? 1.0 / (n - 1) : 1.0 / n;
                for (int k = 0; k < n; k++) { nodes[k] = (double)k / (n - 1); weights[k] = w; }
                weights[0] /= 2;
                weights[^1] /= 2;
                break;
            case QuadratureRule.GaussLegendre:
                GaussLegendre(n, nodes, weights);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown quadrature rule");
        }
        return (nodes, weights);
    }

    /// <summary>
    /// Gauss-Legendre nodes and weights on [0, 1], ascending, by Newton's method on P_n: for n below
    /// <see cref="Methods.GaussLegendre.SmallN"/> by the three-term recurrence, otherwise in O(n) by
    /// <see cref="Methods.GaussLegendre"/> (Stieltjes' expansion), so 10^6 nodes take a fraction of a second rather
    /// than the O(n^2) of the recurrence at every node.
    /// </summary>
    private static void GaussLegendre(int n, double[] nodes, double[] weights)
    {
        if (n >= Methods.GaussLegendre.SmallN)
        {
            Methods.GaussLegendre.OnUnitInterval(n, nodes, weights);
            return;
        }
        for (int i = 0; i < (n + 1) / 2; i++)
        {
            double x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5)), derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                // P_n(x) by the three-term recurrence, P_n'(x) = n (x P_n - P_{n-1}) / (x^2 - 1)
                double p0 = 1, p1 = x;
                for (int k = 2; k <= n; k++) (p0, p1) = (p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k);
                derivative = n * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / derivative;
                x -= dx;
                if (Math.Abs(dx) < 1e-16) break;
            }
            double w = 2 / ((1 - x * x) * derivative * derivative);
            // x is the i-th largest root on [-1, 1]; map t = (1 + x) / 2, weight w / 2.
            nodes[n - 1 - i] = (1 + x) / 2;
            nodes[i] = (1 - x) / 2;
            weights[n - 1 - i] = weights[i] = w / 2;
        }
    }
}
