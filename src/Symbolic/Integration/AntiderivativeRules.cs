using System.Numerics;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Integration;

/// <summary>The table of antiderivative patterns; each adds its terms to the parts and returns false when it does not apply.</summary>
/// <remarks>u = a + b t is affine, k a variable-free coefficient. Additive constants are dropped.</remarks>
internal static class AntiderivativeRules
{
    /// <summary>Largest power expanded or summed by a recurrence (a guard against runaway sizes).</summary>
    public const int MaxExpandedPower = 64;

    /// <summary>int k t^n = k t^(n+1)/(n+1), or k log|t| for n = -1; negative n records the pole at t = 0.</summary>
    public static bool PowerOfT(Expr k, int n, AntiderivativeParts parts)
    {
        if (n < 0) parts.NonZero.Add(AffineArg.T);
        if (n == -1) { parts.LogAbs.Add((k, AffineArg.T)); return true; }
        parts.Smooth.Add(Ex.Product(k, Ex.Const(new Rational(1, n + 1)), Ex.Pow(Ex.T, n + 1)));
        return true;
    }

    /// <summary>int k u^e = k u^(e+1)/((e+1) b) for e &lt;= -2, k log|u| / b for e = -1; records the pole at u = 0.</summary>
    public static bool NegativePowerOfAffine(Expr k, Expr u, int e, AntiderivativeParts parts)
    {
        var arg = AffineArg.TryCreate(u);
        if (arg is null) return false;
        parts.NonZero.Add(arg);
        var kb = Ex.Divide(k, arg.Slope);
        if (e == -1) parts.LogAbs.Add((kb, arg));
        else parts.Smooth.Add(Ex.Product(kb, Ex.Const(new Rational(1, e + 1)), Ex.Pow(u, e + 1)));
        return true;
    }

    /// <summary>int k t^n exp(u) = k exp(u) sum_{j=0}^{n} (-1)^j n!/(n-j)! t^(n-j) / b^(j+1) (by parts, n times).</summary>
    public static bool PolynomialTimesExp(Expr k, int n, Expr u, AntiderivativeParts parts)
    {
        var arg = AffineArg.TryCreate(u);
        if (arg is null) return false;
        var terms = new List<Expr>(n + 1);
        BigInteger falling = BigInteger.One; // n!/(n-j)!
        for (int j = 0; j <= n; j++)
        {
            if (j > 0) falling *= n - j + 1;
            var c = Ex.Const(j % 2 == 0 ? new Rational(falling) : new Rational(-falling));
            terms.Add(Ex.Product(c, Ex.Pow(Ex.T, n - j), Ex.Pow(arg.Slope, -(j + 1))));
        }
        parts.Smooth.Add(Ex.Product(k, Ex.Exp(u), Ex.Sum(terms)));
        return true;
    }

    /// <summary>
    /// int k sigmoid(u)^m = k (softplus(u) - sum_{j=1}^{m-1} sigmoid(u)^j / j) / b, since
    /// (sigmoid^j / j)' = b (sigmoid^j - sigmoid^(j+1)) telescopes.
    /// </summary>
    public static bool SigmoidPower(Expr k, Expr u, int m, AntiderivativeParts parts)
    {
        var arg = AffineArg.TryCreate(u);
        if (arg is null || m > MaxExpandedPower) return false;
        var terms = new List<Expr>(m) { Ex.Softplus(u) };
        var s = Ex.Sigmoid(u);
        for (int j = 1; j < m; j++) terms.Add(Ex.Product(Ex.Const(new Rational(-1, j)), Ex.Pow(s, j)));
        parts.Smooth.Add(Ex.Product(Ex.Divide(k, arg.Slope), Ex.Sum(terms)));
        return true;
    }

    /// <summary>
    /// int k tanh(u)^m by the recurrence T(m) = T(m-2) - tanh(u)^(m-1)/((m-1) b), with T(0) = t and
    /// T(1) = log cosh(u) / b = t + softplus(-2u)/b + constant (log cosh u = u + softplus(-2u) - log 2).
    /// </summary>
    public static bool TanhPower(Expr k, Expr u, int m, AntiderivativeParts parts)
    {
        var arg = AffineArg.TryCreate(u);
        if (arg is null || m > MaxExpandedPower) return false;
        var th = Ex.Tanh(u);
        var terms = new List<Expr> { Ex.T };
        if (m % 2 == 1) terms.Add(Ex.Divide(Ex.Softplus(Ex.Product(Ex.Const(-2), u)), arg.Slope));
        for (int j = m % 2 == 1 ? 2 : 1; j < m; j += 2)
            terms.Add(Ex.Product(Ex.Const(new Rational(-1, j)), Ex.Pow(th, j), Ex.Pow(arg.Slope, -1)));
        parts.Smooth.Add(Ex.Product(k, Ex.Sum(terms)));
        return true;
    }

    /// <summary>int k log(u) = k (u log u - u) / b, on intervals where u &gt; 0 (the integrand's domain).</summary>
    public static bool LogOfAffine(Expr k, Expr u, AntiderivativeParts parts)
    {
        var arg = AffineArg.TryCreate(u);
        if (arg is null) return false;
        var kb = Ex.Divide(k, arg.Slope);
        parts.NonNegative.Add(arg);
        parts.XLogX.Add((kb, arg));
        parts.Smooth.Add(Ex.Negate(Ex.Product(kb, u)));
        return true;
    }
}
