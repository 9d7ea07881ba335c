using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Net = Verifier.Symbolic.Networks.Network;

namespace Verifier.Axioms.Search;

/// <summary>The families of functions that the counterexample search draws from.</summary>
public enum Family
{
    /// <summary>Polynomials of degree at most 3 with small rational coefficients.</summary>
    Polynomial,
    /// <summary>Piecewise-linear expressions: affine forms under relu, abs, leaky_relu, max, min and linear combinations.</summary>
    PiecewiseLinear,
    /// <summary>Sums of sigmoid, tanh, exp and softplus of affine forms times constants, plus a small polynomial.</summary>
    Smooth,
    /// <summary>
    /// Small piecewise-linear networks (dense and relu, sometimes leaky_relu, abs or max-pool) with a scalar output: chains,
    /// never sparse layers or graphs. Those come from imported models (to an axiom a sparse layer is a dense one with zeros),
    /// and drawing them would change every seeded search; <c>RandomNetworks.CreateGraph</c> generates graphs for tests.
    /// </summary>
    Network,
}

/// <summary>
/// FsCheck generators of functions (<see cref="Subject"/>s), points and numbers for the counterexample search. Every
/// number is small (numerators in [-4, 4], denominators in {1, 2, 3, 4}, integers most likely) so that exact attributions
/// stay cheap and counterexamples readable. The shapes do not depend on FsCheck's size parameter: every size draws from
/// the whole (small) family.
/// </summary>
/// <remarks>
/// The dimension n (1..4 in practice) is the caller's: every subject has <see cref="Subject.Dimension"/> exactly n, even
/// when it does not use every variable. Deterministic for a given seed (<c>gen.Sample(count, new Rnd(seed), size)</c>).
/// </remarks>
public static class SubjectGen
{
    private static readonly int[] Denominators = [1, 1, 1, 1, 1, 2, 2, 3, 4];
    private static readonly Rational[] Slopes = [new(1, 10), new(1, 4), Rational.Half, new(-1, 2), 2];
    private static readonly Rational[] MonotoneSlopes = [new(1, 10), new(1, 4), Rational.Half];

    /// <summary>n/d with n in [-4, 4] and d in {1, 2, 3, 4} (integers most likely; 0 included).</summary>
    public static Gen<Rational> SmallRational { get; } =
        from n in Gen.Choose(-4, 4)
        from d in Gen.Elements(Denominators)
        select new Rational(n, d);

    /// <summary><see cref="SmallRational"/> without 0.</summary>
    public static Gen<Rational> NonZeroRational { get; } =
        from n in Gen.Elements(-4, -3, -2, -1, 1, 2, 3, 4)
        from d in Gen.Elements(Denominators)
        select new Rational(n, d);

    /// <summary>Positive rationals n/d with n in [1, 4].</summary>
    public static Gen<Rational> PositiveRational { get; } =
        from n in Gen.Choose(1, 4)
        from d in Gen.Elements(Denominators)
        select new Rational(n, d);

    /// <summary>Non-negative rationals n/d with n in [0, 4] (0 about one time in five).</summary>
    public static Gen<Rational> NonNegativeRational { get; } =
        from n in Gen.Choose(0, 4)
        from d in Gen.Elements(Denominators)
        select new Rational(n, d);

    /// <summary>A point of n <see cref="SmallRational"/> coordinates.</summary>
    public static Gen<Rational[]> Point(int n) => Gen.ArrayOf(SmallRational, CheckDimension(n));

    /// <summary>A point of n <see cref="NonNegativeRational"/> coordinates (in the non-negative orthant).</summary>
    public static Gen<Rational[]> NonNegativePoint(int n) => Gen.ArrayOf(NonNegativeRational, CheckDimension(n));

