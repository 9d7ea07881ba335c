using System.Numerics;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods.Surrogates;

/// <summary>The normal equations M β = Σ_S R_S v(S) of a surrogate regression, for <c>--explain</c>: the unknowns, the
/// matrix over Z[q] and the right-hand side as linear forms in the coalition values.</summary>
/// <param name="Unknowns">The unknowns' names, e.g. <c>phi_1</c> or <c>b_0</c>.</param>
/// <param name="Matrix">M (weights scaled to integers; the scale cancels).</param>
/// <param name="Rhs">Row j of the right-hand side: coefficient of v(S) by mask S.</param>
/// <param name="Form">The regression in words.</param>
/// <param name="PseudoInverse">True when M was singular and β = M⁺ rhs (SHAP's fallback).</param>
internal sealed record NormalEquations(IReadOnlyList<string> Unknowns, ZPolynomial[,] Matrix,
    IReadOnlyList<IReadOnlyDictionary<int, ZPolynomial>> Rhs, string Form, bool PseudoInverse = false);

/// <summary>
/// The two surrogate regressions, solved exactly for given coalitions and weights (<see cref="CoalitionOperator"/>):
/// KernelSHAP's weighted least squares with the exact constraints φ_0 = v(∅) and Σ φ_i = v(N) - v(∅) (Lundberg and Lee
/// 2017, eq. 9 and Theorem 2; SHAP's KernelExplainer eliminates the last feature with the sum constraint), and LIME's
/// weighted ridge regression with an unpenalised intercept (Ribeiro, Singh, Guestrin 2016, eq. 1; scikit-learn's Ridge).
/// </summary>
internal static class SurrogateRegression
{
    /// <summary>
    /// KernelSHAP over the given coalitions (neither ∅ nor N) with rational weights π_S: minimise Σ_S π_S (y_S - Σ_{i∈S} φ_i)²
    /// with y_S = v(S) - v(∅), subject to Σ_i φ_i = v(N) - v(∅); φ_n = Δ - Σ_{j&lt;n} φ_j is eliminated, leaving the normal
    /// equations of the reduced design x_Sj = [j ∈ S] - [n ∈ S] and target y_S - [n ∈ S] Δ. A singular normal matrix is
    /// pseudo-inverted exactly, as SHAP falls back to numpy's pinv.
    /// </summary>
    public static (CoalitionOperator Operator, NormalEquations Equations) KernelShap(int n, IReadOnlyList<(int Mask, Rational Weight)> coalitions)
    {
        int full = (1 << n) - 1, m = n - 1, last = n - 1;
        var scale = BigInteger.One;
        foreach (var (_, w) in coalitions) scale = Lcm(scale, w.Denominator);
        var w_ = coalitions.Select(c => (c.Mask, W: c.Weight.Numerator * (scale / c.Weight.Denominator))).ToArray();
        int X(int mask, int j) => (mask >> j & 1) - (mask >> last & 1);

        var g = new ZPolynomial[m, m];
        var gInt = new BigInteger[m, m];
        foreach (var (mask, w) in w_)
            for (int j = 0; j < m; j++)
            {
                int xj = X(mask, j);
                if (xj == 0) continue;
                for (int l = 0; l < m; l++) gInt[j, l] += w * xj * X(mask, l);
            }
        for (int j = 0; j < m; j++)
            for (int l = 0; l < m; l++) g[j, l] = ZPolynomial.Constant(gInt[j, l]);

        // rhs_j = Σ_S w_S x_Sj t_S with t_S = v(S) - v(∅) - [n ∈ S] (v(N) - v(∅)), as a linear form in the values
        var rhs = new Dictionary<int, BigInteger>[m];
        for (int j = 0; j < m; j++)
        {
            rhs[j] = [];
            foreach (var (mask, w) in w_)
            {
                int xj = X(mask, j);
                if (xj == 0) continue;
                int inLast = mask >> last & 1;
                Add(rhs[j], mask, w * xj);
                Add(rhs[j], 0, w * xj * (inLast - 1));
                Add(rhs[j], full, -w * xj * inLast);
            }
        }
        var unknowns = Enumerable.Range(1, m).Select(j => $"phi_{j}").ToArray();
        var others = m switch { 0 => "0", 1 => "phi_1", 2 => "(phi_1 + phi_2)", _ => $"(phi_1 + ... + phi_{m})" };
        var form = $"weighted least squares over {coalitions.Count} coalitions with phi_0 = v(none) and phi_{n} = v(all) - v(none) - {others} substituted; "
            + $"weights scaled by {scale}";
        var equations = new NormalEquations(unknowns, g, [.. rhs.Select(ToPolynomials)], form);

        // β = G⁻¹ rhs, fraction-free (d, X = d G⁻¹), or the pseudo-inverse over Q when G is singular
        Rational[,] solve;
        BigInteger d;
        var inverse = ExactLinearAlgebra.Inverse(g);
        if (inverse is { } inv)
        {
            d = inv.D[0];
            solve = new Rational[m, m];
            for (int j = 0; j < m; j++)
                for (int l = 0; l < m; l++) solve[j, l] = new Rational(inv.X[j, l][0], d);
        }
        else
        {
            var gq = new Rational[m, m];
            for (int j = 0; j < m; j++)
                for (int l = 0; l < m; l++) gq[j, l] = gInt[j, l];
            solve = ExactLinearAlgebra.PseudoInverse(gq);
            d = BigInteger.One;
            foreach (var r in solve) d = Lcm(d, r.Denominator);
            equations = equations with { PseudoInverse = true };
        }
        // Row j of β, times d: Σ_l (d solve_jl) rhs_l, integer coefficients.
        var rows = new Dictionary<int, BigInteger>[n + 1];
        for (int j = 0; j < m; j++)
        {
            rows[j] = [];
            for (int l = 0; l < m; l++)
            {
                var s = solve[j, l] * d;
                if (s.IsZero) continue;
                foreach (var (mask, c) in rhs[l]) Add(rows[j], mask, s.Numerator * c);
            }
        }
        // φ_n = Δ - Σ_j φ_j, and the intercept φ_0 = v(∅)
        rows[last] = [];
        Add(rows[last], full, d);
        Add(rows[last], 0, -d);
        for (int j = 0; j < m; j++)
            foreach (var (mask, c) in rows[j]) Add(rows[last], mask, -c);
        rows[n] = new Dictionary<int, BigInteger> { [0] = d };
        var op = new CoalitionOperator(n, null, ZPolynomial.Constant(d), [.. rows.Select(ToPolynomials)]);
        return (op, equations);
    }

