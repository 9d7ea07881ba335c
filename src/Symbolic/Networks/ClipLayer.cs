using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// <c>clip(z, lo, hi) = min(max(z, lo), hi) = lo + relu(z - lo) - relu(z - hi)</c> on every entry, with lo &lt; hi: hard
/// tanh for lo = -1, hi = 1, ReLU6 for lo = 0, hi = 6. Its kinks are lo and hi; from relu'(0) = c its derivative there
/// is clip'(lo) = c and clip'(hi) = 1 - c (0 and 1 under PyTorch's relu'(0) = 0).
/// </summary>
public sealed record ClipLayer : ActivationLayer
{
    /// <summary>A clip layer with bounds <paramref name="lo"/> &lt; <paramref name="hi"/>.</summary>
    /// <exception cref="NetworkFormatException"><paramref name="lo"/> is not less than <paramref name="hi"/>.</exception>
    public ClipLayer(Rational lo, Rational hi) : base(Describe(lo, hi))
    {
        Lo = lo;
        Hi = hi;
    }

    /// <summary>The catalogue entry: <c>clip</c> with the parameters <c>lo</c> and <c>hi</c>, lo &lt; hi.</summary>
    public static ActivationKind Definition { get; } = new("clip", "clip(z, lo, hi) = min(max(z, lo), hi) = lo + relu(z - lo) - relu(z - hi)",
        ["lo", "hi"], p => Problem(p[0], p[1]), p => new ClipLayer(p[0], p[1]), simpler: ReluLayer.Definition);

    /// <summary>The lower bound lo (the output for z &lt;= lo).</summary>
    public Rational Lo { get; }

    /// <summary>The upper bound hi (the output for z &gt;= hi).</summary>
    public Rational Hi { get; }

    /// <inheritdoc />
    public override ActivationKind Kind => Definition;

    /// <inheritdoc />
    public override IReadOnlyList<Rational> Parameters => [Lo, Hi];

    private static string? Problem(Rational lo, Rational hi) => lo < hi ? null : $"lo ({lo}) must be less than hi ({hi})";

    private static ActivationFunction Describe(Rational lo, Rational hi)
    {
        if (Problem(lo, hi) is { } problem) throw new NetworkFormatException($"clip layer: {problem}");
        return new(lo, Rational.Zero, [new ReluTerm(Rational.One, 1, lo), new ReluTerm(Rational.MinusOne, 1, hi)]);
    }
}
