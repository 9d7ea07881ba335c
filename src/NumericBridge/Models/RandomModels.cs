using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Models;

/// <summary>Seeded random models of the benchmarks (bench/NumericBridge.Bench, tools/GpuRunner), in one place so that both measure the same networks.</summary>
public static class RandomModels
{
    /// <summary>
    /// A dense network with relu between the layers: He-uniform weights (bound sqrt(6 / fan-in)) rounded to k/1024,
    /// biases k/1024 in [-0.1, 0.1]; activations stay O(1) through the layers, and many relus switch along a path.
    /// Deterministic for a seeded <paramref name="rng"/>. E.g. widths 784, 100, 100, 100, 10 (an MNIST-size MLP).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two widths, or a width below 1.</exception>
    public static Network Mlp(Random rng, IReadOnlyList<int> widths)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count < 2 || widths.Any(w => w < 1))
            throw new ArgumentException($"an MLP needs at least two widths of at least 1, not [{string.Join(", ", widths)}]", nameof(widths));
        var layers = new List<Layer>();
        for (int l = 0; l + 1 < widths.Count; l++)
        {
            double bound = Math.Sqrt(6.0 / widths[l]);
            var w = new Rational[widths[l + 1], widths[l]];
            for (int i = 0; i < widths[l + 1]; i++)
                for (int j = 0; j < widths[l]; j++) w[i, j] = K1024(rng, bound);
            var b = Enumerable.Range(0, widths[l + 1]).Select(_ => K1024(rng, 0.1)).ToArray();
            layers.Add(new DenseLayer(w, b));
            if (l + 2 < widths.Count) layers.Add(new ReluLayer());
        }
        return new Network(widths[0], layers, 0);
    }

    private static Rational K1024(Random rng, double bound) => new((long)Math.Round((2 * rng.NextDouble() - 1) * bound * 1024), 1024);
}
