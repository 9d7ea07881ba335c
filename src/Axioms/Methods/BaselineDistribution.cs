using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Methods;

/// <summary>A finite distribution of baselines X': points with non-negative rational weights summing to exactly 1.</summary>
public sealed class BaselineDistribution
{
    /// <summary>A distribution; uniform when <paramref name="weights"/> is null.</summary>
    /// <exception cref="ArgumentException">No points, points of different lengths, or invalid weights.</exception>
    public BaselineDistribution(IReadOnlyList<IReadOnlyList<Rational>> points, IReadOnlyList<Rational>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("a baseline distribution needs at least one point", nameof(points));
        int n = points[0].Count;
        if (points.Any(p => p.Count != n)) throw new ArgumentException("the baselines have different numbers of coordinates", nameof(points));
        Points = points.Select(p => (IReadOnlyList<Rational>)p.ToArray()).ToArray();
        if (weights is null)
        {
            var w = new Rational(1, points.Count);
            Weights = Enumerable.Repeat(w, points.Count).ToArray();
        }
        else
        {
            if (weights.Count != points.Count)
                throw new ArgumentException($"{weights.Count} weights for {points.Count} baselines", nameof(weights));
            if (weights.Any(w => w.Sign < 0)) throw new ArgumentException("a baseline weight is negative", nameof(weights));
            var total = weights.Aggregate(Rational.Zero, (a, b) => a + b);
            if (total != Rational.One) throw new ArgumentException($"the baseline weights sum to {total}, not 1", nameof(weights));
            Weights = weights.ToArray();
        }
    }

    /// <summary>The support points.</summary>
    public IReadOnlyList<IReadOnlyList<Rational>> Points { get; }

    /// <summary>Their probabilities.</summary>
    public IReadOnlyList<Rational> Weights { get; }

    /// <summary>The number of features.</summary>
    public int Dimension => Points[0].Count;

    /// <summary>The one-point distribution at <paramref name="baseline"/>.</summary>
    public static BaselineDistribution Dirac(IReadOnlyList<Rational> baseline) => new([baseline]);

    /// <summary>"P1 (w1); P2 (w2)".</summary>
    public override string ToString() =>
        string.Join("; ", Points.Select((p, k) => $"({string.Join(", ", p)}) w={Weights[k]}"));
}
