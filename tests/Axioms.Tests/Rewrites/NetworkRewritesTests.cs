using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Axioms.Rewrites;
using Verifier.Axioms.Tests.Search;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Rewrites;

public class NetworkRewritesTests
{
    // 2 -> dense 3 -> relu -> dense 2 -> leaky_relu(1/2) -> dense 1
    private static readonly Network Sample = new(2,
    [
        Dense([[1, -1], [2, 1], [-1, 3]], [0, -1, 2]), new ReluLayer(),
        Dense([[1, 2, -1], [0, 1, 1]], [1, 0]), new LeakyReluLayer(Rational.Half),
        Dense([[3, -2]], [1]),
    ]);

    private static bool SameFunction(Network a, Network b, int seed = 0) =>
        a.Inputs == b.Inputs && Samples.Points(a.Inputs, 12, seed).All(x => a.Evaluate(x) == b.Evaluate(x));

    [Property(MaxTest = 80)]
    public Property Random_GeneratedNetworks_SameFunctionOtherNetwork() =>
        Prop.ForAll(Samples.Networks(maxLayers: 3).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(), (net, seed) =>
        {
            var r = NetworkRewrites.Random(net, new Random(seed));
            return (SameFunction(net, r.Result, seed) && !r.Result.Equals(net)).Label(r.Name);
        });

    [Property(MaxTest = 40)]
    public Property All_GeneratedNetworks_EveryRewriteKeepsTheFunctionAndChangesTheNetwork() =>
        Prop.ForAll(Samples.Networks().ToArbitrary(), net =>
            NetworkRewrites.All(net).All(r => SameFunction(net, r.Result) && !r.Result.Equals(net)));

    [Fact]
    public void All_SampleNetwork_HasOneRewriteOfEachKind()
    {
        var names = NetworkRewrites.All(Sample).Select(r => r.Name.Split(' ')[0]).ToList();
        Assert.Equal(["split", "add", "scale", "permute", "insert", "insert"], names);
        Assert.Equal([0, 2], NetworkRewrites.HiddenLayers(Sample));
    }

    [Fact]
    public void Random_SameSeed_SameRewrite() =>
        Assert.Equal(NetworkRewrites.Random(Sample, new Random(5)), NetworkRewrites.Random(Sample, new Random(5)));

    [Fact]
    public void SplitNeuron_OneThird_ScalesTheRowAndCopiesTheColumn()
    {
        var r = NetworkRewrites.SplitNeuron(Sample, 0, 1, new Rational(1, 3));
        var d = (DenseLayer)r.Result.Layers[0];
        var next = (DenseLayer)r.Result.Layers[2];
        Assert.Equal(4, d.OutputCount);
        Assert.Equal([new Rational(2, 3), new Rational(1, 3)], d.Weights[1].ToArray());
        Assert.Equal([new Rational(4, 3), new Rational(2, 3)], d.Weights[3].ToArray());
        Assert.Equal(new[] { new Rational(-1, 3), new Rational(-2, 3) }, new[] { d.Bias[1], d.Bias[3] });
        Assert.Equal(next.Weights[0][1], next.Weights[0][3]);
        Assert.True(SameFunction(Sample, r.Result));
    }

    [Fact]
    public void AddCancellingPair_GivenWeights_AddsTwoNeuronsWithOppositeOutgoingWeights()
    {
        var r = NetworkRewrites.AddCancellingPair(Sample, 2, [1, 1, 1], 1, [5]);
        var d = (DenseLayer)r.Result.Layers[2];
        var next = (DenseLayer)r.Result.Layers[4];
        Assert.Equal(4, d.OutputCount);
        Assert.Equal([Rational.One, Rational.One, Rational.One], d.Weights[3].ToArray());
        Assert.Equal([new Rational(3), -2, 5, -5], next.Weights[0].ToArray());
        Assert.True(SameFunction(Sample, r.Result));
    }

    [Fact]
    public void PermuteNeurons_HiddenLayer_ReordersRowsAndColumns()
    {
        var r = NetworkRewrites.PermuteNeurons(Sample, 0, [2, 0, 1]);
        var d = (DenseLayer)r.Result.Layers[0];
        Assert.Equal(((DenseLayer)Sample.Layers[0]).Weights[2].ToArray(), d.Weights[0].ToArray());
        Assert.Equal([new Rational(-1), 1, 2], ((DenseLayer)r.Result.Layers[2]).Weights[0].ToArray());
        Assert.True(SameFunction(Sample, r.Result));
    }

    [Fact]
    public void PermuteNeurons_OutputLayer_MovesTheOutputIndex()
    {
        var net = new Network(1, [Dense([[1], [2], [3]], [0, 0, 0])], output: 2);
        var r = NetworkRewrites.PermuteNeurons(net, 0, [2, 1, 0]);
        Assert.Equal(0, r.Result.Output);
        Assert.True(SameFunction(net, r.Result));
    }

