using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic.Networks;

namespace Verifier.Cli.Models;

/// <summary>
/// ONNX copies of the networks sent to an external method (the protocol's <c>network_onnx</c> field, CONTRACT.md): each
/// distinct network is exported once (<see cref="OnnxExport"/>, float64) into a temporary folder of this instance, which is
/// removed when the process exits. A network with a weight float64 cannot represent gets no copy (null): a rounded copy
/// would be another function than the <c>network</c> object sent beside it.
/// </summary>
internal sealed class OnnxCopies
{
    private readonly Dictionary<Network, string?> _paths = new();
    private readonly Lock _lock = new();
    private string? _dir;

    /// <summary>The path of the copy of <paramref name="network"/>, or null when it has none.</summary>
    public string? PathOf(Network network)
    {
        lock (_lock)
        {
            if (_paths.TryGetValue(network, out var known)) return known;
            string? path = null;
            try
            {
                var bytes = OnnxExport.ToBytes(network);
                path = Path.Combine(Folder(), $"network-{_paths.Count}.onnx");
                File.WriteAllBytes(path, bytes);
            }
            catch (Exception e) when (e is OnnxExportException or IOException or UnauthorizedAccessException)
            {
                path = null;
            }
            _paths[network] = path;
            return path;
        }
    }

    private string Folder()
    {
        if (_dir is not null) return _dir;
        var dir = Directory.CreateTempSubdirectory("verifier-network-onnx-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(dir, true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        };
        return _dir = dir;
    }
}
