using Verifier.Axioms.Search;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Search;

/// <summary>The generators and the shrinker with catalogue activations beyond relu, leaky_relu and abs (clip).</summary>
public class ActivationCatalogueSearchTests
{
    private static Rational Q(string s) => Rational.Parse(s);

    private static DenseLayer Dense(string[][] w, string[] b) => new(w.Select(r => (IReadOnlyList<Rational>)r.Select(Q).ToArray()).ToArray(), b.Select(Q).ToArray());

    [Fact]
    public void Network_NoExtraKinds_DrawsWhatItDrewBefore()
    {
        for (ulong seed = 1; seed <= 5; seed++)
            Assert.Equal(Samples.Of(SubjectGen.Network(3), 30, seed), Samples.Of(SubjectGen.Network(3, []), 30, seed));
    }

    [Fact]
    public void Network_WithClip_DrawsClipLayersWithSmallValidBounds()
    {
        var layers = Samples.Of(SubjectGen.Network(2, [ClipLayer.Definition]), 200, seed: 3).SelectMany(s => s.Network!.Layers).ToList();
        var clips = layers.OfType<ClipLayer>().ToList();
        Assert.True(clips.Count >= 10, $"{clips.Count} clip layers in 200 networks");
        Assert.All(clips, c => Assert.True(c.Lo < c.Hi && c.Lo.Abs() <= 4 && c.Hi.Abs() <= 4, c.ToString()));
        Assert.Contains(layers, l => l is ReluLayer); // the default kinds are still drawn
    }

    [Fact]
    public void Activation_Clip_ParametersSatisfyTheConstraint() =>
        Assert.All(Samples.Of(SubjectGen.Activation(ClipLayer.Definition), 100), l => Assert.Null(l.Kind.Problem(l.Parameters)));

    [Fact]
    public void Shrink_ClipLayer_OffersReluAndSmallerBoundsAllOfSmallerMeasure()
    {
        var net = new Network(1, [Dense([["1"], ["2"]], ["0", "1"]), new ClipLayer(Q("-3/2"), Q("3")), Dense([["1", "-1"]], ["0"])]);
        var candidates = Shrink.Network(net).ToList();
        Layer Hidden(Network n) => n.Layers[1];
        Assert.Contains(candidates, c => c.Layers.Count == 3 && Hidden(c) is ReluLayer);
        Assert.Contains(candidates, c => c.Layers.Count == 3 && Hidden(c) is ClipLayer { Lo.IsZero: true } clip && clip.Hi == 3);
        Assert.Contains(candidates, c => c.Layers.Count == 3 && Hidden(c) is ClipLayer { Lo: var lo, Hi: var hi } && lo == Q("-3/2") && hi == 1);
        Assert.All(candidates, c => Assert.True(Shrink.Measure(c).CompareTo(Shrink.Measure(net)) < 0));
    }

    [Fact]
    public void Shrink_LeakyRelu_OnlyBecomesReluAsBefore()
    {
        var net = new Network(1, [Dense([["1"]], ["0"]), new LeakyReluLayer(Q("1/3")), Dense([["1"]], ["0"])]);
        var hidden = Shrink.Network(net).Where(c => c.Layers.Count == 3).Select(c => c.Layers[1]).OfType<ActivationLayer>().Distinct().ToList();
        Assert.Equal([new ReluLayer()], hidden.Where(l => l is not LeakyReluLayer { Alpha: var a } || a != Q("1/3")));
    }

    [Fact]
    public void Measure_ActivationParametersAndKindCost_Counted()
    {
        // the dense layer's weight 1 and bias 0 measure 4 + 2 = 6; the activation adds its kind's cost and its parameters
        Network With(Layer act) => new(1, [Dense([["1"]], ["0"]), act]);
        Assert.Equal(2, (int)(Shrink.Measure(With(new ReluLayer())).Numbers - 6));
        Assert.Equal(Shrink.Measure(Q("1/3")), Shrink.Measure(With(new LeakyReluLayer(Q("1/3")))).Numbers - 6);
        Assert.Equal(6, (int)(Shrink.Measure(With(new AbsLayer())).Numbers - 6));
        Assert.Equal(0, (int)(Shrink.Measure(With(new IdentityLayer())).Numbers - 6));
        Assert.Equal(Shrink.Measure(Q("-1")) + Shrink.Measure(Q("2")), Shrink.Measure(With(new ClipLayer(Q("-1"), Q("2")))).Numbers - 6);
    }
}
