using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions;

/// <summary>
/// The canonicalising factory: every expression node is built here. Sums flatten, fold constants and merge like
/// terms; products flatten, fold coefficients, merge powers of equal bases and distribute over sums (so
/// polynomials are fully expanded and equal polynomials are equal objects); functions of constants fold where
/// the value is rational.
/// </summary>
public static partial class Ex
{
    /// <summary>The constant 0.</summary>
    public static readonly Constant Zero = new(Rational.Zero);
    /// <summary>The constant 1.</summary>
    public static readonly Constant One = new(Rational.One);
    /// <summary>The path parameter t (variable index 0).</summary>
    public static readonly Variable T = new(0);

    /// <summary>A rational constant.</summary>
    public static Constant Const(Rational value) => value.IsZero ? Zero : value.IsOne ? One : new Constant(value);

    /// <summary>The variable x_i (1-based); index 0 is t.</summary>
    public static Variable Var(int index)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), index, "Variable indices are 1-based (x1, x2, ...), or 0 for t.");
        return new Variable(index);
    }

    /// <summary>-a.</summary>
    public static Expr Negate(Expr a) => Scale(Rational.MinusOne, a);

    /// <summary>
    /// c * a, the canonical product with a constant, built directly: scaling a canonical sum by a non-zero constant
    /// keeps its monomials and their order, so no re-canonicalisation is needed.
    /// </summary>
    public static Expr Scale(Rational c, Expr a)
    {
        if (c.IsZero) return Zero;
        if (c.IsOne) return a;
        switch (a)
        {
            case Constant k: return Const(c * k.Value);
            case Sum s:
                var builder = ImmutableArray.CreateBuilder<Expr>(s.Terms.Count);
                foreach (var term in s.Terms)
                {
                    if (term is Constant tc) { builder.Add(Const(c * tc.Value)); continue; }
                    var (coef, mono) = SplitCoefficient(term);
                    builder.Add(WithCoefficient(c * coef, mono));
                }
                return new Sum(new ExprList(builder.MoveToImmutable()));
            default:
                var (coefficient, monomial) = SplitCoefficient(a);
                return WithCoefficient(c * coefficient, monomial);
        }
    }

    /// <summary>a / b.</summary>
    /// <exception cref="SymbolicDomainException"><paramref name="b"/> is the constant 0.</exception>
    public static Expr Divide(Expr a, Expr b)
    {
        if (b is Constant { Value.IsZero: true }) throw new SymbolicDomainException($"division by zero: ({a}) / 0");
        return Product(a, Pow(b, -1));
    }

    /// <summary>The canonical sum of the terms.</summary>
    public static Expr Sum(params Expr[] terms) => Sum((IEnumerable<Expr>)terms);

    /// <summary>The canonical sum of the terms.</summary>
    public static Expr Sum(IEnumerable<Expr> terms)
    {
        Cancellation.ThrowIfRequested(); // every expression that grows is built here or in Product
        var acc = new Dictionary<Expr, Rational>();
        var order = new List<Expr>();
        Rational constant = Rational.Zero;
        foreach (var t in terms) AddTerm(t, Rational.One);

        void AddTerm(Expr term, Rational scale)
        {
            switch (term)
            {
                case Constant c: constant += scale * c.Value; break;
                case Sum s: foreach (var u in s.Terms) AddTerm(u, scale); break;
                default:
                    var (coef, mono) = SplitCoefficient(term);
                    if (acc.TryGetValue(mono, out var old)) acc[mono] = old + scale * coef;
                    else { acc[mono] = scale * coef; order.Add(mono); }
                    break;
            }
        }

        var monos = order.Where(m => !acc[m].IsZero).ToList();
        if (monos.Count > HardLimits.MaxExpandedTerms)
            throw new SymbolicLimitException($"a sum would have {monos.Count} terms, beyond the limit of {HardLimits.MaxExpandedTerms}");
        monos.Sort(ExprOrder.Instance);
        var builder = ImmutableArray.CreateBuilder<Expr>(monos.Count + (constant.IsZero ? 0 : 1));
        foreach (var m in monos) builder.Add(WithCoefficient(acc[m], m));
        if (!constant.IsZero) builder.Add(Const(constant));
        return builder.Count switch
        {
            0 => Zero,
            1 => builder[0],
            _ => new Sum(new ExprList(builder.MoveToImmutable())),
        };
    }

    /// <summary>Splits a canonical non-constant term into its rational coefficient and its monomial.</summary>
    internal static (Rational Coefficient, Expr Monomial) SplitCoefficient(Expr term)
    {
        if (term is Product p && p.Factors[0] is Constant c)
            return (c.Value, p.Factors.Count == 2 ? p.Factors[1] : new Product(new ExprList(p.Factors.Items.RemoveAt(0))));
        return (Rational.One, term);
    }

    /// <summary>coefficient * monomial, for a canonical monomial without coefficient.</summary>
    internal static Expr WithCoefficient(Rational coefficient, Expr monomial)
    {
        if (coefficient.IsOne) return monomial;
        if (coefficient.IsZero) return Zero;
        if (monomial is Product p) return new Product(new ExprList(p.Factors.Items.Insert(0, Const(coefficient))));
        return new Product(new ExprList([Const(coefficient), monomial]));
    }

    /// <summary>The canonical product of the factors (distributed over sums).</summary>
    public static Expr Product(params Expr[] factors) =>
        factors.Length == 2 && factors[0] is Constant c0 ? Scale(c0.Value, factors[1])
        : factors.Length == 2 && factors[1] is Constant c1 ? Scale(c1.Value, factors[0])
        : Product((IEnumerable<Expr>)factors);

    /// <summary>The canonical product of the factors (distributed over sums).</summary>
    public static Expr Product(IEnumerable<Expr> factors)
    {
        Cancellation.ThrowIfRequested();
        Rational coef = Rational.One;
        var exps = new Dictionary<Expr, int>();
        var order = new List<Expr>();
        List<Expr>? expArgs = null;
        foreach (var f in factors) Add(f, 1);

        void Add(Expr f, int k)
        {
            switch (f)
            {
                case Constant c:
                    if (c.Value.IsZero) { coef = Rational.Zero; return; }
                    coef *= k == 1 ? c.Value : ConstantPower(c.Value, k);
                    break;
                case Product p: foreach (var u in p.Factors) Add(u, k); break;
                case Power pw:
                    if (k == 1) AddBase(pw.Base, pw.Exponent);
                    else Add(Pow(pw.Base, CheckedExponent((long)pw.Exponent * k)), 1);
                    break;
                case Exp e:
                    (expArgs ??= []).Add(k == 1 ? e.Arg : Product(Const(k), e.Arg));
                    break;
                default: AddBase(f, k); break;
            }
        }

        void AddBase(Expr b, int k)
        {
            if (exps.TryGetValue(b, out var old)) exps[b] = CheckedExponent((long)old + k);
            else { exps[b] = k; order.Add(b); }
        }

        if (coef.IsZero) return Zero;
        if (expArgs is not null)
        {
            var merged = Exp(Sum(expArgs));
            if (merged is Constant mc) coef *= mc.Value;
            else AddBase(merged, 1);
        }

        // Positive powers of sums are expanded; everything else becomes a sorted list of factors.
        List<(Sum Sum, int Times)>? toExpand = null;
        var bases = new List<Expr>();
        foreach (var b in order)
        {
            int e = exps[b];
            if (e == 0) continue;
            if (b is Sum s && e > 0) (toExpand ??= []).Add((s, e));
            else bases.Add(b);
        }
        bases.Sort(ExprOrder.Instance);
        var builder = ImmutableArray.CreateBuilder<Expr>(bases.Count + 1);
        if (!coef.IsOne) builder.Add(Const(coef));
        foreach (var b in bases) builder.Add(exps[b] == 1 ? b : new Power(b, exps[b]));
        Expr rest = builder.Count switch
        {
            0 => One,
            1 => builder[0],
            _ => new Product(new ExprList(builder.ToImmutable())),
        };
        return toExpand is null ? rest : Expand(rest, toExpand);
    }

    // rest * prod(sum_i ^ times_i), multiplied out term by term.
    private static Expr Expand(Expr rest, List<(Sum Sum, int Times)> sums)
    {
        // Refuse up front when the result could exceed the term limit: s^n has at most C(n + m - 1, m - 1)
        // distinct monomials for m terms, so the check costs nothing and the expansion can never grind.
        double bound = 1;
        foreach (var (s, times) in sums) bound *= MultisetCount(s.Terms.Count, times);
        if (bound > HardLimits.MaxExpandedTerms)
            throw new SymbolicLimitException(
                $"expanding a product of {sums.Count} sum(s) ({string.Join(" * ", sums.Select(x => $"[{x.Sum.Terms.Count} terms]^{x.Times}"))}) could create about {bound:G3} terms, beyond the limit of {HardLimits.MaxExpandedTerms}");
        var current = new List<Expr> { rest };
        foreach (var (s, times) in sums)
        {
            for (int r = 0; r < times; r++)
            {
                long size = (long)current.Count * s.Terms.Count;
                if (size > HardLimits.MaxExpandedTerms)
                    throw new SymbolicLimitException($"expanding a product would create {size} terms, beyond the limit of {HardLimits.MaxExpandedTerms}");
                var next = new List<Expr>((int)size);
                foreach (var a in current)
                    foreach (var term in s.Terms)
                        next.Add(Product(a, term));
                current = [Sum(next)];
                if (current[0] is Sum cs) current = [.. cs.Terms];
            }
        }
        return Sum(current);
    }

    // (t_1 + ... + t_m)^n = sum over k_1 + ... + k_m = n of n! / (k_1! ... k_m!) t_1^k_1 ... t_m^k_m:
    // every monomial is built once (repeated multiplication would build O(n) times as many).
    private static Expr MultinomialPower(Sum s, int n)
    {
        int m = s.Terms.Count;
        double bound = MultisetCount(m, n);
        if (bound > HardLimits.MaxExpandedTerms)
            throw new SymbolicLimitException($"expanding a sum of {m} terms to the power {n} could create about {bound:G3} terms, beyond the limit of {HardLimits.MaxExpandedTerms}");
        // powers[i][k] = t_i^k, built once
        var powers = new Expr[m][];
        for (int i = 0; i < m; i++)
        {
            powers[i] = new Expr[n + 1];
            powers[i][0] = One;
            for (int k = 1; k <= n; k++) powers[i][k] = Product(powers[i][k - 1], s.Terms[i]);
        }
        var terms = new List<Expr>((int)bound);
        var factors = new Expr[m + 1];
        // Walk the compositions with the multinomial coefficient updated incrementally:
        // choosing k of the remaining r positions multiplies it by C(r, k).
        void Walk(int i, int remaining, System.Numerics.BigInteger coefficient)
        {
            if (i == m - 1)
            {
                factors[i] = powers[i][remaining];
                factors[m] = Const(coefficient);
                terms.Add(Product(factors));
                return;
            }
            var binomial = System.Numerics.BigInteger.One; // C(remaining, k)
            for (int k = 0; k <= remaining; k++)
            {
                if (k > 0) binomial = binomial * (remaining - k + 1) / k;
                factors[i] = powers[i][k];
                Walk(i + 1, remaining - k, coefficient * binomial);
            }
        }
        Walk(0, n, System.Numerics.BigInteger.One);
        return Sum(terms);
    }

    // C(n + m - 1, m - 1) in floating point: the number of monomials of degree n in m terms.
    private static double MultisetCount(int m, int n)
    {
        double c = 1;
        for (int k = 1; k < m; k++) c = c * (n + k) / k;
        return c;
    }

    private static int CheckedExponent(long e)
    {
        if (Math.Abs(e) > HardLimits.MaxExponent)
            throw new SymbolicLimitException($"exponent {e} is beyond the limit of {HardLimits.MaxExponent}");
        return (int)e;
    }

    private static Rational ConstantPower(Rational c, int n)
    {
        if (c.IsZero && n < 0) throw new SymbolicDomainException($"division by zero: 0^{n}");
        if (c.Digits * (long)Math.Abs(n) > HardLimits.MaxConstantDigits && !(c.IsOne || c == Rational.MinusOne))
            throw new SymbolicLimitException($"({c})^{n} would have about {c.Digits * (long)Math.Abs(n)} digits, beyond the limit of {HardLimits.MaxConstantDigits}");
        return c.Pow(n);
    }

    /// <summary>The canonical integer power b^n (negative n allowed; 0^negative is an error).</summary>
    public static Expr Pow(Expr b, int n)
    {
        CheckedExponent(n);
        if (n == 0) return One;
        if (n == 1) return b;
        return b switch
        {
            Constant c => Const(ConstantPower(c.Value, n)),
            Product p => Product(p.Factors.Select(f => Pow(f, n))),
            Power pw => Pow(pw.Base, CheckedExponent((long)pw.Exponent * n)),
            Exp e => Exp(Product(Const(n), e.Arg)),
            Sum s when n > 0 => MultinomialPower(s, n),
            _ => new Power(b, n),
        };
    }
}
