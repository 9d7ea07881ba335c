using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic.Numbers;
using Xunit.Abstractions;

namespace Verifier.NumericBridge.Tests.Onnx;

public class OnnxExactOracleTests(ITestOutputHelper output)
{
    /// <summary>float32 tolerance of a forward pass: |exact - ORT| &lt;= 1e-5 max(1, max_k |exact_k|).</summary>
    internal const double Float32Tolerance = 1e-5;

    [Theory]
    [InlineData(OnnxTestFiles.AcasXu)]
    [InlineData(OnnxTestFiles.MnistMlp)]
    [InlineData(OnnxTestFiles.ConvMaxPool)]
    [InlineData(OnnxTestFiles.Cifar)]
    [InlineData(OnnxTestFiles.Nano)]
    [InlineData(OnnxTestFiles.Tiny)]
    [InlineData(OnnxTestFiles.Small)]
    public void Evaluate_SharedModel_AgreesWithOnnxRuntime(string file)
    {
        var path = OnnxTestFiles.Path(file);
        var graph = OnnxGraph.Load(path);
        var rng = new Random(7);
        double worst = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            var x = OnnxTestFiles.Point(rng, graph.InputCount, -1, 1);
            var exact = graph.Evaluate([.. x.Select(Rational.FromDouble)]).Select(r => r.ToDouble()).ToArray();
            var ort = OrtOracle.Run(path, x);
            Assert.Equal(ort.Length, exact.Length);
            double scale = Math.Max(1, exact.Max(Math.Abs));
            for (int k = 0; k < exact.Length; k++)
            {
                worst = Math.Max(worst, Math.Abs(exact[k] - ort[k]) / scale);
                Assert.True(Math.Abs(exact[k] - ort[k]) <= Float32Tolerance * scale, $"{file} output {k}: exact {exact[k]}, ORT {ort[k]}");
            }
        }
        output.WriteLine($"{file}: worst relative difference {worst:E2}");
    }
}
