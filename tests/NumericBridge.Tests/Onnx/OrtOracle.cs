using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Verifier.NumericBridge.Tests.Onnx;

/// <summary>ONNX Runtime as the independent forward oracle: the model's outputs flattened and concatenated.</summary>
internal static class OrtOracle
{
    public static double[] Run(string path, double[] input) => Run(File.ReadAllBytes(path), input);

    public static double[] Run(byte[] model, double[] input)
    {
        using var session = new InferenceSession(model);
        var (name, meta) = session.InputMetadata.Single();
        var shape = meta.Dimensions.Select(d => d < 0 ? 1 : d).ToArray();
        NamedOnnxValue value = meta.ElementType == typeof(double)
            ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(input, shape))
            : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(input.Select(v => (float)v).ToArray(), shape));
        using var results = session.Run([value]);
        var output = new List<double>();
        foreach (var r in results)
        {
            if (r.Value is Tensor<float> f) output.AddRange(f.ToArray().Select(v => (double)v));
            else if (r.Value is Tensor<double> d) output.AddRange(d.ToArray());
            else throw new InvalidOperationException($"output {r.Name} is neither float nor double");
        }
        return [.. output];
    }
}
