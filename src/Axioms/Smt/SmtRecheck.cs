using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

/// <summary>
/// Exact recomputation of what a solver's model claims, by code independent of the SMT encoding: network evaluation
/// and back-propagation (<see cref="Network.Evaluate"/>, <see cref="Network.Gradient"/>), or exact evaluation of the
/// expression and its symbolic partial derivatives. A model is reported as a counterexample only when this agrees.
/// </summary>
internal static class SmtRecheck
{
    /// <summary>F(x), exactly (piecewise-linear subjects have rational values).</summary>
    public static Rational Value(Subject f, IReadOnlyList<Rational> x) =>
        f.ValueAt(x).Rational ?? throw new InvalidOperationException($"F({string.Join(", ", x)}) is not rational");

    /// <summary>∇F(x) with PyTorch's kink conventions (relu'(0) = 0, first maximal argument of a max).</summary>
    public static Rational[] Gradient(Subject f, IReadOnlyList<Rational> x)
    {
        if (f.Network is { } net) return net.Gradient(x, KinkConvention.Default);
        var g = new Rational[f.Dimension];
        for (int i = 0; i < g.Length; i++)
            g[i] = Evaluate.Exactly(f.Function!.Differentiate(i + 1), x).Rational
                   ?? throw new InvalidOperationException($"dF/dx{i + 1} at ({string.Join(", ", x)}) is not rational");
        return g;
    }

    /// <summary>∇F(p) · v.</summary>
    public static Rational Directional(Subject f, IReadOnlyList<Rational> p, IReadOnlyList<Rational> v)
    {
        var g = Gradient(f, p);
        var sum = Rational.Zero;
        for (int i = 0; i < g.Length; i++) sum += g[i] * v[i];
        return sum;
    }

    /// <summary>The completeness gap F(x) - F(x') - sum_s w_s ∇F(x' + τ_s (x - x')) · (x - x') of a quadrature method.</summary>
    public static Rational Gap(Subject f, IReadOnlyList<Rational> x, IReadOnlyList<Rational> baseline, GapMethod method)
    {
        var v = new Rational[x.Count];
        for (int i = 0; i < v.Length; i++) v[i] = x[i] - baseline[i];
        var sum = Rational.Zero;
        foreach (var (tau, weight) in method.Nodes)
        {
            var p = new Rational[x.Count];
            for (int i = 0; i < p.Length; i++) p[i] = baseline[i] + tau * v[i];
            sum += weight * Directional(f, p, v);
        }
        return Value(f, x) - Value(f, baseline) - sum;
    }

    /// <summary>"(1, 1/2, -3)".</summary>
    public static string Point(IReadOnlyList<Rational> x) => "(" + string.Join(", ", x) + ")";

    /// <summary>A subject for a script comment: the network's summary or the expression.</summary>
    public static string Describe(Subject f) => f.Network?.ToString() ?? f.Function!.ToString();

    /// <summary>Throws unless the subject is piecewise linear.</summary>
    /// <exception cref="NotPiecewiseLinearException">It is an expression that is not piecewise linear.</exception>
    public static void RequirePiecewiseLinear(Subject f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f.Function is { } e) NotPiecewiseLinearException.ThrowIfNotPiecewiseLinear(e);
    }
}
