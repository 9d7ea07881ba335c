using System.Numerics;

namespace Verifier.Symbolic.Roots;

/// <summary>
/// A root found on the unit interval: the point x = C / 2^K when <see cref="IsPoint"/>, otherwise the open
/// interval (C / 2^K, (C + 1) / 2^K) that holds exactly one root.
/// </summary>
internal readonly record struct DyadicRoot(BigInteger C, int K, bool IsPoint);

/// <summary>
/// Real-root isolation on the open unit interval by Descartes' rule of signs with bisection (the
/// Vincent–Collins–Akritas method).
/// </summary>
/// <remarks>
/// Collins and Akritas, "Polynomial real root isolation using Descartes' rule of signs", SYMSAC 1976; termination
/// for square-free input by Vincent's theorem (see also Krandick and Mehlhorn, "New bounds for the Descartes
/// method", JSC 2006). Each node holds a primitive integer polynomial q whose roots in (0, 1) are the roots of
/// the input in the node's dyadic interval, and q(0), q(1) are non-zero: a root found at a split point is
/// recorded exactly and divided out of both halves, so the bound of every node counts open-interval roots only.
/// </remarks>
internal static class Descartes
{
    /// <summary>
    /// The roots in (0, 1) of the square-free integer polynomial <paramref name="q"/>, which must not vanish at 0
    /// or 1; in no particular order.
    /// </summary>
    public static List<DyadicRoot> IsolateOnUnitInterval(BigInteger[] q)
    {
        var found = new List<DyadicRoot>();
        var stack = new Stack<(BigInteger[] Poly, BigInteger C, int K)>();
        stack.Push((q, BigInteger.Zero, 0));
        while (stack.Count > 0)
        {
            Cancellation.ThrowIfRequested();
            var (poly, c, k) = stack.Pop();
            if (poly.Length <= 1) continue; // a non-zero constant has no roots
            int v = IntegerPolynomial.VariationsOnUnitInterval(poly);
            if (v == 0) continue;
            if (v == 1) { found.Add(new DyadicRoot(c, k, IsPoint: false)); continue; }

            var left = IntegerPolynomial.HalveArgument(poly);   // 2^d q(x/2) on (0, 1/2)
            var right = IntegerPolynomial.ShiftByOne(left);     // 2^d q((x+1)/2) on (1/2, 1)
            if (right[0].IsZero)
            {
                // q(1/2) = 0: an exact root at the split point; remove it from both halves.
                found.Add(new DyadicRoot(2 * c + 1, k + 1, IsPoint: true));
                right = IntegerPolynomial.DivideByX(right);
                left = IntegerPolynomial.DivideByXMinusOne(left);
            }
            IntegerPolynomial.MakePrimitive(left);
            IntegerPolynomial.MakePrimitive(right);
            stack.Push((right, 2 * c + 1, k + 1));
            stack.Push((left, 2 * c, k + 1));
        }
        return found;
    }
}
