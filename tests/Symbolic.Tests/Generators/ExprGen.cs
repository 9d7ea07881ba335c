using FsCheck;
using FsCheck.Fluent;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Generators;

/// <summary>The families of random expressions that <see cref="ExprGen"/> generates.</summary>
public enum ExprKind
{
    /// <summary>Polynomials: small rational coefficients, degree at most 4.</summary>
    Polynomial,
    /// <summary>Piecewise-linear: affine forms under relu, abs, leaky_relu, max, min and linear combinations.</summary>
    PiecewiseLinear,
    /// <summary>Smooth: exp, sigmoid, tanh, softplus, log of affine or small polynomial arguments, times polynomials.</summary>
    Smooth,
    /// <summary>Anything: every node kind, negative powers and steps included.</summary>
    Mixed,
}

/// <summary>
/// Reusable FsCheck generators of canonical expressions (built through <see cref="Ex"/>) and of exact rational
/// points, for property tests across the project.
/// </summary>
/// <remarks>
/// <para>Sizes are kept small on purpose so that a property runs hundreds of cases in well under a second:
/// coefficients are integers or fractions with numerators in [-9, 9] and denominators in {1, 2, 3, 4, 5, 7};
/// polynomial degree is at most 4; nesting depth at most 3 (growing with FsCheck's size parameter).</para>
/// <para>Every generator takes the dimension <c>n</c>: variables are x1..xn (never t). Use
/// <see cref="Of(ExprKind, int)"/> to loop over all families, <see cref="Arbitrary(Gen{Expr})"/> to get
/// shrinking toward smaller expressions, and <see cref="Point(int)"/> for evaluation points.</para>
/// <para>Typical use: <c>Prop.ForAll(ExprGen.Arbitrary(ExprGen.Polynomial(3)), p =&gt; ...)</c> in a method
/// marked <c>[Property(MaxTest = 300)]</c>.</para>
/// </remarks>
public static class ExprGen
{
    private static readonly int[] Denominators = [1, 1, 1, 2, 3, 4, 5, 7];

    /// <summary>Integers in [-5, 5].</summary>
    public static Gen<Rational> SmallInteger { get; } = Gen.Choose(-5, 5).Select(i => (Rational)i);

    /// <summary>Rationals n/d with n in [-9, 9] and d in {1, 2, 3, 4, 5, 7} (integers are the most likely).</summary>
    public static Gen<Rational> SmallRational { get; } =
        from n in Gen.Choose(-9, 9)
        from d in Gen.Elements(Denominators)
        select new Rational(n, d);

    /// <summary><see cref="SmallRational"/> without 0.</summary>
    public static Gen<Rational> NonZeroRational { get; } = SmallRational.Where(r => !r.IsZero);

    /// <summary>Positive rationals in (0, 9].</summary>
    public static Gen<Rational> PositiveRational { get; } =
        from n in Gen.Choose(1, 9)
        from d in Gen.Elements(Denominators)
        select new Rational(n, d);

    /// <summary>Slopes of leaky_relu, including the folding values 0 and 1 and a negative one.</summary>
    public static Gen<Rational> Alpha { get; } =
        Gen.Elements(new Rational(1, 10), new Rational(1, 100), new Rational(1, 5), Rational.Half, new Rational(2), new Rational(-1, 2), Rational.Zero, Rational.One);

    /// <summary>Values of a Heaviside step at 0.</summary>
    public static Gen<Rational> StepAtZero { get; } = Gen.Elements(Rational.Zero, Rational.Zero, Rational.Half, Rational.One);

    /// <summary>A random point (x1..xn) of <see cref="SmallRational"/> coordinates.</summary>
    public static Gen<Rational[]> Point(int n) => Gen.ArrayOf(SmallRational, n);

    /// <summary>A random point whose coordinates have numerators up to <paramref name="maxNumerator"/> and the given denominators.</summary>
    public static Gen<Rational[]> Point(int n, int maxNumerator, params int[] denominators) =>
        Gen.ArrayOf(from k in Gen.Choose(-maxNumerator, maxNumerator) from d in Gen.Elements(denominators) select new Rational(k, d), n);

    /// <summary>One of the variables x1..xn.</summary>
    public static Gen<Expr> Variable(int n) => Gen.Choose(1, n).Select(i => (Expr)Ex.Var(i));

    /// <summary>A monomial c * x_i1 * ... * x_ik with c non-zero and k &lt;= <paramref name="maxDegree"/>.</summary>
    public static Gen<Expr> Monomial(int n, int maxDegree) =>
        from c in NonZeroRational
        from k in Gen.Choose(0, maxDegree)
        from xs in Gen.ArrayOf(Variable(n), k)
        select Ex.Product([Ex.Const(c), .. xs]);

