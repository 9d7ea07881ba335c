using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Symbolic.Tests.Networks.NetworkTestData;

namespace Verifier.Symbolic.Tests.Networks;

public class NetworkJsonTests
{
    private static string Wrap(string layers, string inputs = "2", string extra = "") =>
        $$"""{"format": "verifier-network/1", "inputs": {{inputs}}, "layers": [{{layers}}]{{extra}}}""";

    [Fact]
    public void Parse_ContractExample_EqualsHandBuiltNetwork() =>
        Assert.Equal(FirstExample(), NetworkJson.Parse(ContractExample));

    [Fact]
    public void ToJson_ThenParse_GivesAnEqualNetwork()
    {
        var n = new Network(3,
        [
            new DenseLayer(M(["1/3", "-2", "0.25"], ["0", "7/5", "-1/7"]), P("-2/3", "1e-3")),
            new LeakyReluLayer(R("1/100")),
            new MaxPoolLayer([[0, 1], [1], [1, 0]]),
            new AbsLayer(),
            new IdentityLayer(),
            new DenseLayer(M(["1", "-1", "1/2"], ["3", "0", "0"]), P("0", "1")),
            new ReluLayer(),
        ], output: 1);
        var json = NetworkJson.ToJson(n);
        Assert.Equal(n, NetworkJson.Parse(json));
        Assert.Contains("\"-2/3\"", json);
        Assert.Contains("\"1/1000\"", json);
    }

    [Fact]
    public void ToJson_ContractExample_WritesOneRowPerLine()
    {
        var json = NetworkJson.ToJson(FirstExample());
        Assert.Contains("""
                  "weights": [
                    ["1", "0"],
                    ["0", "1"]
                  ],
                  "bias": ["0", "0"]
            """.ReplaceLineEndings("\n"), json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Write_UnindentedWriter_WritesOneLineThatParsesBack()
    {
        var n = new Network(2, [new DenseLayer(M(["1", "-1/2"], ["0", "3"]), P("1", "0")), new MaxPoolLayer([[0, 1], [1]])]);
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream)) NetworkJson.Write(n, writer);
        var line = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.DoesNotContain("\n", line);
        Assert.Equal(n, NetworkJson.Parse(line));
    }

    [Fact]
    public void Parse_JsonNumbers_AreReadExactlyFromTheirDecimalText()
    {
        var n = NetworkJson.Parse(Wrap("""{"type": "dense", "weights": [[0.1, 1e-3]], "bias": [-2.5E+2]}"""));
        var dense = Assert.IsType<DenseLayer>(n.Layers[0]);
        Assert.Equal(new Rational(1, 10), dense.Weights[0][0]);
        Assert.Equal(new Rational(1, 1000), dense.Weights[0][1]);
        Assert.Equal(new Rational(-250), dense.Bias[0]);
    }

    [Fact]
    public void Parse_NumberStrings_AcceptTheExactSyntax()
    {
        var n = NetworkJson.Parse(Wrap("""{"type": "dense", "weights": [["-2/3", "0.25"]], "bias": ["1e-3"]}, {"type": "leaky_relu", "alpha": "0.01"}"""));
        var dense = Assert.IsType<DenseLayer>(n.Layers[0]);
        Assert.Equal(P("-2/3", "1/4"), dense.Weights[0]);
        Assert.Equal(new Rational(1, 1000), dense.Bias[0]);
        Assert.Equal(new LeakyReluLayer(new Rational(1, 100)), n.Layers[1]);
    }

    [Fact]
    public void Parse_OutputOmitted_DefaultsToZero() =>
        Assert.Equal(0, NetworkJson.Parse(Wrap("""{"type": "relu"}""")).Output);

    [Fact]
    public void Parse_OutputGiven_IsKept() =>
        Assert.Equal(1, NetworkJson.Parse(Wrap("""{"type": "relu"}""", extra: ", \"output\": 1")).Output);

