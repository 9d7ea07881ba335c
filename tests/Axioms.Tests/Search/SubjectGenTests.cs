using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Axioms.Search;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Search;

public class SubjectGenTests
{
    public static TheoryData<Family, int> FamiliesAndDimensions()
    {
        var data = new TheoryData<Family, int>();
        foreach (var f in Enum.GetValues<Family>())
            for (int n = 1; n <= 4; n++) data.Add(f, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(FamiliesAndDimensions))]
    public void Of_FamilyAndDimension_SubjectsHaveThatDimensionAndEvaluate(Family family, int n)
    {
        var subjects = Samples.Of(SubjectGen.Of(family, n), 25, seed: (ulong)(10 * n + (int)family), size: 30);
        var points = Samples.Points(n, 25, n);
        for (int k = 0; k < subjects.Length; k++)
        {
            var s = subjects[k];
            Assert.Equal(n, s.Dimension);
            Assert.Equal(family == Family.Network, s.IsNetwork);
            Assert.True(s.ValueAt(points[k]).IsExact, $"{s} at ({string.Join(", ", points[k])})");
        }
    }

    [Fact]
    public void Of_Families_AreOfTheirKind()
    {
        foreach (var p in Samples.Of(SubjectGen.Polynomial(3), 40)) Assert.True(p.Function!.IsPolynomial, p.ToString());
        foreach (var p in Samples.Of(SubjectGen.PiecewiseLinearExpr(3), 40)) Assert.True(p.IsPiecewiseLinear, p.ToString());
        foreach (var p in Samples.Of(SubjectGen.Smooth(3), 40))
        {
            Assert.False(p.Function!.HasKinks, p.ToString());
            Assert.Contains(Nodes(p.Function), e => e is Sigmoid or Tanh or Exp or Softplus);
        }
    }

    [Fact]
    public void Polynomial_MaxDegree_IsRespected()
    {
        foreach (var p in Samples.Of(SubjectGen.Polynomial(2, maxDegree: 2), 60))
            for (int i = -2; i <= 2; i++)
            {
                // a polynomial of degree <= 2 along a line has a zero third difference
                Rational F(int t) => p.ValueAt([t, 2 * t + i]).Rational!.Value;
                Assert.Equal(Rational.Zero, F(3) - 3 * F(2) + 3 * F(1) - F(0));
            }
    }

    [Fact]
    public void Network_Generated_HasScalarOutputAndSmallHiddenLayers()
    {
        var nets = Samples.Of(SubjectGen.Network(3, maxHidden: 4, maxLayers: 2), 60, size: 30).Select(s => s.Network!).ToArray();
        foreach (var net in nets)
        {
            Assert.Equal(3, net.Inputs);
            Assert.Equal(1, net.OutputWidth);
            Assert.Equal(0, net.Output);
            Assert.IsType<DenseLayer>(net.Layers[0]);
            Assert.IsType<DenseLayer>(net.Layers[^1]);
            Assert.All(net.Widths.Skip(1), w => Assert.InRange(w, 1, 4));
            Assert.InRange(net.Layers.OfType<DenseLayer>().Count(), 2, 3);
        }
        Assert.Contains(nets, net => net.Layers.OfType<DenseLayer>().Count() == 3);
        Assert.Contains(nets, net => net.Layers.Any(l => l is MaxPoolLayer));
        Assert.Contains(nets, net => net.Layers.Any(l => l is LeakyReluLayer or AbsLayer));
    }

    [Fact]
    public void Numbers_Samples_AreSmallAndOfTheirSign()
    {
        foreach (var r in Samples.Of(SubjectGen.SmallRational, 300))
        {
            Assert.InRange((int)r.Numerator, -4, 4);
            Assert.InRange((int)r.Denominator, 1, 4);
        }
        Assert.All(Samples.Of(SubjectGen.NonZeroRational, 300), r => Assert.False(r.IsZero));
        Assert.All(Samples.Of(SubjectGen.PositiveRational, 300), r => Assert.True(r.Sign > 0));
        Assert.All(Samples.Of(SubjectGen.NonNegativeRational, 300), r => Assert.True(r.Sign >= 0));
        var ints = Samples.Of(SubjectGen.SmallRational, 300).Count(r => r.IsInteger);
        Assert.True(ints > 150, $"{ints} of 300 are integers");
        Assert.All(Samples.Of(SubjectGen.Point(3), 50), p => Assert.Equal(3, p.Length));
    }

    [Fact]
    public void Sample_SameSeed_SameSubjects()
    {
        foreach (var f in Enum.GetValues<Family>())
            Assert.Equal(Samples.Of(SubjectGen.Of(f, 2), 10, seed: 7), Samples.Of(SubjectGen.Of(f, 2), 10, seed: 7));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Point_DimensionBelowOne_Throws(int n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SubjectGen.Point(n));

    [Property(MaxTest = 60)]
    public Property MonotonePolynomial_AlongEveryCoordinate_NonDecreasingOnTheOrthant() => NonDecreasing(SubjectGen.MonotonePolynomial);

    [Property(MaxTest = 60)]
    public Property MonotoneNetwork_AlongEveryCoordinate_NonDecreasingOnTheOrthant() => NonDecreasing(SubjectGen.MonotoneNetwork);

    [Fact]
    public void MonotoneNetwork_Generated_HasNonNegativeWeightsAndMonotoneActivations()
    {
        foreach (var s in Samples.Of(SubjectGen.MonotoneNetwork(3), 60, size: 30))
            foreach (var layer in s.Network!.Layers)
                switch (layer)
                {
                    case DenseLayer d: Assert.All(d.Weights.SelectMany(r => r), w => Assert.True(w.Sign >= 0)); break;
                    case LeakyReluLayer lr: Assert.True(lr.Alpha.Sign >= 0); break;
                    default: Assert.True(layer is ReluLayer or MaxPoolLayer, layer.TypeName); break;
                }
    }

    [Fact]
    public void MonotonePolynomial_Generated_HasNonNegativeCoefficients()
    {
        foreach (var s in Samples.Of(SubjectGen.MonotonePolynomial(3), 60))
        {
            IReadOnlyList<Expr> terms = s.Function is Sum sum ? sum.Terms : [s.Function!];
            foreach (var t in terms)
            {
                var c = t switch { Constant k => k.Value, Product { Factors: [Constant k, ..] } => k.Value, _ => Rational.One };
                Assert.True(c.Sign >= 0, s.ToString());
            }
        }
    }

    // F(x + delta e_i) - F(x) >= 0 exactly, for x >= 0 and delta > 0.
    private static Property NonDecreasing(Func<int, Gen<Subject>> monotone)
    {
        var gen = from n in Gen.Choose(1, 4)
                  from f in monotone(n)
                  from x in SubjectGen.NonNegativePoint(n)
                  from i in Gen.Choose(0, n - 1)
                  from delta in SubjectGen.PositiveRational
                  select (f, x, i, delta);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (f, x, i, delta) = t;
            var y = (Rational[])x.Clone();
            y[i] += delta;
            return (f.ValueAt(y).Rational!.Value >= f.ValueAt(x).Rational!.Value).Label($"{f} at {string.Join(",", x)}, i = {i}");
        });
    }

    private static IEnumerable<Expr> Nodes(Expr e) => e.Children.SelectMany(Nodes).Prepend(e);
}
