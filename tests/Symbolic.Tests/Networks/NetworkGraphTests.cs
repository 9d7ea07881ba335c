using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Symbolic.Tests.Networks.NetworkTestData;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>
/// Networks that are graphs and sparse layers in the Symbolic back ends: construction and its errors, the network file
/// (the <c>sparse</c> type and <c>inputs</c>, round trips, chains written as before), the expression form, the gradient
/// against finite differences of the exact forward pass, and <see cref="Network.Layers"/> refusing a graph.
/// </summary>
public class NetworkGraphTests
{
    // y = relu(W x + b) + x, then a dense head over [y, x]: a residual connection and a concatenation.
    private static Network Residual() => Network.Graph(2,
    [
        new NetworkNode(new DenseLayer(M(["1", "-1"], ["1/2", "2"]), P("0", "-1")), [-1]),
        new NetworkNode(new ReluLayer(), [0]),
        new NetworkNode(new SparseLayer(4, [[(0, R("1")), (2, R("1"))], [(1, R("1")), (3, R("1"))]], P("0", "0")), [1, -1]),
        new NetworkNode(new DenseLayer(M(["1", "-2", "1/3", "0"]), P("1/4")), [2, -1]),
    ]);

    private const string ResidualJson = """
        {"format": "verifier-network/1", "inputs": 2, "layers": [
          {"type": "dense", "weights": [["1", "-1"], ["1/2", "2"]], "bias": ["0", "-1"]},
          {"type": "relu"},
          {"type": "sparse", "shape": [2, 4], "row_starts": [0, 2, 4], "columns": [0, 2, 1, 3], "values": ["1", "1", "1", "1"], "bias": ["0", "0"], "inputs": [1, -1]},
          {"type": "dense", "weights": [["1", "-2", "1/3", "0"]], "bias": ["1/4"], "inputs": [2, -1]}
        ]}
        """;

    [Fact]
    public void Parse_GraphFile_EqualsTheHandBuiltGraph()
    {
        var n = NetworkJson.Parse(ResidualJson);
        Assert.Equal(Residual(), n);
        Assert.False(n.IsChain);
        Assert.Equal([-1, 2], n.Nodes[3].Sources.Skip(0).Reverse().ToArray());
    }

    [Fact]
    public void ToJson_Graph_ParsesBackEqualAndWritesInputsOnlyWhereTheyBranch()
    {
        var n = Residual();
        var json = NetworkJson.ToJson(n);
        Assert.Equal(n, NetworkJson.Parse(json));
        Assert.Equal(2, json.Split("\"inputs\": [").Length - 1);
        Assert.Contains("\"row_starts\": [0, 2, 4]", json);
    }

    [Fact]
    public void ToJson_RandomGraphs_RoundTrip()
    {
        var rng = new Random(5);
        for (int c = 0; c < 40; c++)
        {
            var n = RandomNetworks.CreateGraph(rng, [3, 4, 4, 2], PieceKernelTests.Options("mixed-clip"));
            Assert.Equal(n, NetworkJson.Parse(NetworkJson.ToJson(n)));
        }
    }

    [Fact]
    public void ToJson_Chain_HasNoInputsField() =>
        Assert.DoesNotContain("inputs\": [", NetworkJson.ToJson(new Network(2, [new DenseLayer(M(["1", "1"]), P("0")), new ReluLayer()])));

