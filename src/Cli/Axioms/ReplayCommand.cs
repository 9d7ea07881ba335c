using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms.External;
using Verifier.Cli.CommandLine;

namespace Verifier.Cli.Axioms;

/// <summary><c>verifier replay --method-cmd CMD --query FILE</c>: sends the request lines of a counterexample's reproduction
/// (or any <c>verifier-method/1</c> requests) to the method and prints its answers, one JSON line per request.</summary>
internal static class ReplayCommand
{
    /// <summary>The command's entry in the command table.</summary>
    public static Verb Definition(CliContext c) => new Verb("replay", "send verifier-method/1 requests (a counterexample's reproduction) to a method")
    {
        UsageLines = ["verifier replay --method-cmd \"CMD ARGS\" --query FILE [--method-timeout SEC]"],
        About = "Starts the method of --method-cmd, sends every request line of FILE (- for standard input; the lines that 'check "
            + "--method-cmd ... --repro-dir DIR' writes, or any request of CONTRACT.md's verifier-method/1) and prints one line per "
            + "request: {\"id\": K, \"method\": NAME, \"attributions\": [...], \"attributions_approx\": [...]} with the numbers read "
            + "exactly from the method's answer, or {\"id\": K, \"error\": \"...\"} for a fault. Exit code 0 when every request was "
            + "answered, 1 otherwise.",
    }.With(
        ExternalOptions.Command("the method to replay the requests to"),
        Opt.Text("--query", "FILE", "the request lines (JSON Lines; - for standard input)"),
        ExternalOptions.Timeout())
        .Acting(p => Run(p, c.Stdin, c.Stdout));

    private static int Run(Parsed o, TextReader stdin, TextWriter stdout)
    {
        var file = o.Get("--query") ?? throw new UsageException("missing --query FILE");
        string[] lines;
        try { lines = (file == "-" ? stdin.ReadToEnd() : File.ReadAllText(file)).Split('\n').Where(l => !string.IsNullOrWhiteSpace(l)).ToArray(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { throw new UsageException($"cannot read --query '{file}': {e.Message}"); }
        if (lines.Length == 0) throw new UsageException($"--query '{file}' holds no request");
        var requests = lines.Select((l, k) =>
        {
            try { return MethodRequest.Parse(l); }
            catch (Exception e) when (CliApp.IsInputError(e)) { throw new UsageException($"--query '{file}', line {k + 1}: {CliApp.OneLine(e.Message)}"); }
        }).ToArray();
        using var method = ExternalOptions.Start(o);
        bool allAnswered = true;
        for (int k = 0; k < requests.Length; k++)
        {
            var answer = method.Host.Send(requests[k]);
            allAnswered &= answer.Fault is null;
            stdout.WriteLine(Line(k + 1, method.Name, answer));
        }
        return allAnswered ? CliApp.Success : CliApp.Failure;
    }

    private static string Line(int id, string name, MethodAnswer answer)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteString("method", name);
            if (answer.Fault is { } fault) w.WriteString("error", fault.ToString());
            else
            {
                w.WriteStartArray("attributions");
                foreach (var v in answer.Attributions!) w.WriteStringValue(v.ToString());
                w.WriteEndArray();
                w.WriteStartArray("attributions_approx");
                foreach (var v in answer.Attributions!) w.WriteNumberValue(v.ToDouble());
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