    [Fact]
    public void PermuteNeurons_BeforeMaxPool_RenumbersTheGroups()
    {
        var net = new Network(1, [Dense([[1], [-1], [2]], [0, 1, 0]), new ReluLayer(), new MaxPoolLayer([[0, 1], [2]]), Dense([[1, -1]], [0])]);
        var r = NetworkRewrites.PermuteNeurons(net, 0, [1, 2, 0]);
        Assert.Equal(new MaxPoolLayer([[2, 0], [1]]), r.Result.Layers[2]);
        Assert.True(SameFunction(net, r.Result));
    }

    [Fact]
    public void ScaleThroughRelu_ByThree_ScalesRowAndBiasUpAndColumnDown()
    {
        var r = NetworkRewrites.ScaleThroughRelu(Sample, 2, 0, 3);
        var d = (DenseLayer)r.Result.Layers[2];
        Assert.Equal([new Rational(3), 6, -3], d.Weights[0].ToArray());
        Assert.Equal(new Rational(3), d.Bias[0]);
        Assert.Equal(Rational.One, ((DenseLayer)r.Result.Layers[4]).Weights[0][0]);
        Assert.True(SameFunction(Sample, r.Result));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    public void InsertIdentityLayer_AnyPosition_AddsOneIdentityLayer(int position)
    {
        var r = NetworkRewrites.InsertIdentityLayer(Sample, position);
        Assert.IsType<IdentityLayer>(r.Result.Layers[position]);
        Assert.Equal(Sample.Layers.Count + 1, r.Result.Layers.Count);
        Assert.True(SameFunction(Sample, r.Result));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void InsertReluIdentity_AnyPosition_AddsDenseReluDense(int position)
    {
        var r = NetworkRewrites.InsertReluIdentity(Sample, position);
        Assert.IsType<DenseLayer>(r.Result.Layers[position]);
        Assert.IsType<ReluLayer>(r.Result.Layers[position + 1]);
        Assert.Equal(2 * Sample.Widths[position], r.Result.Widths[position + 1]);
        Assert.True(SameFunction(Sample, r.Result));
    }

    [Fact]
    public void Rewrites_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkRewrites.SplitNeuron(Sample, 0, 0, 1));
        Assert.Throws<ArgumentException>(() => NetworkRewrites.SplitNeuron(Sample, 4, 0, Rational.Half)); // the output layer
        Assert.Throws<ArgumentException>(() => NetworkRewrites.SplitNeuron(Sample, 1, 0, Rational.Half)); // not dense
        Assert.Throws<ArgumentException>(() => NetworkRewrites.ScaleThroughRelu(Sample, 0, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkRewrites.ScaleThroughRelu(Sample, 0, 0, -1));
        Assert.Throws<ArgumentException>(() => NetworkRewrites.PermuteNeurons(Sample, 0, [0, 0, 1]));
        Assert.Throws<ArgumentException>(() => NetworkRewrites.AddCancellingPair(Sample, 0, [1], 0, [1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkRewrites.InsertIdentityLayer(Sample, 6));
    }

    [Fact]
    public void Random_SingleDenseLayer_StillFindsARewrite()
    {
        var net = new Network(2, [Dense([[1, 2]], [3])]);
        for (int seed = 0; seed < 20; seed++)
        {
            var r = NetworkRewrites.Random(net, new Random(seed));
            Assert.NotEqual(net, r.Result);
            Assert.True(SameFunction(net, r.Result));
        }
    }

    [Property(MaxTest = 60)]
    public Property Perturb_GeneratedNetworks_ChangesTheValueAtTheWitness() =>
        Prop.ForAll(Samples.Networks().ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(), (net, seed) =>
        {
            var p = NetworkRewrites.Perturb(net, new Random(seed));
            if (p is null) return false.Label("no perturbation");
            var changedEntries = net.Layers.Zip(p.Result.Layers).Sum(l => Entries(l.First).Zip(Entries(l.Second)).Count(e => e.First != e.Second));
            return (net.Evaluate(p.Witness) == p.Before && p.Result.Evaluate(p.Witness) == p.After && p.Before != p.After && changedEntries == 1)
                .Label(p.Name);
        });

    [Fact]
    public void Perturb_NoDenseLayer_ReturnsNull() =>
        Assert.Null(NetworkRewrites.Perturb(new Network(2, [new ReluLayer()]), new Random(1)));

    private static IEnumerable<Rational> Entries(Layer l) =>
        l is DenseLayer d ? d.Weights.SelectMany(r => r).Concat(d.Bias) : [];

    private static DenseLayer Dense(int[][] w, int[] b) =>
        new(w.Select(r => (IReadOnlyList<Rational>)r.Select(v => (Rational)v).ToArray()).ToArray(), b.Select(v => (Rational)v).ToArray());
}
