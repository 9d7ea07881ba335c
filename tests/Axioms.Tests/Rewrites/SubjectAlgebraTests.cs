using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Search;
using Verifier.Axioms.Tests.Search;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Rewrites;

public class SubjectAlgebraTests
{
    private static Gen<(Subject F, Subject G)> PairOfOneKind =>
        from n in Gen.Choose(1, 3)
        from network in Gen.Elements(true, false)
        from f in network ? SubjectGen.Network(n, 3, 3) : AnyExpression(n)
        from g in network ? SubjectGen.Network(n, 3, 3) : AnyExpression(n)
        select (f, g);

    private static Gen<Subject> AnyExpression(int n) =>
        Gen.OneOf(SubjectGen.Polynomial(n), SubjectGen.PiecewiseLinearExpr(n), SubjectGen.Smooth(n));

    private static Gen<Subject> Any =>
        from n in Gen.Choose(1, 3)
        from f in Gen.OneOf(AnyExpression(n), SubjectGen.Network(n, 3, 3))
        select f;

    private static Gen<Subject> AnyOfDimensionAtLeastTwo =>
        from n in Gen.Choose(2, 3)
        from f in Gen.OneOf(AnyExpression(n), SubjectGen.Network(n, 3, 3))
        select f;

    private static ExactResult Combine(Rational a, ExactResult x, Rational b, ExactResult y) =>
        ExactResult.Add(Exact.Scale(x, a), Exact.Scale(y, b));

    [Property(MaxTest = 60)]
    public Property LinearCombination_SubjectsOfOneKind_IsTheCombinationOfTheValues() =>
        Prop.ForAll(PairOfOneKind.ToArbitrary(), SubjectGen.NonZeroRational.ToArbitrary(), SubjectGen.NonZeroRational.ToArbitrary(), (p, a, b) =>
        {
            var h = SubjectAlgebra.LinearCombination(a, p.F, b, p.G);
            return (h.IsNetwork == p.F.IsNetwork && h.Dimension == p.F.Dimension && Samples.Points(h.Dimension, 4, 1).All(x =>
                Samples.SameValue(h.ValueAt(x), Combine(a, p.F.ValueAt(x), b, p.G.ValueAt(x))))).Label($"{p.F} | {p.G}");
        });

    public static TheoryData<string> MismatchedNetworks() =>
    [
        "abs", "leaky", "maxpool", "deep", "empty", "identity",
    ];

