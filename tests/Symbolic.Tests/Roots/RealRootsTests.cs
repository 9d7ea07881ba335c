using System.Numerics;
using Verifier.Symbolic.Roots;
using Rational = Verifier.Symbolic.Numbers.Rational;

namespace Verifier.Symbolic.Tests.Roots;

public class RealRootsTests
{
    private static readonly UnivariatePolynomial T = UnivariatePolynomial.X;
    private static UnivariatePolynomial C(Rational c) => UnivariatePolynomial.Constant(c);
    private static Rational Q(string s) => Rational.Parse(s);

    private static UnivariatePolynomial FromRoots(params Rational[] roots) =>
        roots.Aggregate(UnivariatePolynomial.One, (p, r) => p * (T - C(r)));

    private static Rational?[] ExactValues(IReadOnlyList<RealRoot> roots) => [.. roots.Select(r => r.Exact)];

    // The isolating interval of an irrational root: Lo < Hi, a strict sign change, both ends inside [lo, hi].
    private static void AssertIsolates(UnivariatePolynomial p, RealRoot r, Rational lo, Rational hi)
    {
        Assert.Null(r.Exact);
        Assert.True(r.Lo < r.Hi);
        Assert.True(lo <= r.Lo && r.Hi <= hi);
        Assert.True(p.Evaluate(r.Lo).Sign * p.Evaluate(r.Hi).Sign < 0, $"no sign change on [{r.Lo}, {r.Hi}]");
    }

    [Fact]
    public void Isolate_TSquaredMinusTwo_OneIrrationalRootRefinable()
    {
        var p = T * T - C(2);
        var roots = RealRoots.Isolate(p, 0, 2);
        var root = Assert.Single(roots);
        AssertIsolates(p, root, 0, 2);
        Assert.True(root.Lo * root.Lo < 2 && root.Hi * root.Hi > 2);
        var box = root.Enclosure;
        Assert.True(box.LoRational * box.LoRational < 2 && box.HiRational * box.HiRational > 2);

        var tenToMinus30 = new Rational(BigInteger.One, BigInteger.Pow(10, 30));
        var fine = root.Refine(tenToMinus30);
        Assert.True(fine.Hi - fine.Lo <= tenToMinus30);
        Assert.True(fine.Hi - fine.Lo > 0);
        Assert.True(fine.Lo * fine.Lo < 2 && fine.Hi * fine.Hi > 2);
        Assert.Equal(Math.Sqrt(2), root.Approx, 1e-15); // tolerance: one ulp of sqrt(2) is 2.2e-16
    }

    [Fact]
    public void Isolate_ProductOfRationalLinearFactors_GivesExactRoots()
    {
        var p = (C(2) * T - C(1)) * (C(3) * T - C(2));
        Assert.Equal([Q("1/2"), Q("2/3")], ExactValues(RealRoots.Isolate(p, 0, 1)));
    }

    [Fact]
    public void Isolate_RepeatedRoots_EachOnceExactly()
    {
        var p = (T - Q("1/3")).Pow(2) * (T - C(2)).Pow(3);
        var roots = RealRoots.Isolate(p, 0, 3);
        Assert.Equal([Q("1/3"), 2], ExactValues(roots));
        Assert.All(roots, r => Assert.Equal(r.Lo, r.Hi));
    }

    [Fact]
    public void Isolate_RootsAtBothEnds_AreIncluded()
    {
        Assert.Equal([1, 3], ExactValues(RealRoots.Isolate(FromRoots(1, 3), 1, 3)));
        Assert.Equal([Q("-1/3"), Q("5/7")], ExactValues(RealRoots.Isolate(FromRoots(Q("-1/3"), Q("5/7")), Q("-1/3"), Q("5/7"))));
        Assert.Equal([2], ExactValues(RealRoots.Isolate(FromRoots(2), 2, 2)));
        Assert.Empty(RealRoots.Isolate(FromRoots(2), 3, 3));
    }

