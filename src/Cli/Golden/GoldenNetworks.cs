using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms.Golden;
using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic.Networks;

namespace Verifier.Cli.Golden;

/// <summary>
/// The networks of a conformance suite as ONNX files (<c>DIR/networks/NAME.onnx</c>, <see cref="OnnxExport"/>: float64
/// weights, each exactly the suite's rational), one per distinct network, named after the queries that use it, and
/// <c>DIR/networks/index.json</c>, which maps every network query's id to its file. A network with a weight float64 cannot
/// represent (-4/3) is written with its weights rounded to the nearest float64 and listed with <c>"exact_weights": false</c>
/// and the reason: its forward values then differ from the exact ones by rounding only (relative 1e-15 or so), and reading it
/// back does not give the suite's network.
/// </summary>
internal static class GoldenNetworks
{
    /// <summary>The folder under the suite's directory.</summary>
    public const string Folder = "networks";

    /// <summary>Writes the files; returns how many networks were written exactly and how many with rounded weights.</summary>
    public static (int Exact, int Rounded) Write(string dir, IReadOnlyList<GoldenCase> suite)
    {
        var groups = new List<(Network Network, List<string> Ids)>();
        foreach (var c in suite)
        {
            if (c.Network is not { } net) continue;
            var group = groups.FindIndex(g => g.Network.Equals(net));
            if (group < 0) groups.Add((net, [c.Id]));
            else groups[group].Ids.Add(c.Id);
        }
        var folder = Path.Combine(dir, Folder);
        Directory.CreateDirectory(folder);
        var used = new HashSet<string>(StringComparer.Ordinal);
        int exact = 0, rounded = 0;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", "verifier-golden-networks/1");
            w.WriteString("about", "ONNX copies (opset 13, float64, input [1, n], output [1, m]) of the suite's networks; 'output' is the attributed entry of the output");
            w.WriteStartArray("networks");
            foreach (var (net, ids) in groups)
            {
                var name = Unique(Stem(ids), used);
                w.WriteStartObject();
                w.WriteString("onnx", $"{Folder}/{name}.onnx");
                byte[] bytes;
                try
                {
                    bytes = OnnxExport.ToBytes(net);
                    w.WriteBoolean("exact_weights", true);
                    exact++;
                }
                catch (OnnxExportException e)
                {
                    bytes = OnnxExport.ToBytes(net, new OnnxExportOptions { RoundWeights = true });
                    w.WriteBoolean("exact_weights", false);
                    w.WriteString("rounded", e.Message.Split(';')[0] + "; such weights are rounded to the nearest float64");
                    rounded++;
                }
                File.WriteAllBytes(Path.Combine(folder, name + ".onnx"), bytes);
                w.WriteNumber("inputs", net.Inputs);
                w.WriteNumber("outputs", net.OutputWidth);
                w.WriteNumber("output", net.Output);
                w.WriteStartArray("queries");
                foreach (var id in ids) w.WriteStringValue(id);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        File.WriteAllText(Path.Combine(folder, "index.json"), Encoding.UTF8.GetString(stream.ToArray()) + "\n", new UTF8Encoding(false));
        return (exact, rounded);
    }

    // The ids' common prefix up to a '-' ("random-2-ig", "random-2-shapley" -> "random-2"), or the one id; safe as a file name.
    private static string Stem(List<string> ids)
    {
        var stem = ids[0];
        if (ids.Count > 1)
        {
            int n = ids.Min(s => s.Length);
            int k = 0;
            while (k < n && ids.All(s => s[k] == ids[0][k])) k++;
            var prefix = ids[0][..k];
            int dash = prefix.LastIndexOf('-');
            stem = prefix.Length == ids[0].Length ? prefix : dash > 0 ? prefix[..dash] : ids[0];
        }
        var safe = new string(stem.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_').ToArray());
        return safe.Length == 0 ? "network" : safe;
    }

    private static string Unique(string name, HashSet<string> used)
    {
        var candidate = name;
        for (int k = 2; !used.Add(candidate); k++) candidate = $"{name}-{k}";
        return candidate;
    }
}
