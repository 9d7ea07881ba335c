namespace Verifier.NumericBridge.Methods;

/// <summary>
/// Gauss-Legendre nodes and weights on [-1, 1] in O(n): Newton's method on P_n, evaluated by the three-term
/// recurrence (O(n) per evaluation) only for small n and for the few nodes next to the ends, and elsewhere by
/// Stieltjes' asymptotic expansion in θ = arccos x (O(1) per evaluation).
/// </summary>
/// <remarks>
/// Stieltjes (Szegő, Orthogonal Polynomials, 1939, eq. 8.21.14; Hale and Townsend, SIAM J. Sci. Comput. 35(2), 2013,
/// eq. 3.2): for 0 &lt; θ &lt; π,
/// <c>P_n(cos θ) = C_n sum_{m&lt;M} h_m cos((n + m + 1/2) θ - (m + 1/2) π/2) / (2 sin θ)^(m + 1/2) + R_M</c> with
/// <c>h_m = prod_{j=1..m} (j - 1/2)^2 / (j (n + j + 1/2))</c>; the terms shrink like (m - 1)!/(2 n sin θ)^m, so with
/// n sin θ at least 25 a few dozen terms reach double precision. The constant C_n is not needed for the nodes (Newton
/// takes a ratio) and is calibrated for the weights, w = 2 / (dP_n(cos θ)/dθ)^2, against the recurrence at one node.
/// Initial guesses: θ_k from Tricomi's x_k = (1 - 1/(8 n^2) + 1/(8 n^3)) cos(π (4k - 1)/(4n + 2)).
/// </remarks>
internal static class GaussLegendre
{
    private const double InteriorThreshold = 25; // n sin θ at least this: the expansion
    private const int MaxTerms = 60;

    /// <summary>The smallest n for which the expansion is used (below it, every node by the recurrence).</summary>
    public const int SmallN = 100;

    /// <summary>Fills nodes (ascending, on [0, 1]) and weights (summing to 1) for n &gt;= <see cref="SmallN"/> points.</summary>
    public static void OnUnitInterval(int n, double[] nodes, double[] weights)
    {
        if (n < SmallN) throw new ArgumentOutOfRangeException(nameof(n), n, $"the expansion is used from {SmallN} nodes");
        double calibration = Calibrate(n);
        for (int k = 1; k <= (n + 1) / 2; k++)
        {
            double x0 = (1 - 1.0 / (8.0 * n * n) + 1.0 / (8.0 * n * n * n)) * Math.Cos(Math.PI * (4 * k - 1) / (4.0 * n + 2));
            double theta0 = Math.Acos(x0);
            double x, w;
            if (n * Math.Sin(theta0) < InteriorThreshold) (x, w) = ByRecurrence(n, theta0);
            else
            {
                double theta = NewtonTheta(n, theta0);
                var (_, d) = Series(n, theta);
                double derivative = calibration * d;
                x = Math.Cos(theta);
                w = 2 / (derivative * derivative);
            }
            // x is the k-th largest root on [-1, 1]; map t = (1 + x) / 2, weight w / 2.
            nodes[n - k] = (1 + x) / 2;
            nodes[k - 1] = (1 - x) / 2;
            weights[n - k] = weights[k - 1] = w / 2;
        }
    }

    // Newton on P_n(cos θ) in θ by the recurrence; the root x = cos θ and its weight. With g = (1 - x^2) P_n'(x) =
    // n (P_{n-1} - x P_n), dP_n/dθ = -g / sin θ and w = 2 / ((1 - x^2) P_n'^2) = 2 sin^2 θ / g^2: no 1 - x^2 is formed,
    // which near the ends would lose most digits of the weight.
    private static (double X, double Weight) ByRecurrence(int n, double theta)
    {
        bool converged = false;
        for (int iteration = 0; iteration < 20; iteration++)
        {
            var (p, dTheta) = Recurrence(n, theta);
            double step = p / dTheta;
            theta -= step;
            if (converged) break; // one more step after the relative step fell below 1e-10 (quadratic convergence)
            converged = Math.Abs(step) < 1e-10 * theta;
        }
        var (_, d) = Recurrence(n, theta);
        return (Math.Cos(theta), 2 / (d * d));
    }

    // P_n(cos θ) by the three-term recurrence, and dP_n(cos θ)/dθ = -n (P_{n-1} - x P_n) / sin θ.
    private static (double P, double DTheta) Recurrence(int n, double theta)
    {
        double x = Math.Cos(theta), p0 = 1, p1 = x;
        for (int k = 2; k <= n; k++) (p0, p1) = (p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k);
        return (p1, -n * (p0 - x * p1) / Math.Sin(theta));
    }

    private static double NewtonTheta(int n, double theta)
    {
        bool converged = false;
        for (int iteration = 0; iteration < 10; iteration++)
        {
            var (f, d) = Series(n, theta);
            double step = f / d;
            theta -= step;
            if (converged) break; // one more step after the relative step fell below 1e-10 (quadratic convergence)
            converged = Math.Abs(step) < 1e-10 * theta;
        }
        return theta;
    }

    // The expansion without C_n: its value and its derivative in θ.
    private static (double Value, double Derivative) Series(int n, double theta)
    {
        double twoSin = 2 * Math.Sin(theta), cos = Math.Cos(theta);
        double h = 1, value = 0, derivative = 0, scale = 0;
        double power = 1 / Math.Sqrt(twoSin); // (2 sin θ)^-(m + 1/2)
        for (int m = 0; m < MaxTerms; m++)
        {
            if (m > 0)
            {
                h *= (m - 0.5) * (m - 0.5) / (m * (n + m + 0.5));
                power /= twoSin;
            }
            double alpha = (n + m + 0.5) * theta - (m + 0.5) * Math.PI / 2;
            double c = Math.Cos(alpha), s = Math.Sin(alpha), term = h * power;
            value += term * c;
            // d/dθ [cos α (2 sin θ)^-(m+1/2)] = -(n + m + 1/2) sin α (2 sin θ)^-(m+1/2) - (m + 1/2) cos α (2 sin θ)^-(m+1/2) 2 cos θ / (2 sin θ)
            derivative += term * (-(n + m + 0.5) * s - (m + 0.5) * c * 2 * cos / twoSin);
            if (m == 0) scale = term;
            else if (term < 1e-18 * scale) break;
        }
        return (value, derivative);
    }

    // C_n: the recurrence's dP/dθ over the expansion's at an interior node.
    private static double Calibrate(int n)
    {
        int k = Math.Max(1, n / 4);
        double theta = NewtonTheta(n, Math.PI * (4 * k - 1) / (4.0 * n + 2));
        var (_, series) = Series(n, theta);
        var (_, exact) = Recurrence(n, theta);
        return exact / series;
    }
}
