using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Symbolic.Tests.Networks.NetworkTestData;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>
/// Every layer kind (each structural kind of <see cref="ILayerVisitor{TResult}"/> and each catalogue activation) through
/// the Symbolic back ends: the network file, the expression form against the exact forward pass, and the integer line
/// kernel at its breakpoints. The SMT and tensor back ends have the same test in their projects.
/// </summary>
public class LayerKindTests
{
    /// <summary>One layer of every kind, each between two dense layers of a 2 -&gt; 3 -&gt; ... -&gt; 1 network.</summary>
    private static readonly string[] KindNames = ["dense", "sparse", "maxpool", "relu", "leaky_relu", "abs", "identity", "clip", "clip-hardtanh"];

    /// <summary>The kinds, for theories.</summary>
    public static TheoryData<string> Kinds => new(KindNames);

    private static Layer Sample(string kind) => kind switch
    {
        "dense" => new DenseLayer(M(["1", "-1/2", "0"], ["2", "1", "-1"], ["0", "1/3", "1"]), P("1/2", "0", "-1")),
        "maxpool" => new MaxPoolLayer([[0, 1], [1, 2], [2, 0]]),
        "sparse" => new SparseLayer(3, [[(0, R("1")), (2, R("-1/2"))], [], [(1, R("2")), (1, R("1/3")), (0, R("-1"))]], [R("1/2"), R("-1"), R("0")]),
        "leaky_relu" => new LeakyReluLayer(R("1/10")),
        "clip" => new ClipLayer(R("0"), R("6")),
        "clip-hardtanh" => new ClipLayer(R("-1"), R("1")),
        _ => ActivationCatalogue.Find(kind)!.Create([]),
    };

    private static Network NetworkWith(string kind) => new(2,
    [
        new DenseLayer(M(["2", "-1"], ["1", "1"], ["-3", "1/2"]), P("0", "-1", "1")),
        Sample(kind),
        new DenseLayer(M(["1", "-2", "1/2"]), P("1/4")),
    ]);

