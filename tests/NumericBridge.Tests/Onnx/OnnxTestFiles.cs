namespace Verifier.NumericBridge.Tests.Onnx;

/// <summary>The real networks copied from ../shared/models (see Onnx/Data/README.md) and helpers for random points.</summary>
internal static class OnnxTestFiles
{
    public static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "Onnx", "Data", file);

    public const string AcasXu = "ACASXU_run2a_1_1_batch_2000.onnx";
    public const string MnistMlp = "mnist-net_256x2.onnx";
    public const string ConvMaxPool = "Convnet_maxpool.onnx";
    public const string Cifar = "cifar_base_kw.onnx";
    public const string SigmoidMlp = "ffnnSIGMOID__Point_6x200.onnx";
    public const string Nano = "test_nano.onnx";
    public const string Tiny = "test_tiny.onnx";
    public const string Small = "test_small.onnx";

    public static readonly string[] All = [AcasXu, MnistMlp, ConvMaxPool, Cifar, SigmoidMlp, Nano, Tiny, Small];

    public static readonly string[] PiecewiseLinear = [AcasXu, MnistMlp, ConvMaxPool, Cifar, Nano, Tiny, Small];

    /// <summary>A data-like random point: uniform in [0, 1) (images) rounded to float32, so that every model sees the same values.</summary>
    public static double[] Point(Random rng, int n, double lo = 0, double hi = 1) =>
        [.. Enumerable.Range(0, n).Select(_ => (double)(float)(lo + (hi - lo) * rng.NextDouble()))];
}