    /// <summary>A sum of 1..<paramref name="maxTerms"/> monomials of degree at most <paramref name="maxDegree"/> (like terms merge, so it may be 0).</summary>
    public static Gen<Expr> Polynomial(int n, int maxDegree = 4, int maxTerms = 5) =>
        from k in Gen.Choose(1, maxTerms)
        from ms in Gen.ArrayOf(Monomial(n, maxDegree), k)
        select Ex.Sum(ms);

    /// <summary>An affine form c1 x1 + ... + cn xn + c0 where each coefficient is 0 with probability about 1/3.</summary>
    public static Gen<Expr> Affine(int n) =>
        from cs in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(Rational.Zero)), (2, NonZeroRational)), n)
        from c0 in SmallRational
        select Ex.Sum([.. cs.Select((c, i) => Ex.Product(Ex.Const(c), Ex.Var(i + 1))), Ex.Const(c0)]);

    /// <summary>A non-constant affine form (at least one variable with a non-zero coefficient).</summary>
    public static Gen<Expr> NonConstantAffine(int n) =>
        from a in Affine(n)
        from x in Variable(n)
        from c in NonZeroRational
        select a.IsConstant ? Ex.Sum(a, Ex.Product(Ex.Const(c), x)) : a;

    /// <summary>A piecewise-linear expression of nesting depth up to <paramref name="maxDepth"/> (growing with the size).</summary>
    public static Gen<Expr> PiecewiseLinear(int n, int maxDepth = 3) =>
        Gen.Sized(size => Gen.Choose(0, Math.Min(maxDepth, 1 + size / 25)).SelectMany(d => PiecewiseLinearOfDepth(n, d)));

    /// <summary>A piecewise-linear expression of nesting depth exactly up to <paramref name="depth"/>.</summary>
    public static Gen<Expr> PiecewiseLinearOfDepth(int n, int depth)
    {
        if (depth <= 0) return Affine(n);
        var sub = PiecewiseLinearOfDepth(n, depth - 1);
        return Gen.Frequency(
            (1, Affine(n)),
            (3, sub.Select(Ex.Relu)),
            (2, sub.Select(Ex.Abs)),
            (2, from a in sub from alpha in Alpha select Ex.LeakyRelu(a, alpha)),
            (2, from k in Gen.Choose(2, 3) from xs in Gen.ArrayOf(sub, k) select Ex.Max(xs)),
            (2, from k in Gen.Choose(2, 3) from xs in Gen.ArrayOf(sub, k) select Ex.Min(xs)),
            (3, from a in sub from b in sub from ca in NonZeroRational from cb in SmallRational from c0 in SmallRational
                select Ex.Sum(Ex.Product(Ex.Const(ca), a), Ex.Product(Ex.Const(cb), b), Ex.Const(c0))));
    }

    /// <summary>A smooth expression: p * f(arg) + q, with f one of exp, sigmoid, tanh, softplus, log (of arg^2 + c, c &gt; 0),
    /// arg affine or a small polynomial or another such function, and p, q small polynomials.</summary>
    public static Gen<Expr> Smooth(int n) =>
        Gen.Sized(size => Gen.Choose(1, Math.Min(2, 1 + size / 50)).SelectMany(d => SmoothOfDepth(n, d)));

    private static Gen<Expr> SmoothOfDepth(int n, int depth)
    {
        Gen<Expr> arg = Gen.OneOf(Affine(n), Polynomial(n, 2, 3));
        if (depth > 1)
        {
            var inner = SmoothOfDepth(n, depth - 1);
            arg = Gen.Frequency((2, arg), (1, from g in inner from c in NonZeroRational from a in Affine(n) select Ex.Sum(Ex.Product(Ex.Const(c), g), a)));
        }
        var function = Gen.Frequency(
            (2, arg.Select(Ex.Exp)),
            (2, arg.Select(Ex.Sigmoid)),
            (2, arg.Select(Ex.Tanh)),
            (2, arg.Select(Ex.Softplus)),
            (1, from a in arg from c in PositiveRational select Ex.Log(Ex.Sum(Ex.Pow(a, 2), Ex.Const(c)))));
        return Gen.Frequency(
            (2, function),
            (3, from p in Polynomial(n, 2, 2) from f in function from q in Polynomial(n, 2, 2) select Ex.Sum(Ex.Product(p, f), q)),
            (1, from f in function from g in function select Ex.Product(f, g)));
    }

    /// <summary>A random tree over every node kind: sums, products, integer powers (negative too, of non-zero
    /// bases), every function, max, min and steps; depth up to 3 (growing with the size).</summary>
    public static Gen<Expr> Mixed(int n) =>
        Gen.Sized(size => Gen.Choose(0, Math.Min(3, 1 + size / 25)).SelectMany(d => MixedOfDepth(n, d)));

    private static Gen<Expr> MixedOfDepth(int n, int depth)
    {
        var leaf = Gen.Frequency(
            (3, Variable(n)),
            (1, SmallRational.Select(c => (Expr)Ex.Const(c))),
            (2, Affine(n)),
            (1, Polynomial(n, 2, 3)));
        if (depth <= 0) return leaf;
        var sub = MixedOfDepth(n, depth - 1);
        return Gen.Frequency(
            (2, leaf),
            (3, from k in Gen.Choose(2, 3) from xs in Gen.ArrayOf(sub, k) from cs in Gen.ArrayOf(NonZeroRational, k)
                select Ex.Sum(xs.Zip(cs, (x, c) => Ex.Product(Ex.Const(c), x)))),
            (3, from a in sub from b in sub select SmallProduct(a, b)),
            (2, from a in sub from k in Gen.Elements(-2, -1, -1, 2, 3) select SafePow(a, k)),
            (1, sub.Select(Ex.Relu)),
            (1, sub.Select(Ex.Abs)),
            (1, from a in sub from alpha in Alpha select Ex.LeakyRelu(a, alpha)),
            (1, from a in sub from b in sub select Ex.Max(a, b)),
            (1, from a in sub from b in sub select Ex.Min(a, b)),
            (1, from a in sub from z in StepAtZero select Ex.Step(a, z)),
            (1, sub.Select(Ex.Exp)),
            (1, sub.Select(Ex.Sigmoid)),
            (1, sub.Select(Ex.Tanh)),
            (1, sub.Select(Ex.Softplus)),
            (1, from a in sub from c in PositiveRational select Ex.Log(Ex.Sum(Ex.Pow(a, 2), Ex.Const(c)))));
    }

    /// <summary>a * b, or a + b when the product would expand into a large expression.</summary>
    public static Expr SmallProduct(Expr a, Expr b) =>
        (long)a.NodeCount * b.NodeCount <= 400 ? Ex.Product(a, b) : Ex.Sum(a, b);

    /// <summary>a^k, avoiding 0^negative and large expansions (then a itself).</summary>
    public static Expr SafePow(Expr a, int k)
    {
        if (k < 0 && a is Constant { Value.IsZero: true }) return a;
        if (k > 1 && a.NodeCount > 12) return a;
        return Ex.Pow(a, k);
    }

    /// <summary>Any of the families, chosen uniformly.</summary>
    public static Gen<Expr> Any(int n) => Gen.OneOf(Polynomial(n), PiecewiseLinear(n), Smooth(n), Mixed(n));

    /// <summary>The generator of one family in dimension <paramref name="n"/>.</summary>
    public static Gen<Expr> Of(ExprKind kind, int n) => kind switch
    {
        ExprKind.Polynomial => Polynomial(n),
        ExprKind.PiecewiseLinear => PiecewiseLinear(n),
        ExprKind.Smooth => Smooth(n),
        ExprKind.Mixed => Mixed(n),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>An arbitrary of the generator that shrinks toward smaller expressions (see <see cref="Shrink"/>).</summary>
    public static Arbitrary<Expr> Arbitrary(Gen<Expr> gen) => Arb.From(gen, Shrink);

    /// <summary>
    /// Smaller candidates for a failing expression: 0 and 1, its children, and the node rebuilt with one child
    /// replaced by a smaller candidate of that child (candidates that the factory rejects are skipped).
    /// </summary>
    public static IEnumerable<Expr> Shrink(Expr e)
    {
        if (e.Children.Count == 0) yield break;
        yield return Ex.Zero;
        yield return Ex.One;
        var kids = e.Children;
        foreach (var k in kids) yield return k;
        for (int i = 0; i < kids.Count; i++)
        {
            foreach (var smaller in Shrink(kids[i]).Take(4))
            {
                var next = kids.ToArray();
                next[i] = smaller;
                Expr? rebuilt;
                try { rebuilt = e.WithChildren(next); }
                catch (ArithmeticException) { rebuilt = null; }
                if (rebuilt is not null && rebuilt.NodeCount < e.NodeCount) yield return rebuilt;
            }
        }
    }

    /// <summary>Every node of the expression (itself first), depth-first.</summary>
    public static IEnumerable<Expr> Nodes(Expr e)
    {
        yield return e;
        foreach (var c in e.Children)
            foreach (var d in Nodes(c))
                yield return d;
    }
}
