using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions;

public static partial class Ex
{
    /// <summary>relu(a) = max(0, a); folds constants and relu(relu(a)).</summary>
    public static Expr Relu(Expr a) => KnownSign(a) switch
    {
        > 0 => a,
        <= 0 => Zero,
        _ => a is Relu ? a : new Relu(a),
    };

    /// <summary>leaky_relu(a, alpha): a for a &gt;= 0, alpha * a otherwise.</summary>
    public static Expr LeakyRelu(Expr a, Rational alpha)
    {
        if (alpha.IsOne) return a;
        if (alpha.IsZero) return Relu(a);
        return KnownSign(a) switch
        {
            >= 0 => a,
            < 0 => Product(Const(alpha), a),
            _ => new LeakyRelu(a, alpha),
        };
    }

    /// <summary>|a|; folds constants, abs(abs(a)), and normalises the sign of the argument (abs(-u) = abs(u)).</summary>
    public static Expr Abs(Expr a)
    {
        switch (KnownSign(a))
        {
            case >= 0: return a;
            case < 0: return Negate(a);
        }
        if (a is Abs) return a;
        if (LeadingCoefficient(a).Sign < 0) a = Negate(a);
        return new Abs(a);
    }

    /// <summary>exp(a); exp(0) = 1, exp(log(a)) = a is not applied (log needs a &gt; 0).</summary>
    public static Expr Exp(Expr a) => a is Constant { Value.IsZero: true } ? One : new Exp(a);

    /// <summary>Natural log; log(1) = 0, log(exp(a)) = a.</summary>
    /// <exception cref="SymbolicDomainException">The argument is a constant known to be non-positive.</exception>
    public static Expr Log(Expr a)
    {
        if (a is Constant { Value.IsOne: true }) return Zero;
        if (a is Exp e) return e.Arg;
        if (KnownSign(a) is <= 0) throw new SymbolicDomainException($"log of a non-positive number: log({a})");
        return new Log(a);
    }

    /// <summary>sigmoid(a); sigmoid(0) = 1/2.</summary>
    public static Expr Sigmoid(Expr a) => a is Constant { Value.IsZero: true } ? Const(Rational.Half) : new Sigmoid(a);

    /// <summary>tanh(a); tanh(0) = 0.</summary>
    public static Expr Tanh(Expr a) => a is Constant { Value.IsZero: true } ? Zero : new Tanh(a);

    /// <summary>softplus(a) = log(1 + exp(a)); softplus(0) = log(2).</summary>
    public static Expr Softplus(Expr a) => a is Constant { Value.IsZero: true } ? new Log(Const(2)) : new Softplus(a);

    /// <summary>The Heaviside step with value <paramref name="atZero"/> at 0; folds constants of known sign.</summary>
    public static Expr Step(Expr a, Rational atZero) => a switch
    {
        Constant { Value.IsZero: true } => Const(atZero),
        _ => KnownStrictSign(a) switch
        {
            > 0 => One,
            < 0 => Zero,
            _ => new Heaviside(a, atZero),
        },
    };

    /// <summary>max(a, b, ...): flattens, drops duplicates, keeps only the largest rational constant.</summary>
    public static Expr Max(params Expr[] args) => Max((IEnumerable<Expr>)args);

    /// <summary>max(a, b, ...): flattens, drops duplicates, keeps only the largest rational constant.</summary>
    public static Expr Max(IEnumerable<Expr> args) => Extremum(args, isMax: true);

    /// <summary>min(a, b, ...): flattens, drops duplicates, keeps only the smallest rational constant.</summary>
    public static Expr Min(params Expr[] args) => Min((IEnumerable<Expr>)args);

    /// <summary>min(a, b, ...): flattens, drops duplicates, keeps only the smallest rational constant.</summary>
    public static Expr Min(IEnumerable<Expr> args) => Extremum(args, isMax: false);

    private static Expr Extremum(IEnumerable<Expr> args, bool isMax)
    {
        var set = new HashSet<Expr>();
        Rational? best = null;
        void Add(Expr a)
        {
            if (isMax && a is Max m) { foreach (var u in m.Args) Add(u); return; }
            if (!isMax && a is Min n) { foreach (var u in n.Args) Add(u); return; }
            if (a is Constant c) { best = best is null ? c.Value : isMax ? Rational.Max(best.Value, c.Value) : Rational.Min(best.Value, c.Value); return; }
            set.Add(a);
        }
        foreach (var a in args) Add(a);
        if (best is not null) set.Add(Const(best.Value));
        if (set.Count == 0) throw new ArgumentException(isMax ? "max needs at least one argument" : "min needs at least one argument");
        if (set.Count == 1) return set.First();
        var list = set.ToList();
        list.Sort(ExprOrder.Instance);
        var items = new ExprList(list.ToImmutableArray());
        return isMax ? new Max(items) : new Min(items);
    }

    /// <summary>The coefficient of the first term (used to normalise signs); 1 when there is none.</summary>
    internal static Rational LeadingCoefficient(Expr a) => a switch
    {
        Constant c => c.Value,
        Product { Factors: [Constant c, ..] } => c.Value,
        Sum s => LeadingCoefficient(s.Terms[0]),
        _ => Rational.One,
    };

    /// <summary>The sign of a constant expression when certain (0 only for the exact constant 0); null otherwise.</summary>
    internal static int? KnownSign(Expr a)
    {
        if (a is Constant c) return c.Value.Sign;
        return KnownStrictSign(a);
    }

    /// <summary>The sign of a variable-free non-rational expression, certified by interval enclosure; null if unknown.</summary>
    internal static int? KnownStrictSign(Expr a)
    {
        if (a is Constant c) return c.Value.IsZero ? null : c.Value.Sign;
        if (!a.IsConstant) return null;
        Interval box;
        try { box = a.Enclose([]); }
        catch (ArithmeticException) { return null; }
        return box.IsPositive ? 1 : box.IsNegative ? -1 : null;
    }
}