    [Fact]
    public void Isolate_IrrationalNextToExactEndRoot_IntervalExcludesIt()
    {
        // t = 1 is a root at the end of the search interval, sqrt 2 is near; sqrt 3 is a root too.
        var p = (T - C(1)) * (T * T - C(2)) * (T * T - C(3));
        var roots = RealRoots.Isolate(p, 1, 2);
        Assert.Equal(3, roots.Count);
        Assert.Equal(Rational.One, roots[0].Exact);
        AssertIsolates(p, roots[1], 1, 2);
        AssertIsolates(p, roots[2], 1, 2);
        Assert.True(roots[1].Lo > 1 && roots[1].Hi <= roots[2].Lo);
        Assert.True(roots[1].CompareTo(Q("1.4142")) > 0 && roots[1].CompareTo(Q("1.4143")) < 0);
        Assert.True(roots[2].CompareTo(Q("1.732")) > 0 && roots[2].CompareTo(Q("1.7321")) < 0);
    }

    [Fact]
    public void Isolate_NoRootsInInterval_IsEmpty()
    {
        Assert.Empty(RealRoots.Isolate(T * T + C(1), -10, 10));
        Assert.Empty(RealRoots.Isolate(T - C(5), 0, 1));
        Assert.Empty(RealRoots.Isolate(T * T - C(2), Q("1.5"), 10));
        Assert.Empty(RealRoots.Isolate(C(3), -1, 1));
    }

    [Fact]
    public void Isolate_CubicTMinusT_GivesMinusOneZeroOne() =>
        Assert.Equal([-1, 0, 1], ExactValues(RealRoots.Isolate(T.Pow(3) - T, -2, 2)));

    [Fact]
    public void Isolate_WilkinsonLikeSevenths_AllExact()
    {
        var expected = Enumerable.Range(1, 10).Select(k => new Rational(k, 7)).ToArray();
        Assert.Equal(expected.Cast<Rational?>(), ExactValues(RealRoots.Isolate(FromRoots(expected), 0, 2)));
        // The same roots with the search interval ending inside the cluster.
        Assert.Equal(expected.Take(5).Cast<Rational?>(), ExactValues(RealRoots.Isolate(FromRoots(expected), Q("1/7"), Q("5/7"))));
    }

    [Fact]
    public void Isolate_NonDyadicRootWithLargeDenominator_IsRecognisedExactly()
    {
        var tiny = new Rational(1, 1_000_003);
        var p = (C(1_000_003) * T - C(1)) * (T * T - C(3));
        var roots = RealRoots.Isolate(p, -2, 2);
        Assert.Equal([null, tiny, null], ExactValues(roots));
        AssertIsolates(p, roots[0], -2, 2);
        AssertIsolates(p, roots[2], -2, 2);
    }

    [Fact]
    public void Isolate_RootWithSixHundredBitDenominator_IsRecognisedExactly()
    {
        // r = 1/2 + 1/(2 * 3^400): next to the dyadic split point 1/2, with a 635-bit denominator.
        var big = BigInteger.Pow(3, 400);
        var r = new Rational(big + 1, 2 * big);
        var p = (C(2 * big) * T - C(big + 1)) * (T * T - C(2)) * (T - Q("1/2"));
        Assert.Equal([Q("1/2"), r, null], ExactValues(RealRoots.Isolate(p, 0, 2)));
    }

    [Fact]
    public void Isolate_VeryCloseRationalRoots_AreSeparatedExactly()
    {
        var third = Q("1/3");
        var near = third + new Rational(BigInteger.One, BigInteger.Pow(10, 20));
        var roots = RealRoots.Isolate(FromRoots(third, near) * (T * T + C(1)), 0, 1);
        Assert.Equal([third, near], ExactValues(roots));
    }

