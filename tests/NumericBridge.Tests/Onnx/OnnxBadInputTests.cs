using Google.Protobuf;
using Onnx;
using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic;
using static Verifier.NumericBridge.Tests.Onnx.OnnxModelBuilder;

namespace Verifier.NumericBridge.Tests.Onnx;

public sealed class OnnxBadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onnxbad").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static OnnxModelException Refused(byte[] bytes, OnnxImportOptions? options = null)
    {
        var e = Assert.Throws<OnnxModelException>(() => OnnxGraph.Parse(bytes, options));
        Assert.IsAssignableFrom<IInputError>(e);
        return e;
    }

    /// <summary>x [1, 4] -&gt; op(x, ...) -&gt; y, opset 13.</summary>
    private static byte[] OneNode(string op, Func<OnnxModelBuilder, string, string[]> inputs, int opset = 13, params AttributeProto[] attributes)
    {
        var b = new OnnxModelBuilder(opset);
        var x = b.Input("x", 1, 4);
        b.Output(b.Node(op, inputs(b, x), attributes));
        return b.Build();
    }

    [Fact]
    public void Parse_TruncatedFile_IsRefused()
    {
        var bytes = File.ReadAllBytes(OnnxTestFiles.Path(OnnxTestFiles.AcasXu));
        var e = Refused(bytes[..(bytes.Length / 2)]);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData("{\"format\": \"verifier-network/1\", \"inputs\": 2, \"layers\": []}")]
    [InlineData("")]
    [InlineData("\u0001\u0002\u0003 not a model")]
    public void Parse_NotOnnx_IsRefused(string text)
    {
        var e = Refused(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.Contains("not an ONNX model", e.Message);
    }

    [Theory]
    [InlineData("Softmax")]
    [InlineData("LSTM")]
    [InlineData("Cast")]
    public void Parse_UnsupportedOperator_NamesTheOperatorAndItsNode(string op)
    {
        var e = Refused(OneNode(op, (_, x) => [x]));
        Assert.Contains($"operator '{op}' is not supported", e.Message);
        Assert.Contains($"node '{op.ToLowerInvariant()}0_node' ({op})", e.Message);
        Assert.Equal($"node '{op.ToLowerInvariant()}0_node' ({op})", e.Node);
    }

    [Fact]
    public void Parse_OperatorOfAnotherDomain_IsRefused()
    {
        var b = new OnnxModelBuilder(13);
        var x = b.Input("x", 1, 4);
        var y = b.Node("Relu", [x]);
        b.Graph.Node[0].Domain = "com.microsoft";
        b.Output(y);
        Assert.Contains("of domain 'com.microsoft' is not supported", Refused(b.Build()).Message);
    }

    [Theory]
    [InlineData("Mul", "multiplies two computed values")]
    [InlineData("Div", "divides two computed values")]
    [InlineData("MatMul", "multiplies two computed values")]
    public void Parse_ProductOfComputedValues_IsRefused(string op, string expected)
    {
        var b = new OnnxModelBuilder(13);
        var x = b.Input("x", 1, 4);
        var r = b.Node("Relu", [x]);
        b.Output(b.Node(op, op == "MatMul" ? [x, b.Node("Transpose", [r])] : [x, r]));
        Assert.Contains(expected, Refused(b.Build()).Message);
    }

    [Fact]
    public void Parse_DivisionByZeroOrByAComputedValue_IsRefused()
    {
        Assert.Contains("divides by a constant that has a zero", Refused(OneNode("Div", (b, x) => [x, b.Weight([4], [1, 0, 2, 3])])).Message);
        Assert.Contains("divides a constant by a computed value", Refused(OneNode("Div", (b, x) => [b.Weight([4], [1, 1, 2, 3]), x])).Message);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(22)]
    public void Parse_OpsetOutOfRange_IsRefused(int opset) =>
        Assert.Contains($"opset {opset}; supported are opsets 7 to 21", Refused(OneNode("Relu", (_, x) => [x], opset)).Message);

    [Fact]
    public void Parse_DynamicShapeWithoutValue_IsRefused_AndAcceptedWithAValue()
    {
        var b = new OnnxModelBuilder(13);
        var input = Value("x", 1, null);
        input.Type.TensorType.Shape = new TensorShapeProto();
        input.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        input.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "features" });
        b.Graph.Input.Add(input);
        b.Output(b.Node("Relu", ["x"]));
        var bytes = b.Build();
        var e = Refused(bytes);
        Assert.Contains("dimension 1 of the input 'x' is dynamic ('features') and has no value", e.Message);
        var graph = OnnxGraph.Parse(bytes, new OnnxImportOptions { Dimensions = new Dictionary<string, int> { ["features"] = 3 } });
        Assert.Equal([1, 3], graph.Input.Shape.ToArray()); // the batch dimension N is read as 1
        Assert.Contains("dimension 0", Refused(bytes, new OnnxImportOptions { BatchDimensionIsOne = false, Dimensions = new Dictionary<string, int> { ["features"] = 3 } }).Message);
    }

    private (string Model, string Data) ExternalModel(string dataName)
    {
        var b = new OnnxModelBuilder(13);
        var x = b.Input("x", 1, 2);
        var w = new TensorProto { Name = "w", DataType = 1, DataLocation = TensorProto.Types.DataLocation.External };
        w.Dims.AddRange([2, 2]);
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = dataName });
        w.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = "4" });
        w.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = "16" });
        b.Graph.Initializer.Add(w);
        b.Output(b.Node("MatMul", [x, "w"]));
        var model = Path.Combine(_dir, "external.onnx");
        File.WriteAllBytes(model, b.Build());
        return (model, Path.Combine(_dir, dataName));
    }

    [Fact]
    public void Load_ExternalData_IsRead_AndAMissingFileIsRefused()
    {
        var (model, data) = ExternalModel("weights.bin");
        var e = Assert.Throws<OnnxModelException>(() => OnnxGraph.Load(model));
        Assert.Contains("external file 'weights.bin', which does not exist", e.Message);
        var bytes = new byte[20];
        new[] { 1f, 2f, -0.5f, 0.25f }.Select((v, i) => (v, i)).ToList().ForEach(p => BitConverter.TryWriteBytes(bytes.AsSpan(4 + 4 * p.i), p.v));
        File.WriteAllBytes(data, bytes);
        var graph = OnnxGraph.Load(model);
        Assert.Equal([2 - 0.5 * 3, 4 + 0.25 * 3], graph.Evaluate([2, 3]).Select(r => r.ToDouble()).ToArray());
        Assert.Contains("not read from a folder", Refused(File.ReadAllBytes(model)).Message);
    }

    [Fact]
    public void Parse_BeyondTheLimits_NamesTheLimit()
    {
        var bytes = File.ReadAllBytes(OnnxTestFiles.Path(OnnxTestFiles.MnistMlp));
        Assert.Contains("MaxParameters", Refused(bytes, new OnnxImportOptions { MaxParameters = 100_000 }).Message);
        Assert.Contains("MaxFileBytes", Refused(bytes, new OnnxImportOptions { MaxFileBytes = 1000 }).Message);
        Assert.Contains("MaxNodes", Refused(bytes, new OnnxImportOptions { MaxNodes = 5 }).Message);
        Assert.Contains("MaxValueElements", Refused(bytes, new OnnxImportOptions { MaxValueElements = 500 }).Message);
    }

    [Fact]
    public void Parse_MalformedGraphs_AreRefusedWithTheNode()
    {
        Assert.Contains("its input 'nowhere' is not defined", Refused(OneNode("Relu", (_, _) => ["nowhere"])).Message);
        Assert.Contains("its B (input 1, 'x') must be a constant", Refused(OneNode("Gemm", (b, x) => [b.Node("Relu", [x]), x])).Message);
        Assert.Contains("cannot reshape [1, 4]", Refused(OneNode("Reshape", (b, x) => [x, b.Ints([3, -1])])).Message);
        Assert.Contains("do not broadcast", Refused(OneNode("Add", (b, x) => [x, b.Weight([3], [1, 2, 3])])).Message);
        Assert.Contains("mode 'reflect' is not supported", Refused(OneNode("Pad", (b, x) => [x, b.Ints([0, 1, 0, 1])], 13, Str("mode", "reflect"))).Message);
        Assert.Contains("is a constant", Refused(OneNode("Relu", (b, _) => [b.Weight([1], [1])])).Message);
        var bad = new TensorProto { Name = "w", DataType = 1 };
        bad.Dims.Add(3);
        bad.FloatData.Add(1);
        Assert.Contains("initializer 'w' has 1 values but its shape needs 3", Refused(OneNode("Add", (b, x) => { b.Graph.Initializer.Add(bad); return [x, "w"]; })).Message);
        var f16 = new TensorProto { Name = "h", DataType = 10, RawData = ByteString.CopyFrom(new byte[8]) };
        f16.Dims.Add(4);
        Assert.Contains("element type FLOAT16", Refused(OneNode("Add", (b, x) => { b.Graph.Initializer.Add(f16); return [x, "h"]; })).Message);
    }

    [Fact]
    public void Load_PathInTheMessage()
    {
        var path = Path.Combine(_dir, "bad.onnx");
        File.WriteAllBytes(path, OneNode("Softmax", (_, x) => [x]));
        var e = Assert.Throws<OnnxModelException>(() => OnnxGraph.Load(path));
        Assert.StartsWith($"'{path}': node 'softmax0_node' (Softmax)", e.Message);
        Assert.Equal("node 'softmax0_node' (Softmax)", e.Node);
    }
}
