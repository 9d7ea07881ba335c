using System.Numerics;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Verdicts;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Search;

/// <summary>The size measure that shrinking decreases, and the default shrink candidates of an instance.</summary>
internal static class InstanceShrinker
{
    /// <summary>(features, structure of F and G, bits of every number): compared lexicographically.</summary>
    public static (long Features, long Structure, long Bits) Measure(AxiomInstance i)
    {
        long structure = Structure(i.F) + (i.G is null ? 0 : Structure(i.G));
        long bits = Bits(i.F) + (i.G is null ? 0 : Bits(i.G)) + i.Input.Sum(Bits) + i.Baseline.Sum(Bits)
            + i.Parameters.Values.Sum(Bits) + (i.Baselines?.Points.Sum(p => p.Sum(Bits)) ?? 0);
        return (i.Dimension, structure, bits);
    }

    /// <summary>Smaller variants: one feature fewer (set to 0 and removed), smaller F or G, smaller points and parameters.</summary>
    public static IEnumerable<AxiomInstance> Default(AxiomInstance i)
    {
        if (i.Rebuild is not { } rebuild) return Candidates(i);
        return Candidates(i).Select(rebuild).Where(c => c is not null).Select(c => c!);
    }

    private static IEnumerable<AxiomInstance> Candidates(AxiomInstance i)
    {
        int n = i.Dimension;
        if (n > 1)
            for (int k = 0; k < n; k++)
                if (!i.Features.Contains(k) && DropFeature(i, k) is { } dropped) yield return dropped;
        if (i.Base is { } b0)
            foreach (var b in Shrink.Subject(b0)) yield return i with { Base = b };
        else
            foreach (var f in Shrink.Subject(i.F)) yield return i with { F = f };
        if (i.G is { } g && i.Rebuild is null)
            foreach (var h in Shrink.Subject(g)) yield return i with { G = h };
        foreach (var x in Shrink.Point(i.Input.ToArray())) yield return i with { Input = x };
        if (i.Baselines is { } d)
        {
            for (int k = 0; k < d.Points.Count; k++)
                foreach (var p in Shrink.Point(d.Points[k].ToArray()))
                {
                    var points = d.Points.ToArray();
                    points[k] = p;
                    var dist = new BaselineDistribution(points, d.Weights);
                    yield return i with { Baselines = dist, Baseline = Mean(dist) };
                }
        }
        else if (i.Baseline.Any(v => !v.IsZero))
        {
            foreach (var b in Shrink.Point(i.Baseline.ToArray())) yield return i with { Baseline = b };
        }
        foreach (var (name, value) in i.Parameters)
            foreach (var v in Shrink.Rational(value))
            {
                var p = new Dictionary<string, Rational>(i.Parameters) { [name] = v };
                yield return i with { Parameters = p };
            }
    }

    /// <summary>The mean of a baseline distribution.</summary>
    public static Rational[] Mean(BaselineDistribution d)
    {
        var m = new Rational[d.Dimension];
        for (int k = 0; k < d.Points.Count; k++)
            for (int j = 0; j < m.Length; j++) m[j] += d.Weights[k] * d.Points[k][j];
        return m;
    }

    /// <summary>The instance without feature k (F restricted to x_k = 0), or null when that is not possible.</summary>
    public static AxiomInstance? DropFeature(AxiomInstance i, int k)
    {
        var f = DropFeature(i.F, k);
        if (f is null) return null;
        Subject? b = null;
        if (i.Base is not null && (b = DropFeature(i.Base, k)) is null) return null;
        Subject? g = null;
        if (i.G is not null && (g = DropFeature(i.G, k)) is null) return null;
        var features = i.Features.Select(j => j > k ? j - 1 : j).ToArray();
        BaselineDistribution? dist = i.Baselines is { } d ? new BaselineDistribution(d.Points.Select(p => Without(p, k)).ToArray(), d.Weights) : null;
        return i with
        {
            F = f, G = g, Base = b, Input = Without(i.Input, k), Baseline = Without(i.Baseline, k), Features = features, Baselines = dist,
        };
    }

    /// <summary>F with x_k (0-based) set to 0 and the later features renumbered; null for a network that is a graph or whose first layer is not dense.</summary>
    public static Subject? DropFeature(Subject f, int k)
    {
        if (f.Network is { } net)
        {
            if (!net.IsChain || net.Layers.Count == 0 || net.Layers[0] is not DenseLayer dense) return null;
            var weights = dense.Weights.Select(row => (IReadOnlyList<Rational>)row.Where((_, j) => j != k).ToArray()).ToArray();
            var layers = net.Layers.ToArray();
            layers[0] = new DenseLayer(weights, dense.Bias);
            return Subject.Of(new Network(net.Inputs - 1, layers, net.Output));
        }
        var map = new Dictionary<int, Expr> { [k + 1] = Ex.Zero };
        for (int j = k + 2; j <= f.Dimension; j++) map[j] = Ex.Var(j - 1);
        return Subject.Of(f.Function!.Substitute(map), f.Dimension - 1);
    }

    private static Rational[] Without(IReadOnlyList<Rational> p, int k) => p.Where((_, j) => j != k).ToArray();

    private static long Structure(Subject s) => s.Network is { } net
        ? net.Nodes.Sum(n => n.Layer.Match(dense: d => d.Weights.Sum(r => r.Count(w => !w.IsZero)) + d.OutputCount, activation: _ => 1, maxPool: _ => 1,
            sparse: sp => sp.EntryCount + sp.OutputCount))
        : s.Function!.NodeCount;

    private static long Bits(Subject s)
    {
        if (s.Network is { } net)
            return net.Nodes.Sum(n => n.Layer.Match(
                dense: d => d.Weights.Sum(r => r.Sum(Bits)) + d.Bias.Sum(Bits),
                activation: a => a.Parameters.Sum(Bits),
                maxPool: _ => 0L,
                sparse: sp => sp.Values.Sum(Bits) + sp.Bias.Sum(Bits)));
        return Constants(s.Function!).Sum(Bits);
    }

    private static IEnumerable<Rational> Constants(Expr e)
    {
        switch (e)
        {
            case Constant c: yield return c.Value; break;
            case LeakyRelu lr: yield return lr.Alpha; break;
            case Heaviside h: yield return h.AtZero; break;
            case Power p: yield return new Rational(Math.Abs(p.Exponent)); break;
        }
        foreach (var child in e.Children)
            foreach (var c in Constants(child)) yield return c;
    }

    private static long Bits(Rational r) => (long)(BigInteger.Abs(r.Numerator).GetBitLength() + r.Denominator.GetBitLength());
}
