using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Models;

/// <summary>
/// The tensor form of every layer kind (the visitor's back end in TorchSharp): in float64, values within 1e-12 of the
/// exact forward pass and gradients within 1e-12 of the exact back-propagation with PyTorch's convention, also on the
/// kinks; and exact-line IG through clip layers against the exact IG.
/// </summary>
public class LayerKindTensorTests
{
    private static readonly string[] KindNames = ["dense", "sparse", "maxpool", "relu", "leaky_relu", "abs", "identity", "clip", "clip-hardtanh"];

    public static TheoryData<string> Kinds => new(KindNames);

    private static Rational Q(string s) => Rational.Parse(s);

    private static Layer Sample(string kind) => kind switch
    {
        "dense" => new DenseLayer([[Q("1"), Q("-1/2"), Q("0")], [Q("2"), Q("1"), Q("-1")], [Q("0"), Q("1/3"), Q("1")]], [Q("1/2"), Q("0"), Q("-1")]),
        "maxpool" => new MaxPoolLayer([[0, 1], [1, 2], [2, 0]]),
        "sparse" => new SparseLayer(3, [[(0, Q("1")), (2, Q("-1/2"))], [], [(1, Q("2")), (1, Q("1/3")), (0, Q("-1"))]], [Q("1/2"), Q("-1"), Q("0")]),
        "leaky_relu" => new LeakyReluLayer(Q("1/10")),
        "clip" => new ClipLayer(Q("0"), Q("2")),
        "clip-hardtanh" => new ClipLayer(Q("-1"), Q("1")),
        _ => ActivationCatalogue.Find(kind)!.Create([]),
    };

    // x1, x2 -> (x1 - x2, x1 + x2 - 1, x2) -> layer -> one output
    private static Network NetworkWith(string kind) => new(2,
    [
        new DenseLayer([[Q("1"), Q("-1")], [Q("1"), Q("1")], [Q("0"), Q("1")]], [Q("0"), Q("-1"), Q("0")]),
        Sample(kind),
        new DenseLayer([[Q("1"), Q("-2"), Q("1/2")]], [Q("1/4")]),
    ]);

    [Fact]
    public void Samples_CoverEveryVisitorMethodAndCatalogueKind()
    {
        var visited = KindNames.Select(k => Sample(k).Match(dense: _ => "VisitDense", activation: _ => "VisitActivation", maxPool: _ => "VisitMaxPool", sparse: _ => "VisitSparse"));
        Assert.Equal(typeof(ILayerVisitor<int>).GetMethods().Select(m => m.Name).Order(), visited.Distinct().Order());
        Assert.All(ActivationCatalogue.Kinds, kind => Assert.Contains(kind.Name, KindNames.Select(k => Sample(k).TypeName)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Float64_ValuesAndGradientsAtRandomPointsAndKinks_WithinOneInATrillionOfExact(string kind)
    {
        var net = NetworkWith(kind);
        using var model = TorchModel.FromNetwork(net);
        foreach (var x in Points(kind))
        {
            var at = x.Select(v => v.ToDouble()).ToArray();
            var value = net.Evaluate(x).ToDouble();
            // inputs and weights are dyadic or thirds: float64 rounding only, so 1e-12 (relative to max(1, |F|)) is generous
            Assert.True(Math.Abs(model.Evaluate(at) - value) <= 1e-12 * Math.Max(1, Math.Abs(value)), $"{kind} at ({string.Join(", ", x)})");
            var exact = net.Gradient(x);
            var numeric = model.Gradient(at);
            for (int i = 0; i < 2; i++)
                Assert.True(Math.Abs(numeric[i] - exact[i].ToDouble()) <= 1e-12, $"{kind} at ({string.Join(", ", x)}): dF/dx{i + 1} = {numeric[i]} vs {exact[i]}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ExactLine_20RandomNetworksWithClip_EqualsExactIgToRelative1e9(int seed)
    {
        var options = new RandomNetworkOptions
        {
            Activations = [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.MaxPool],
            ExtraActivations = [ClipLayer.Definition],
        };
        var rng = new Random(seed);
        for (int c = 0; c < 20; c++)
        {
            Network net;
            do net = RandomNetworks.Create(rng, [4, 8, 8, 1], options);
            while (!net.Layers.Any(l => l is ClipLayer));
            var x = RandomNetworks.Point(rng, 4);
            var x0 = RandomNetworks.Point(rng, 4);
            var exact = Attribute.IntegratedGradients(net, x, x0).Attributions.Select(a => a.Rational!.Value.ToDouble()).ToArray();
            using var model = TorchModel.FromNetwork(net);
            var numeric = NumericAttribute.ExactLineIntegratedGradients(model, [.. x.Select(v => v.ToDouble())], [.. x0.Select(v => v.ToDouble())]);
            double scale = Math.Max(1, exact.Max(Math.Abs));
            for (int i = 0; i < exact.Length; i++)
                Assert.True(Math.Abs(numeric.Attributions[i] - exact[i]) <= 1e-9 * scale, $"seed {seed} case {c}, A{i + 1}: {numeric.Attributions[i]:R} vs {exact[i]:R}");
        }
    }

    [Fact]
    public void ExactLine_OneClip_SplitsAtLoAndHi()
    {
        // clip(x1, 0, 6) from -2 to 10: pieces [-2, 0], [0, 6], [6, 10]; IG = F(10) - F(-2) = 6
        var net = new Network(1, [new ClipLayer(Q("0"), Q("6"))]);
        using var model = TorchModel.FromNetwork(net);
        var r = NumericAttribute.ExactLineIntegratedGradients(model, [10.0], [-2.0]);
        Assert.Equal(3, r.Evaluations);
        Assert.True(Math.Abs(r.Attributions[0] - 6) <= 1e-15, $"{r.Attributions[0]}"); // tolerance: rounding of 1/6 and 2/3
    }

    // Random points, and points where the first two pre-activations sit on the sample's kinks.
    private static IEnumerable<Rational[]> Points(string kind)
    {
        var rng = new Random(kind.Length);
        for (int k = 0; k < 10; k++) yield return RandomNetworks.Point(rng, 2, 6, 4);
        var kinks = Sample(kind).Match(dense: _ => [Q("0")], activation: a => a.Function.Kinks.ToArray(), maxPool: _ => [Q("0")], sparse: _ => [Q("0")]);
        foreach (var k in kinks)
        {
            yield return [k, Rational.Zero];                 // x1 - x2 = k
            yield return [Q("1/2") + k / 2, Q("1/2") + k / 2]; // x1 + x2 - 1 = k
        }
    }
}
