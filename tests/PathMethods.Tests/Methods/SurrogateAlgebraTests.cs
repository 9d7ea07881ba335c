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

    [Theory]
    [InlineData(2, 30, 1, "1")]
    [InlineData(3, 50, 2, "1/2")]
    [InlineData(4, 80, 3, "0")]
    public void Ridge_OperatorAtARationalQ_EqualsADirectRationalSolve(int n, int samples, int seed, string ridge)
    {
        // The fraction-free operator is a polynomial identity in q: at q = 2/5 it must equal the weighted ridge
        // regression solved directly in rationals with the weights (2/5)^(features off).
        var sample = CoalitionSample.Lime(n, samples, seed);
        var alpha = Rational.Parse(ridge);
        var (op, _) = SurrogateRegression.Ridge(n, [.. sample.Coalitions.Select(c => (c.Mask, c.Count))], new Rational(-1), alpha);
        var q = new Rational(2, 5);
        var rng = new Random(seed);
        var values = Enumerable.Range(0, 1 << n).ToDictionary(m => m, _ => new Rational(rng.Next(-9, 10), rng.Next(1, 5)));
        int size = n + 1;
        var a = new Rational[size, size + 1];
        foreach (var c in sample.Coalitions)
        {
            var w = c.Count * q.Pow(n - BitOperations.PopCount((uint)c.Mask));
            var u = Enumerable.Range(0, size).Select(j => j == 0 || c.IsOn(j - 1) ? Rational.One : Rational.Zero).ToArray();
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++) a[i, j] += w * u[i] * u[j];
                a[i, size] += w * u[i] * values[c.Mask];
            }
        }
        for (int i = 1; i < size; i++) a[i, i] += alpha;
        for (int k = 0; k < size; k++) // Gauss-Jordan over Q (the system is non-singular here)
        {
            int p = k;
            while (a[p, k].IsZero) p++;
            for (int j = 0; j <= size; j++) (a[k, j], a[p, j]) = (a[p, j], a[k, j]);
            for (int i = 0; i < size; i++)
            {
                if (i == k || a[i, k].IsZero) continue;
                var f = a[i, k] / a[k, k];
                for (int j = 0; j <= size; j++) a[i, j] -= f * a[k, j];
            }
        }
        for (int i = 1; i < size; i++) Assert.Equal(a[i, size] / a[i, i], op.AtRationalQ(i - 1, q, values));
        Assert.Equal(a[0, size] / a[0, 0], op.AtRationalQ(n, q, values)); // the intercept
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