    [Theory]
    [MemberData(nameof(MismatchedNetworks))]
    public void LinearCombination_NetworksOfOtherShapes_AlignsTheLayers(string kind)
    {
        var relu = new Network(2, [Dense([[1, -1], [2, 1]], [0, -1]), new ReluLayer(), Dense([[1, -2]], [1])]);
        var other = kind switch
        {
            "abs" => new Network(2, [Dense([[1, 1]], [-1]), new AbsLayer(), Dense([[2]], [0])]),
            "leaky" => new Network(2, [Dense([[1, 2], [0, 1]], [0, 1]), new LeakyReluLayer(new Rational(1, 10)), Dense([[1, 1]], [0])]),
            "maxpool" => new Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), new ReluLayer(), new MaxPoolLayer([[0, 1], [2]]), Dense([[1, -1]], [0])]),
            "deep" => new Network(2, [Dense([[1, 1]], [0]), new ReluLayer(), Dense([[-1]], [1]), new ReluLayer(), Dense([[2]], [0]), new AbsLayer()]),
            "empty" => new Network(2, [], output: 1),
            _ => new Network(2, [new IdentityLayer(), Dense([[3, -1]], [2])]),
        };
        foreach (var (f, g) in new[] { (relu, other), (other, relu) })
        {
            var h = SubjectAlgebra.LinearCombination(2, Subject.Of(f), -3, Subject.Of(g)).Network!;
            Assert.Equal(1, h.OutputWidth);
            foreach (var x in Samples.Points(2, 20, 3))
                Assert.Equal(2 * f.Evaluate(x) - 3 * g.Evaluate(x), h.Evaluate(x));
        }
    }

    [Fact]
    public void LinearCombination_SameStructure_DoublesTheWidthsAndKeepsTheLayerKinds()
    {
        var f = new Network(2, [Dense([[1, -1], [2, 1]], [0, -1]), new ReluLayer(), Dense([[1, -2]], [1])]);
        var h = SubjectAlgebra.LinearCombination(1, Subject.Of(f), 1, SubjectAlgebra.SwapInputs(Subject.Of(f), 0, 1)).Network!;
        Assert.Equal(["dense", "relu", "dense"], h.Layers.Select(l => l.TypeName));
        Assert.Equal([2, 4, 4, 1], h.Widths);
    }

    [Fact]
    public void LinearCombination_ExpressionAndNetwork_GivesAnExpression()
    {
        var f = Subject.Of(ExprParser.Parse("x1*x2"), 2);
        var g = Subject.Of(new Network(2, [Dense([[1, 1]], [0]), new ReluLayer()]));
        var h = SubjectAlgebra.LinearCombination(1, f, 2, g);
        Assert.Equal(ExprParser.Parse("x1*x2 + 2*relu(x1 + x2)"), h.Function);
        Assert.Throws<ArgumentException>(() => SubjectAlgebra.LinearCombination(1, f, 1, Subject.Of(ExprParser.Parse("x1"), 3)));
    }

    [Property(MaxTest = 60)]
    public Property SwapInputs_AnySubject_IsFOfTheSwappedPoint() =>
        Prop.ForAll(AnyOfDimensionAtLeastTwo.ToArbitrary(), f =>
        {
            var g = SubjectAlgebra.SwapInputs(f, 0, f.Dimension - 1);
            return (g.IsNetwork == f.IsNetwork && Samples.Points(f.Dimension, 4, 2).All(x =>
                Samples.SameValue(g.ValueAt(x), f.ValueAt(Swap(x, 0, f.Dimension - 1))))).Label(f.ToString());
        });

    [Property(MaxTest = 40)]
    public Property Symmetrize_AnySubject_IsSymmetricAndFPlusFSwapped() =>
        Prop.ForAll(AnyOfDimensionAtLeastTwo.ToArbitrary(), f =>
        {
            int j = f.Dimension - 1;
            var s = SubjectAlgebra.Symmetrize(f, 0, j);
            var e = s.ToExpr();
            var swapped = e.Substitute(new Dictionary<int, Expr> { [1] = Ex.Var(j + 1), [j + 1] = Ex.Var(1) });
            return (swapped.Equals(e) && s.IsNetwork == f.IsNetwork && Samples.Points(f.Dimension, 3, 4).All(x =>
                Samples.SameValue(s.ValueAt(x), ExactResult.Add(f.ValueAt(x), f.ValueAt(Swap(x, 0, j)))))).Label(f.ToString());
        });

    [Property(MaxTest = 60)]
    public Property PrecomposeAffine_AnySubject_GAtTOfXIsFAtX() =>
        Prop.ForAll(Any.ToArbitrary(), SubjectGen.NonZeroRational.ToArbitrary(), SubjectGen.SmallRational.ToArbitrary(), (f, c, d) =>
        {
            int i = f.Dimension - 1;
            var g = SubjectAlgebra.PrecomposeAffine(f, i, c, d);
            return (g.IsNetwork == f.IsNetwork && Samples.Points(f.Dimension, 4, 5).All(x =>
            {
                var t = (Rational[])x.Clone();
                t[i] = c * x[i] + d;
                return Samples.SameValue(g.ValueAt(t), f.ValueAt(x));
            })).Label(f.ToString());
        });

    [Property(MaxTest = 60)]
    public Property PrecomposeCoordinateMap_AnySubject_IsFOfScaledAndShiftedPoint() =>
        Prop.ForAll(Any.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (f, seed) =>
        {
            var rng = new Random(seed);
            var scale = Enumerable.Range(0, f.Dimension).Select(_ => new Rational(rng.Next(-2, 3), rng.Next(1, 3))).ToArray();
            var shift = Enumerable.Range(0, f.Dimension).Select(_ => new Rational(rng.Next(-2, 3), rng.Next(1, 3))).ToArray();
            var g = SubjectAlgebra.PrecomposeCoordinateMap(f, scale, shift);
            return Samples.Points(f.Dimension, 4, seed).All(y =>
                Samples.SameValue(g.ValueAt(y), f.ValueAt(y.Select((v, k) => scale[k] * v + shift[k]).ToArray()))).Label(f.ToString());
        });

    [Property(MaxTest = 40)]
    public Property PrecomposeCoordinateMap_MonotoneNetworkWithSigns_NonDecreasingFromBaselineToInput() =>
        Prop.ForAll(MonotoneCase.ToArbitrary(), t =>
        {
            var (m, x, b, i, frac) = t;
            // F(y) = M(s ⊙ (y - x')), s = sign(x - x'): along y_i from x'_i towards x_i, F does not decrease
            var s = x.Select((v, k) => v < b[k] ? Rational.MinusOne : Rational.One).ToArray();
            var f = SubjectAlgebra.PrecomposeCoordinateMap(m, s, s.Select((v, k) => -(v * b[k])).ToArray());
            var y0 = (Rational[])b.Clone();
            var y1 = (Rational[])b.Clone();
            y1[i] = b[i] + frac * (x[i] - b[i]);
            return f.ValueAt(y1).Rational!.Value >= f.ValueAt(y0).Rational!.Value;
        });

    private static Gen<(Subject, Rational[], Rational[], int, Rational)> MonotoneCase =>
        from n in Gen.Choose(1, 3)
        from m in SubjectGen.MonotoneNetwork(n)
        from x in SubjectGen.Point(n)
        from b in SubjectGen.Point(n)
        from i in Gen.Choose(0, n - 1)
        from frac in Gen.Elements(new Rational(1, 4), Rational.Half, Rational.One)
        select (m, x, b, i, frac);

    [Property(MaxTest = 40)]
    public Property AddDummy_AnySubject_IgnoresTheExtraFeatures() =>
        Prop.ForAll(Any.ToArbitrary(), f =>
        {
            var g = SubjectAlgebra.AddDummy(f, f.Dimension + 2);
            return (g.Dimension == f.Dimension + 2 && g.IsNetwork == f.IsNetwork && Samples.Points(g.Dimension, 4, 6).All(x =>
                Samples.SameValue(g.ValueAt(x), f.ValueAt(x.Take(f.Dimension).ToArray())))).Label(f.ToString());
        });

    [Property(MaxTest = 40)]
    public Property Restrict_AnySubject_FixesTheFeature() =>
        Prop.ForAll(AnyOfDimensionAtLeastTwo.ToArbitrary(), SubjectGen.SmallRational.ToArbitrary(), (f, v) =>
        {
            var g = SubjectAlgebra.Restrict(f, 0, v);
            return (g.Dimension == f.Dimension - 1 && Samples.Points(g.Dimension, 4, 7).All(x =>
                Samples.SameValue(g.ValueAt(x), f.ValueAt([v, .. x])))).Label(f.ToString());
        });

    [Fact]
    public void Algebra_NetworkWithoutDenseFirstLayer_PrependsADenseLayer()
    {
        var f = Subject.Of(new Network(2, [new ReluLayer(), Dense([[1, -1]], [0])]));
        var g = SubjectAlgebra.PrecomposeAffine(f, 1, 2, 1);
        Assert.IsType<DenseLayer>(g.Network!.Layers[0]);
        Assert.Equal(3, g.Network.Layers.Count);
        Assert.Equal(f.Network!.Evaluate([3, 5]), g.Network.Evaluate([3, 11]));
    }

    [Fact]
    public void Algebra_BadArguments_Throw()
    {
        var f = Subject.Of(ExprParser.Parse("x1 + x2"), 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => SubjectAlgebra.PrecomposeAffine(f, 0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubjectAlgebra.SwapInputs(f, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubjectAlgebra.AddDummy(f, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubjectAlgebra.Restrict(Subject.Of(ExprParser.Parse("x1"), 1), 0, 1));
        Assert.Throws<ArgumentException>(() => SubjectAlgebra.PrecomposeCoordinateMap(f, [1], [0, 0]));
    }

    private static Rational[] Swap(Rational[] x, int i, int j)
    {
        var y = (Rational[])x.Clone();
        (y[i], y[j]) = (y[j], y[i]);
        return y;
    }

    private static DenseLayer Dense(int[][] w, int[] b) =>
        new(w.Select(r => (IReadOnlyList<Rational>)r.Select(v => (Rational)v).ToArray()).ToArray(), b.Select(v => (Rational)v).ToArray());
}
