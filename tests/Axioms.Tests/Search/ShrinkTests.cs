using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Axioms.Search;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Search;

public class ShrinkTests
{
    private static readonly Gen<Rational> WideRational =
        from n in Gen.Choose(-60, 60) from d in Gen.Choose(1, 24) select new Rational(n, d);

    [Property(MaxTest = 200)]
    public Property Rational_Candidates_AreStrictlySmallerAndDistinct() => Prop.ForAll(WideRational.ToArbitrary(), r =>
    {
        var c = Shrink.Rational(r).ToList();
        return c.All(v => Shrink.Measure(v) < Shrink.Measure(r)) && c.Distinct().Count() == c.Count && !c.Contains(r);
    });

    [Theory]
    [InlineData("3/4", "0,1/2,1")]
    [InlineData("-5/2", "0,-2,5/2,-5")]
    [InlineData("6", "0,3,5")]
    [InlineData("-1", "0,1")]
    [InlineData("1", "0")]
    [InlineData("0", "")]
    public void Rational_Value_GivesCandidatesMostAggressiveFirst(string value, string expected)
    {
        var got = string.Join(",", Shrink.Rational(Rational.Parse(value)));
        Assert.Equal(expected, got);
    }

    [Property(MaxTest = 100)]
    public Property Rational_GreedyShrinking_ReachesZero() => Prop.ForAll(WideRational.ToArbitrary(), r =>
    {
        int steps = 0;
        // always take the last (least aggressive) candidate: the slowest descent still ends
        for (var c = Shrink.Rational(r).LastOrDefault(); ; c = Shrink.Rational(r).LastOrDefault())
        {
            if (!Shrink.Rational(r).Any()) break;
            r = c;
            steps++;
        }
        return r.IsZero && steps < 400;
    });

    [Fact]
    public void Point_Candidates_AllZeroFirstThenOneCoordinateSmaller()
    {
        Rational[] x = [new(3, 2), 0, -2];
        var c = Shrink.Point(x).ToList();
        Assert.Equal(new Rational[3], c[0]);
        Assert.All(c, p => Assert.Equal(3, p.Length));
        Assert.All(c, p => Assert.True(Shrink.Measure(p) < Shrink.Measure(x)));
        Assert.All(c.Skip(1), p => Assert.True(p.Where((v, i) => v != x[i]).Count() == 1));
        Assert.Empty(Shrink.Point(new Rational[2]));
    }

    [Property(MaxTest = 60)]
    public Property Expr_Candidates_AreStrictlySmallerInTheSameVariables() => Prop.ForAll(AnyExpression.ToArbitrary(), s =>
    {
        var f = s.Function!;
        var m = Shrink.Measure(f);
        return Shrink.Expr(f).Take(300).All(c => Shrink.Measure(c).CompareTo(m) < 0 && c.MaxVariableIndex <= f.MaxVariableIndex && !c.Equals(f));
    });

    [Fact]
    public void Expr_Sum_OffersZeroChildrenAndDroppedTerms()
    {
        var f = Ex.Sum(Ex.Relu(Ex.Var(1) - Ex.Const(1)), Ex.Scale(3, Ex.Var(2)));
        var c = Shrink.Expr(f).ToList();
        Assert.Equal(Ex.Zero, c[0]);
        Assert.Contains(Ex.Relu(Ex.Var(1) - Ex.Const(1)), c);      // a term dropped / a child
        Assert.Contains(Ex.Sum(Ex.Relu(Ex.Var(1) - Ex.Const(1)), Ex.Var(2)), c); // 3 -> 1
        Assert.Contains(Ex.Sum(Ex.Relu(Ex.Var(1)), Ex.Scale(3, Ex.Var(2))), c); // the constant inside relu dropped
        Assert.DoesNotContain(c, e => e.Contains(3));
    }

    [Property(MaxTest = 40)]
    public Property Network_Candidates_AreValidSmallerNetworksWithTheSameInputs() => Prop.ForAll(Samples.Networks().ToArbitrary(), net =>
    {
        var m = Shrink.Measure(net);
        var x = new Rational[net.Inputs];
        return Shrink.Network(net).All(c =>
            c.Inputs == net.Inputs && Shrink.Measure(c).CompareTo(m) < 0 && !c.Equals(net) && c.Evaluate(x) is var _);
    });

