namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// Limits and choices of <see cref="OnnxGraph.Load(string, OnnxImportOptions?)"/>. Every limit has a documented default;
/// a model beyond one is refused with an <see cref="OnnxModelException"/> that names the limit.
/// </summary>
public sealed record OnnxImportOptions
{
    /// <summary>The defaults: 512 MiB files, 50 million parameters, 10,000 operations, 16 million elements per value.</summary>
    public static readonly OnnxImportOptions Default = new();

    /// <summary>The largest model file (and the largest external-data total), in bytes; default 512 MiB.</summary>
    public long MaxFileBytes { get; init; } = 512L << 20;

    /// <summary>The most weight entries (elements of every initializer and constant) in all; default 50,000,000.</summary>
    public long MaxParameters { get; init; } = 50_000_000;

    /// <summary>The most nodes in the graph; default 10,000.</summary>
    public int MaxNodes { get; init; } = 10_000;

    /// <summary>The most elements of any one value (tensor) of the graph, for one input point; default 16,777,216.</summary>
    public long MaxValueElements { get; init; } = 1L << 24;

    /// <summary>
    /// Values of symbolic dimensions (<c>dim_param</c>) of the graph inputs, by name, e.g. <c>{"N": 1}</c>; empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, int> Dimensions { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// When true (the default), a symbolic or missing first dimension of a graph input of rank 2 or more that has no value in
    /// <see cref="Dimensions"/> is the batch dimension and is read as 1. Any other dimension without a value is an error.
    /// </summary>
    public bool BatchDimensionIsOne { get; init; } = true;

    /// <summary>
    /// The folder in which external-data files are looked up; null (the default) means the folder of the model file
    /// (for <see cref="OnnxGraph.Parse"/>: no folder, so a model with external data is refused).
    /// </summary>
    public string? ExternalDataDirectory { get; init; }
}
