using System.Diagnostics;
using System.Text.Json;

namespace Verifier.GpuRunner;

/// <summary>What pytorch_ig.py measured: its torch version and, per problem, the median time and the attributions.</summary>
internal sealed record PyTorchOutcome(string Version, List<(string Label, double Ms, double[] Attributions)> Results);

/// <summary>Runs pytorch_ig.py (shipped next to the runner) with the host's python3 and reads its results.</summary>
internal static class PyTorchScript
{
    /// <summary>Why the last run gave nothing.</summary>
    public static string LastProblem { get; private set; } = "";

    public static PyTorchOutcome? Run(string python, string manifest, string device, string output)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "pytorch_ig.py");
        if (!File.Exists(script))
        {
            LastProblem = $"{script} not found";
            return null;
        }
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { script, "--manifest", manifest, "--device", device, "--out", output }) start.ArgumentList.Add(a);
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            LastProblem = $"cannot start {python}: {e.Message}";
            return null;
        }
        if (process is null)
        {
            LastProblem = $"cannot start {python}";
            return null;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(30)))
            {
                process.Kill(entireProcessTree: true);
                LastProblem = "pytorch_ig.py ran for more than 30 minutes";
                return null;
            }
            if (process.ExitCode != 0)
            {
                string tail = string.Join(" | ", stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
                LastProblem = $"pytorch_ig.py exited with {process.ExitCode}: {tail}";
                return null;
            }
        }
        using var json = JsonDocument.Parse(File.ReadAllBytes(output));
        var root = json.RootElement;
        var results = new List<(string, double, double[])>();
        foreach (var r in root.GetProperty("results").EnumerateArray())
            results.Add((r.GetProperty("label").GetString()!, r.GetProperty("median_ms").GetDouble(),
                [.. r.GetProperty("attributions").EnumerateArray().Select(v => v.GetDouble())]));
        return new PyTorchOutcome(root.GetProperty("torch").GetString() ?? "?", results);
    }
}
