using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Onnx;
using Verifier.PathMethods.Methods;

namespace Verifier.Cli.Crosscheck;

/// <summary>
/// The numeric side of <c>verifier crosscheck</c> on an ONNX model: the imported graph on tensors
/// (<see cref="OnnxTensorModel"/>), for an ONNX <c>--network</c> (whose exact side is the same file imported exactly) or an
/// ONNX <c>--model</c> (an implementation checked against a <c>--network</c> or <c>--function</c> reference; smooth models
/// too). Every method runs on it through the bridge as on any tensor model (<c>NumericAttribute.Of</c>, and
/// <c>NumericAttribute.ExactLineOf</c>: the graph's own float64 exact line).
/// </summary>
internal static class OnnxRuns
{
    /// <summary>The ONNX numeric model of the setup, or null when its numeric side is not ONNX.</summary>
    public static OnnxTensorModel? Model(CrosscheckSetup s)
    {
        if (s.ModelPath is { } path)
        {
            if (!Models.NetworkFile.IsOnnx(path)) return null;
            var graph = Models.NetworkFile.Graph(path, s.Limits);
            string reference = s.Network is null ? "the function" : "the network";
            if (graph.InputCount != s.Inputs)
                throw new UsageException($"shape mismatch: --model '{path}' has {graph.InputCount} inputs (input shape [{string.Join(", ", graph.Input.Shape)}]) but {reference} and --input have {s.Inputs}");
            if (s.Output >= graph.OutputCount)
                throw new UsageException($"--output {s.Output} is out of range: --model '{path}' has {graph.OutputCount} outputs (0-based, 0..{graph.OutputCount - 1})");
            if (s.IsExactLine && s.Network is null)
                throw new UsageException("--rule exactline with an ONNX --model needs a --network reference (its exact breakpoints)");
            return OnnxTensorModel.Create(graph, s.Output, s.Precision);
        }
        return s.Graph is { } g ? OnnxTensorModel.Create(g, s.Network?.Output ?? 0, s.Precision, s.Device) : null;
    }
}
