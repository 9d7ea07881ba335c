using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Tests.Properties;

/// <summary>Exact IG on random networks that contain clip layers (kinks at lo and hi, not at 0).</summary>
public class ClipProperties
{
    private const int Cases = 200;

    // Every hidden activation a clip in even cases; drawn from relu, leaky_relu, abs, identity, max-pool and clip in odd ones.
    private static RandomNetworkOptions Options(int seed) => new()
    {
        Denominators = [1, 2],
        Activations = seed % 2 == 0 ? [] : [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.Identity, RandomActivation.MaxPool],
        ExtraActivations = [ClipLayer.Definition],
    };

    // A random 3 -> 5 -> 4 -> 1 network with at least one clip layer, an input and a baseline.
    private static (Network Net, Rational[] X, Rational[] B) Case(int seed)
    {
        var rng = new Random(seed);
        while (true)
        {
            var net = RandomNetworks.Create(rng, [3, 5, 4, 1], Options(seed));
            if (net.Layers.Any(l => l is ClipLayer)) return (net, RandomNetworks.Point(rng, 3, 6, 3), RandomNetworks.Point(rng, 3, 6, 3));
        }
    }

    [Fact]
    public void IntegratedGradients_200RandomNetworksWithClip_SumIsExactlyFxMinusFBaseline()
    {
        int crossing = 0;
        for (int seed = 0; seed < Cases; seed++)
        {
            var (net, x, b) = Case(seed);
            var ig = Attribute.IntegratedGradients(net, x, b);
            Assert.Equal(net.Evaluate(x) - net.Evaluate(b), ExactMath.Sum(ig.Attributions).Rational);
            Assert.True(ig.CompletenessGap.Rational is { IsZero: true }, $"seed {seed}: gap {ig.CompletenessGap}");
            if (ClipKinkInside(net, x, b)) crossing++;
        }
        Assert.True(crossing >= Cases / 4, $"only {crossing} of {Cases} segments cross a clip kink: the kinks were barely exercised");
    }

    [Fact]
    public void IntegratedGradients_RandomNetworksWithClip_EqualIgOfTheirExpression()
    {
        for (int seed = 0; seed < 40; seed++)
        {
            var (net, x, b) = Case(seed);
            Assert.Equal(TestPoints.Values(Attribute.IntegratedGradients(net, x, b)), TestPoints.Values(Attribute.IntegratedGradients(net.ToExpr(), x, b)));
        }
    }

    // Whether some clip pre-activation reaches lo or hi strictly inside the segment from b to x.
    private static bool ClipKinkInside(Network net, Rational[] x, Rational[] b)
    {
        var line = NetworkLine.Restrict(net, b, x);
        foreach (var t in line.Breakpoints.Skip(1).SkipLast(1))
            if (net.KinksAt(NetworkLine.PointAt(b, x, t)).Any(k => net.Layers[k.Layer] is ClipLayer)) return true;
        return false;
    }
}
