using System.Text.Json;
using Verifier.Axioms.Methods;
using Verifier.Cli.Output;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Attribution;

/// <summary><c>verifier attribute --batch FILE</c>: one JSON query per line, one compact JSON result line per query, in
/// order; a bad line gives <c>{"error": "..."}</c> and processing continues. Blank lines are skipped.</summary>
internal static class BatchRunner
{
    private static readonly HashSet<string> Fields =
        ["id", "function", "network", "network_file", "output", "input", "baseline", "method", "path", "baselines", "weights", "params", "dim", "layer", "neuron"];

    public static int Run(string file, TextReader stdin, TextWriter stdout, bool explain, MethodRegistry registry)
    {
        TextReader reader;
        if (file == "-") reader = stdin;
        else
        {
            try { reader = new StreamReader(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new UsageException($"cannot read batch file '{file}': {e.Message}");
            }
        }
        try
        {
            int lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                stdout.WriteLine(RunLine(line, lineNumber, explain, registry));
            }
        }
        finally
        {
            if (!ReferenceEquals(reader, stdin)) reader.Dispose();
        }
        return CliApp.Success;
    }

    /// <summary>The result line of one query line (an error object when the line is bad); a query's optional string
    /// <c>id</c> is echoed as the result's first field.</summary>
    public static string RunLine(string line, int lineNumber, bool explain, MethodRegistry registry)
    {
        string? id = null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var idElement))
                id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : throw new UsageException("'id' must be a string");
            return WithId(JsonOutput.Write(QueryRunner.Run(ToQuery(doc.RootElement, registry), registry), explain, indented: false), id);
        }
        catch (JsonException e)
        {
            return JsonOutput.Error($"line {lineNumber}: malformed JSON: {CliApp.OneLine(e.Message)}");
        }
        catch (Exception e) when (CliApp.IsInputError(e))
        {
            return WithId(JsonOutput.Error($"line {lineNumber}: {CliApp.OneLine(e.Message)}"), id);
        }
        catch (Exception e)
        {
            return JsonOutput.Error($"line {lineNumber}: {CliApp.InternalError(e)}");
        }
    }

    // {"id": "...", <the result's fields>}
    private static string WithId(string json, string? id) =>
        id is null || !json.StartsWith('{') ? json : "{\"id\":" + JsonOutput.Quote(id) + (json.Length > 2 ? "," : "") + json[1..];

    private static Query ToQuery(JsonElement q, MethodRegistry registry)
    {
        if (q.ValueKind != JsonValueKind.Object) throw new UsageException("a query must be a JSON object");
        foreach (var p in q.EnumerateObject())
            if (!Fields.Contains(p.Name)) throw new UsageException($"unknown field '{p.Name}'; expected {string.Join(", ", Fields)}");
        bool hasF = q.TryGetProperty("function", out var f), hasN = q.TryGetProperty("network", out var n);
        bool hasFile = q.TryGetProperty("network_file", out var nf);
        if (hasN && hasFile) throw new UsageException("give either 'network' or 'network_file', not both");
        hasN |= hasFile;
        if (hasF == hasN) throw new UsageException(hasF ? "give either 'function' or 'network', not both" : "missing 'function' or 'network'");
        if (!q.TryGetProperty("input", out var input)) throw new UsageException("missing 'input'");
        int? output = Int(q, "output", 0);
        if (output is not null && !hasN) throw new UsageException("'output' applies to a network ('network' or 'network_file')");
        Network? network = null;
        Models.ModelFile? model = null;
        if (hasFile)
        {
            model = Models.NetworkFile.Load(String(nf, "network_file"), output);
            network = model.Exact;
        }
        else if (hasN)
        {
            try { network = NetworkJson.FromElement(n); }
            catch (NetworkFormatException e) { throw new UsageException($"bad network: {e.Message}"); }
            if (output is { } k)
            {
                if (k >= network.OutputWidth) throw new UsageException($"'output' {k} is out of range: the network has {network.OutputWidth} outputs (0-based, 0..{network.OutputWidth - 1})");
                network = network.WithOutput(k);
            }
        }
        var parameters = new Dictionary<string, string>();
        if (q.TryGetProperty("params", out var ps))
        {
            if (ps.ValueKind != JsonValueKind.Object) throw new UsageException("'params' must be an object");
            foreach (var p in ps.EnumerateObject()) parameters[p.Name] = Scalar(p.Value, $"params.{p.Name}");
        }
        return new Query(
            hasF ? String(f, "function") : null, network,
            Point(input, "input", model),
            q.TryGetProperty("baseline", out var b) ? Point(b, "baseline", model) : null,
            q.TryGetProperty("method", out var m) ? String(m, "method").Trim().ToLowerInvariant() : registry.Default.Name,
            q.TryGetProperty("path", out var path) ? String(path, "path") : null,
            q.TryGetProperty("baselines", out var bs) ? Baselines(bs) : null,
            q.TryGetProperty("weights", out var w) ? Point(w, "weights") : null,
            parameters,
            Int(q, "dim", 1), Int(q, "layer", 0), Int(q, "neuron", 0));
    }

    private static Rational[][] Baselines(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new UsageException("'baselines' must be an array of points");
        return e.EnumerateArray().Select((p, k) => Point(p, $"baselines[{k}]")).ToArray();
    }

    // A point: an array of number strings or JSON numbers (read exactly from their text), a "1,2,3" string, or "@FILE" (a
    // point file, as --input @FILE).
    private static Rational[] Point(JsonElement e, string what, Models.ModelFile? model = null)
    {
        if (e.ValueKind == JsonValueKind.String) return Models.PointArgument.Read(e.GetString()!, what, model, AttributeCommand.Point);
        if (e.ValueKind != JsonValueKind.Array) throw new UsageException($"'{what}' must be an array of numbers");
        return e.EnumerateArray().Select((v, i) => QueryRunner.Number(Scalar(v, $"{what}[{i}]"), $"{what}[{i}]")).ToArray();
    }

    private static string Scalar(JsonElement e, string what) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetRawText(),
        _ => throw new UsageException($"'{what}' must be a number or a string"),
    };

    private static string String(JsonElement e, string what) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new UsageException($"'{what}' must be a string");

    private static int? Int(JsonElement q, string name, int min)
    {
        if (!q.TryGetProperty(name, out var e)) return null;
        return AttributeCommand.Index(Scalar(e, name), name, min);
    }
}
