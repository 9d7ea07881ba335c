using Verifier.Cli.CommandLine;
using Verifier.NumericBridge.Onnx;

namespace Verifier.Cli.Models;

/// <summary>
/// <c>verifier export --network FILE --out FILE.onnx [--round]</c> (CONTRACT.md, "Models from other frameworks"): writes a
/// network as an ONNX model (<see cref="OnnxExport"/>: float64 weights, opset <see cref="OnnxExport.Opset"/>), which
/// <c>--network FILE.onnx</c> reads back as the same network. A weight float64 cannot represent exactly (1/3) is refused
/// unless <c>--round</c> rounds it to the nearest float64.
/// </summary>
internal static class ExportCommand
{
    /// <summary>The command's entry in the command table.</summary>
    public static Verb Definition(CliContext c) => new Verb("export", "write a network as an ONNX model (float64 weights, exact)")
    {
        UsageLines = ["verifier export --network FILE --out FILE.onnx [--round] [--output K]"],
        About = $"Writes the network of --network (a verifier-network/1 file, or an ONNX model read exactly) as an ONNX model, opset "
            + $"{OnnxExport.Opset}, float64 input [1, n] and output [1, m], that ONNX Runtime runs and that 'verifier attribute --network "
            + "FILE.onnx' reads back as the same network, exactly: every weight is written as the float64 that equals it. A weight "
            + "without an exact float64 value (e.g. 1/3) is refused, naming the layer and the value, unless --round rounds it to the "
            + "nearest float64 (the exported model is then a different network). The attributed output is kept in the model's "
            + "metadata (verifier.output).",
    }.With(
        Opt.Text("--network", "FILE", ModelOptions.NetworkHelp),
        Opt.Text("--out", "FILE.onnx", "the ONNX file to write"),
        Opt.Flag("--round", "round weights that float64 cannot represent to the nearest float64 instead of refusing them"),
        ModelOptions.OutputOption(),
        ModelOptions.MaxBytesOption(),
        ModelOptions.DimValuesOption())
        .Acting(p => Run(p, c.Stdout));

    private static int Run(Parsed p, TextWriter stdout)
    {
        var path = p.Get("--network") ?? throw new UsageException("missing --network FILE (the network to export)");
        var output = p.Get("--out") ?? throw new UsageException("missing --out FILE.onnx");
        var network = ModelOptions.Load(p, path).Exact;
        var options = new OnnxExportOptions { RoundWeights = p.Has("--round") };
        byte[] bytes;
        try { bytes = OnnxExport.ToBytes(network, options); }
        catch (OnnxExportException e) { throw new UsageException($"cannot export '{path}': {e.Message}{(options.RoundWeights ? "" : " (give --round)")}"); }
        try { File.WriteAllBytes(output, bytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"cannot write --out '{output}': {e.Message}"); }
        stdout.WriteLine($"wrote {output} ({bytes.Length} bytes, opset {OnnxExport.Opset}, {network.Inputs} inputs, {network.OutputWidth} outputs, attributed output {network.Output})");
        return CliApp.Success;
    }
}
