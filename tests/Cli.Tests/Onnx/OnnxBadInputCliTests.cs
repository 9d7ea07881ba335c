using Onnx;
using Verifier.NumericBridge.Tests.Onnx;

namespace Verifier.Cli.Tests.Onnx;

/// <summary>Bad models and point files: exit code 2 with a one-line message naming the problem, never a crash.</summary>
public sealed class OnnxBadInputCliTests : IDisposable
{
    private readonly OnnxCliFiles _files = new();

    public void Dispose() => _files.Dispose();

    // The command fails with exit code 2 and one line on standard error, which contains every expected part.
    private static void Refused(string[] args, params string[] expected)
    {
        var run = CliRun.Of(args);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Empty(run.Stdout);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: ", run.Stderr);
        foreach (var part in expected) Assert.Contains(part, run.Stderr);
    }

    private static string[] Attribute(string network, string input = "1,2") => ["attribute", "--network", network, "--input", input];

    [Fact]
    public void Attribute_TruncatedOnnx_Exit2()
    {
        var bytes = File.ReadAllBytes(OnnxCliFiles.AcasXu);
        Refused(Attribute(_files.Write("cut.onnx", bytes[..(bytes.Length / 2)])), "cut.onnx", "truncated");
    }

    [Theory]
    [InlineData("{\"format\": \"verifier-network/1\"}")]
    [InlineData("")]
    [InlineData("PK\u0003\u0004 a zip file")]
    public void Attribute_NotOnnx_Exit2(string text) =>
        Refused(Attribute(_files.Write("not.onnx", text)), "not an ONNX model");

    [Fact]
    public void Attribute_UnsupportedOperator_NamesOperatorAndNode()
    {
        var b = new OnnxModelBuilder(13);
        var x = b.Input("x", 1, 2);
        b.Output(b.Node("Softmax", [b.Node("Relu", [x])]));
        Refused(Attribute(_files.Write("softmax.onnx", b.Build())), "operator 'Softmax' is not supported", "softmax1_node");
    }

    [Fact]
    public void Attribute_DynamicShapeWithoutValue_Exit2()
    {
        var b = new OnnxModelBuilder(13);
        var input = OnnxModelBuilder.Value("x", 1, null);
        input.Type.TensorType.Shape = new TensorShapeProto();
        input.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        input.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "features" });
        b.Graph.Input.Add(input);
        b.Output(b.Node("Relu", ["x"]));
        var model = _files.Write("dynamic.onnx", b.Build());
        Refused(Attribute(model), "dynamic ('features') and has no value", "--dim-value NAME=N");
        Refused([.. Attribute(model), "--dim-value", "features"], "bad --dim-value 'features'");
        var run = CliRun.Of([.. Attribute(model, "3,-1"), "--dim-value", "features=2", "--output", "0"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("3", run.Json().GetProperty("f_input").GetString());
    }

    [Fact]
    public void Attribute_MissingExternalData_Exit2()
    {
        var b = new OnnxModelBuilder(13);
        var x = b.Input("x", 1, 2);
        var w = new TensorProto { Name = "w", DataType = 1, DataLocation = TensorProto.Types.DataLocation.External };
        w.Dims.AddRange([2, 2]);
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        b.Graph.Initializer.Add(w);
        b.Output(b.Node("MatMul", [x, "w"]));
        Refused(Attribute(_files.Write("external.onnx", b.Build())), "weights.bin", "does not exist");
    }

    [Fact]
    public void Attribute_ModelBeyondMaxModelBytes_Exit2NamingTheFlag()
    {
        Refused([.. Attribute(OnnxCliFiles.AcasXu, OnnxCliFiles.AcasInput), "--max-model-bytes", "1000"], "larger than --max-model-bytes (1000 bytes)");
        Refused([.. Attribute(OnnxCliFiles.AcasXu, OnnxCliFiles.AcasInput), "--max-model-bytes", "lots"], "--max-model-bytes must be a positive number");
        Assert.Equal(0, CliRun.Of([.. Attribute(OnnxCliFiles.AcasXu, OnnxCliFiles.AcasInput), "--max-model-bytes", "100000"]).ExitCode);
        Refused(["inspect", OnnxCliFiles.AcasXu, "--max-model-bytes", "10"], "--max-model-bytes");
    }

    [Fact]
    public void Attribute_OutputOutOfRange_Exit2NamingTheCount()
    {
        Refused([.. Attribute(OnnxCliFiles.AcasXu, OnnxCliFiles.AcasInput), "--output", "5"], "--output 5 is out of range", "has 5 outputs");
        Refused([.. Attribute(CliRun.TempFile(CliRun.ExampleNetwork), "3,1"), "--output", "1"], "--output 1 is out of range", "has 1 output ");
        Refused([.. Attribute(OnnxCliFiles.AcasXu, OnnxCliFiles.AcasInput), "--output", "-1"], "--output must be an integer >= 0");
        Refused(["attribute", "--function", "x1", "--input", "1", "--output", "0"], "--output applies to a model file");
        Refused(["crosscheck", "--network", OnnxCliFiles.AcasXu, "--input", OnnxCliFiles.AcasInput, "--output", "9"], "--output 9 is out of range");
    }

    [Fact]
    public void Attribute_MissingNetworkFile_Exit2()
    {
        Refused(Attribute(Path.Combine(_files.Dir, "absent.onnx")), "absent.onnx", "no such file");
        Refused(Attribute(_files.Dir + "/"), "is a directory");
    }

    [Fact]
    public void Attribute_SmoothModel_Exit2NamingOperatorAndNode() =>
        Refused(Attribute(_files.Sigmoid()), "not piecewise linear: operator Sigmoid at node 'sigmoid", "numeric commands accept it");

    [Fact]
    public void Attribute_PointFileProblems_Exit2()
    {
        var acas = (string input) => Attribute(OnnxCliFiles.AcasXu, input);
        Refused(acas("@" + Path.Combine(_files.Dir, "none.txt")), "--input", "none.txt", "no such file");
        Refused(acas("@"), "needs a file name");
        Refused(acas("@" + _files.Dir), "is a directory");
        Refused(acas("@" + _files.Write("three.txt", "1 2 3")), "holds 3 numbers but the model expects 5", "input shape [1, 1, 1, 5]", "C order");
        Refused(acas("@" + _files.Write("bad.txt", "1 2 x 4 5")), "bad --input file", "line 1");
        Refused(acas("@" + _files.Write("bad.json", "[1, 2, true, 4, 5]")), "bad --input file", "$[2]");
        Refused(acas("@" + _files.Npy("ints.npy", "<i4", [5], new byte[20])), "element type '<i4' is not supported");
        Refused(acas("@" + _files.NpyFloat64("four.npy", [4], [1, 2, 3, 4])), "holds 4 numbers but the model expects 5");
        Refused([.. acas(OnnxCliFiles.AcasInput), "--baseline", "@" + _files.Write("b.txt", "0, 0,, 0")], "--baseline", "comma");
        Refused(["crosscheck", "--network", OnnxCliFiles.AcasXu, "--input", "@" + _files.Write("x2.txt", "1 2")], "holds 2 numbers but the model expects 5");
    }
}
