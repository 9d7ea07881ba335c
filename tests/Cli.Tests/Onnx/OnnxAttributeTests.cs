using System.Globalization;
using System.Text.Json;
using Verifier.NumericBridge.Onnx;
using Verifier.NumericBridge.Tests.Onnx;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Tests.Onnx;

/// <summary><c>--network FILE.onnx</c>, <c>--output K</c> and <c>--input @FILE</c> end to end through <see cref="CliApp.Run(string[], TextReader, TextWriter, TextWriter)"/>.</summary>
public sealed class OnnxAttributeTests : IDisposable
{
    private readonly OnnxCliFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static JsonElement Ok(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Json();
    }

    private static Rational[] Point(string text) => text.Split(',').Select(s => Rational.Parse(s)).ToArray();

    [Fact]
    public void Attribute_AcasXuIg_CompleteWithFInputExact()
    {
        var json = Ok("attribute", "--network", OnnxCliFiles.AcasXu, "--input", OnnxCliFiles.AcasInput);
        Assert.Equal("0", json.GetProperty("completeness_gap").GetString());
        Assert.True(json.GetProperty("exact").GetBoolean());
        // F(x) is the exact interpreter's value of output 0 (an evaluator independent of the exact network) ...
        var graph = OnnxGraph.Load(OnnxCliFiles.AcasXu);
        var x = Point(OnnxCliFiles.AcasInput);
        Assert.Equal(graph.Evaluate(x, 0).ToString(), json.GetProperty("f_input").GetString());
        Assert.Equal(graph.Evaluate(new Rational[5], 0).ToString(), json.GetProperty("f_baseline").GetString());
        // ... and ONNX Runtime's float32 forward pass agrees with it within float32 rounding.
        double ort = OrtOracle.Run(OnnxCliFiles.AcasXu, x.Select(v => v.ToDouble()).ToArray())[0];
        Assert.InRange(Rational.Parse(json.GetProperty("f_input").GetString()!).ToDouble() - ort, -1e-5, 1e-5);
        Assert.Equal(5, json.GetProperty("attributions").GetArrayLength());
        Assert.True(json.GetProperty("pieces").GetArrayLength() > 2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    public void Attribute_OutputK_AttributesOutputK(int k)
    {
        var json = Ok("attribute", "--network", OnnxCliFiles.AcasXu, "--input", OnnxCliFiles.AcasInput, "--output", k.ToString(CultureInfo.InvariantCulture));
        var graph = OnnxGraph.Load(OnnxCliFiles.AcasXu);
        Assert.Equal(graph.Evaluate(Point(OnnxCliFiles.AcasInput), k).ToString(), json.GetProperty("f_input").GetString());
        Assert.Equal("0", json.GetProperty("completeness_gap").GetString());
    }

    [Fact]
    public void Attribute_OutputOfANetworkFileWithSeveralOutputs_OverridesItsOutputField()
    {
        var net = CliRun.TempFile("""
            {"format": "verifier-network/1", "inputs": 2,
             "layers": [{"type": "dense", "weights": [["1", "0"], ["0", "3"]], "bias": ["0", "1"]}, {"type": "relu"}], "output": 0}
            """);
        var first = Ok("attribute", "--network", net, "--input", "2,1");
        var second = Ok("attribute", "--network", net, "--input", "2,1", "--output", "1");
        Assert.Equal("2", first.GetProperty("f_input").GetString());
        Assert.Equal("4", second.GetProperty("f_input").GetString());
        Assert.Equal(["0", "3"], CliRun.Strings(second.GetProperty("attributions")));
    }

    [Fact]
    public void Attribute_InputFromJsonTextAndNpyFiles_SameAsInline()
    {
        var inline = Ok("attribute", "--network", OnnxCliFiles.AcasXu, "--input", "0.5,-0.25,0.125,0.375,-0.5");
        var values = new[] { 0.5, -0.25, 0.125, 0.375, -0.5 };
        var files = new[]
        {
            _files.Write("x.json", """[[[["1/2", -0.25, "0.125", 0.375, "-1/2"]]]]"""),
            _files.Write("x.txt", "0.5 -0.25\n0.125, 0.375,\t-0.5\n"),
            _files.NpyFloat64("x64.npy", [1, 1, 1, 5], values),
            _files.NpyFloat32("x32.npy", [5], values.Select(v => (float)v).ToArray()),
        };
        foreach (var file in files)
        {
            var json = Ok("attribute", "--network", OnnxCliFiles.AcasXu, "--input", "@" + file, "--baseline", "@" + _files.Write("b.txt", "0 0 0 0 0"));
            Assert.Equal(CliRun.Strings(inline.GetProperty("attributions")), CliRun.Strings(json.GetProperty("attributions")));
            Assert.Equal(["1/2", "-1/4", "1/8", "3/8", "-1/2"], CliRun.Strings(json.GetProperty("input")));
        }
    }

    [Fact]
    public void Attribute_Float32NpyInput_ReadExactlyAsItsDyadicValue()
    {
        var file = _files.NpyFloat32("tenth.npy", [1], [0.1f]);
        var json = Ok("attribute", "--function", "2*x1", "--input", "@" + file);
        Assert.Equal("13421773/134217728", json.GetProperty("input")[0].GetString()); // float32 0.1 = 13421773 * 2^-27
        Assert.Equal(Rational.FromDouble(0.1f), Rational.Parse(json.GetProperty("input")[0].GetString()!));
    }

    [Fact]
    public void Attribute_ResidualOnnxGraph_IsExactAndComplete()
    {
        var json = Ok("attribute", "--network", _files.Residual(), "--input", "1,2", "--output", "1");
        // y1 = x2 + relu(-x1 + 2 x2) = 2 + relu(3) = 5
        Assert.Equal("5", json.GetProperty("f_input").GetString());
        Assert.Equal("0", json.GetProperty("completeness_gap").GetString());
        Assert.Equal(["-1", "6"], CliRun.Strings(json.GetProperty("attributions")));
    }

    [Fact]
    public void Batch_NetworkFile_OnnxAndJsonWithOutputAndPointFiles()
    {
        var json = CliRun.TempFile(CliRun.ExampleNetwork);
        var x = _files.Write("x.json", "[0.6, -0.5, 0.1, 0.45, -0.45]");
        var lines = string.Join('\n',
            $$"""{"id": "acas", "network_file": {{JsonSerializer.Serialize(OnnxCliFiles.AcasXu)}}, "input": "@{{x}}", "output": 2}""",
            $$"""{"id": "json", "network_file": {{JsonSerializer.Serialize(json)}}, "input": ["3", "1"]}""",
            $$"""{"id": "both", "network_file": {{JsonSerializer.Serialize(json)}}, "network": {}, "input": ["3", "1"]}""",
            $$"""{"id": "far", "network_file": {{JsonSerializer.Serialize(OnnxCliFiles.AcasXu)}}, "input": "@{{x}}", "output": 5}""");
        var run = CliRun.WithStdin(lines, "attribute", "--batch", "-");
        Assert.Equal(0, run.ExitCode);
        var results = run.Stdout.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var graph = OnnxGraph.Load(OnnxCliFiles.AcasXu);
        Assert.Equal(graph.Evaluate(Point(OnnxCliFiles.AcasInput), 2).ToString(), results[0].GetProperty("f_input").GetString());
        Assert.Equal("0", results[0].GetProperty("completeness_gap").GetString());
        Assert.Equal(["3/2", "-1/2"], CliRun.Strings(results[1].GetProperty("attributions")));
        Assert.Contains("not both", results[2].GetProperty("error").GetString());
        Assert.Contains("--output 5 is out of range", results[3].GetProperty("error").GetString());
        Assert.Contains("has 5 outputs", results[3].GetProperty("error").GetString());
    }

    [Fact]
    public void Counterexample_OnnxNetwork_SolverGapOnTheImportedNetwork()
    {
        // test_tiny computes relu(x) (its weights are 1 and its biases 0): 4-step left Riemann IG falls short by 3/4 at x = 3.
        var json = Ok("counterexample", "--method", "ig", "--axiom", "completeness", "--param", "steps=4", "--network", OnnxCliFiles.Tiny);
        Assert.Equal("violated", json.GetProperty("status").GetString());
        Assert.Contains("largest gap 3/4", json.GetProperty("how").GetString());
    }

    [Fact]
    public void Help_NetworkInputAndOutputOptions_DescribeOnnxAndPointFiles()
    {
        foreach (var command in new[] { "attribute", "crosscheck" })
        {
            var help = CliRun.Of(command, "--help").Stdout;
            Assert.Contains("ONNX", help);
            Assert.Contains("@FILE", help);
            Assert.Contains("C order", help);
            Assert.Contains("--output", help);
        }
        Assert.Contains("--max-model-bytes", CliRun.Of("inspect", "--help").Stdout);
        Assert.Contains("--round", CliRun.Of("export", "--help").Stdout);
    }

    [Fact]
    public void Crosscheck_OnnxNetworkExactLine_AgreesWithTheGraphOnTensors()
    {
        var json = Ok("crosscheck", "--network", OnnxCliFiles.AcasXu, "--input", OnnxCliFiles.AcasInput, "--rule", "exactline", "--output", "1");
        Assert.Equal("agrees", json.GetProperty("verdict").GetString());
        Assert.True(json.GetProperty("max_rel_error").GetDouble() < 1e-9);
    }

    [Fact]
    public void Crosscheck_SmoothOnnxModel_AgainstItsClosedForm()
    {
        var json = Ok("crosscheck", "--function", "sigmoid(x1 + 2*x2 + 1/2)", "--model", _files.Sigmoid(), "--input", "1,-1/2", "--steps", "64");
        Assert.True(json.GetProperty("max_abs_error").GetDouble() < 1e-9, json.ToString());
        var run = CliRun.Of("attribute", "--network", _files.Sigmoid(), "--input", "1,2");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not piecewise linear: operator Sigmoid at node", run.Stderr);
        Assert.Contains("numeric commands accept it", run.Stderr);
    }
}
