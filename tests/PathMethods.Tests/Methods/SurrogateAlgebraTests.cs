using System.Numerics;
using Verifier.PathMethods.Methods.Surrogates;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Tests.Methods;

/// <summary>The exact linear algebra under LIME and KernelSHAP: fraction-free inversion over Z[q], the exact
/// pseudo-inverse, and the seeded coalition samples.</summary>
public class SurrogateAlgebraTests
{
    private static ZPolynomial Poly(params int[] c) =>
        c.Select((v, k) => ZPolynomial.Monomial(v, k)).Aggregate(ZPolynomial.Zero, (a, b) => a + b);

    [Fact]
    public void ZPolynomial_DivideExactly_InvertsMultiplication()
    {
        var a = Poly(3, -2, 0, 5);
        var b = Poly(-1, 4, 7);
        Assert.Equal(a, (a * b).DivideExactly(b));
        Assert.Throws<InvalidOperationException>(() => (a * b + ZPolynomial.One).DivideExactly(b));
        Assert.Equal("3 - 2 q + 5 q^3", a.ToString());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 7)]
    public void Inverse_RandomMatrixOverZq_TimesMatrixIsDeterminantTimesIdentity(int n, int seed)
    {
        var rng = new Random(seed);
        var a = new ZPolynomial[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) a[i, j] = Poly(rng.Next(-3, 4), rng.Next(-3, 4), rng.Next(-3, 4));
        if (n > 1) a[0, 0] = ZPolynomial.Zero; // forces a row exchange
        var (d, x) = ExactLinearAlgebra.Inverse(a) ?? throw new InvalidOperationException("singular");
        Assert.False(d.IsZero);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                var sum = ZPolynomial.Zero;
                for (int k = 0; k < n; k++) sum += a[i, k] * x[k, j];
                Assert.Equal(i == j ? d : ZPolynomial.Zero, sum);
            }
    }

    [Fact]
    public void Inverse_SingularOverQq_Null()
    {
        var p = Poly(1, 2);
        var a = new[,] { { p, Poly(0, 1) }, { p * Poly(3), Poly(0, 3) } }; // row 2 = 3 row 1
        Assert.Null(ExactLinearAlgebra.Inverse(a));
    }

    [Fact]
    public void PseudoInverse_SingularSymmetricMatrix_SatisfiesThePenroseConditions()
    {
        Rational[,] g = { { 2, -2, 4 }, { -2, 2, -4 }, { 4, -4, 8 } };
        var p = ExactLinearAlgebra.PseudoInverse(g);
        var gpg = ExactLinearAlgebra.Multiply(ExactLinearAlgebra.Multiply(g, p), g);
        var pgp = ExactLinearAlgebra.Multiply(ExactLinearAlgebra.Multiply(p, g), p);
        var gp = ExactLinearAlgebra.Multiply(g, p);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(g[i, j], gpg[i, j]);
                Assert.Equal(p[i, j], pgp[i, j]);
                Assert.Equal(gp[i, j], gp[j, i]);
            }
        Assert.Equal(1, ExactLinearAlgebra.Rank(g));
        Assert.Equal(new Rational(1, 72), p[0, 0]); // g = 2 u u^T with u = (1, -1, 2): g+ = u u^T / (2 |u|^4)
    }

    [Fact]
    public void KernelShapSample_SameSeed_SameSampleAndCountsAddUp()
    {
        var a = CoalitionSample.KernelShap(5, 101, seed: 3, paired: true);
        var b = CoalitionSample.KernelShap(5, 101, seed: 3, paired: true);
        var c = CoalitionSample.KernelShap(5, 101, seed: 4, paired: true);
        Assert.Equal(a.Coalitions, b.Coalitions);
        Assert.NotEqual(a.Coalitions, c.Coalitions);
        Assert.Equal(101, a.Coalitions.Sum(s => s.Count));
        Assert.DoesNotContain(a.Coalitions, s => s.Mask == 0 || s.Mask == 31);
    }

    [Fact]
    public void KernelShapSample_Paired_EveryCoalitionWithItsComplementEqually()
    {
        // 100 draws in pairs: each coalition and its complement are drawn equally often
        var s = CoalitionSample.KernelShap(4, 100, seed: 9, paired: true);
        var counts = s.Coalitions.ToDictionary(c => c.Mask, c => c.Count);
        foreach (var (mask, count) in counts) Assert.Equal(count, counts.GetValueOrDefault(15 & ~mask));
    }

    [Fact]
    public void KernelShapSample_ManyDraws_SizeFrequenciesFollowTheShapleyKernel()
    {
        // n = 4: sizes 1, 2, 3 with probabilities proportional to 1/3, 1/4, 1/3, i.e. 4/11, 3/11, 4/11.
        // Tolerance: 5 standard deviations of a binomial proportion over 20000 draws (about 0.017).
        var s = CoalitionSample.KernelShap(4, 20000, seed: 1, paired: false);
        double Share(int size) => s.Coalitions.Where(c => BitOperations.PopCount((uint)c.Mask) == size).Sum(c => c.Count) / 20000.0;
        Assert.InRange(Share(1), 4 / 11.0 - 0.017, 4 / 11.0 + 0.017);
        Assert.InRange(Share(2), 3 / 11.0 - 0.017, 3 / 11.0 + 0.017);
    }

    [Fact]
    public void LimeSample_FirstDrawIsTheInstance_CountsAddUp()
    {
        var s = CoalitionSample.Lime(3, 1, seed: 5);
        Assert.Equal([new CoalitionCount(7, 1)], s.Coalitions);
        var t = CoalitionSample.Lime(3, 500, seed: 5);
        Assert.Equal(500, t.Coalitions.Sum(c => c.Count));
        Assert.Equal(8, t.Coalitions.Count); // every coalition of 3 features appears in 500 fair draws
    }
}