    [Fact]
    public void Samples_CoverEveryVisitorMethodAndCatalogueKind()
    {
        var visited = KindNames.Select(k => Sample(k).Match(dense: _ => "VisitDense", activation: _ => "VisitActivation", maxPool: _ => "VisitMaxPool", sparse: _ => "VisitSparse"));
        Assert.Equal(typeof(ILayerVisitor<int>).GetMethods().Select(m => m.Name).Order(), visited.Distinct().Order());
        var named = KindNames.Select(k => Sample(k).TypeName).ToHashSet();
        Assert.All(ActivationCatalogue.Kinds, kind => Assert.Contains(kind.Name, named));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Json_RoundTrip_EqualNetwork(string kind)
    {
        var net = NetworkWith(kind);
        var json = NetworkJson.ToJson(net);
        Assert.Equal(net, NetworkJson.Parse(json));
        Assert.Contains($"\"type\": \"{Sample(kind).TypeName}\"", json);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ToExpr_AtRandomPoints_EqualsForwardPass(string kind)
    {
        var net = NetworkWith(kind);
        var f = net.ToExpr();
        var rng = new Random(kind.Length);
        for (int i = 0; i < 40; i++)
        {
            var x = RandomNetworks.Point(rng, 2, 8, 4);
            Assert.Equal(net.Evaluate(x), Assert.IsType<Constant>(f.SubstitutePoint(x)).Value);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Restrict_ValuesAtBreakpointsAndMidpoints_EqualForwardPass(string kind)
    {
        var net = NetworkWith(kind);
        var rng = new Random(kind.Length + 100);
        for (int i = 0; i < 40; i++)
        {
            var p0 = RandomNetworks.Point(rng, 2, 9, 3);
            var p1 = RandomNetworks.Point(rng, 2, 9, 3);
            var line = NetworkLine.Restrict(net, p0, p1);
            for (int j = 0; j < line.Breakpoints.Count; j++)
            {
                Assert.Equal(net.Evaluate(NetworkLine.PointAt(p0, p1, line.Breakpoints[j])), line.Values[j]);
                if (j == 0) continue;
                var mid = (line.Breakpoints[j - 1] + line.Breakpoints[j]) * Rational.Half;
                Assert.Equal(net.Evaluate(NetworkLine.PointAt(p0, p1, mid)), line.ValueAt(mid)); // affine on the piece
            }
        }
    }

    [Fact]
    public void Restrict_ClipLayer_BreaksWhereThePreActivationCrossesLoAndHi()
    {
        // x1 from -2 to 10 through clip(x1, 0, 6): kinks at x1 = 0 (t = 1/6) and x1 = 6 (t = 2/3), nowhere else
        var net = new Network(1, [new ClipLayer(R("0"), R("6"))]);
        var line = NetworkLine.Restrict(net, P("-2"), P("10"));
        Assert.Equal("0 1/6 2/3 1", Join(line.Breakpoints));
        Assert.Equal("0 0 6 6", Join(line.Values));
    }

    [Fact]
    public void KinksAt_ClipPreActivationOnLoOrHi_Listed()
    {
        var net = new Network(2, [new DenseLayer(M(["1", "0"], ["0", "1"]), P("0", "0")), new ClipLayer(R("-1"), R("1"))]);
        Assert.Equal([(1, 1, R("1"))], net.KinksAt(P("1/2", "1")));
        Assert.Equal([(1, 0, R("-1")), (1, 1, R("-1"))], net.KinksAt(P("-1", "-1")));
        Assert.Empty(net.KinksAt(P("0", "0"))); // clip has no kink at 0
    }

    [Fact]
    public void Gradient_ClipNetworkOnItsKinks_FollowsTheConvention()
    {
        var net = new Network(1, [new ClipLayer(R("0"), R("6"))]);
        var half = new KinkConvention { ReluGradientAtZero = Rational.Half };
        Assert.Equal(P("0"), net.Gradient(P("0")));
        Assert.Equal(P("1"), net.Gradient(P("6")));
        Assert.Equal(P("1/2"), net.Gradient(P("0"), half));
        Assert.Equal(P("1/2"), net.Gradient(P("6"), half));
        Assert.Equal(P("1"), net.Gradient(P("3"), half));
    }

    [Theory]
    [InlineData("""{"type": "clip", "lo": "0", "hi": "6"}""", "clip(lo = 0, hi = 6)")]
    [InlineData("""{"type": "clip", "lo": -1, "hi": 1}""", "clip(lo = -1, hi = 1)")]
    public void Parse_ClipLayer_ReadsLoAndHi(string layer, string expected)
    {
        var net = NetworkJson.Parse($$"""{"format": "verifier-network/1", "inputs": 1, "layers": [{{layer}}]}""");
        Assert.Equal(expected, net.Layers[0].ToString());
    }

    [Theory]
    [InlineData("""{"type": "clip", "lo": "1", "hi": "1"}""", "layer 0 (clip): lo (1) must be less than hi (1)")]
    [InlineData("""{"type": "clip", "lo": "0"}""", "layer 0 (clip): missing field 'hi'")]
    [InlineData("""{"type": "clip", "lo": "0", "hi": "1", "alpha": "1"}""", "unknown field 'alpha' (allowed: type, lo, hi, inputs)")]
    [InlineData("""{"type": "clamp"}""", "unknown layer type 'clamp' (known: dense, sparse, relu, leaky_relu, abs, identity, clip, maxpool)")]
    public void Parse_BadClipLayer_NamesTheProblem(string layer, string message)
    {
        var e = Assert.Throws<NetworkFormatException>(() =>
            NetworkJson.Parse($$"""{"format": "verifier-network/1", "inputs": 1, "layers": [{{layer}}]}"""));
        Assert.Contains(message, e.Message);
        Assert.Equal(0, e.LayerIndex);
    }
}