    [Theory]
    // malformed JSON: the position of the problem
    [InlineData("{\"format\": \"verifier-network/1\",\n \"inputs\": 2,, }", "malformed JSON at line 2")]
    [InlineData("", "malformed JSON at line 1")]
    // top level
    [InlineData("[1, 2]", "a network must be a JSON object, not an array")]
    [InlineData("""{"inputs": 2, "layers": []}""", "missing field 'format'")]
    [InlineData("""{"format": "verifier-network/2", "inputs": 2, "layers": []}""", "format must be \"verifier-network/1\"")]
    [InlineData("""{"format": "verifier-network/1", "layers": []}""", "missing field 'inputs'")]
    [InlineData("""{"format": "verifier-network/1", "inputs": 2}""", "missing field 'layers'")]
    [InlineData("""{"format": "verifier-network/1", "inputs": 2, "layers": [], "outputs": 0}""", "unknown field 'outputs'")]
    [InlineData("""{"format": "verifier-network/1", "inputs": 2, "inputs": 3, "layers": []}""", "duplicate field 'inputs'")]
    [InlineData("""{"format": "verifier-network/1", "inputs": 1.5, "layers": []}""", "inputs must be a non-negative integer, not 3/2")]
    [InlineData("""{"format": "verifier-network/1", "inputs": 2, "layers": [], "output": 5}""", "output 5 is out of range")]
    public void Parse_BadDocument_ThrowsWithMessage(string json, string expected)
    {
        var e = Assert.Throws<NetworkFormatException>(() => NetworkJson.Parse(json));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("""{"type": "relu"}, {"type": "conv"}""", "layer 1: unknown layer type 'conv'")]
    [InlineData("""{"type": "relu"}, {"weights": []}""", "layer 1: missing field 'type'")]
    [InlineData("""{"type": "relu"}, 3""", "layer 1: a layer must be a JSON object, not the number 3")]
    [InlineData("""{"type": "relu"}, {"type": "dense", "weights": [["1", "0"]]}""", "layer 1 (dense): missing field 'bias'")]
    [InlineData("""{"type": "relu", "alpha": "1"}""", "layer 0 (relu): unknown field 'alpha'")]
    [InlineData("""{"type": "leaky_relu"}""", "layer 0 (leaky_relu): missing field 'alpha'")]
    [InlineData("""{"type": "leaky_relu", "alpha": "x"}""", "layer 0 (leaky_relu): alpha: 'x' is not a number")]
    [InlineData("""{"type": "dense", "weights": [["1", "0"], ["1", "abc"]], "bias": ["0", "0"]}""", "layer 0 (dense): weights[1][1]: 'abc' is not a number")]
    [InlineData("""{"type": "dense", "weights": [["1", "0"]], "bias": [true]}""", "layer 0 (dense): bias[0] must be a number")]
    [InlineData("""{"type": "dense", "weights": [["1", "0"]], "bias": ["1/0"]}""", "layer 0 (dense): bias[0]: '1/0' has a zero denominator")]
    [InlineData("""{"type": "dense", "weights": [["1", "0"]], "bias": ["1e999999"]}""", "layer 0 (dense): bias[0]: '1e999999' is not a number: more than 10000 digits")]
    [InlineData("""{"type": "dense", "weights": [["1", "0"], ["1"]], "bias": ["0", "0"]}""", "layer 0 (dense): weights row 1 has 1 entry but row 0 has 2")]
    [InlineData("""{"type": "dense", "weights": [["1", "0"]], "bias": ["0", "0"]}""", "layer 0 (dense): bias has 2 entries but weights have 1 row")]
    [InlineData("""{"type": "dense", "weights": [], "bias": []}""", "layer 0 (dense): weights have no rows")]
    [InlineData("""{"type": "relu"}, {"type": "dense", "weights": [["1", "0", "1"]], "bias": ["0"]}""", "layer 1 (dense): weights have 3 columns but the layer receives 2 inputs")]
    [InlineData("""{"type": "maxpool", "groups": [[0, 2]]}""", "layer 0 (maxpool): group 0 lists input 2 but the layer receives 2 inputs")]
    [InlineData("""{"type": "maxpool", "groups": [[0], []]}""", "layer 0 (maxpool): group 1 is empty")]
    [InlineData("""{"type": "maxpool", "groups": [[0, -1]]}""", "layer 0 (maxpool): groups[0][1] must be a non-negative integer")]
    [InlineData("""{"type": "maxpool", "groups": [0, 1]}""", "layer 0 (maxpool): groups[0] must be an array")]
    public void Parse_BadLayer_NamesTheLayer(string layers, string expected)
    {
        var e = Assert.Throws<NetworkFormatException>(() => NetworkJson.Parse(Wrap(layers)));
        Assert.Contains(expected, e.Message);
        Assert.NotNull(e.LayerIndex);
    }

    [Fact]
    public void Load_MissingLayerField_MessageStartsWithPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"network-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Wrap("""{"type": "abs"}, {"type": "maxpool"}"""));
        try
        {
            var e = Assert.Throws<NetworkFormatException>(() => NetworkJson.Load(path));
            Assert.Equal($"{path}: layer 1 (maxpool): missing field 'groups'", e.Message);
            Assert.Equal(1, e.LayerIndex);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_ValidFile_ReadsTheNetwork()
    {
        var path = Path.Combine(Path.GetTempPath(), $"network-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, ContractExample);
        try
        {
            Assert.Equal(FirstExample(), NetworkJson.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