    [Theory]
    [InlineData("""{"type": "relu", "inputs": [0]}""", "layer 0 (relu): inputs[0] must be -1 (the network's input) or the index of an earlier layer (0..-1), not 0")]
    [InlineData("""{"type": "relu", "inputs": []}""", "layer 0 (relu): inputs must be a non-empty array")]
    [InlineData("""{"type": "sparse", "shape": [1, 2], "row_starts": [0, 1], "columns": [2], "values": ["1"], "bias": ["0"]}""", "layer 0 (sparse): row 0 has column 2, outside 0..1")]
    [InlineData("""{"type": "sparse", "shape": [2, 2], "row_starts": [0, 1], "columns": [0], "values": ["1"], "bias": ["0", "0"]}""", "layer 0 (sparse): row_starts has 2 entries but shape says 2 rows")]
    [InlineData("""{"type": "sparse", "shape": [1, 2], "row_starts": [0, 1], "columns": [0, 1], "values": ["1", "1"], "bias": ["0"]}""", "layer 0 (sparse): row_starts must end at the number of entries (2), not 1")]
    [InlineData("""{"type": "sparse", "shape": [1, 3], "row_starts": [0, 1], "columns": [0], "values": ["1"], "bias": ["0"]}""", "layer 0 (sparse): the matrix has 3 columns but the layer receives 2 inputs")]
    public void Parse_BadGraphLayer_NamesTheLayer(string layer, string expected)
    {
        var e = Assert.Throws<NetworkFormatException>(() => NetworkJson.Parse($$"""{"format": "verifier-network/1", "inputs": 2, "layers": [{{layer}}]}"""));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void Graph_NodeReadsALaterNode_IsRefused()
    {
        var e = Assert.Throws<NetworkFormatException>(() => Network.Graph(1, [new NetworkNode(new ReluLayer(), [0])]));
        Assert.Contains("reads itself", e.Message);
    }

    [Fact]
    public void Layers_OfAGraph_ThrowsNamingTheBranch()
    {
        var e = Assert.Throws<NotAChainException>(() => Residual().Layers);
        Assert.Contains("layer 2 (sparse) reads layer 1 and the input", e.Message);
        Assert.IsAssignableFrom<IInputError>(e);
    }

    [Fact]
    public void ForwardAndExpression_Graph_AgreeWithTheDefinition()
    {
        var n = Residual();
        var rng = new Random(3);
        var e = n.ToExpr();
        for (int k = 0; k < 20; k++)
        {
            var x = RandomNetworks.Point(rng, 2, 5, 3);
            var h0 = x[0] - x[1];
            var h1 = R("1/2") * x[0] + 2 * x[1] - 1;
            var y = new[] { Rational.Max(h0, 0) + x[0], Rational.Max(h1, 0) + x[1] };
            var expected = y[0] - 2 * y[1] + R("1/3") * x[0] + R("1/4");
            Assert.Equal(expected, n.Evaluate(x));
            Assert.Equal(expected, Evaluate.Exactly(e, x).Rational);
        }
    }

    [Fact]
    public void Gradient_RandomGraphs_IsTheDirectionalDerivativeAwayFromKinks()
    {
        var rng = new Random(8);
        for (int c = 0; c < 60; c++)
        {
            var n = RandomNetworks.CreateGraph(rng, [3, 4, 4, 2], PieceKernelTests.Options("mixed"));
            var x = RandomNetworks.Point(rng, 3, 7, 5);
            var v = RandomNetworks.Point(rng, 3, 3, 1);
            // on a line through x, F is affine on the piece that holds x when x is inside one; compare there
            var p1 = x.Zip(v, (a, b) => a + b).ToArray();
            var line = NetworkLine.Restrict(n, x, p1);
            if (line.Breakpoints.Count > 2 && line.Breakpoints[1] < R("1/1000")) continue;
            var g = n.Gradient(NetworkLine.PointAt(x, p1, line.End(0) / 2));
            Assert.Equal(line.Slope(0), g.Zip(v, (a, b) => a * b).Aggregate(Rational.Zero, (s, t) => s + t));
        }
    }

    [Fact]
    public void Sparse_CanonicalForm_MergesColumnsAndDropsZeros()
    {
        var a = new SparseLayer(3, [[(2, R("1")), (0, R("1/2")), (2, R("-1")), (1, R("0"))]], P("1"));
        Assert.Equal(new SparseLayer(3, [[(0, R("1/2"))]], P("1")), a);
        Assert.Equal(1, a.EntryCount);
        Assert.Equal(new DenseLayer(M(["1/2", "0", "0"]), P("1")), a.ToDense());
    }
}
