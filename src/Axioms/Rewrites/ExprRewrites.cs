using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Rewrites;

/// <summary>A function-preserving rewrite of an expression.</summary>
/// <param name="Name">The identity used and where, e.g. <c>relu(z) = z + relu(-z) at relu(x1 - 1)</c>.</param>
/// <param name="Result">The rewritten expression: the same function, another canonical form.</param>
public readonly record struct ExprRewrite(string Name, Expr Result);

/// <summary>
/// Algebraic identities that keep an expression's function but change its canonical form, for implementation invariance
/// of closed-form functions. Polynomial identities are useless here (the canonical form expands polynomials, so both sides
/// are one object); these are the identities of the kinks and the smooth activations:
/// relu(z) = z + relu(-z); relu(c z) = c relu(z) for c &gt; 0; leaky_relu(z, a) = a z + (1 - a) relu(z);
/// abs(z) = relu(z) + relu(-z); max(a, b) = a + relu(b - a); min(a, b) = a - relu(a - b);
/// sigmoid(z) = 1 - sigmoid(-z); sigmoid(z) = (1 + tanh(z/2)) / 2; tanh(z) = 2 sigmoid(2z) - 1;
/// softplus(z) = z + softplus(-z); and z = relu(z) - relu(-z) for any non-constant affine subterm z.
/// </summary>
/// <remarks>
/// exp(a + b) = exp(a) exp(b) is not among them: the canonical form merges products of exponentials, so both sides are
/// one object. Every rewrite can be checked symbolically: <see cref="NormalForm"/> of both sides is the same object.
/// </remarks>
public static class ExprRewrites
{
    /// <summary>One rewrite at a random applicable position (a rule drawn uniformly among those that apply somewhere, then a
    /// position); null when none applies. Deterministic for a seeded <paramref name="rng"/>.</summary>
    public static ExprRewrite? Rewrite(Expr expr, Random rng)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(rng);
        var byRule = Candidates(expr).GroupBy(c => c.Rule).ToList();
        if (byRule.Count == 0) return null;
        var group = byRule[rng.Next(byRule.Count)].ToList();
        return group[rng.Next(group.Count)].Rewrite;
    }

    /// <summary>Every applicable rewrite, at every position, whose result differs from <paramref name="expr"/> (distinct results).</summary>
    public static IReadOnlyList<ExprRewrite> All(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return Candidates(expr).Select(c => c.Rewrite).ToList();
    }

    /// <summary>
    /// A representative shared by both sides of every identity above: relu only of arguments with leading coefficient 1,
    /// abs, leaky_relu, two-argument max and min written with relu, tanh written with sigmoid, sigmoid and softplus only of
    /// arguments with positive leading coefficient. It computes the same function as <paramref name="expr"/>, so equal
    /// normal forms prove two expressions equal (the converse does not hold). Applied to closed-form values, it shows
    /// e.g. sigmoid(-2) = 1 - sigmoid(2).
    /// </summary>
    public static Expr NormalForm(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return IdentityNormalForm.Of(expr);
    }

    private static List<(string Rule, ExprRewrite Rewrite)> Candidates(Expr expr)
    {
        var seen = new HashSet<Expr> { expr };
        var result = new List<(string, ExprRewrite)>();
        foreach (var (rule, node, replaced) in At(expr))
            if (seen.Add(replaced)) result.Add((rule, new ExprRewrite($"{rule} at {node}", replaced)));
        return result;
    }

    // (rule, rewritten node, whole expression) for the node and every descendant.
    private static IEnumerable<(string Rule, Expr Node, Expr Result)> At(Expr node)
    {
        foreach (var (rule, r) in Rules(node)) yield return (rule, node, r);
        var kids = node.Children;
        for (int i = 0; i < kids.Count; i++)
            foreach (var (rule, at, r) in At(kids[i]))
                if (Rebuild(node, i, r) is { } rebuilt) yield return (rule, at, rebuilt);
    }

    private static Expr? Rebuild(Expr node, int i, Expr child)
    {
        var next = node.Children.ToArray();
        next[i] = child;
        try { return node.WithChildren(next); }
        catch (ArithmeticException) { return null; }
    }

    private static IEnumerable<(string Rule, Expr Result)> Rules(Expr node)
    {
        switch (node)
        {
            case Relu { Arg: var z }:
                yield return ("relu(z) = z + relu(-z)", Ex.Sum(z, Ex.Relu(Ex.Negate(z))));
                var l = IdentityNormalForm.LeadingCoefficient(z);
                var c = l.Sign > 0 && !l.IsOne ? l : new Rational(2);
                yield return ("relu(c z) = c relu(z), c > 0", Ex.Scale(c, Ex.Relu(Ex.Scale(c.Reciprocal(), z))));
                break;
            case LeakyRelu { Arg: var z, Alpha: var a }:
                yield return ("leaky_relu(z, a) = a z + (1 - a) relu(z)", Ex.Sum(Ex.Scale(a, z), Ex.Scale(1 - a, Ex.Relu(z))));
                break;
            case Abs { Arg: var z }:
                yield return ("abs(z) = relu(z) + relu(-z)", Ex.Sum(Ex.Relu(z), Ex.Relu(Ex.Negate(z))));
                break;
            case Max { Args: [var a, var b] }:
                yield return ("max(a, b) = a + relu(b - a)", Ex.Sum(a, Ex.Relu(b - a)));
                break;
            case Min { Args: [var a, var b] }:
                yield return ("min(a, b) = a - relu(a - b)", a - Ex.Relu(a - b));
                break;
            case Sigmoid { Arg: var z }:
                yield return ("sigmoid(z) = 1 - sigmoid(-z)", Ex.Sum(Ex.One, Ex.Negate(Ex.Sigmoid(Ex.Negate(z)))));
                yield return ("sigmoid(z) = (1 + tanh(z/2)) / 2", Ex.Sum(Ex.Const(Rational.Half), Ex.Scale(Rational.Half, Ex.Tanh(Ex.Scale(Rational.Half, z)))));
                break;
            case Tanh { Arg: var z }:
                yield return ("tanh(z) = 2 sigmoid(2z) - 1", Ex.Sum(Ex.Scale(2, Ex.Sigmoid(Ex.Scale(2, z))), Ex.Const(-1)));
                break;
            case Softplus { Arg: var z }:
                yield return ("softplus(z) = z + softplus(-z)", Ex.Sum(z, Ex.Softplus(Ex.Negate(z))));
                break;
        }
        if (!node.IsConstant && IsAffine(node))
            yield return ("z = relu(z) - relu(-z)", Ex.Relu(node) - Ex.Relu(Ex.Negate(node)));
    }

    /// <summary>True for c, x_i, c x_i and sums of these.</summary>
    internal static bool IsAffine(Expr e) => e switch
    {
        Constant or Variable => true,
        Product { Factors: [Constant, Variable] } => true,
        Sum s => s.Terms.All(t => t is Constant or Variable or Product { Factors: [Constant, Variable] }),
        _ => false,
    };
}
