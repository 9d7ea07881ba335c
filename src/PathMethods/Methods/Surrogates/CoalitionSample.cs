using System.Numerics;

namespace Verifier.PathMethods.Methods.Surrogates;

/// <summary>A coalition of features with its multiplicity in a sample.</summary>
/// <param name="Mask">Bit i is set when feature i + 1 is on (takes x_i; off features take x'_i).</param>
/// <param name="Count">How many times it was drawn (its regression weight is proportional to this).</param>
public readonly record struct CoalitionCount(int Mask, int Count)
{
    /// <summary>True when feature <paramref name="i"/> (0-based) is on.</summary>
    public bool IsOn(int i) => (Mask >> i & 1) == 1;

    /// <summary>The coalition as "{1,3}" (1-based features; "{}" for none).</summary>
    public string Text(int features) =>
        "{" + string.Join(",", Enumerable.Range(0, features).Where(IsOn).Select(i => i + 1)) + "}";
}

/// <summary>
/// A seeded sample of coalitions in the interpretable (binary) representation, with multiplicities, as the sampling
/// explainers draw them: KernelSHAP's coalitions by size with the Shapley kernel (SHAP's KernelExplainer, Captum's
/// KernelShap), LIME's independent binary perturbations (the <c>lime</c> package's image explainer, Captum's Lime).
/// Deterministic given the seed: one <see cref="Random"/>, integer draws only.
/// </summary>
/// <param name="Features">n.</param>
/// <param name="Draws">The number of coalitions drawn (with repetitions).</param>
/// <param name="Coalitions">The distinct coalitions with their counts, by mask.</param>
public sealed record CoalitionSample(int Features, int Draws, IReadOnlyList<CoalitionCount> Coalitions)
{
    /// <summary>The largest number of features a sample is drawn for (masks are 32-bit).</summary>
    public const int MaxFeatures = 30;

    /// <summary>
    /// KernelSHAP's sample: <paramref name="draws"/> coalitions, each drawn by choosing its size k in 1..n-1 with
    /// probability proportional to (n - 1) / (k (n - k)) and then a uniformly random set of k features, so that a
    /// coalition S is drawn with probability proportional to the Shapley kernel π(S) = (n - 1) / (C(n, |S|) |S| (n - |S|)).
    /// With <paramref name="paired"/>, each drawn coalition is followed by its complement (antithetic sampling; both count
    /// as draws, and the last complement is left out when the budget is odd). ∅ and N are never drawn: the regression
    /// imposes them as constraints.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">n is not in [2, <see cref="MaxFeatures"/>] or draws is below 1.</exception>
    public static CoalitionSample KernelShap(int n, int draws, int seed, bool paired)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, MaxFeatures);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        // size weights L / (k (n - k)) with L = lcm of the k (n - k): integers, so the draw is exact
        var lcm = BigInteger.One;
        for (int k = 1; k < n; k++) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, k * (n - k)) * (k * (n - k));
        var cumulative = new BigInteger[n - 1];
        var total = BigInteger.Zero;
        for (int k = 1; k < n; k++) cumulative[k - 1] = total += lcm / (k * (n - k));
        var rng = new Random(seed);
        var counts = new Dictionary<int, int>();
        var order = new int[n];
        int drawn = 0, all = (1 << n) - 1;
        while (drawn < draws)
        {
            var r = Uniform(rng, total);
            int size = 1;
            while (r >= cumulative[size - 1]) size++;
            for (int i = 0; i < n; i++) order[i] = i;
            int mask = 0;
            for (int t = 0; t < size; t++)
            {
                int j = rng.Next(t, n);
                (order[t], order[j]) = (order[j], order[t]);
                mask |= 1 << order[t];
            }
            Add(counts, mask);
            drawn++;
            if (paired && drawn < draws)
            {
                Add(counts, all & ~mask);
                drawn++;
            }
        }
        return Of(n, draws, counts);
    }

    /// <summary>
    /// LIME's sample: the instance itself (every feature on) first, as the <c>lime</c> package puts it, then
    /// <paramref name="draws"/> - 1 coalitions in which each feature is on independently with probability 1/2 (the
    /// <c>lime</c> image explainer's and Captum's default perturbation).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">n is not in [1, <see cref="MaxFeatures"/>] or draws is below 1.</exception>
    public static CoalitionSample Lime(int n, int draws, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, MaxFeatures);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        var rng = new Random(seed);
        var counts = new Dictionary<int, int> { [(1 << n) - 1] = 1 };
        for (int s = 1; s < draws; s++)
        {
            int mask = 0;
            for (int i = 0; i < n; i++)
                if (rng.Next(2) == 1) mask |= 1 << i;
            Add(counts, mask);
        }
        return Of(n, draws, counts);
    }

    /// <summary>Every coalition other than ∅ and N, once each (exact KernelSHAP).</summary>
    public static CoalitionSample AllProper(int n)
    {
        var counts = new Dictionary<int, int>();
        for (int mask = 1; mask < (1 << n) - 1; mask++) counts[mask] = 1;
        return Of(n, counts.Count, counts);
    }

    /// <summary>The coalitions as "{1,3}x12, {2}x7, ..." (the first <paramref name="max"/>, then how many more).</summary>
    public string Text(int max = 24)
    {
        var shown = Coalitions.Take(max).Select(c => c.Count == 1 ? c.Text(Features) : $"{c.Text(Features)}x{c.Count}");
        var more = Coalitions.Count > max ? $", ... ({Coalitions.Count - max} more)" : "";
        return string.Join(", ", shown) + more;
    }

    // A uniform integer in [0, bound): random bits of the bound's length, rejected until below it.
    private static BigInteger Uniform(Random rng, BigInteger bound)
    {
        if (bound <= long.MaxValue) return rng.NextInt64((long)bound);
        long bits = bound.GetBitLength();
        var bytes = new byte[(bits + 7) / 8 + 1];
        while (true)
        {
            rng.NextBytes(bytes);
            bytes[^1] = 0; // non-negative
            int excess = (int)(bytes.Length * 8 - 8 - bits);
            bytes[^2] &= (byte)(0xFF >> excess);
            var r = new BigInteger(bytes);
            if (r < bound) return r;
        }
    }

    private static void Add(Dictionary<int, int> counts, int mask) => counts[mask] = counts.GetValueOrDefault(mask) + 1;

    private static CoalitionSample Of(int n, int draws, Dictionary<int, int> counts) =>
        new(n, draws, [.. counts.OrderBy(kv => kv.Key).Select(kv => new CoalitionCount(kv.Key, kv.Value))]);
}
