using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions;

public abstract partial record Expr
{
    /// <summary>Replaces variables by expressions (simultaneously) and re-canonicalises.</summary>
    /// <param name="map">Variable index (1-based for x_i, 0 for t) to replacement; unmapped variables stay.</param>
    public Expr Substitute(IReadOnlyDictionary<int, Expr> map) => Substitute(map, null);

    /// <summary>Replaces variables, checking every folded constant against the digit limit of <paramref name="options"/>.</summary>
    public Expr Substitute(IReadOnlyDictionary<int, Expr> map, ExactOptions? options)
    {
        if (this is Variable v) return map.TryGetValue(v.Index, out var r) ? r : this;
        if (this is Constant) return this;
        var kids = Children;
        var next = new Expr[kids.Count];
        bool changed = false;
        for (int i = 0; i < next.Length; i++)
        {
            next[i] = kids[i].Substitute(map, options);
            changed |= !ReferenceEquals(next[i], kids[i]);
        }
        if (!changed) return this;
        if (options is not null && this is Power p && next[0] is Constant c)
        {
            long digits = c.Value.Digits * (long)Math.Abs(p.Exponent);
            if (digits > options.MaxDigits && !(c.Value.IsOne || c.Value == Rational.MinusOne || c.Value.IsZero))
                throw new SymbolicLimitException($"({c.Value})^{p.Exponent} would have about {digits} digits, beyond the limit of {options.MaxDigits} (ExactOptions.MaxDigits)");
        }
        var rebuilt = WithChildren(next);
        if (options is not null && rebuilt is Constant k && k.Value.Digits > options.MaxDigits)
            throw new SymbolicLimitException($"an intermediate value has about {k.Value.Digits} digits, beyond the limit of {options.MaxDigits} (ExactOptions.MaxDigits)");
        return rebuilt;
    }

    /// <summary>Substitutes rational values for x1..xn (<paramref name="point"/>[0] is x1).</summary>
    public Expr SubstitutePoint(IReadOnlyList<Rational> point, ExactOptions? options = null)
    {
        var map = new Dictionary<int, Expr>(point.Count);
        for (int i = 0; i < point.Count; i++) map[i + 1] = Ex.Const(point[i]);
        return Substitute(map, options);
    }

    /// <summary>The exact rational value at the point, or null when the value is not rational (or not constant).</summary>
    public Rational? TryEvaluateRational(IReadOnlyList<Rational> point, ExactOptions? options = null) =>
        SubstitutePoint(point, options) is Constant c ? c.Value : null;
}
