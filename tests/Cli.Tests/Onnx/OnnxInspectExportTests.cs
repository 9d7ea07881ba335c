using System.Text.Json;
using Verifier.NumericBridge.Onnx;
using Verifier.NumericBridge.Tests.Onnx;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Tests.Onnx;

/// <summary><c>verifier inspect</c>, <c>verifier export</c> and the ONNX networks of <c>verifier golden</c>.</summary>
public sealed class OnnxInspectExportTests : IDisposable
{
    private readonly OnnxCliFiles _files = new();

    public void Dispose() => _files.Dispose();

    // Dyadic weights (exact in float64), every layer kind that export writes.
    private const string DyadicNetwork = """
        {"format": "verifier-network/1", "inputs": 3,
         "layers": [
           {"type": "dense", "weights": [["1", "-1/2", "3/4"], ["0.25", "2", "-1"], ["-3", "1/8", "5"], ["1", "1", "1"]], "bias": ["1/2", "0", "-1/4", "1"]},
           {"type": "leaky_relu", "alpha": "1/4"},
           {"type": "maxpool", "groups": [[0, 1], [2, 3]]},
           {"type": "abs"},
           {"type": "dense", "weights": [["1", "-2"], ["3/2", "1/16"]], "bias": ["0", "1"]},
           {"type": "relu"}],
         "output": 1}
        """;

    private static JsonElement Ok(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Json();
    }

    [Fact]
    public void Inspect_AcasXuOnnx_OperatorsShapesParametersAndMethods()
    {
        var json = Ok("inspect", OnnxCliFiles.AcasXu);
        Assert.Equal("onnx", json.GetProperty("format").GetString());
        Assert.Equal(8, json.GetProperty("opset").GetInt32());
        Assert.Equal([1, 1, 1, 5], json.GetProperty("input_shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(5, json.GetProperty("outputs").GetInt32());
        Assert.Equal(7, json.GetProperty("operators").GetProperty("MatMul").GetInt32());
        Assert.Equal(6, json.GetProperty("operators").GetProperty("Relu").GetInt32());
        Assert.Equal(13310, json.GetProperty("parameters").GetInt64());
        Assert.True(json.GetProperty("piecewise_linear").GetBoolean());
        Assert.Equal("chain", json.GetProperty("exact_network").GetString());
        Assert.Equal("affordable", json.GetProperty("exact_cost").GetProperty("verdict").GetString());
        var ig = json.GetProperty("methods").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "ig");
        Assert.True(ig.GetProperty("exact").GetBoolean());
        Assert.True(ig.GetProperty("numeric").GetBoolean());
    }

    [Fact]
    public void Inspect_SmoothOnnx_NotPiecewiseLinearNoExactMethods()
    {
        var json = Ok("inspect", "--network", _files.Sigmoid());
        Assert.False(json.GetProperty("piecewise_linear").GetBoolean());
        Assert.Equal(["Sigmoid"], json.GetProperty("smooth_operators").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("exact_network").ValueKind);
        Assert.Equal("not-applicable", json.GetProperty("exact_cost").GetProperty("verdict").GetString());
        Assert.All(json.GetProperty("methods").EnumerateArray(), m => Assert.False(m.GetProperty("exact").GetBoolean()));
        Assert.Contains(json.GetProperty("methods").EnumerateArray(), m => m.GetProperty("numeric").GetBoolean());
    }

    [Fact]
    public void Inspect_JsonNetworkAsText_ListsLayersAndMethods()
    {
        var run = CliRun.Of("inspect", "--network", _files.Write("net.json", DyadicNetwork), "--format", "text");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("format: verifier-network/1", run.Stdout);
        Assert.Contains("piecewise linear: yes", run.Stdout);
        Assert.Contains("exact methods (verifier attribute): ig,", run.Stdout);
        Assert.Contains("maxpool", run.Stdout);
    }

    [Fact]
    public void Inspect_ResidualOnnx_IsAGraph()
    {
        var json = Ok("inspect", _files.Residual());
        Assert.Equal("graph", json.GetProperty("exact_network").GetString());
    }

    [Fact]
    public void Export_DyadicNetwork_RoundTripsExactlyAndRunsInOnnxRuntime()
    {
        var source = _files.Write("net.json", DyadicNetwork);
        var target = Path.Combine(_files.Dir, "net.onnx");
        var run = CliRun.Of("export", "--network", source, "--out", target);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("wrote", run.Stdout);
        var original = NetworkJson.Load(source);
        var imported = OnnxImport.ToNetwork(OnnxGraph.Load(target), 1);
        Assert.Equal(original, imported);
        var rng = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            var x = Enumerable.Range(0, 3).Select(_ => new Rational(rng.Next(-64, 64), 16)).ToArray();
            var exact = original.ForwardAll(x).Select(v => v.ToDouble()).ToArray();
            var ort = OrtOracle.Run(target, x.Select(v => v.ToDouble()).ToArray());
            Assert.Equal(exact.Length, ort.Length);
            for (int i = 0; i < exact.Length; i++) Assert.InRange(ort[i] - exact[i], -1e-12 * Math.Max(1, Math.Abs(exact[i])), 1e-12 * Math.Max(1, Math.Abs(exact[i])));
        }
        // and the attribute command reads the export as the same network
        var fromJson = Ok("attribute", "--network", source, "--input", "1,-2,3/4");
        var fromOnnx = Ok("attribute", "--network", target, "--input", "1,-2,3/4", "--output", "1");
        Assert.Equal(CliRun.Strings(fromJson.GetProperty("attributions")), CliRun.Strings(fromOnnx.GetProperty("attributions")));
    }

