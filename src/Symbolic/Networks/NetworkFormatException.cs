namespace Verifier.Symbolic.Networks;

/// <summary>
/// A network description is malformed: bad JSON, a missing or unknown field, an unknown layer type, a bad
/// number, or a shape mismatch. The message names the layer (0-based, as in the JSON <c>layers</c> array)
/// and its type, e.g. <c>layer 2 (dense): weights have 3 columns but the layer receives 2 inputs</c>.
/// </summary>
public sealed class NetworkFormatException : FormatException, IInputError
{
    /// <summary>A problem that concerns no particular layer.</summary>
    public NetworkFormatException(string message) : base(message) { }

    /// <summary>A problem that concerns no particular layer, caused by <paramref name="inner"/>.</summary>
    public NetworkFormatException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>A problem with the layer at <paramref name="layerIndex"/> (0-based).</summary>
    public NetworkFormatException(string message, int? layerIndex, Exception? inner = null) : base(message, inner)
    {
        LayerIndex = layerIndex;
    }

    /// <summary>The 0-based index of the layer the problem is in, or null when it concerns the whole network.</summary>
    public int? LayerIndex { get; }

    /// <summary>The message prefix that names a layer: <c>layer 2 (dense)</c>, or <c>layer 2</c> when the type is unknown.</summary>
    internal static string Where(int index, string? type) =>
        type is null ? $"layer {index}" : $"layer {index} ({type})";

    /// <summary>"1 input", "2 inputs": a count with its noun, for messages.</summary>
    internal static string Count(int n, string noun, string? plural = null) => n == 1 ? $"1 {noun}" : $"{n} {plural ?? noun + "s"}";

    /// <summary>An exception for the layer at <paramref name="index"/> with the given problem.</summary>
    internal static NetworkFormatException AtLayer(int index, string? type, string problem, Exception? inner = null) =>
        new($"{Where(index, type)}: {problem}", index, inner);
}