    /// <summary>An affine form c1 x1 + ... + cn xn + c0 whose coefficients are 0 about one time in three (possibly constant).</summary>
    public static Gen<Expr> Affine(int n) =>
        from cs in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(Rational.Zero)), (2, NonZeroRational)), CheckDimension(n))
        from c0 in SmallRational
        select Ex.Sum([.. cs.Select((c, i) => Ex.Scale(c, Ex.Var(i + 1))), Ex.Const(c0)]);

    /// <summary>An affine form with at least one variable.</summary>
    public static Gen<Expr> NonConstantAffine(int n) =>
        from a in Affine(n)
        from i in Gen.Choose(1, n)
        from c in NonZeroRational
        select a.IsConstant ? Ex.Sum(a, Ex.Scale(c, Ex.Var(i))) : a;

    /// <summary>A polynomial of 1..4 monomials of degree at most <paramref name="maxDegree"/>, in
    /// dimension n; like terms merge, so it may use fewer variables or be constant.</summary>
    public static Gen<Subject> Polynomial(int n, int maxDegree = 3) =>
        PolynomialExpr(CheckDimension(n), maxDegree, NonZeroRational).Select(p => Subject.Of(p, n));

    /// <summary>A piecewise-linear expression of nesting depth at most 2: affine forms under relu, abs, leaky_relu, max and
    /// min, and linear combinations of those.</summary>
    public static Gen<Subject> PiecewiseLinearExpr(int n) =>
        Gen.Choose(1, 2).SelectMany(d => PiecewiseLinearOfDepth(CheckDimension(n), d)).Select(e => Subject.Of(e, n));

    /// <summary>
    /// A smooth function c1 f1(a1) [+ c2 f2(a2)] + p: each f one of sigmoid, tanh, exp, softplus of a non-constant affine
    /// form with integer coefficients in [-2, 2], c non-zero, p a polynomial of degree at most 2 (often 0). Values at
    /// rational points are closed forms.
    /// </summary>
    public static Gen<Subject> Smooth(int n)
    {
        CheckDimension(n);
        var arg = from cs in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (2, Gen.Elements(-2, -1, 1, 2))), n)
                  from i in Gen.Choose(1, n)
                  from c0 in Gen.Elements(-1, 0, 0, 1)
                  let linear = cs.Any(c => c != 0) ? cs : cs.Select((c, k) => k == i - 1 ? 1 : c).ToArray()
                  select Ex.Sum([.. linear.Select((c, k) => Ex.Scale(c, Ex.Var(k + 1))), Ex.Const(c0)]);
        var term = from f in Gen.Elements<Func<Expr, Expr>>(Ex.Sigmoid, Ex.Tanh, Ex.Exp, Ex.Softplus)
                   from a in arg
                   from c in NonZeroRational
                   select Ex.Scale(c, f(a));
        var polynomial = Gen.Frequency((1, Gen.Constant((Expr)Ex.Zero)), (1, PolynomialExpr(n, 2, NonZeroRational, maxTerms: 2)));
        return from k in Gen.Choose(1, 2)
               from terms in Gen.ArrayOf(term, k)
               from p in polynomial
               select Subject.Of(Ex.Sum([.. terms, p]), n);
    }

    /// <summary>
    /// A relu network with n inputs and a scalar output: 1..<paramref name="maxLayers"/> hidden blocks, each a dense layer of
    /// 1..<paramref name="maxHidden"/> neurons and an activation (relu mostly, sometimes leaky_relu or abs), sometimes
    /// followed by a max-pool over pairs of neurons; then a dense layer to the output.
    /// </summary>
    public static Gen<Subject> Network(int n, int maxHidden = 4, int maxLayers = 2) =>
        NetworkOf(CheckDimension(n), maxHidden, maxLayers, monotone: false, []).Select(Subject.Of);

    /// <summary>
    /// Like <see cref="Network(int, int, int)"/>, with further activation kinds of the <see cref="ActivationCatalogue"/>
    /// (e.g. clip) drawn with weight 1 each beside relu (6), leaky_relu (1) and abs (1); their parameters are
    /// <see cref="SmallRational"/>s drawn until they satisfy the kind's constraints. With no extra kinds the draws are
    /// those of <see cref="Network(int, int, int)"/>.
    /// </summary>
    public static Gen<Subject> Network(int n, IReadOnlyList<ActivationKind> extraActivations, int maxHidden = 4, int maxLayers = 2)
    {
        ArgumentNullException.ThrowIfNull(extraActivations);
        return NetworkOf(CheckDimension(n), maxHidden, maxLayers, monotone: false, extraActivations).Select(Subject.Of);
    }

    /// <summary>A layer of <paramref name="kind"/> whose parameters are <see cref="SmallRational"/>s satisfying its constraints.</summary>
    public static Gen<ActivationLayer> Activation(ActivationKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kind.ParameterNames.Length == 0) return Gen.Constant(kind.Create([]));
        return Gen.ArrayOf(SmallRational, kind.ParameterNames.Length).Where(p => kind.Problem(p) is null).Select(p => kind.Create(p));
    }

    /// <summary>
    /// A network non-decreasing in every input (everywhere, so in particular on the non-negative orthant): every weight
    /// is ≥ 0 (biases are free), and the activations are monotone: relu, leaky_relu with slope ≥ 0, max-pool (no abs).
    /// </summary>
    public static Gen<Subject> MonotoneNetwork(int n) => NetworkOf(CheckDimension(n), 3, 2, monotone: true, []).Select(Subject.Of);

    /// <summary>A polynomial with non-negative coefficients (and constant term), so non-decreasing in every input on the
    /// non-negative orthant.</summary>
    public static Gen<Subject> MonotonePolynomial(int n) =>
        from p in PolynomialExpr(CheckDimension(n), 3, PositiveRational)
        from c in NonNegativeRational
        select Subject.Of(Ex.Sum(p, Ex.Const(c)), n);

    /// <summary>The generator of one family in dimension n.</summary>
    public static Gen<Subject> Of(Family family, int n) => family switch
    {
        Family.Polynomial => Polynomial(n),
        Family.PiecewiseLinear => PiecewiseLinearExpr(n),
        Family.Smooth => Smooth(n),
        Family.Network => Network(n),
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown family"),
    };

    private static Gen<Expr> PolynomialExpr(int n, int maxDegree, Gen<Rational> coefficient, int maxTerms = 4)
    {
        var monomial = from c in coefficient
                       from k in Gen.Choose(0, maxDegree)
                       from xs in Gen.ArrayOf(Gen.Choose(1, n), k)
                       select Ex.Product([Ex.Const(c), .. xs.Select(i => (Expr)Ex.Var(i))]);
        return Gen.Choose(1, maxTerms).SelectMany(k => Gen.ArrayOf(monomial, k)).Select(ms => Ex.Sum(ms));
    }

    private static Gen<Expr> PiecewiseLinearOfDepth(int n, int depth)
    {
        if (depth <= 0) return NonConstantAffine(n);
        var sub = PiecewiseLinearOfDepth(n, depth - 1);
        return Gen.Frequency(
            (3, sub.Select(Ex.Relu)),
            (1, sub.Select(Ex.Abs)),
            (1, from a in sub from alpha in Gen.Elements(Slopes) select Ex.LeakyRelu(a, alpha)),
            (2, from a in sub from b in sub select Ex.Max(a, b)),
            (1, from a in sub from b in sub select Ex.Min(a, b)),
            (2, from a in sub from b in sub from ca in NonZeroRational from cb in NonZeroRational from c0 in SmallRational
                select Ex.Sum(Ex.Scale(ca, a), Ex.Scale(cb, b), Ex.Const(c0))));
    }

    private static Gen<Net> NetworkOf(int n, int maxHidden, int maxLayers, bool monotone, IReadOnlyList<ActivationKind> extra)
    {
        if (maxHidden < 1 || maxLayers < 1) throw new ArgumentOutOfRangeException(nameof(maxHidden), "at least one hidden layer of one neuron");
        var weight = monotone ? NonNegativeRational : SmallRational;
        // The weights and slope lists of the default draws are fixed, so that a seed draws what it drew before the catalogue.
        (int, Gen<Layer>)[] activations = monotone
            ? [(4, Gen.Constant<Layer>(new ReluLayer())), (1, Gen.Elements(MonotoneSlopes).Select(a => (Layer)new LeakyReluLayer(a)))]
            : [(6, Gen.Constant<Layer>(new ReluLayer())), (1, Gen.Elements(Slopes).Select(a => (Layer)new LeakyReluLayer(a))),
                (1, Gen.Constant<Layer>(new AbsLayer())), .. extra.Select(k => (1, Activation(k).Select(l => (Layer)l)))];
        var activation = Gen.Frequency(activations);
        var block = from width in Gen.Choose(1, maxHidden)
                    from act in activation
                    from pool in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
                    select (Width: width, Activation: act, Pool: pool && width >= 2);
        return from count in Gen.Choose(1, maxLayers)
               from blocks in Gen.ArrayOf(block, count)
               from layers in Layers(n, blocks, weight)
               select new Net(n, layers, 0);
    }

    // The layers for the blocks (dense, activation, optional max-pool over consecutive pairs) and the output dense layer.
    private static Gen<ImmutableList<Layer>> Layers(int n, (int Width, Layer Activation, bool Pool)[] blocks, Gen<Rational> weight)
    {
        var gen = Gen.Constant(ImmutableList<Layer>.Empty);
        int width = n;
        foreach (var (w, act, pool) in blocks)
        {
            int input = width;
            gen = from list in gen from d in Dense(input, w, weight) select list.Add(d).Add(act);
            width = w;
            if (pool)
            {
                var groups = Enumerable.Range(0, (w + 1) / 2).Select(k => (IReadOnlyList<int>)(2 * k + 1 < w ? [2 * k, 2 * k + 1] : [2 * k])).ToArray();
                gen = gen.Select(list => list.Add(new MaxPoolLayer(groups)));
                width = groups.Length;
            }
        }
        int last = width;
        return from list in gen from d in Dense(last, 1, weight) select list.Add(d);
    }

    private static Gen<Layer> Dense(int inputs, int outputs, Gen<Rational> weight) =>
        from rows in Gen.ArrayOf(Gen.ArrayOf(weight, inputs), outputs)
        from bias in Gen.ArrayOf(SmallRational, outputs)
        select (Layer)new DenseLayer(rows.Select(r => (IReadOnlyList<Rational>)r).ToArray(), bias);

    private static int CheckDimension(int n) =>
        n >= 1 ? n : throw new ArgumentOutOfRangeException(nameof(n), n, "the dimension must be at least 1");
}
