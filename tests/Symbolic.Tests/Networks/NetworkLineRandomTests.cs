using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>
/// Randomised checks of ExactLine against the exact forward pass: 200 random 2 -&gt; 4 -&gt; 4 -&gt; 1 networks per
/// activation family (clip among them), each on a random rational segment, with fixed seeds.
/// </summary>
public class NetworkLineRandomTests
{
    private const int Cases = 200;

    public static TheoryData<string, int> Families => new()
    {
        { "relu", 1 },
        { "leaky_relu", 2 },
        { "abs", 3 },
        { "maxpool", 4 },
        { "mixed", 5 },
        { "clip", 6 },
        { "mixed-clip", 7 },
    };

    private static RandomNetworkOptions Options(string family) => new()
    {
        Denominators = [1, 2],
        Activations = family switch
        {
            "relu" => [RandomActivation.Relu],
            "leaky_relu" => [RandomActivation.LeakyRelu],
            "abs" => [RandomActivation.Abs],
            "maxpool" => [RandomActivation.MaxPool],
            "clip" => [],
            _ => [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.Identity, RandomActivation.MaxPool],
        },
        ExtraActivations = family.EndsWith("clip", StringComparison.Ordinal) ? [ClipLayer.Definition] : [],
    };

    private static IEnumerable<(Network Net, Rational[] P0, Rational[] P1)> Instances(string family, int seed)
    {
        var rng = new Random(seed);
        for (int c = 0; c < Cases; c++)
            yield return (RandomNetworks.Create(rng, [2, 4, 4, 1], Options(family)), RandomNetworks.Point(rng, 2, 5, 6), RandomNetworks.Point(rng, 2, 5, 6));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Restrict_RandomNetworks_ValuesAtBreakpointsEqualTheForwardPass(string family, int seed)
    {
        foreach (var (n, p0, p1) in Instances(family, seed))
        {
            var line = NetworkLine.Restrict(n, p0, p1);
            for (int j = 0; j < line.Breakpoints.Count; j++)
                Assert.Equal(n.Evaluate(NetworkLine.PointAt(p0, p1, line.Breakpoints[j])), line.Values[j]);
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Restrict_RandomNetworks_AreAffineOnEveryPiece(string family, int seed)
    {
        foreach (var (n, p0, p1) in Instances(family, seed))
        {
            var line = NetworkLine.Restrict(n, p0, p1);
            var t = line.Breakpoints;
            for (int j = 0; j < line.Pieces; j++)
            {
                // at the midpoint and at the point a third of the way, F equals the chord of its end values
                foreach (var w in new[] { Rational.Half, new Rational(1, 3) })
                {
                    var s = t[j] + w * (t[j + 1] - t[j]);
                    var chord = line.Values[j] + w * (line.Values[j + 1] - line.Values[j]);
                    Assert.Equal(chord, n.Evaluate(NetworkLine.PointAt(p0, p1, s)));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void GradientOnPiece_RandomNetworks_SatisfiesTheFundamentalTheorem(string family, int seed)
    {
        var conventions = new[] { KinkConvention.Default, new KinkConvention { ReluGradientAtZero = 1 } };
        int index = 0;
        foreach (var (n, p0, p1) in Instances(family, seed))
        {
            var convention = conventions[index++ % 2];
            var line = NetworkLine.Restrict(n, p0, p1);
            Rational total = Rational.Zero;
            for (int j = 0; j < line.Pieces; j++)
            {
                var g = NetworkLine.GradientOnPiece(n, p0, p1, line, j, convention);
                Rational along = Rational.Zero;
                for (int i = 0; i < g.Length; i++) along += g[i] * (p1[i] - p0[i]);
                Assert.Equal(line.Slope(j), along);
                total += along * (line.End(j) - line.Start(j));
            }
            Assert.Equal(n.Evaluate(p1) - n.Evaluate(p0), total);
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Restrict_RandomNetworks_BreakpointsAreSortedAndFinerThanTheActivationPattern(string family, int seed)
    {
        foreach (var (n, p0, p1) in Instances(family, seed))
        {
            var line = NetworkLine.Restrict(n, p0, p1);
            // Where the pattern at two consecutive breakpoints is the same, F is affine between them anyway; where
            // a piece's open interior has two different patterns, the partition would be too coarse.
            for (int j = 0; j < line.Pieces; j++)
            {
                var a = n.ActivationPattern(NetworkLine.PointAt(p0, p1, line.Start(j) + (line.End(j) - line.Start(j)) / 4));
                var b = n.ActivationPattern(NetworkLine.PointAt(p0, p1, line.Start(j) + (line.End(j) - line.Start(j)) * 3 / 4));
                for (int l = 0; l < a.Length; l++) Assert.Equal(a[l], b[l]);
            }
        }
    }

    [Fact]
    public void Restrict_LargerRandomNetworks_MatchTheForwardPass()
    {
        var rng = new Random(20190901);
        for (int c = 0; c < 20; c++)
        {
            var n = RandomNetworks.Create(rng, [4, 16, 16, 1]);
            var p0 = RandomNetworks.Point(rng, 4, 9, 7);
            var p1 = RandomNetworks.Point(rng, 4, 9, 7);
            var line = NetworkLine.Restrict(n, p0, p1);
            for (int j = 0; j < line.Breakpoints.Count; j++)
                Assert.Equal(n.Evaluate(NetworkLine.PointAt(p0, p1, line.Breakpoints[j])), line.Values[j]);
            Assert.Equal(n.Evaluate(p1) - n.Evaluate(p0), line.Values[^1] - line.Values[0]);
        }
    }
}
