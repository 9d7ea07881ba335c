using System.Text.Json;
using Verifier.Axioms.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.External;

public sealed partial record MethodRequest
{
    /// <summary>Reads a request line as <see cref="ToJsonLine"/> writes it (a reproduction file's lines): <c>function</c>
    /// (with <c>dim</c>) or <c>network</c>, <c>input</c>, <c>baseline</c> or <c>baselines</c> and <c>weights</c>, and the
    /// optional <c>output</c>, <c>network_onnx</c> and <c>params</c>; its <c>id</c> is ignored (the host numbers requests
    /// itself).</summary>
    /// <exception cref="InputArgumentException">Not a request: the message names the field.</exception>
    /// <exception cref="IInputError">A malformed function or network (their own exceptions).</exception>
    public static MethodRequest Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(line, AnswerReader.Strict); }
        catch (JsonException e) { throw new InputArgumentException($"a request line that is not JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InputArgumentException("a request line is not a JSON object");
            Subject subject;
            if (root.TryGetProperty("network", out var net)) subject = Subject.Of(NetworkJson.FromElement(net));
            else if (root.TryGetProperty("function", out var fn) && fn.ValueKind == JsonValueKind.String)
            {
                var expr = ExprParser.Parse(fn.GetString()!);
                subject = root.TryGetProperty("dim", out var dim) && dim.TryGetInt32(out int n) ? Subject.Of(expr, n) : Subject.Of(expr);
            }
            else throw new InputArgumentException("a request needs \"function\" (a string) or \"network\" (an object)");
            var input = Point(root, "input") ?? throw new InputArgumentException("a request needs \"input\"");
            MethodRequest request;
            try
            {
                if (root.TryGetProperty("baselines", out var list))
                {
                    if (list.ValueKind != JsonValueKind.Array) throw new InputArgumentException("\"baselines\" must be an array of points");
                    var points = list.EnumerateArray().Select(p => Numbers(p, "baselines")).ToArray();
                    var weights = Point(root, "weights");
                    request = new MethodRequest(subject, input, new BaselineDistribution(points, weights));
                }
                else request = new MethodRequest(subject, input, Point(root, "baseline"));
            }
            catch (ArgumentException e) when (e is not InputArgumentException) { throw new InputArgumentException(e.Message.Split('\n')[0]); }
            int? output = root.TryGetProperty("output", out var o) && o.TryGetInt32(out int k) ? k : null;
            string? onnx = root.TryGetProperty("network_onnx", out var path) && path.ValueKind == JsonValueKind.String ? path.GetString() : null;
            Dictionary<string, string>? parameters = null;
            if (root.TryGetProperty("params", out var ps))
            {
                if (ps.ValueKind != JsonValueKind.Object) throw new InputArgumentException("\"params\" must be an object");
                parameters = ps.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
            }
            return request with { Output = output, NetworkOnnx = onnx, Parameters = parameters };
        }
    }

    private static Rational[]? Point(JsonElement root, string name) =>
        root.TryGetProperty(name, out var p) ? Numbers(p, name) : null;

    private static Rational[] Numbers(JsonElement array, string name)
    {
        if (array.ValueKind != JsonValueKind.Array) throw new InputArgumentException($"\"{name}\" must be an array of numbers");
        return array.EnumerateArray().Select(v =>
        {
            string text = v.ValueKind switch
            {
                JsonValueKind.String => v.GetString()!,
                JsonValueKind.Number => v.GetRawText(),
                _ => throw new InputArgumentException($"\"{name}\" holds {v.GetRawText()}, not a number"),
            };
            return Rational.TryParse(text, out var r, out var error, 10_000) ? r : throw new InputArgumentException($"bad number in \"{name}\": {error}");
        }).ToArray();
    }
}
