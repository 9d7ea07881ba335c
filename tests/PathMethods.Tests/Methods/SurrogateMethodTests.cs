using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Methods.Surrogates;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Methods;

/// <summary>LIME and KernelSHAP on hand-checked instances, and LIME's exact closed forms against an independent
/// floating-point weighted ridge regression.</summary>
public class SurrogateMethodTests
{
    [Fact]
    public void KernelShap_TwoFeatures_EqualsTheShapleyFormula()
    {
        // phi_1 = (v1 - v0 + v12 - v2) / 2 for F = x1 x2 + x1 at x = (2, 3), x' = (1, -1)
        var r = Attribute.KernelShap(F("x1*x2 + x1"), P(2, 3), P(1, -1));
        // v0 = F(1,-1) = 0, v1 = F(2,-1) = 0, v2 = F(1,3) = 4, v12 = F(2,3) = 8
        Assert.Equal([R("2"), R("6")], Values(r));
        Assert.Contains(r.Derivation, s => s.Title == "normal equations" && s.Text.Contains("M (phi_1) = rhs"));
    }

    [Fact]
    public void KernelShap_OneFeature_TheConstraintAlone()
    {
        var r = Attribute.KernelShap(F("x1^2"), P(3), P(1));
        Assert.Equal([R("8")], Values(r));
        Assert.Equal("no unknowns: the constraints determine every coefficient", r.Derivation.Single(s => s.Title == "normal equations").Text);
    }

    [Fact]
    public void KernelShap_TooManyFeatures_InputError() =>
        Assert.IsType<InputArgumentException>(Record.Exception(() => Attribute.KernelShap(F("x1"), new Rational[15], new Rational[15])));

    [Fact]
    public void KernelShapSampled_TwoFeaturesPaired_EqualsShapleyForEverySample()
    {
        // n = 2, paired: {1} and {2} are drawn equally often, and the kernel weighs them equally
        var f = F("x1*x2 + relu(x1 - x2)");
        var exact = Values(Attribute.BaselineShapley(f, P(2, 1), P(0, 3)));
        Assert.Equal(exact, Values(Attribute.KernelShapSampled(f, P(2, 1), P(0, 3), samples: 10, seed: 4, paired: true).Attribution));
    }

    [Fact]
    public void KernelShapSampled_OneDistinctCoalition_PseudoInverseAndStillComplete()
    {
        // one draw for three features: the reduced normal matrix has rank 1
        var fit = Attribute.KernelShapSampled(F("x1*x2*x3 + x1"), P(1, 2, 3), P(0, 0, 0), samples: 1, seed: 2, paired: false);
        Assert.Single(fit.Sample.Coalitions);
        Assert.Contains("pseudo-inverse", fit.Attribution.Derivation.Single(s => s.Title == "solution").Text);
        Assert.Equal(Rational.Zero, fit.Attribution.CompletenessGap.Rational);
    }

    [Fact]
    public void KernelShapSampled_SymmetricFunction_UnequalCountsBreakSymmetry()
    {
        // F symmetric in x1, x2 with x1 = x2 and x'1 = x'2; this sample draws {1} and {2} (or {1,3} and {2,3}) unequally
        // often, so the fit is not symmetric although baseline Shapley is
        var f = F("x1*x2*x3 + x3^2");
        var fit = Attribute.KernelShapSampled(f, P(1, 1, 2), P(0, 0, -1), samples: 5, seed: 1, paired: false);
        var counts = fit.Sample.Coalitions.ToDictionary(c => c.Mask, c => c.Count);
        Assert.True(counts.GetValueOrDefault(0b001) != counts.GetValueOrDefault(0b010) || counts.GetValueOrDefault(0b101) != counts.GetValueOrDefault(0b110));
        var a = Values(fit.Attribution);
        Assert.NotEqual(a[0], a[1]);
        var shapley = Values(Attribute.BaselineShapley(f, P(1, 1, 2), P(0, 0, -1)));
        Assert.Equal(shapley[0], shapley[1]);
    }

    [Fact]
    public void Lime_OneFeature_MatchesTheHandSolution()
    {
        // masks {1} (count c1, weight 1) and {} (count c0, weight q): b_1 = c0 c1 q D / (c1 a + c0 c1 q + c0 a q)
        var fit = Attribute.Lime(F("3*x1 + 1"), P(2), P(0), new LimeOptions(Samples: 20, Seed: 1));
        int c1 = fit.Sample.Coalitions.Single(c => c.Mask == 1).Count, c0 = fit.Sample.Coalitions.Single(c => c.Mask == 0).Count;
        double q = Math.Exp(-8.0 / 9), d = 6, alpha = 1;
        double expected = c0 * c1 * q * d / (c1 * alpha + c0 * c1 * q + c0 * alpha * q);
        var enclosure = fit.Attribution.Attributions[0].Enclosure;
        Assert.InRange(expected, enclosure.Lo - 1e-12, enclosure.Hi + 1e-12); // the enclosure is certified; 1e-12 covers double rounding of `expected`
        Assert.NotNull(fit.Attribution.Attributions[0].ClosedForm);
        Assert.Null(fit.Attribution.Attributions[0].Rational);
    }

