using Verifier.NumericBridge.Onnx;
using Xunit.Abstractions;

namespace Verifier.NumericBridge.Tests.Onnx;

public class OnnxNumericOracleTests(ITestOutputHelper output)
{
    /// <summary>Every output of the numeric model at random points against ONNX Runtime (float32), within <see cref="OnnxExactOracleTests.Float32Tolerance"/>.</summary>
    internal static double CompareWithOrt(OnnxGraph graph, byte[] model, NumericPrecision precision, int seed, double lo = -1, double hi = 1, int points = 4)
    {
        using var numeric = OnnxTensorModel.Create(graph, 0, precision);
        var rng = new Random(seed);
        var rows = new double[points, graph.InputCount];
        var xs = new double[points][];
        for (int p = 0; p < points; p++)
        {
            xs[p] = OnnxTestFiles.Point(rng, graph.InputCount, lo, hi);
            for (int j = 0; j < graph.InputCount; j++) rows[p, j] = xs[p][j];
        }
        var all = numeric.EvaluateAll(rows);
        double worst = 0;
        for (int p = 0; p < points; p++)
        {
            var ort = OrtOracle.Run(model, xs[p]);
            Assert.Equal(ort.Length, all.GetLength(1));
            double scale = Math.Max(1, ort.Max(Math.Abs));
            for (int k = 0; k < ort.Length; k++)
            {
                double d = Math.Abs(all[p, k] - ort[k]);
                worst = Math.Max(worst, d / scale);
                Assert.True(d <= OnnxExactOracleTests.Float32Tolerance * scale, $"point {p}, output {k}: numeric {all[p, k]}, ORT {ort[k]}");
            }
        }
        return worst;
    }

    [Theory]
    [InlineData(OnnxTestFiles.AcasXu)]
    [InlineData(OnnxTestFiles.MnistMlp)]
    [InlineData(OnnxTestFiles.ConvMaxPool)]
    [InlineData(OnnxTestFiles.Cifar)]
    [InlineData(OnnxTestFiles.SigmoidMlp)]
    [InlineData(OnnxTestFiles.Nano)]
    [InlineData(OnnxTestFiles.Tiny)]
    [InlineData(OnnxTestFiles.Small)]
    public void EvaluateAll_SharedModel_AgreesWithOnnxRuntimeInBothPrecisions(string file)
    {
        var path = OnnxTestFiles.Path(file);
        var graph = OnnxGraph.Load(path);
        var bytes = File.ReadAllBytes(path);
        double w32 = CompareWithOrt(graph, bytes, NumericPrecision.Float32, 11);
        double w64 = CompareWithOrt(graph, bytes, NumericPrecision.Float64, 12);
        output.WriteLine($"{file}: worst relative difference float32 {w32:E2}, float64 {w64:E2}");
    }

    [Fact]
    public void Gradients_AcasXu_MatchFiniteDifferencesOfEvaluate()
    {
        var graph = OnnxGraph.Load(OnnxTestFiles.Path(OnnxTestFiles.AcasXu));
        using var model = OnnxTensorModel.Create(graph, 2);
        var x = OnnxTestFiles.Point(new Random(3), 5, -0.5, 0.5);
        var g = model.Gradient(x);
        for (int j = 0; j < 5; j++)
        {
            const double h = 1e-6;
            var up = (double[])x.Clone();
            var down = (double[])x.Clone();
            up[j] += h;
            down[j] -= h;
            double fd = (model.Evaluate(up) - model.Evaluate(down)) / (2 * h);
            Assert.True(Math.Abs(fd - g[j]) <= 1e-6 * Math.Max(1, Math.Abs(g[j])), $"d/dx{j}: autograd {g[j]}, central difference {fd}");
        }
    }
}
