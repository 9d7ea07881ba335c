using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods.Surrogates;

/// <summary>
/// The exact linear algebra of the surrogate regressions: the fraction-free inverse of a matrix over Z[q] (one-step
/// Gauss-Jordan, Bareiss 1968; Nakos, Turner, Williams 1997), and the Moore-Penrose pseudo-inverse of a rational
/// symmetric matrix (the fallback SHAP's KernelExplainer takes when its normal matrix is singular).
/// </summary>
internal static class ExactLinearAlgebra
{
    /// <summary>
    /// d and X = d A^{-1} for a square matrix A over Z[q], computed without fractions: every division is exact in Z[q], and
    /// d = ±det(A) (the sign of the row exchanges). Null when A is singular over Q(q), i.e. its determinant is the zero
    /// polynomial; for a transcendental q (exp of a non-zero rational, Lindemann) that is exactly when A(q) is singular.
    /// </summary>
    public static (ZPolynomial D, ZPolynomial[,] X)? Inverse(ZPolynomial[,] a)
    {
        int n = a.GetLength(0);
        if (a.GetLength(1) != n) throw new ArgumentException("the matrix must be square", nameof(a));
        var m = new ZPolynomial[n, 2 * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < 2 * n; j++)
                m[i, j] = j < n ? a[i, j] : j - n == i ? ZPolynomial.One : ZPolynomial.Zero;
        var previous = ZPolynomial.One;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            while (p < n && m[p, k].IsZero) p++;
            if (p == n) return null;
            if (p != k)
                for (int j = 0; j < 2 * n; j++) (m[p, j], m[k, j]) = (m[k, j], m[p, j]);
            var pivot = m[k, k];
            for (int i = 0; i < n; i++)
            {
                if (i == k) continue;
                var factor = m[i, k];
                for (int j = 0; j < 2 * n; j++)
                {
                    if (j == k) continue;
                    // a_ij <- (a_kk a_ij - a_ik a_kj) / (previous pivot): exact in Z[q] (Sylvester's identity)
                    var value = pivot * m[i, j] - factor * m[k, j];
                    m[i, j] = value.IsZero ? value : value.DivideExactly(previous);
                }
                m[i, k] = ZPolynomial.Zero;
            }
            previous = pivot;
        }
        var x = new ZPolynomial[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) x[i, j] = m[i, n + j];
        return (previous, x);
    }

    /// <summary>The Moore-Penrose pseudo-inverse G⁺ of a rational matrix, exactly: with the rank factorisation G = B C
    /// (B the pivot columns of G, C the non-zero rows of its reduced row echelon form), G⁺ = Cᵀ (C Cᵀ)⁻¹ (Bᵀ B)⁻¹ Bᵀ.</summary>
    public static Rational[,] PseudoInverse(Rational[,] g)
    {
        int rows = g.GetLength(0), cols = g.GetLength(1);
        var (rref, pivots) = ReducedRowEchelon(g);
        int r = pivots.Count;
        var result = new Rational[cols, rows];
        if (r == 0) return result;
        var c = new Rational[r, cols];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < cols; j++) c[i, j] = rref[i, j];
        var b = new Rational[rows, r];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < r; j++) b[i, j] = g[i, pivots[j]];
        var ct = Transpose(c);
        var bt = Transpose(b);
        return Multiply(Multiply(Multiply(ct, Invert(Multiply(c, ct))), Invert(Multiply(bt, b))), bt);
    }

    /// <summary>The rank of a rational matrix.</summary>
    public static int Rank(Rational[,] g) => ReducedRowEchelon(g).Pivots.Count;

    private static (Rational[,] Rref, List<int> Pivots) ReducedRowEchelon(Rational[,] g)
    {
        int rows = g.GetLength(0), cols = g.GetLength(1);
        var m = (Rational[,])g.Clone();
        var pivots = new List<int>();
        int row = 0;
        for (int col = 0; col < cols && row < rows; col++)
        {
            int p = row;
            while (p < rows && m[p, col].IsZero) p++;
            if (p == rows) continue;
            for (int j = 0; j < cols; j++) (m[p, j], m[row, j]) = (m[row, j], m[p, j]);
            var inv = m[row, col].Reciprocal();
            for (int j = 0; j < cols; j++) m[row, j] *= inv;
            for (int i = 0; i < rows; i++)
            {
                if (i == row || m[i, col].IsZero) continue;
                var f = m[i, col];
                for (int j = 0; j < cols; j++) m[i, j] -= f * m[row, j];
            }
            pivots.Add(col);
            row++;
        }
        return (m, pivots);
    }

    // The inverse of an invertible rational matrix (Gauss-Jordan).
    private static Rational[,] Invert(Rational[,] a)
    {
        int n = a.GetLength(0);
        var aug = new Rational[n, 2 * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) aug[i, j] = a[i, j];
            aug[i, n + i] = Rational.One;
        }
        var (rref, pivots) = ReducedRowEchelon(aug);
        if (pivots.Count < n || pivots[n - 1] != n - 1) throw new InvalidOperationException("a full-rank factor of the pseudo-inverse is singular");
        var inv = new Rational[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) inv[i, j] = rref[i, n + j];
        return inv;
    }

    private static Rational[,] Transpose(Rational[,] a)
    {
        var t = new Rational[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
        return t;
    }

    /// <summary>The product of two rational matrices.</summary>
    public static Rational[,] Multiply(Rational[,] a, Rational[,] b)
    {
        int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
        var c = new Rational[n, m];
        for (int i = 0; i < n; i++)
            for (int l = 0; l < k; l++)
            {
                if (a[i, l].IsZero) continue;
                for (int j = 0; j < m; j++) c[i, j] += a[i, l] * b[l, j];
            }
        return c;
    }
}