    [Fact]
    public void Isolate_VeryCloseIrrationalRoots_AreSeparated()
    {
        // sqrt 2 and sqrt(2 + 10^-30): about 3.5e-31 apart, plus their negatives.
        var eps = new Rational(BigInteger.One, BigInteger.Pow(10, 30));
        var p = (T * T - C(2)) * (T * T - C(2 + eps));
        var roots = RealRoots.Isolate(p, -2, 2);
        Assert.Equal(4, roots.Count);
        foreach (var r in roots) AssertIsolates(p, r, -2, 2);
        for (int i = 1; i < roots.Count; i++) Assert.True(roots[i - 1].Hi <= roots[i].Lo);
        Assert.True(roots[2].Hi * roots[2].Hi <= 2 + eps && roots[3].Lo * roots[3].Lo >= 2);
    }

    [Fact]
    public void Isolate_DegreeTwoHundred_FindsTheOnePositiveRoot()
    {
        var p = T.Pow(200) - C(2);
        var root = Assert.Single(RealRoots.Isolate(p, 0, 2));
        AssertIsolates(p, root, 0, 2);
        Assert.Equal(Math.Pow(2, 1.0 / 200), root.Approx, 1e-15); // tolerance: a few ulps near 1
    }

    [Fact]
    public void Isolate_WholeLine_UsesCauchyBound()
    {
        var roots = RealRoots.Isolate((T * T - C(2)) * (T - C(100)));
        Assert.Equal(3, roots.Count);
        Assert.Equal(new Rational(100), roots[2].Exact);
        Assert.True(roots[0].CompareTo(0) < 0 && roots[1].CompareTo(0) > 0);
    }

    [Fact]
    public void Isolate_ZeroPolynomialOrEmptyInterval_Throws()
    {
        Assert.Throws<ArgumentException>(() => RealRoots.Isolate(UnivariatePolynomial.Zero, 0, 1));
        Assert.Throws<ArgumentException>(() => RealRoots.Isolate(T, 1, 0));
    }

    [Fact]
    public void CompareTo_IrrationalRoot_DecidesExactly()
    {
        var root = Assert.Single(RealRoots.Isolate(T * T - C(2), 0, 2));
        Assert.Equal(1, root.CompareTo(Q("1.41421356237309504880")));
        Assert.Equal(-1, root.CompareTo(Q("1.41421356237309504881")));
        Assert.Equal(1, root.CompareTo(-5));
        Assert.Equal(-1, root.CompareTo(5));
        var exact = RealRoot.FromRational(Q("1/2"));
        Assert.Equal(0, exact.CompareTo(Q("1/2")));
        Assert.Equal(-1, exact.CompareTo(1));
    }

    [Fact]
    public void Refine_ExactRoot_ReturnsItself()
    {
        var root = Assert.Single(RealRoots.Isolate(C(3) * T - C(1), 0, 1));
        Assert.Same(root, root.Refine(Q("1/1000")));
        Assert.Equal(Q("1/3"), root.Exact);
        Assert.True(root.Enclosure.Contains(Q("1/3")));
        Assert.Throws<ArgumentOutOfRangeException>(() => root.Refine(0));
    }

    [Fact]
    public void Polynomial_IrrationalRoot_VanishesOnlyInside()
    {
        var p = (T - C(1)) * (T * T - C(2));
        var root = RealRoots.Isolate(p, 1, 2)[1];
        var d = root.Polynomial;
        Assert.NotEqual(0, d.Evaluate(root.Lo).Sign);
        Assert.NotEqual(0, d.Evaluate(root.Hi).Sign);
        Assert.True((p % d).IsZero);
    }

    [Fact]
    public void SignOn_BetweenRoots_IsSignAtMidpoint()
    {
        var p = FromRoots(1, 2);
        Assert.Equal(-1, RealRoots.SignOn(p, 1, 2));
        Assert.Equal(1, RealRoots.SignOn(p, 2, 3));
        Assert.Equal(1, RealRoots.SignOn(p, -5, 1));
        Assert.Throws<ArgumentException>(() => RealRoots.SignOn(p, 2, 2));
    }
}
