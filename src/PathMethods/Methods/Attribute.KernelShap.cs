using System.Numerics;
using Verifier.PathMethods.Methods.Surrogates;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

public static partial class Attribute
{
    /// <summary>The largest number of features for which exact KernelSHAP regresses over all 2^n coalitions.</summary>
    public const int MaxKernelShapFeatures = 14;

    /// <summary>
    /// KernelSHAP exactly: the weighted least squares fit of g(z) = φ_0 + Σ_i φ_i z_i to v(z) = F(x on z, x' off z) over
    /// all 2^n - 2 coalitions other than ∅ and N, with the Shapley kernel weights π(z) = (n - 1) / (C(n, |z|) |z| (n - |z|)),
    /// the infinite weights of ∅ and N imposed as the constraints φ_0 = F(x') and Σ_i φ_i = F(x) - F(x'), solved in
    /// exact rationals (F's values enter linearly: closed forms for functions with exp, sigmoid, ...).
    /// </summary>
    /// <remarks>Lundberg and Lee 2017, Theorem 2 (Shapley kernel): the result equals baseline Shapley
    /// (<see cref="BaselineShapley"/>) exactly, which the tests check and <c>proofs/002-kernelshap-equals-shapley.md</c>
    /// derives. The regression is solved as SHAP's KernelExplainer solves it: φ_n eliminated with the sum constraint, the
    /// normal equations of the remaining n - 1 unknowns inverted (fraction-free, in integers).</remarks>
    /// <exception cref="ArgumentException">Dimensions differ, or n exceeds <see cref="MaxKernelShapFeatures"/> (an
    /// <see cref="InputArgumentException"/>).</exception>
    public static AttributionResult KernelShap(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckPoints(input, baseline);
        int n = input.Count;
        if (n < 1 || n > MaxKernelShapFeatures)
            throw new InputArgumentException($"exact KernelSHAP regresses over all 2^n coalitions only for 1 <= n <= {MaxKernelShapFeatures} features; this input has {n}");
        return Surrogate.Fit("kernelshap", f, input, baseline, ExactSolved(n)).Attribution;
    }

