using System.Text.Json;
using Verifier.Axioms.Methods;
using Verifier.Cli.CommandLine;
using Verifier.Cli.Output;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Attribution;

/// <summary>The budgets of one batch: the longest line and the time of each line.</summary>
/// <param name="MaxLineChars">The longest query line, in characters.</param>
/// <param name="LineTimeout">The time budget of each line.</param>
internal sealed record BatchLimits(int MaxLineChars, TimeSpan LineTimeout)
{
    /// <summary>The defaults (<see cref="Budgets"/>).</summary>
    public static readonly BatchLimits Default = new(Budgets.DefaultMaxLineChars, Budgets.DefaultLineTimeout);
}

/// <summary><c>verifier attribute --batch FILE</c>: JSON Lines, one query per line (lines end at <c>\n</c> only: a bare
/// <c>\r</c> is JSON whitespace inside a line), one compact JSON result line per query, in order; a bad line gives
/// <c>{"error": "..."}</c> and processing continues. Blank lines are skipped. Each line has a time budget
/// (<see cref="BatchLimits.LineTimeout"/>): its computation is cancelled cooperatively when it runs out
/// (<see cref="Cancellation"/>) and the line's output is an error; a line longer than
/// <see cref="BatchLimits.MaxLineChars"/> is skipped unread with an error.</summary>
internal static class BatchRunner
{
    private static readonly HashSet<string> Fields =
        ["id", "function", "network", "network_file", "output", "input", "baseline", "method", "path", "baselines", "weights", "params", "dim", "layer", "neuron"];

    // Duplicate keys in a query are an error (the last one would win silently otherwise).
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static int Run(string file, TextReader stdin, TextWriter stdout, bool explain, MethodRegistry registry, BatchLimits limits)
    {
        TextReader reader;
        if (file == "-") reader = stdin;
        else
        {
            if (Directory.Exists(file)) throw new UsageException($"--batch: '{Parsed.Shorten(file)}' is a directory");
            try { reader = new StreamReader(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new UsageException($"cannot read batch file '{Parsed.Shorten(file)}': {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e is UnauthorizedAccessException ? "permission denied" : CliApp.OneLine(e.Message))}");
            }
        }
        try
        {
            var lines = new JsonLinesReader(reader, limits.MaxLineChars);
            while (lines.Next() is { } line)
            {
                if (line.TooLong)
                {
                    stdout.WriteLine(JsonOutput.Error($"line {line.Number}: longer than the limit of {limits.MaxLineChars} characters ({Budgets.MaxLineChars} N raises it)"));
                    continue;
                }
                if (string.IsNullOrWhiteSpace(line.Text)) continue;
                stdout.WriteLine(RunLine(line.Text, line.Number, explain, registry, limits.LineTimeout));
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
    public static string RunLine(string line, int lineNumber, bool explain, MethodRegistry registry) =>
        RunLine(line, lineNumber, explain, registry, Timeout.InfiniteTimeSpan);

    /// <summary>The result line of one query line, its computation cancelled after <paramref name="timeout"/>.</summary>
    public static string RunLine(string line, int lineNumber, bool explain, MethodRegistry registry, TimeSpan timeout)
    {
        string? id = null;
        using var budget = timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(timeout);
        using var scope = Cancellation.Use(budget.Token);
        try
        {
            using var doc = JsonDocument.Parse(line, DocumentOptions);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var idElement))
                id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : throw new UsageException("'id' must be a string");
            var result = QueryRunner.Run(ToQuery(doc.RootElement, registry), registry);
            return WithId(JsonOutput.Write(result.Outcome, explain, indented: false, result.Dependence), id);
        }
        catch (JsonException e)
        {
            return JsonOutput.Error($"line {lineNumber}: {JsonProblem(e, line)}");
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return WithId(JsonOutput.Error($"line {lineNumber}: stopped after the time budget of {timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s per line ({Budgets.LineTimeout} SEC raises it)"), id);
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

    // A JSON problem in words: a duplicate key by name (the reader's message cuts long names), otherwise the reader's
    // message without its byte positions.
    private static string JsonProblem(JsonException e, string line)
    {
        var message = CliApp.OneLine(e.Message);
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        if (!message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase)) return $"malformed JSON: {message}";
        try
        {
            using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 64 });
            if (Duplicate(doc.RootElement) is { } name) return $"duplicate key '{Parsed.Shorten(name)}' in the query";
        }
        catch (JsonException) { }
        return "duplicate key in the query";
    }

    // The first name that appears twice in one object, depth first.
    private static string? Duplicate(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Array)
            return e.EnumerateArray().Select(Duplicate).FirstOrDefault(d => d is not null);
        if (e.ValueKind != JsonValueKind.Object) return null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (!seen.Add(p.Name)) return p.Name;
            if (Duplicate(p.Value) is { } inner) return inner;
        }
        return null;
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
