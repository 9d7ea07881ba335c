using System.Text.Json;

namespace Verifier.Cli.Tests;

/// <summary>Runs the command line in-process and captures its streams.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun Of(params string[] args) => WithStdin("", args);

    public static CliRun WithStdin(string stdin, params string[] args) => Using(Verifier.Axioms.Methods.MethodRegistry.BuiltIn, stdin, args);

    /// <summary>Runs with the methods of <paramref name="registry"/> (e.g. one registered at run time).</summary>
    public static CliRun Using(Verifier.Axioms.Methods.MethodRegistry registry, string stdin, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, new StringReader(stdin), o, e, registry);
        return new CliRun(code, o.ToString(), e.ToString());
    }

    public JsonElement Json() => JsonDocument.Parse(Stdout).RootElement;

    public static string[] Strings(JsonElement e) => e.EnumerateArray().Select(v => v.GetString()!).ToArray();

    public const string ExampleNetwork = """
        {"format": "verifier-network/1", "inputs": 2,
         "layers": [
           {"type": "dense", "weights": [["1", "0"], ["0", "1"]], "bias": ["0", "0"]},
           {"type": "relu"},
           {"type": "dense", "weights": [["1", "-1"]], "bias": ["-1"]},
           {"type": "relu"}],
         "output": 0}
        """;

    public static string TempFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"verifier-cli-test-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }
}
