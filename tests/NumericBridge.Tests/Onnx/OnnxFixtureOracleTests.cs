using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic.Numbers;
using Xunit.Abstractions;

namespace Verifier.NumericBridge.Tests.Onnx;

public class OnnxFixtureOracleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("all-operators")]
    [InlineData("residual")]
    [InlineData("nhwc")]
    [InlineData("pooling-with-pad")]
    [InlineData("normalisation")]
    [InlineData("one-dimensional")]
    [InlineData("opset-7")]
    [InlineData("opset-9")]
    [InlineData("opset-11")]
    [InlineData("opset-12")]
    [InlineData("opset-13")]
    [InlineData("opset-18")]
    [InlineData("opset-21")]
    public void Fixture_ExactAndNumeric_AgreeWithOnnxRuntime(string name)
    {
        var bytes = OnnxFixtures.ByName(name);
        var graph = OnnxGraph.Parse(bytes);
        Assert.True(graph.IsPiecewiseLinear);
        var rng = new Random(5);
        double worstExact = 0;
        for (int trial = 0; trial < 3; trial++)
        {
            var x = OnnxTestFiles.Point(rng, graph.InputCount, -1, 1);
            var exact = graph.Evaluate([.. x.Select(Rational.FromDouble)]).Select(r => r.ToDouble()).ToArray();
            var ort = OrtOracle.Run(bytes, x);
            Assert.Equal(ort.Length, exact.Length);
            double scale = Math.Max(1, ort.Max(Math.Abs));
            for (int k = 0; k < ort.Length; k++)
            {
                worstExact = Math.Max(worstExact, Math.Abs(exact[k] - ort[k]) / scale);
                Assert.True(Math.Abs(exact[k] - ort[k]) <= OnnxExactOracleTests.Float32Tolerance * scale, $"{name} output {k}: exact {exact[k]}, ORT {ort[k]}");
            }
        }
        double w32 = OnnxNumericOracleTests.CompareWithOrt(graph, bytes, NumericPrecision.Float32, 21);
        double w64 = OnnxNumericOracleTests.CompareWithOrt(graph, bytes, NumericPrecision.Float64, 22);
        output.WriteLine($"{name}: {graph}; worst relative difference exact {worstExact:E2}, float32 {w32:E2}, float64 {w64:E2}");
    }

    [Fact]
    public void Smooth_Numeric_AgreesWithOnnxRuntime_AndExactRefuses()
    {
        var bytes = OnnxFixtures.Smooth();
        var graph = OnnxGraph.Parse(bytes);
        Assert.False(graph.IsPiecewiseLinear);
        double w32 = OnnxNumericOracleTests.CompareWithOrt(graph, bytes, NumericPrecision.Float32, 31);
        double w64 = OnnxNumericOracleTests.CompareWithOrt(graph, bytes, NumericPrecision.Float64, 32);
        output.WriteLine($"smooth: float32 {w32:E2}, float64 {w64:E2}");
        var e = Assert.Throws<OnnxModelException>(() => graph.Evaluate([1, 0, 0, 0]));
        Assert.Contains("smooth", e.Message);
    }
}
