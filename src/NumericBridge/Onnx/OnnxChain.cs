using Verifier.Symbolic.Networks;

namespace Verifier.NumericBridge.Onnx;

/// <summary>Limits of <see cref="OnnxChain.ToNetwork"/>.</summary>
public sealed record OnnxChainOptions
{
    /// <summary>The defaults: dense layers of at most 4,194,304 weights.</summary>
    public static readonly OnnxChainOptions Default = new();

    /// <summary>
    /// The most weights (rows x columns) of one dense layer the conversion writes; default 4,194,304. A convolution
    /// becomes a dense layer whose rows are mostly zeros, so convolutional models soon pass it.
    /// </summary>
    public long MaxDenseEntries { get; init; } = 4L << 20;
}

/// <summary>
/// Converts an imported graph that is a chain of affine operations, element-wise piecewise-linear activations and
/// max-like operations into an exact <see cref="Network"/> (dense, relu, leaky_relu, abs, identity and maxpool layers), with
/// the same function exactly.
/// </summary>
/// <remarks>
/// <para>Affine operations between two activations (MatMul, Gemm, Add, Sub, Mul and Div by constants, Conv,
/// BatchNormalization, AveragePool, Pad, Flatten, Reshape, Transpose, Concat, Gather, Squeeze, Unsqueeze) are composed
/// exactly into one dense layer; a second MatMul, Gemm or Conv with no activation between starts a new dense layer.
/// Relu, LeakyRelu and Abs become their layers (a leaky relu with alpha 1 is the identity, and becomes an identity layer);
/// PRelu with per-channel slopes and Clip become relu layers between dense ones (prelu(z) = relu(z) - s relu(-z), clip(z) =
/// lo + relu(z - lo) - relu(z - hi)); MaxPool, ReduceMax and Max or Min of operands become maxpool layers whose groups keep
/// the window order, so the first maximal input wins a tie as in PyTorch.</para>
/// <para>A graph whose values branch around an activation (a residual connection) is not a chain and is refused with an
/// <see cref="OnnxModelException"/>, as are smooth operations.</para>
/// </remarks>
public static class OnnxChain
{
    /// <summary>The chain as a network attributing output <paramref name="output"/> (0-based in the flattened, concatenated outputs).</summary>
    /// <exception cref="OnnxModelException">The graph is not a chain of supported operations, or a dense layer would exceed <see cref="OnnxChainOptions.MaxDenseEntries"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is out of range.</exception>
    public static Network ToNetwork(OnnxGraph graph, int output = 0, OnnxChainOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        graph.CheckOutput(output);
        return new ChainTracer(graph, options ?? OnnxChainOptions.Default).Run(output);
    }

    /// <summary>Try-style <see cref="ToNetwork"/>: false with the reason when the graph is not a convertible chain.</summary>
    public static bool TryToNetwork(OnnxGraph graph, int output, out Network? network, out string reason, OnnxChainOptions? options = null)
    {
        try
        {
            network = ToNetwork(graph, output, options);
            reason = "";
            return true;
        }
        catch (OnnxModelException e)
        {
            network = null;
            reason = e.Message;
            return false;
        }
    }
}
