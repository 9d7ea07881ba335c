using System.Diagnostics;
using Verifier.Axioms.Processes;

namespace Verifier.Axioms.Tests.External;

/// <summary>A fact that runs only where a python with torch and a captum checkout are available, and skips with the reason
/// elsewhere: <c>VERIFIER_CAPTUM</c> names the directory holding the <c>captum</c> package (e.g. an export of
/// github.com/pytorch/captum at v0.7.0), <c>VERIFIER_TORCH_PYTHON</c> the python that imports torch (default: the first of
/// /usr/bin/python3, python3 that does; Debian's python3-torch installs into /usr/bin/python3).</summary>
public sealed class CaptumFactAttribute : FactAttribute
{
    public CaptumFactAttribute()
    {
        if (CaptumMethods.Unavailable is { } why) Skip = why;
    }
}

/// <summary>The Captum example (<c>adapters/python/examples/captum_methods.py</c>) as method commands.</summary>
internal static class CaptumMethods
{
    private static readonly Lazy<(string? Python, string? Captum, string? Why)> Found = new(Find);

    /// <summary>Why the Captum tests cannot run here, or null.</summary>
    public static string? Unavailable => Found.Value.Why;

    /// <summary>The command running the example with <paramref name="args"/>.</summary>
    public static string[] Command(params string[] args) =>
        [Found.Value.Python!, Path.Combine(PythonMethods.AdapterDirectory, "examples", "captum_methods.py"), .. args, "--captum", Found.Value.Captum!];

    private static (string?, string?, string?) Find()
    {
        var captum = Environment.GetEnvironmentVariable("VERIFIER_CAPTUM");
        if (string.IsNullOrEmpty(captum))
            return (null, null, "VERIFIER_CAPTUM is not set (the directory holding a captum checkout's 'captum' package, e.g. v0.7.0)");
        if (!File.Exists(Path.Combine(captum, "captum", "__init__.py")))
            return (null, null, $"VERIFIER_CAPTUM={captum} holds no captum/__init__.py");
        var candidates = new[] { Environment.GetEnvironmentVariable("VERIFIER_TORCH_PYTHON"), "/usr/bin/python3", Executables.TryFindOnPath("python3") };
        foreach (var python in candidates.Where(p => !string.IsNullOrEmpty(p) && File.Exists(p)).Distinct())
        {
            var start = new ProcessStartInfo(python!, ["-c", "import torch, captum.attr"]) { RedirectStandardError = true, RedirectStandardOutput = true };
            start.Environment["PYTHONPATH"] = captum;
            using var p = Process.Start(start)!;
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            if (p.WaitForExit(60_000) && p.ExitCode == 0) return (python, captum, null);
        }
        return (null, null, "no python here imports torch and captum (apt-get install python3-torch python3-matplotlib; VERIFIER_TORCH_PYTHON)");
    }
}
