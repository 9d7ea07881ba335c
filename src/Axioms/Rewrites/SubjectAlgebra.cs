using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Rewrites.NetworkSurgery;

namespace Verifier.Axioms.Rewrites;

/// <summary>
/// Operations on functions that the axioms need (linear combinations, swapped and symmetrised inputs, affine changes of a
/// coordinate, dummy features), for expressions and for networks alike: an expression gives an expression, a network a
/// network that computes exactly the composed function.
/// </summary>
/// <remarks>
/// Features are 0-based here (feature i is x_{i+1}), as in attribution vectors. For networks, a change of the inputs is a
/// dense map composed into the first layer when that is dense, or prepended as a new dense layer otherwise.
/// </remarks>
public static class SubjectAlgebra
{
    /// <summary>
    /// alpha F + beta G. Two networks are run side by side (block-diagonal hidden layers, the shorter one padded with the
    /// identity through relu where the layers do not align) with a final dense layer combining their outputs; two
    /// expressions give the canonical sum; an expression and a network give an expression (the network converted).
    /// </summary>
    /// <exception cref="ArgumentException">F and G have different dimensions.</exception>
    public static Subject LinearCombination(Rational alpha, Subject f, Rational beta, Subject g)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(g);
        if (f.Dimension != g.Dimension)
            throw new ArgumentException($"F has {f.Dimension} inputs and G has {g.Dimension}; a linear combination needs the same inputs", nameof(g));
        if (f.Network is { } a && g.Network is { } b) return Subject.Of(ParallelNetworks.Combine(alpha, a, beta, b));
        return Subject.Of(Ex.Sum(Ex.Scale(alpha, f.ToExpr()), Ex.Scale(beta, g.ToExpr())), f.Dimension);
    }

    /// <summary>F∘swap: the function y -&gt; F(y with y_i and y_j exchanged).</summary>
    /// <exception cref="ArgumentOutOfRangeException">i or j is not a feature of F.</exception>
    public static Subject SwapInputs(Subject f, int i, int j)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckFeature(f, i, nameof(i));
        CheckFeature(f, j, nameof(j));
        if (i == j) return f;
        int n = f.Dimension;
        if (f.Network is { } net)
        {
            var map = Zeros(n, n);
            for (int k = 0; k < n; k++) map[k][k == i ? j : k == j ? i : k] = Rational.One;
            return Subject.Of(Precompose(net, Dense(map, new Rational[n])));
        }
        var sub = new Dictionary<int, Expr> { [i + 1] = Ex.Var(j + 1), [j + 1] = Ex.Var(i + 1) };
        return Subject.Of(f.Function!.Substitute(sub), n);
    }

    /// <summary>F + F∘swap(i, j), which is symmetric in x_i and x_j (its canonical expression is invariant under the swap).</summary>
    /// <exception cref="ArgumentOutOfRangeException">i or j is not a feature of F.</exception>
    public static Subject Symmetrize(Subject f, int i, int j) =>
        LinearCombination(Rational.One, f, Rational.One, SwapInputs(f, i, j));

    /// <summary>
    /// F∘T^-1 for T(x) = (x_1, ..., c x_i + d, ..., x_n) with c != 0: the function G with G(T(x)) = F(x), i.e.
    /// G(y) = F(y with y_i replaced by (y_i - d) / c).
    /// </summary>
    /// <remarks>Affine scale invariance: A(x, x', F) = A(T(x), T(x'), F∘T^-1) (Lundstrom et al. 2022, section 3.3).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">i is not a feature of F, or c = 0.</exception>
    public static Subject PrecomposeAffine(Subject f, int i, Rational c, Rational d)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckFeature(f, i, nameof(i));
        if (c.IsZero) throw new ArgumentOutOfRangeException(nameof(c), c, "T is invertible only for c != 0");
        var scale = Enumerable.Repeat(Rational.One, f.Dimension).ToArray();
        var shift = new Rational[f.Dimension];
        scale[i] = c.Reciprocal();
        shift[i] = -d / c;
        return PrecomposeCoordinateMap(f, scale, shift);
    }

    /// <summary>
    /// y -&gt; F(scale ⊙ y + shift), coordinate by coordinate. With scale = s = sign(x - x') and shift = -s ⊙ x', a function
    /// M non-decreasing on the non-negative orthant gives F(y) = M(s ⊙ (y - x')), non-decreasing along every monotone path
    /// from x' to x.
    /// </summary>
    /// <exception cref="ArgumentException">A vector's length is not F's dimension.</exception>
    public static Subject PrecomposeCoordinateMap(Subject f, IReadOnlyList<Rational> scale, IReadOnlyList<Rational> shift)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(shift);
        int n = f.Dimension;
        if (scale.Count != n || shift.Count != n)
            throw new ArgumentException($"F has {n} inputs but the map has {scale.Count} scales and {shift.Count} shifts", nameof(scale));
        if (f.Network is { } net)
        {
            var map = Zeros(n, n);
            for (int k = 0; k < n; k++) map[k][k] = scale[k];
            return Subject.Of(Precompose(net, Dense(map, shift.ToArray())));
        }
        var sub = new Dictionary<int, Expr>();
        for (int k = 0; k < n; k++)
            if (!scale[k].IsOne || !shift[k].IsZero) sub[k + 1] = Ex.Sum(Ex.Scale(scale[k], Ex.Var(k + 1)), Ex.Const(shift[k]));
        return Subject.Of(f.Function!.Substitute(sub), n);
    }

    /// <summary>F as a function of n features, the features beyond its own being dummies (a network gets zero columns).</summary>
    /// <exception cref="ArgumentOutOfRangeException">n is smaller than F's dimension.</exception>
    public static Subject AddDummy(Subject f, int n)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (n < f.Dimension) throw new ArgumentOutOfRangeException(nameof(n), n, $"F already has {f.Dimension} inputs");
        if (n == f.Dimension) return f;
        if (f.Network is { } net)
        {
            var map = Zeros(f.Dimension, n);
            for (int k = 0; k < f.Dimension; k++) map[k][k] = Rational.One;
            return Subject.Of(Precompose(net, Dense(map, new Rational[f.Dimension])));
        }
        return Subject.Of(f.Function!, n);
    }

    /// <summary>F with feature i fixed to <paramref name="value"/> and removed: a function of the other n - 1 features, in order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">i is not a feature of F, or F has a single feature.</exception>
    public static Subject Restrict(Subject f, int i, Rational value)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckFeature(f, i, nameof(i));
        int n = f.Dimension;
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(f), "F has a single feature, which cannot be removed");
        if (f.Network is { } net)
        {
            var map = Zeros(n, n - 1);
            var bias = new Rational[n];
            for (int k = 0; k < n; k++)
            {
                if (k < i) map[k][k] = Rational.One;
                else if (k > i) map[k][k - 1] = Rational.One;
                else bias[k] = value;
            }
            return Subject.Of(Precompose(net, Dense(map, bias)));
        }
        var sub = new Dictionary<int, Expr> { [i + 1] = Ex.Const(value) };
        for (int k = i + 2; k <= n; k++) sub[k] = Ex.Var(k - 1);
        return Subject.Of(f.Function!.Substitute(sub), n - 1);
    }

    private static void CheckFeature(Subject f, int i, string parameter)
    {
        if (i < 0 || i >= f.Dimension)
            throw new ArgumentOutOfRangeException(parameter, i, $"features are 0-based indices 0..{f.Dimension - 1}");
    }
}
