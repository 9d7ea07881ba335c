using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

/// <summary>
/// An attribution method whose attributions are a weighted sum of gradients at points of the straight path, as the
/// completeness-gap queries encode it: <c>A_i(x) = (x_i - x'_i) sum_s w_s ∂_i F(x' + τ_s (x - x'))</c>, so that
/// <c>sum_i A_i = sum_s w_s D_v F(x' + τ_s v)</c> with v = x - x' (a directional derivative, linear for
/// piecewise-linear F).
/// </summary>
/// <param name="Name">The method's name, e.g. <c>gradient-x-input</c> or <c>riemann-left-8</c>.</param>
/// <param name="Nodes">The path points τ_s in [0, 1] and their weights w_s.</param>
/// <remarks>Gradient x input (Shrikumar et al. 2016) is the single node τ = 1, w = 1; Riemann sums of Integrated Gradients
/// (Sundararajan, Taly, Yan 2017, section 5) use k nodes of weight 1/k.</remarks>
public sealed record GapMethod(string Name, IReadOnlyList<(Rational Tau, Rational Weight)> Nodes)
{
    /// <summary>Gradient x (input - baseline): A_i = ∂_i F(x) (x_i - x'_i).</summary>
    public static readonly GapMethod GradientTimesInput = new("gradient-x-input", [(Rational.One, Rational.One)]);

    /// <summary>Integrated Gradients by the left Riemann rule with k steps: points x' + (s/k)(x - x'), s = 0..k-1, weight 1/k.</summary>
    public static GapMethod RiemannLeft(int steps) => Riemann("left", steps, s => s);

    /// <summary>The right Riemann rule: s = 1..k.</summary>
    public static GapMethod RiemannRight(int steps) => Riemann("right", steps, s => s + 1);

    /// <summary>The midpoint rule: points (s + 1/2)/k.</summary>
    public static GapMethod RiemannMiddle(int steps) => Riemann("middle", steps, s => s + Rational.Half);

    /// <summary>The trapezoid rule with k steps: k + 1 points s/k, end weights 1/(2k), inner weights 1/k.</summary>
    public static GapMethod Trapezoid(int steps)
    {
        CheckSteps(steps);
        var nodes = new List<(Rational, Rational)>();
        for (int s = 0; s <= steps; s++)
            nodes.Add((new Rational(s, steps), s == 0 || s == steps ? new Rational(1, 2 * steps) : new Rational(1, steps)));
        return new GapMethod($"riemann-trapezoid-{steps}", nodes);
    }

    /// <summary>The text form of the name.</summary>
    public override string ToString() => Name;

    private static GapMethod Riemann(string rule, int steps, Func<int, Rational> position)
    {
        CheckSteps(steps);
        var nodes = new List<(Rational, Rational)>(steps);
        for (int s = 0; s < steps; s++) nodes.Add((position(s) / steps, new Rational(1, steps)));
        return new GapMethod($"riemann-{rule}-{steps}", nodes);
    }

    private static void CheckSteps(int steps)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "the number of steps must be at least 1");
    }
}
