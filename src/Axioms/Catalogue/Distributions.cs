using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Search;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Catalogue;

/// <summary>Generators of finite baseline distributions for the distributional axioms.</summary>
internal static class Distributions
{
    /// <summary>1 to 3 random points with random positive weights summing to 1.</summary>
    public static Gen<BaselineDistribution> Any(int n) =>
        from k in Gen.Choose(1, 3)
        from points in Gen.ArrayOf(SubjectGen.Point(n), k)
        from raw in Gen.ArrayOf(Gen.Choose(1, 4), k)
        select new BaselineDistribution(points, Normalise(raw));

    /// <summary>Weights proportional to the integers.</summary>
    public static Rational[] Normalise(IReadOnlyList<int> raw)
    {
        int total = raw.Sum();
        return raw.Select(w => new Rational(w, total)).ToArray();
    }

    /// <summary>The distribution's mean (stored as the instance's <c>Baseline</c>).</summary>
    public static Rational[] Mean(BaselineDistribution d) => InstanceShrinker.Mean(d);

    /// <summary>E F(X').</summary>
    public static Symbolic.Integration.ExactResult ExpectedValue(Subject f, BaselineDistribution d) =>
        Exact.Sum(d.Points.Select((p, k) => Exact.Scale(f.ValueAt(p), d.Weights[k])));
}