    [Fact]
    public void Lime_LinearFunctionWithoutRidge_RecoversTheSlopesExactlyAsRationals()
    {
        // F linear: v(z) = F(x') + Σ a_i (x_i - x'_i) z_i fits exactly, so q cancels and b_i = a_i (x_i - x'_i)
        var fit = Attribute.Lime(F("2*x1 - x2 + 5*x3"), P(1, 2, 3), P(0, 1, -1), new LimeOptions(Samples: 200, Seed: 3, Ridge: Rational.Zero));
        Assert.Equal([R("2"), R("-1"), R("20")], Values(fit.Attribution));
        Assert.Equal(R("-6"), fit.Intercept.Rational); // F(x') = 0 - 1 - 5
    }

    [Fact]
    public void Lime_RidgeZeroSingularSample_InputError()
    {
        // one sample (the instance): the coefficients are not determined
        var e = Record.Exception(() => Attribute.Lime(F("x1 + x2"), P(1, 1), P(0, 0), new LimeOptions(Samples: 1, Ridge: Rational.Zero)));
        Assert.IsType<InputArgumentException>(e);
        Assert.Contains("singular", e!.Message);
    }

    [Theory]
    [InlineData(2, 1, "1")]
    [InlineData(3, 5, "1")]
    [InlineData(4, 11, "1/2")]
    [InlineData(5, 2, "3")]
    public void Lime_RandomNetwork_ClosedFormAgreesWithAFloatingPointWeightedRidge(int n, int seed, string ridge)
    {
        var rng = new Random(seed);
        var net = RandomNetworks.Create(rng, [n, 5, 1]);
        Rational[] x = RandomNetworks.Point(rng, n), b = RandomNetworks.Point(rng, n);
        var options = new LimeOptions(Samples: 300, Seed: seed, Ridge: R(ridge));
        var fit = Attribute.Lime(net, x, b, options);
        var reference = FloatRidge(net, x, b, fit.Sample, Math.Exp(-8.0 / (9 * n)), R(ridge).ToDouble());
        for (int i = 0; i < n; i++)
        {
            var e = fit.Attribution.Attributions[i].Enclosure;
            // Tolerance 1e-9 relative: the reference is a double-precision solve of a well-conditioned (ridge > 0) system.
            double tol = 1e-9 * Math.Max(1, Math.Abs(reference[i + 1]));
            Assert.InRange(reference[i + 1], e.Lo - tol, e.Hi + tol);
        }
        var ei = fit.Intercept.Enclosure;
        Assert.InRange(reference[0], ei.Lo - 1e-9 * Math.Max(1, Math.Abs(reference[0])), ei.Hi + 1e-9 * Math.Max(1, Math.Abs(reference[0])));
    }

    [Fact]
    public void Lime_GivenWidth_KernelIsExpOfMinusOffOverTwoWidthSquared()
    {
        var fit = Attribute.Lime(F("x1*x2"), P(1, 2), P(0, 0), new LimeOptions(Samples: 50, Seed: 2, Width: R("1/2")));
        Assert.Contains("q = exp(-2)", fit.Attribution.Derivation.Single(s => s.Title == "weights").Text);
        Assert.Contains(fit.Attribution.Attributions, a => a.ClosedForm!.ToString().Contains("exp(-2)"));
    }

    [Fact]
    public void Lime_ClosedFormFunction_CoefficientsAreClosedForms()
    {
        var fit = Attribute.Lime(F("sigmoid(x1 + x2)"), P(1, 1), P(0, 0), new LimeOptions(Samples: 40, Seed: 1));
        var a = fit.Attribution.Attributions;
        Assert.All(a, v => Assert.Contains("sigmoid", v.ClosedForm!.ToString()));
        Assert.True(a[0].Enclosure.Width < 1e-9);
    }

    // The weighted ridge of lime: [1, z] design, weights count q^(off), intercept unpenalised, solved in doubles.
    private static double[] FloatRidge(Network net, Rational[] x, Rational[] b, CoalitionSample sample, double q, double alpha)
    {
        int n = x.Length, size = n + 1;
        var a = new double[size, size + 1];
        foreach (var c in sample.Coalitions)
        {
            var p = Enumerable.Range(0, n).Select(i => c.IsOn(i) ? x[i] : b[i]).ToArray();
            double y = net.Evaluate(p).ToDouble(), w = c.Count * Math.Pow(q, n - System.Numerics.BitOperations.PopCount((uint)c.Mask));
            var u = Enumerable.Range(0, size).Select(j => j == 0 || c.IsOn(j - 1) ? 1.0 : 0.0).ToArray();
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++) a[i, j] += w * u[i] * u[j];
                a[i, size] += w * u[i] * y;
            }
        }
        for (int i = 1; i < size; i++) a[i, i] += alpha;
        for (int k = 0; k < size; k++)
        {
            int p = Enumerable.Range(k, size - k).MaxBy(r => Math.Abs(a[r, k]));
            for (int j = 0; j <= size; j++) (a[k, j], a[p, j]) = (a[p, j], a[k, j]);
            for (int i = 0; i < size; i++)
            {
                if (i == k) continue;
                double f = a[i, k] / a[k, k];
                for (int j = 0; j <= size; j++) a[i, j] -= f * a[k, j];
            }
        }
        return Enumerable.Range(0, size).Select(i => a[i, size] / a[i, i]).ToArray();
    }
}
