using Verifier.Axioms.Processes;

namespace Verifier.Axioms.Tests.External;

/// <summary>A fact that skips itself when python3 is not on the PATH (CI installs it).</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (!PythonMethods.Available) Skip = "python3 is not installed (apt-get install python3)";
    }
}

/// <summary>A theory that skips itself when python3 is not on the PATH.</summary>
public sealed class PythonTheoryAttribute : TheoryAttribute
{
    public PythonTheoryAttribute()
    {
        if (!PythonMethods.Available) Skip = "python3 is not installed (apt-get install python3)";
    }
}

/// <summary>The Python adapter's examples (<c>adapters/python/examples</c>) as method commands.</summary>
internal static class PythonMethods
{
    public static bool Available { get; } = Executables.TryFindOnPath("python3") is not null;

    /// <summary>The repository's <c>adapters/python</c> directory, found above the test assembly.</summary>
    public static string AdapterDirectory { get; } = FindAdapter();

    /// <summary>The command running example <paramref name="script"/> with <paramref name="args"/>.</summary>
    public static string[] Command(string script, params string[] args) =>
        ["python3", Path.Combine(AdapterDirectory, "examples", script), .. args];

    private static string FindAdapter()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "adapters", "python");
            if (File.Exists(Path.Combine(candidate, "verifier_method.py"))) return candidate;
        }
        throw new DirectoryNotFoundException("adapters/python not found above " + AppContext.BaseDirectory);
    }
}
