using System.Text.Json;
using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic.Networks;

namespace Verifier.Cli.Tests.Onnx;

/// <summary>The protocol field <c>network_onnx</c> (CONTRACT.md, external methods): filled with an exact ONNX copy of each
/// network request's network.</summary>
public sealed class NetworkOnnxFieldTests : IDisposable
{
    private readonly OnnxCliFiles _files = new();

    public void Dispose() => _files.Dispose();

    // A method that answers zeros and logs, per request, whether it had a network and the network_onnx file's JSON copy.
    private const string EchoMethod = """
        import json, os, sys
        log = open(sys.argv[1], "w")
        print(json.dumps({"protocol": "verifier-method/1", "name": "onnx-echo", "accepts": ["functions", "networks"], "baseline": True, "exact": False}), flush=True)
        for line in sys.stdin:
            q = json.loads(line)
            p = q.get("network_onnx")
            log.write(json.dumps({"network": q.get("network"), "onnx": p, "exists": bool(p) and os.path.exists(p)}) + "\n")
            log.flush()
            print(json.dumps({"id": q["id"], "attributions": [0] * len(q["input"])}), flush=True)
        """;

    [PythonFact]
    public void Conformance_NetworkRequests_CarryAnExactOnnxCopy()
    {
        var script = _files.Write("echo.py", EchoMethod);
        var log = Path.Combine(_files.Dir, "requests.jsonl");
        var run = CliRun.Of("conformance", "--method-cmd", $"python3 '{script}' '{log}'", "--as", "ig", "--quiet");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var requests = File.ReadLines(log).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(requests.Where(r => r.GetProperty("network").ValueKind == JsonValueKind.Null),
            r => Assert.Equal(JsonValueKind.Null, r.GetProperty("onnx").ValueKind));
        var copies = requests.Where(r => r.GetProperty("onnx").ValueKind == JsonValueKind.String).ToList();
        Assert.NotEmpty(copies);
        foreach (var r in copies)
        {
            Assert.True(r.GetProperty("exists").GetBoolean());
            var sent = NetworkJson.FromElement(r.GetProperty("network"));
            Assert.Equal(sent, OnnxImport.ToNetwork(OnnxGraph.Load(r.GetProperty("onnx").GetString()!), sent.Output));
        }
    }
}
