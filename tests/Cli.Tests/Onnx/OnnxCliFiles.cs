using System.Text;
using Verifier.NumericBridge.Tests.Onnx;

namespace Verifier.Cli.Tests.Onnx;

/// <summary>The ONNX fixtures of the command-line tests, models built in code, and point files, in a temporary folder per test class.</summary>
public sealed class OnnxCliFiles : IDisposable
{
    /// <summary>ACAS Xu (MATLAB exporter, opset 8): input [1, 1, 1, 5], 5 outputs, 300 relus.</summary>
    public static readonly string AcasXu = Fixture("ACASXU_run2a_1_1_batch_2000.onnx");

    /// <summary>A data-like ACAS Xu input (normalised ranges).</summary>
    public const string AcasInput = "0.6,-0.5,0.1,0.45,-0.45";

    /// <summary>test_tiny (opset 14): input [1], output [1].</summary>
    public static readonly string Tiny = Fixture("test_tiny.onnx");

    /// <summary>The folder of this instance's files.</summary>
    public string Dir { get; } = Directory.CreateTempSubdirectory("verifier-onnx-cli").FullName;

    /// <summary>A fixture copied into the tests' output folder.</summary>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Onnx", "Data", name);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="name"/> in <see cref="Dir"/>.</summary>
    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in <see cref="Dir"/>.</summary>
    public string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    /// <summary>y = sigmoid(x W + b) with x [1, 2], one output: a smooth model (numeric commands only).</summary>
    public string Sigmoid()
    {
        var b = new OnnxModelBuilder(13);
        var x = b.Input("x", 1, 2);
        var z = b.Node("Add", [b.Node("MatMul", [x, b.Weight([2, 1], [1, 2])]), b.Weight([1], [0.5])]);
        b.Output(b.Node("Sigmoid", [z]));
        return Write("sigmoid.onnx", b.Build());
    }

    /// <summary>Two outputs: y = relu(x W + b) with x [1, 3], W [3, 2] (dyadic weights).</summary>
    public string TwoOutputs()
    {
        var b = new OnnxModelBuilder(13);
        var x = b.Input("x", 1, 3);
        var z = b.Node("Add", [b.Node("MatMul", [x, b.Weight([3, 2], [1, -0.5, 2, 0.25, -1, 1.5])]), b.Weight([2], [0.125, -0.75])]);
        b.Output(b.Node("Relu", [z]));
        return Write("two-outputs.onnx", b.Build());
    }

    /// <summary>A residual block: y = x + relu(x W) with x [1, 2], two outputs (a graph, not a chain).</summary>
    public string Residual()
    {
        var b = new OnnxModelBuilder(13);
        var x = b.Input("x", 1, 2);
        var r = b.Node("Relu", [b.Node("MatMul", [x, b.Weight([2, 2], [1, -1, 0.5, 2])])]);
        b.Output(b.Node("Add", [x, r]));
        return Write("residual.onnx", b.Build());
    }

    /// <summary>A NumPy .npy file (format 1.0, C order) of float64 (<c>&lt;f8</c>) or float32 (<c>&lt;f4</c>) values, or any
    /// other <paramref name="descr"/> with raw bytes.</summary>
    public string Npy(string name, string descr, int[] shape, byte[] data)
    {
        var dims = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}";
        int total = 10 + header.Length + 1;
        header += new string(' ', (16 - total % 16) % 16) + "\n";
        var bytes = new List<byte>([0x93, .. "NUMPY"u8.ToArray(), 1, 0]);
        bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return Write(name, [.. bytes]);
    }

    /// <summary>A float64 .npy of <paramref name="values"/> in the given shape.</summary>
    public string NpyFloat64(string name, int[] shape, double[] values) =>
        Npy(name, "<f8", shape, [.. values.SelectMany(BitConverter.GetBytes)]);

    /// <summary>A float32 .npy of <paramref name="values"/> in the given shape.</summary>
    public string NpyFloat32(string name, int[] shape, float[] values) =>
        Npy(name, "<f4", shape, [.. values.SelectMany(BitConverter.GetBytes)]);

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Dir, true);
}