    /// <summary>
    /// LIME's surrogate: minimise Σ_s π_s (v(z_s) - b_0 - Σ_i b_i z_si)² + α Σ_{i≥1} b_i² over the sample (each coalition
    /// with its count), with kernel weights π = q^k (k = the number of features off) for q = exp(<paramref name="exponent"/>),
    /// and the intercept b_0 not penalised, as scikit-learn's Ridge fits it. The normal matrix has entries in Z[q] after
    /// scaling by α's denominator and is inverted fraction-free.
    /// </summary>
    /// <exception cref="InputArgumentException">α = 0 and the sample does not determine the coefficients (the normal matrix
    /// is singular over Q(q)).</exception>
    public static (CoalitionOperator Operator, NormalEquations Equations) Ridge(int n, IReadOnlyList<(int Mask, int Count)> sample,
        Rational exponent, Rational ridge)
    {
        int size = n + 1;
        var b = ridge.Denominator;
        var a = new ZPolynomial[size, size];
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++) a[i, j] = ZPolynomial.Zero;
        var weight = new Dictionary<int, ZPolynomial>();
        foreach (var (mask, count) in sample)
        {
            var pi = ZPolynomial.Monomial(b * count, n - BitOperations.PopCount((uint)mask));
            weight[mask] = pi;
            for (int i = 0; i < size; i++)
            {
                if (!U(mask, i)) continue;
                for (int j = 0; j < size; j++)
                    if (U(mask, j)) a[i, j] += pi;
            }
        }
        for (int i = 1; i < size; i++) a[i, i] += ZPolynomial.Constant(ridge.Numerator);
        var rhs = new Dictionary<int, ZPolynomial>[size];
        for (int i = 0; i < size; i++)
        {
            rhs[i] = [];
            foreach (var (mask, pi) in weight)
                if (U(mask, i)) rhs[i][mask] = pi;
        }
        var unknowns = Enumerable.Range(0, size).Select(i => $"b_{i}").ToArray();
        var regressors = n == 1 ? "(1, z_1)" : n == 2 ? "(1, z_1, z_2)" : $"(1, z_1, ..., z_{n})";
        var form = $"weighted ridge regression of v(z) on {regressors} over {sample.Sum(s => s.Count)} samples "
            + $"({sample.Count} distinct), kernel weights q^(features off) with q = exp({exponent}), ridge {ridge} on {(n == 1 ? "b_1" : $"b_1..b_{n}")}"
            + (b.IsOne ? "" : $", all scaled by {b}");
        var equations = new NormalEquations(unknowns, a, rhs, form);
        var inverse = ExactLinearAlgebra.Inverse(a)
            ?? throw new InputArgumentException($"with ridge 0 the sample ({sample.Count} distinct coalitions) does not determine the {n + 1} coefficients: "
                + "its normal matrix is singular; use ridge > 0 or more samples");
        // b = X rhs / d, X = d A⁻¹: row i reads v(S) with coefficient Σ_j X_ij [j-th regressor of S] π_S
        var rows = new IReadOnlyDictionary<int, ZPolynomial>[size];
        for (int i = 0; i < size; i++)
        {
            var row = new Dictionary<int, ZPolynomial>();
            foreach (var (mask, pi) in weight)
            {
                var sum = ZPolynomial.Zero;
                for (int j = 0; j < size; j++)
                    if (U(mask, j)) sum += inverse.X[i, j];
                if (!sum.IsZero) row[mask] = sum * pi;
            }
            // outputs in the order coefficients b_1..b_n, then the intercept b_0
            rows[i == 0 ? n : i - 1] = row;
        }
        return (Reduced(n, exponent, inverse.D, rows), equations);
    }

    /// <summary>The largest degree of D for which the common factor of D and every N is divided out (Euclid over Q grows
    /// costly beyond; the operator is exact either way).</summary>
    private const int MaxReducedDegree = 60;

    // D and every N_r,S divided by their greatest common divisor in Z[q]: one representation per operator, so that equal
    // outputs stay equal expressions (and their differences fold to 0), with a smaller denominator.
    private static CoalitionOperator Reduced(int n, Rational exponent, ZPolynomial d, IReadOnlyDictionary<int, ZPolynomial>[] rows)
    {
        if (d.Degree < 1 || d.Degree > MaxReducedDegree) return new CoalitionOperator(n, exponent, d, rows);
        var g = d;
        foreach (var row in rows)
            foreach (var p in row.Values)
            {
                if (g.Degree < 1) return new CoalitionOperator(n, exponent, d, rows);
                g = ZPolynomial.Gcd(g, p);
            }
        if (g.Degree < 1) return new CoalitionOperator(n, exponent, d, rows);
        return new CoalitionOperator(n, exponent, d.DivideExactly(g),
            [.. rows.Select(r => (IReadOnlyDictionary<int, ZPolynomial>)r.ToDictionary(kv => kv.Key, kv => kv.Value.DivideExactly(g)))]);
    }

    // The j-th regressor of LIME's design row for a coalition: 1 for the intercept, z_j otherwise.
    private static bool U(int mask, int j) => j == 0 || (mask >> (j - 1) & 1) == 1;

    private static void Add(Dictionary<int, BigInteger> form, int mask, BigInteger c)
    {
        if (c.IsZero) return;
        var v = form.GetValueOrDefault(mask) + c;
        if (v.IsZero) form.Remove(mask); else form[mask] = v;
    }

    private static IReadOnlyDictionary<int, ZPolynomial> ToPolynomials(Dictionary<int, BigInteger> form) =>
        form.ToDictionary(kv => kv.Key, kv => ZPolynomial.Constant(kv.Value));

    private static BigInteger Lcm(BigInteger a, BigInteger b) => a / BigInteger.GreatestCommonDivisor(a, b) * b;
}
