using Verifier.PathMethods.Methods.Surrogates;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

/// <summary>LIME's settings (<see cref="Attribute.Lime"/>).</summary>
/// <param name="Samples">The number of perturbations, the instance itself included (the <c>lime</c> package's
/// <c>num_samples</c>, default 5000 in its tabular explainer).</param>
/// <param name="Seed">The seed of the perturbations.</param>
/// <param name="Width">The kernel width w; null for the <c>lime</c> package's default 0.75 sqrt(n).</param>
/// <param name="Ridge">α of the ridge penalty on the coefficients (the <c>lime</c> package's Ridge(alpha=1)); 0 for plain
/// weighted least squares.</param>
public sealed record LimeOptions(int Samples = 5000, int Seed = 0, Rational? Width = null, Rational? Ridge = null)
{
    /// <summary>The defaults: 5000 samples, seed 0, width 0.75 sqrt(n), ridge 1.</summary>
    public static LimeOptions Default { get; } = new();
}

public static partial class Attribute
{
    /// <summary>The largest number of features LIME is solved for exactly (its closed forms have degree up to n (n + 1)
    /// in q).</summary>
    public const int MaxLimeFeatures = 12;

    /// <summary>
    /// LIME exactly on a seeded sample: binary perturbations z of the interpretable representation (on: x_i, off: x'_i;
    /// <see cref="CoalitionSample.Lime"/>), weighted by the exponential kernel π(z) = exp(-d(z)² / (2 w²)) of the Euclidean
    /// distance between z and the instance's all-ones vector, d² = the number of features off, and the weighted ridge
    /// regression of F(z) on (1, z) with the intercept unpenalised. The attributions are the coefficients; the intercept is
    /// <see cref="SurrogateFit.Intercept"/>.
    /// </summary>
    /// <remarks>
    /// Ribeiro, Singh, Guestrin 2016, eq. 1-2. The weights are powers q^k of the one number q = exp(-1 / (2 w²)), which is
    /// transcendental (Lindemann) for rational w²; the normal equations are solved over Q(q) by fraction-free elimination
    /// with polynomials in q, so each coefficient is exactly P(q) / D(q) (a closed form in exp, with a certified enclosure),
    /// or rational when q cancels. The default width 0.75 sqrt(n) (the <c>lime</c> package's tabular default) gives
    /// q = exp(-8 / (9 n)); its kernel sqrt(exp(-d² / w²)) is this one. No feature selection. docs/LIME.md compares the
    /// conventions with the <c>lime</c> package and Captum.
    /// </remarks>
    /// <exception cref="ArgumentException">Dimensions differ, n exceeds <see cref="MaxLimeFeatures"/>, a setting is out of
    /// range, or ridge 0 with a sample that does not determine the coefficients (an <see cref="InputArgumentException"/>).</exception>
    public static SurrogateFit Lime(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, LimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckPoints(input, baseline);
        options ??= LimeOptions.Default;
        int n = input.Count;
        return Surrogate.Fit("lime", f, input, baseline, LimeSolved(n, options));
    }

    /// <summary>LIME (<see cref="Lime"/>) as a fixed linear combination of coalition values, for any values (symbols in the
    /// symbolic proofs): b_i = Σ_S N_iS(q) v(S) / D(q) with q = exp(-1 / (2 w²)).</summary>
    /// <param name="n">The number of features.</param>
    /// <param name="options">The settings (null for the defaults).</param>
    /// <param name="value">v(S) by mask S (bit i set when feature i + 1 is on).</param>
    public static Expr[] LimeCombination(int n, LimeOptions? options, Func<int, Expr> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var solved = LimeSolved(n, options ?? LimeOptions.Default);
        return solved.Operator.Combine(solved.Operator.Masks.ToDictionary(m => m, value))[..n];
    }

    private static Surrogate.Solved LimeSolved(int n, LimeOptions options)
    {
        if (n < 1 || n > MaxLimeFeatures)
            throw new InputArgumentException($"LIME is solved exactly for 1 <= n <= {MaxLimeFeatures} features; this input has {n}");
        if (options.Samples < 1) throw new InputArgumentException($"LIME needs at least 1 sample, got {options.Samples}");
        if (options.Width is { } w && w.Sign <= 0) throw new InputArgumentException($"the kernel width must be positive, got {w}");
        var ridge = options.Ridge ?? Rational.One;
        if (ridge.Sign < 0) throw new InputArgumentException($"the ridge penalty must be at least 0, got {ridge}");
        // exp(-d²/(2 w²)) = q^d² with q = exp(c), c = -1/(2 w²); lime's w = 0.75 sqrt(n) gives c = -8/(9n)
        var exponent = options.Width is { } width ? -(2 * width * width).Reciprocal() : new Rational(-8, 9 * n);
        return Surrogate.Get(new LimeKey(n, options.Samples, options.Seed, exponent, ridge), () =>
        {
            var sample = CoalitionSample.Lime(n, options.Samples, options.Seed);
            var (op, eq) = SurrogateRegression.Ridge(n, [.. sample.Coalitions.Select(c => (c.Mask, c.Count))], exponent, ridge);
            var widthText = options.Width is { } given ? $"w = {given}" : $"w = 0.75 sqrt({n}) (lime's default), w^2 = {new Rational(9 * n, 16)}";
            return new Surrogate.Solved(sample, op, eq,
                $"pi(z) = exp(-d^2 / (2 w^2)) = q^d^2 with d^2 = the number of features off (Euclidean distance to the instance), {widthText}, "
                + $"q = exp({exponent}); times each coalition's count");
        });
    }

    private sealed record LimeKey(int N, int Samples, int Seed, Rational Exponent, Rational Ridge);
}