    [Fact]
    public void Network_HiddenNeuron_RemovesItsRowAndColumn()
    {
        var net = new Network(2, [Dense([[1, 2], [3, 4], [5, 6]], [1, 2, 3]), new ReluLayer(), Dense([[7, 8, 9]], [0])]);
        var expected = new Network(2, [Dense([[1, 2], [5, 6]], [1, 3]), new ReluLayer(), Dense([[7, 9]], [0])]);
        Assert.Contains(expected, Shrink.Network(net));
    }

    [Fact]
    public void Network_HiddenBlock_IsRemovedAndTheDenseLayersComposed()
    {
        var net = new Network(1, [Dense([[2], [3]], [1, 0]), new ReluLayer(), Dense([[1, -1]], [5])]);
        var first = Shrink.Network(net).First();
        Assert.Equal(new Network(1, [Dense([[-1]], [6])]), first);
    }

    [Fact]
    public void Network_NeuronFeedingAMaxPool_RenumbersAndDropsEmptyGroups()
    {
        var net = new Network(1, [Dense([[1], [2], [3]], [0, 0, 0]), new ReluLayer(), new MaxPoolLayer([[0, 1], [2]]), Dense([[1, 1]], [0])]);
        var c = Shrink.Network(net).ToList();
        Assert.Contains(new Network(1, [Dense([[1], [2]], [0, 0]), new ReluLayer(), new MaxPoolLayer([[0, 1]]), Dense([[1]], [0])]), c);
        Assert.Contains(new Network(1, [Dense([[1], [3]], [0, 0]), new ReluLayer(), new MaxPoolLayer([[0], [1]]), Dense([[1, 1]], [0])]), c);
        Assert.Contains(new Network(1, [Dense([[1], [2], [3]], [0, 0, 0]), new ReluLayer(), Dense([[1, 0, 1]], [0])]), c); // max-pool -> first of each group
    }

    [Fact]
    public void Network_OutputNeuron_IsNeverRemoved()
    {
        var net = new Network(1, [Dense([[1], [2]], [0, 0])], output: 1);
        var c = Shrink.Network(net).ToList();
        Assert.Contains(new Network(1, [Dense([[2]], [0])], output: 0), c);
        Assert.DoesNotContain(c, n => n.OutputWidth == 1 && n.Layers[0] is DenseLayer d && d.Weights[0][0] == 1);
    }

    [Property(MaxTest = 25)]
    public Property Subject_GreedyShrinkingUnderAPredicate_TerminatesWithASmallerSubjectOfTheSameKind() =>
        Prop.ForAll(AnySubject.ToArbitrary(), s =>
        {
            // keep "F(1, ..., 1) != F(0, ..., 0)" while shrinking, accepting the first candidate that keeps it
            var one = Enumerable.Repeat(Rational.One, s.Dimension).ToArray();
            var zero = new Rational[s.Dimension];
            bool Keeps(Subject f) { try { return !Samples.SameValue(f.ValueAt(one), f.ValueAt(zero)); } catch (ArithmeticException) { return false; } }
            if (!Keeps(s)) return true.ToProperty();
            var current = s;
            int steps = 0;
            while (Shrink.Subject(current).Take(200).FirstOrDefault(Keeps) is { } next)
            {
                if (current.IsNetwork ? Shrink.Measure(next.Network!).CompareTo(Shrink.Measure(current.Network!)) >= 0
                                      : Shrink.Measure(next.Function!).CompareTo(Shrink.Measure(current.Function!)) >= 0)
                    return false.Label("a step did not decrease the measure");
                current = next;
                if (++steps > 2000) return false.Label("no fixed point after 2000 steps");
            }
            return (current.Dimension == s.Dimension && current.IsNetwork == s.IsNetwork && Keeps(current)).Label($"{s} -> {current}");
        });

    private static Gen<Subject> AnyExpression =>
        from n in Gen.Choose(1, 3)
        from f in Gen.OneOf(SubjectGen.Polynomial(n), SubjectGen.PiecewiseLinearExpr(n), SubjectGen.Smooth(n))
        select f;

    private static Gen<Subject> AnySubject =>
        from n in Gen.Choose(1, 3)
        from f in Gen.OneOf(SubjectGen.Polynomial(n), SubjectGen.PiecewiseLinearExpr(n), SubjectGen.Smooth(n), SubjectGen.Network(n))
        select f;

    private static DenseLayer Dense(int[][] w, int[] b) =>
        new(w.Select(r => (IReadOnlyList<Rational>)r.Select(v => (Rational)v).ToArray()).ToArray(), b.Select(v => (Rational)v).ToArray());
}
