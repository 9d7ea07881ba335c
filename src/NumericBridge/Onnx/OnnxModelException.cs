using Verifier.Symbolic;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// An ONNX model cannot be imported: the file is truncated or not ONNX, an operator or attribute is not supported, a
/// shape is dynamic without a value, an external-data file is missing, or the model is beyond a limit of
/// <see cref="OnnxImportOptions"/>. The message names the node (<c>node 'Conv_0' (Conv)</c>, or <c>node #3 (Gemm)</c>
/// when the node has no name) or the value it concerns. It is an input error (<see cref="IInputError"/>).
/// </summary>
public sealed class OnnxModelException : FormatException, IInputError
{
    /// <summary>A problem with the model as a whole.</summary>
    public OnnxModelException(string message) : base(message) { }

    /// <summary>A problem with the model as a whole, caused by <paramref name="inner"/>.</summary>
    public OnnxModelException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>A problem with the node <paramref name="node"/> (its description, e.g. <c>node 'Conv_0' (Conv)</c>).</summary>
    public OnnxModelException(string node, string problem) : base($"{node}: {problem}")
    {
        Node = node;
    }

    private OnnxModelException(string message, string? node, Exception inner) : base(message, inner)
    {
        Node = node;
    }

    /// <summary>The node the problem concerns, as described in the message, or null.</summary>
    public string? Node { get; }

    /// <summary>The same problem with the file named first: <c>'net.onnx': ...</c>.</summary>
    internal OnnxModelException InFile(string path) => new($"'{path}': {Message}", Node, this);
}
