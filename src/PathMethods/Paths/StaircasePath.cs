using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Paths;

/// <summary>
/// The axis-parallel path that moves the features fully from baseline to input one at a time, in the given order
/// (1-based feature numbers, as in <c>staircase:3,1,2</c>).
/// </summary>
/// <remarks>
/// The path method along it gives each feature its marginal contribution in that order; averaging over all n!
/// orders gives baseline Shapley values (Sundararajan and Najmi 2020).
/// </remarks>
public sealed class StaircasePath : SegmentPath
{
    /// <summary>Builds the staircase through the order given by 1-based feature numbers.</summary>
    /// <exception cref="ArgumentException">A feature is out of range, repeated or missing (the message names it).</exception>
    public StaircasePath(IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input, IReadOnlyList<int> order)
        : base(baseline, input, Corners(baseline, input, order))
    {
        Order = [.. order];
    }

    /// <summary>The 1-based feature order.</summary>
    public IReadOnlyList<int> Order { get; }

    /// <inheritdoc />
    public override string Spec => "staircase:" + string.Join(",", Order);

    private static IEnumerable<IReadOnlyList<Rational>> Corners(IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input, IReadOnlyList<int> order)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(order);
        int n = input.Count;
        if (baseline.Count != n) throw new ArgumentException($"the baseline has {baseline.Count} coordinates but the input has {n}");
        var seen = new bool[n];
        foreach (var f in order)
        {
            if (f < 1 || f > n) throw new ArgumentException($"staircase feature {f} is out of range 1..{n}");
            if (seen[f - 1]) throw new ArgumentException($"staircase feature {f} appears more than once");
            seen[f - 1] = true;
        }
        for (int i = 0; i < n; i++)
            if (!seen[i]) throw new ArgumentException($"staircase feature {i + 1} is missing; every feature 1..{n} must appear exactly once");
        var corners = new List<IReadOnlyList<Rational>>();
        var current = baseline.ToArray();
        for (int k = 0; k + 1 < order.Count; k++)
        {
            current[order[k] - 1] = input[order[k] - 1];
            corners.Add([.. current]);
        }
        return corners;
    }
}