    [Fact]
    public void Export_WeightWithoutFloat64Value_RefusedUnlessRound()
    {
        var source = _files.Write("third.json", """{"format": "verifier-network/1", "inputs": 1, "layers": [{"type": "dense", "weights": [["1/3"]], "bias": ["0"]}]}""");
        var target = Path.Combine(_files.Dir, "third.onnx");
        var refused = CliRun.Of("export", "--network", source, "--out", target);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("1/3 has no exact float64 value", refused.Stderr);
        Assert.Contains("--round", refused.Stderr);
        Assert.False(File.Exists(target));
        Assert.Equal(0, CliRun.Of("export", "--network", source, "--out", target, "--round").ExitCode);
        var w = ((DenseLayer)OnnxImport.ToNetwork(OnnxGraph.Load(target)).Layers[0]).Weights[0][0];
        Assert.Equal(Rational.FromDouble(1.0 / 3), w);
    }

    [Fact]
    public void Golden_NetworksAsOnnx_LoadInOnnxRuntimeAndAgreeWithExpected()
    {
        var dir = Path.Combine(_files.Dir, "golden");
        Assert.Equal(0, CliRun.Of("golden", "--out", dir, "--cases", "12").ExitCode);
        var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "networks", "index.json"))).RootElement;
        var queries = File.ReadLines(Path.Combine(dir, "queries.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(q => q.GetProperty("id").GetString()!);
        var expected = File.ReadLines(Path.Combine(dir, "expected.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(q => q.GetProperty("id").GetString()!);
        var networks = index.GetProperty("networks").EnumerateArray().ToList();
        Assert.NotEmpty(networks);
        Assert.Equal(queries.Values.Count(q => q.TryGetProperty("network", out _)), networks.Sum(n => n.GetProperty("queries").GetArrayLength()));
        int exactFiles = 0;
        foreach (var net in networks)
        {
            var file = Path.Combine(dir, net.GetProperty("onnx").GetString()!);
            int output = net.GetProperty("output").GetInt32();
            bool exactWeights = net.GetProperty("exact_weights").GetBoolean();
            foreach (var id in net.GetProperty("queries").EnumerateArray().Select(e => e.GetString()!))
            {
                var x = queries[id].GetProperty("input").EnumerateArray().Select(v => Rational.Parse(v.GetString()!)).ToArray();
                double y = OrtOracle.Run(file, x.Select(v => v.ToDouble()).ToArray())[output];
                double exact = Rational.Parse(expected[id].GetProperty("f_input").GetString()!).ToDouble();
                Assert.InRange(y - exact, -1e-9 * Math.Max(1, Math.Abs(exact)), 1e-9 * Math.Max(1, Math.Abs(exact)));
                if (exactWeights)
                {
                    // a file with exact weights reads back as the suite's network
                    var inline = Verifier.Symbolic.Networks.NetworkJson.FromElement(queries[id].GetProperty("network"));
                    Assert.Equal(inline, OnnxImport.ToNetwork(OnnxGraph.Load(file), output));
                }
            }
            if (exactWeights) exactFiles++;
        }
        Assert.True(exactFiles > 0);
    }
}
