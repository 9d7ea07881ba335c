using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Rewrites;

/// <summary>
/// The normal form behind <see cref="ExprRewrites.NormalForm"/>, built bottom-up through the canonicalising factory, so
/// that it is linear in sums and commutes with products and powers; each case below applies an identity, so the result
/// always computes the same function.
/// </summary>
/// <remarks>
/// Why both sides of each rewrite meet: with rho(u) the normal form of relu(u), rho(-u) = -u + rho(u) for every u (check
/// both signs of u's leading coefficient, and the two folds: rho(u) = u when u is itself a value of rho, which mirrors the
/// factory's relu(relu(a)) = relu(a), and then rho(-u) = 0), which gives relu(z) = z + relu(-z), z = relu(z) - relu(-z),
/// and the symmetry of a + relu(b - a) and min's a - relu(a - b) in a and b; relu(c z) = c relu(z) holds because rho
/// scales out the leading coefficient and the folds are invariant under positive scaling. The sigmoid and softplus cases are the same argument with sigma(-u) = 1 - sigma(u) and
/// softplus(-u) = -u + softplus(u).
/// </remarks>
internal static class IdentityNormalForm
{
    public static Expr Of(Expr e) => e switch
    {
        Constant or Variable => e,
        Sum s => Ex.Sum(s.Terms.Select(Of)),
        Product p => Ex.Product(p.Factors.Select(Of)),
        Power pw => Ex.Pow(Of(pw.Base), pw.Exponent),
        Relu r => Relu(Of(r.Arg)),
        LeakyRelu l => LeakyRelu(Of(l.Arg), l.Alpha),
        Abs a => Abs(Of(a.Arg)),
        Max m => Extremum(m.Args.Select(Of), isMax: true),
        Min m => Extremum(m.Args.Select(Of), isMax: false),
        Sigmoid s => Sigmoid(Of(s.Arg)),
        Tanh t => Ex.Sum(Ex.Scale(2, Sigmoid(Ex.Scale(2, Of(t.Arg)))), Ex.Const(-1)),
        Softplus sp => Softplus(Of(sp.Arg)),
        _ => e.WithChildren(e.Children.Select(Of).ToArray()),
    };

    /// <summary>The coefficient of the first term (the constant itself for a constant); 1 when there is none.</summary>
    public static Rational LeadingCoefficient(Expr a) => a switch
    {
        Constant c => c.Value,
        Product { Factors: [Constant c, ..] } => c.Value,
        Sum s => LeadingCoefficient(s.Terms[0]),
        _ => Rational.One,
    };

    // relu(u) = u for u >= 0 and 0 for u <= 0 (u a relu form, or minus one); relu(u) = c relu(u / c) for c > 0;
    // relu(u) = u + relu(-u)
    private static Expr Relu(Expr u)
    {
        if (u is Constant) return Ex.Relu(u);
        if (IsReluForm(u)) return u;
        var minus = Ex.Negate(u);
        if (IsReluForm(minus)) return Ex.Zero;
        var c = LeadingCoefficient(u);
        if (c.Sign > 0) return c.IsOne ? Ex.Relu(u) : Ex.Scale(c, Ex.Relu(Ex.Scale(c.Reciprocal(), u)));
        return Ex.Sum(u, Relu(minus));
    }

    // A value of Relu: c relu(v), or -c v + c relu(v) (= c relu(-v)), with c > 0; such a value is >= 0.
    private static bool IsReluForm(Expr x)
    {
        if (ReluTerm(x) is { } single) return single.C.Sign > 0;
        if (x is not Sum s) return false;
        foreach (var t in s.Terms)
            if (ReluTerm(t) is { } r && r.C.Sign > 0 && Ex.Sum(x, Ex.Negate(t)).Equals(Ex.Scale(-r.C, r.V))) return true;
        return false;
    }

    private static (Rational C, Expr V)? ReluTerm(Expr t) => t switch
    {
        Verifier.Symbolic.Expressions.Relu r => (Rational.One, r.Arg),
        Product { Factors: [Constant c, Verifier.Symbolic.Expressions.Relu r] } => (c.Value, r.Arg),
        _ => null,
    };

    // leaky_relu(u, a) = a u + (1 - a) relu(u)
    private static Expr LeakyRelu(Expr u, Rational alpha) => Ex.Sum(Ex.Scale(alpha, u), Ex.Scale(1 - alpha, Relu(u)));

    // |u| = relu(u) + relu(-u)
    private static Expr Abs(Expr u) => Ex.Sum(Relu(u), Relu(Ex.Negate(u)));

    // max(a, b) = a + relu(b - a), min(a, b) = a - relu(a - b); three or more arguments stay as they are
    private static Expr Extremum(IEnumerable<Expr> args, bool isMax)
    {
        var m = isMax ? Ex.Max(args) : Ex.Min(args);
        return m switch
        {
            Max { Args: [var a, var b] } => Ex.Sum(a, Relu(b - a)),
            Min { Args: [var a, var b] } => Ex.Sum(a, Ex.Negate(Relu(a - b))),
            _ => m,
        };
    }

    // sigmoid(u) = 1 - sigmoid(-u)
    private static Expr Sigmoid(Expr u) =>
        LeadingCoefficient(u).Sign < 0 ? Ex.Sum(Ex.One, Ex.Negate(Ex.Sigmoid(Ex.Negate(u)))) : Ex.Sigmoid(u);

    // softplus(u) = u + softplus(-u)
    private static Expr Softplus(Expr u) =>
        LeadingCoefficient(u).Sign < 0 ? Ex.Sum(u, Ex.Softplus(Ex.Negate(u))) : Ex.Softplus(u);
}
