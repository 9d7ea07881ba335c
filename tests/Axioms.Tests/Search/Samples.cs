using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Search;
using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Search;

/// <summary>Helpers shared by the generator, shrinker and rewrite tests.</summary>
internal static class Samples
{
    /// <summary>count values of the generator at the given size, reproducibly.</summary>
    public static T[] Of<T>(Gen<T> gen, int count, ulong seed = 1, int size = 20) => gen.Sample(count, new Rnd(seed), size);

    /// <summary>Random rational points with numerators in [-5, 5] and denominators in {1, 2, 3}.</summary>
    public static Rational[][] Points(int n, int count, int seed) =>
        Enumerable.Range(0, count).Select(k => RandomNetworks.Point(new Random(seed * 1000 + k), n, 5, 3)).ToArray();

    /// <summary>True when two exact values are equal: as rationals, or as closed forms with one normal form
    /// (e.g. sigmoid(-2) and 1 - sigmoid(2)), or when their difference has a decided sign 0.</summary>
    public static bool SameValue(ExactResult a, ExactResult b)
    {
        if (a.Rational is { } x && b.Rational is { } y) return x == y;
        if (a.ClosedForm is { } p && b.ClosedForm is { } q && ExprRewrites.NormalForm(p).Equals(ExprRewrites.NormalForm(q))) return true;
        // Two closed forms whose canonical forms differ (e.g. a sum of sigmoids built in another order of operations) may
        // not be decidable; then the certified enclosures must overlap (not provably different). Rationals and decidable
        // cases are compared exactly above and here.
        return Exact.AreEqual(a, b) != false;
    }

    /// <summary>F(x) = G(x) at every point, exactly.</summary>
    public static bool SameValues(Subject f, Subject g, IEnumerable<Rational[]> points) =>
        points.All(x => SameValue(f.ValueAt(x), g.ValueAt(x)));

    /// <summary>The networks of the default generator for dimensions 1..3.</summary>
    public static Gen<Network> Networks(int maxHidden = 4, int maxLayers = 2) =>
        from n in Gen.Choose(1, 3)
        from s in SubjectGen.Network(n, maxHidden, maxLayers)
        select s.Network!;
}
