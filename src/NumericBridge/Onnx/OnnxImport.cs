using Verifier.Symbolic.Networks;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// An imported ONNX graph as an exact <see cref="Network"/>: a chain where the graph is one, a graph of nodes (residual
/// connections, concatenations, maxima of branches) where it is not, with the same function exactly
/// (<see cref="OnnxGraph.Evaluate(IReadOnlyList{Verifier.Symbolic.Numbers.Rational})"/>).
/// </summary>
/// <remarks>
/// <para>Lowering, operator by operator: the affine operations (MatMul, Gemm, Add, Sub, Mul and Div by constants, the Add or
/// Sub of two computed values, Conv, BatchNormalization, AveragePool, GlobalAveragePool, Pad, Flatten, Reshape, Squeeze,
/// Unsqueeze, Transpose, Concat, Gather) become affine maps (<c>LinearMaps</c>) that compose until an activation or a max
/// needs their value; the map is then written as a dense layer when it stores at least half its entries (a Gemm or MatMul)
/// and as a sparse layer otherwise (a convolution is never made dense), reading every node or the input it depends on, so a
/// residual add is one sparse layer with two sources. Relu, LeakyRelu and Abs become their activation layers (a leaky relu
/// with alpha 1 is nothing at all), Clip the clip activation (one bound: relu with shifts), PRelu leaky_relu when its slope
/// is uniform and relu(z) - s relu(-z) otherwise; MaxPool, ReduceMax and Max become max-pool layers whose groups keep the
/// window or operand order (the first maximal input wins a tie, as in PyTorch and the exact interpreter), Min is
/// -max(-a, ...).</para>
/// <para>Points are the graph's input flattened in C order; the network's outputs are every graph output flattened and
/// concatenated, and <c>output</c> picks the attributed one. Smooth operations are refused.</para>
/// </remarks>
public static class OnnxImport
{
    /// <summary>The graph as an exact network attributing output <paramref name="output"/> (0-based in the flattened, concatenated outputs).</summary>
    /// <exception cref="OnnxModelException">The graph has a smooth operation, or a layer would exceed a limit of <paramref name="options"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is out of range.</exception>
    public static Network ToNetwork(OnnxGraph graph, int output = 0, OnnxImportNetworkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        graph.CheckOutput(output);
        return new GraphLowering(graph, options ?? OnnxImportNetworkOptions.Default).Run(output);
    }

    /// <summary>Try-style <see cref="ToNetwork"/>: false with the reason when the graph has no exact network form.</summary>
    public static bool TryToNetwork(OnnxGraph graph, int output, out Network? network, out string reason, OnnxImportNetworkOptions? options = null)
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