    /// <summary>
    /// KernelSHAP as the libraries run it, exactly for one seeded sample: <paramref name="samples"/> coalitions drawn by
    /// size with the Shapley kernel (<see cref="CoalitionSample.KernelShap"/>; optionally paired with their complements),
    /// each weighted by its multiplicity, and the same constrained weighted regression as <see cref="KernelShap"/>
    /// (φ_0 = F(x'), Σ φ_i = F(x) - F(x'), so completeness holds for every sample), solved in exact rationals; a singular
    /// normal matrix (too few distinct coalitions) is pseudo-inverted exactly, as SHAP falls back to numpy's pinv.
    /// </summary>
    /// <remarks>Captum's KernelShap draws the same way (all draws weighted 1) but imposes the constraints only through two
    /// rows of weight 10^6; SHAP's KernelExplainer first enumerates whole subset sizes when the budget covers them, counts
    /// distinct coalitions rather than draws, gives features with x_i = x'_i the value 0 and leaves them out, and selects
    /// features (l1_reg) when fewer than 20% of the coalitions are sampled. Here every feature is regressed, without
    /// selection. The exact error against Shapley is <see cref="BaselineShapley"/> subtracted.</remarks>
    /// <exception cref="ArgumentException">Dimensions differ, n exceeds <see cref="CoalitionSample.MaxFeatures"/>, or
    /// <paramref name="samples"/> is below 1 (an <see cref="InputArgumentException"/>).</exception>
    public static SurrogateFit KernelShapSampled(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline,
        int samples, int seed = 0, bool paired = true)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckPoints(input, baseline);
        int n = input.Count;
        if (n < 1 || n > CoalitionSample.MaxFeatures)
            throw new InputArgumentException($"sampled KernelSHAP takes 1 <= n <= {CoalitionSample.MaxFeatures} features; this input has {n}");
        return Surrogate.Fit("kernelshap-sampled", f, input, baseline, SampledSolved(n, samples, seed, paired));
    }

    /// <summary>Exact KernelSHAP as a fixed linear combination of coalition values, for any values (symbols in the
    /// symbolic proofs): φ_i = Σ_S c_iS v(S) with the rational c of the regression over all coalitions.</summary>
    /// <param name="n">The number of features.</param>
    /// <param name="value">v(S) by mask S (bit i set when feature i + 1 is on).</param>
    public static Expr[] KernelShapCombination(int n, Func<int, Expr> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (n < 1 || n > MaxKernelShapFeatures) throw new InputArgumentException($"exact KernelSHAP takes 1 <= n <= {MaxKernelShapFeatures} features, got {n}");
        return Combination(ExactSolved(n), value);
    }

    /// <summary>Sampled KernelSHAP (<see cref="KernelShapSampled"/>) as a fixed linear combination of coalition values.</summary>
    public static Expr[] KernelShapSampledCombination(int n, int samples, int seed, bool paired, Func<int, Expr> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (n < 1 || n > CoalitionSample.MaxFeatures) throw new InputArgumentException($"sampled KernelSHAP takes 1 <= n <= {CoalitionSample.MaxFeatures} features, got {n}");
        return Combination(SampledSolved(n, samples, seed, paired), value);
    }

    private static Expr[] Combination(Surrogate.Solved solved, Func<int, Expr> value)
    {
        var masks = solved.Operator.Masks.ToDictionary(m => m, value);
        return solved.Operator.Combine(masks)[..solved.Operator.Features];
    }

    /// <summary>The Shapley kernel π(z) = (n - 1) / (C(n, s) s (n - s)) for a coalition of size 0 &lt; s &lt; n.</summary>
    public static Rational ShapleyKernel(int n, int s)
    {
        if (s <= 0 || s >= n) throw new ArgumentOutOfRangeException(nameof(s), s, "the Shapley kernel is infinite at |z| = 0 and |z| = n");
        var binomial = BigInteger.One;
        for (int k = 1; k <= s; k++) binomial = binomial * (n - s + k) / k;
        return new Rational(n - 1, binomial * s * (n - s));
    }

    private static Surrogate.Solved ExactSolved(int n) => Surrogate.Get(new ExactKey(n), () =>
    {
        var sample = CoalitionSample.AllProper(n);
        var (op, eq) = SurrogateRegression.KernelShap(n, [.. sample.Coalitions.Select(c => (c.Mask, ShapleyKernel(n, BitOperations.PopCount((uint)c.Mask))))]);
        return new Surrogate.Solved(sample, op, eq,
            $"Shapley kernel pi(z) = (n - 1) / (C(n, |z|) |z| (n - |z|)) for n = {n}; infinite at |z| = 0 and n, imposed as constraints");
    });

    private static Surrogate.Solved SampledSolved(int n, int samples, int seed, bool paired)
    {
        if (samples < 1) throw new InputArgumentException($"sampled KernelSHAP needs at least 1 sample, got {samples}");
        return Surrogate.Get(new SampledKey(n, samples, seed, paired), () =>
        {
            // n = 1: the constraint alone gives φ_1 = F(x) - F(x'); there is nothing to draw
            var sample = n == 1 ? new CoalitionSample(1, 0, []) : CoalitionSample.KernelShap(n, samples, seed, paired);
            var (op, eq) = SurrogateRegression.KernelShap(n, [.. sample.Coalitions.Select(c => (c.Mask, new Rational(c.Count)))]);
            return new Surrogate.Solved(sample, op, eq,
                $"each coalition weighted by its count: {samples} draws (seed {seed}{(paired ? ", paired with complements" : "")}) by size k with "
                + "probability proportional to (n - 1) / (k (n - k)), so counts estimate the Shapley kernel; v(none) and v(all) imposed as constraints");
        });
    }

    private sealed record ExactKey(int N);

    private sealed record SampledKey(int N, int Samples, int Seed, bool Paired);
}
