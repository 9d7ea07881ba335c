using System.Text;

namespace Verifier.NumericBridge.Gpu;

/// <summary>One library that the check looks for in a libtorch directory.</summary>
/// <param name="Name">The file name looked for, e.g. <c>libtorch_cuda.so</c>.</param>
/// <param name="Path">The file found (the name itself, or a versioned <c>name.N</c> file); null when absent.</param>
/// <param name="Soname">Its <c>DT_SONAME</c>; null when absent or unreadable.</param>
/// <param name="Cuda">True for the libraries that only a CUDA build has.</param>
/// <param name="Problem">Why it cannot be used (missing, unreadable, or a soname the glue would not match); null when fine.</param>
public sealed record LibtorchLibrary(string Name, string? Path, string? Soname, bool Cuda, string? Problem);

/// <summary>
/// What <see cref="LibtorchCompatibility.Check"/> found: which libraries a libtorch directory has, and which of the
/// symbols that TorchSharp's glue <c>libLibTorchSharp.so</c> looks up neither that libtorch nor the system exports.
/// </summary>
/// <param name="Directory">The directory checked.</param>
/// <param name="Version">The libtorch or PyTorch version read from the installation (<c>../version.py</c> or <c>../build-version</c>); null when not found.</param>
/// <param name="Libraries">The libraries looked for, in load order.</param>
/// <param name="GluePath">The glue whose needs were checked; null when it was not found.</param>
/// <param name="GlueImports">How many symbols the glue looks up (undefined, non-weak, named by a relocation).</param>
/// <param name="ResolvedByLibtorch">How many of them the directory's libraries export.</param>
/// <param name="ResolvedBySystem">How many of the rest the glue's other needed libraries (libstdc++, libc, ...) export.</param>
/// <param name="Missing">The symbols that nothing exports, sorted (mangled C++ names; pipe through <c>c++filt</c> to read them).</param>
/// <param name="Notes">Further findings, one a line (system libraries not found, read errors).</param>
public sealed record CompatibilityReport(
    string Directory,
    string? Version,
    IReadOnlyList<LibtorchLibrary> Libraries,
    string? GluePath,
    int GlueImports,
    int ResolvedByLibtorch,
    int ResolvedBySystem,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when the CPU libraries are present and usable, the glue was found, and no symbol is missing.</summary>
    public bool CanLoadGlue => GluePath is not null && Missing.Count == 0 && Libraries.Where(l => !l.Cuda).All(l => l.Problem is null);

    /// <summary>True when, besides <see cref="CanLoadGlue"/>, the CUDA libraries are present and usable.</summary>
    public bool HasCuda => Libraries.Where(l => l.Cuda).All(l => l.Problem is null);

    /// <summary>The report as text, listing at most <paramref name="maxMissing"/> missing symbols.</summary>
    public string Format(int maxMissing = 40)
    {
        var text = new StringBuilder();
        text.AppendLine($"libtorch directory: {Directory}{(Version is null ? "" : $" (version {Version})")}");
        foreach (var lib in Libraries)
            text.AppendLine($"  {lib.Name,-18} {(lib.Problem is null ? $"ok   {lib.Path} (soname {lib.Soname})" : $"FAIL {lib.Problem}")}");
        text.AppendLine(GluePath is null ? "  glue libLibTorchSharp.so: not found" : $"  glue: {GluePath}");
        text.AppendLine($"  symbols the glue looks up: {GlueImports}; exported by this libtorch: {ResolvedByLibtorch}; by system libraries: {ResolvedBySystem}; missing: {Missing.Count}");
        foreach (string m in Missing.Take(maxMissing)) text.AppendLine($"    missing {m}");
        if (Missing.Count > maxMissing) text.AppendLine($"    ... and {Missing.Count - maxMissing} more");
        foreach (string note in Notes) text.AppendLine($"  note: {note}");
        text.AppendLine(CanLoadGlue
            ? HasCuda ? "  verdict: compatible with TorchSharp 0.107.0's glue, CUDA libraries present"
                      : "  verdict: compatible with TorchSharp 0.107.0's glue, but no CUDA libraries (a CPU-only libtorch)"
            : "  verdict: NOT compatible with TorchSharp 0.107.0's glue (built against libtorch 2.10.0); loading it would fail or crash");
        return text.ToString();
    }
}

/// <summary>
/// Checks whether a libtorch directory (a PyTorch installation's <c>torch/lib</c>, or an unpacked libtorch) can serve
/// TorchSharp 0.107.0, whose native glue <c>libLibTorchSharp.so</c> was built against libtorch 2.10.0: the libraries
/// exist, their sonames are the ones the glue links to, and every symbol the glue looks up is exported.
/// </summary>
/// <remarks>
/// The glue's C++ calls into libtorch are bound by mangled name; a libtorch of another version, or built with the
/// other C++ ABI (<c>_GLIBCXX_USE_CXX11_ABI</c>), lacks some of them. The dynamic loader binds functions lazily, so a
/// missing function does not stop the load but kills the process at the first call ("symbol lookup error"): hence
/// this check before anything is loaded. It reads ELF dynamic symbol tables in C# (<see cref="ElfDynamicSymbols"/>),
/// so it needs neither <c>nm</c> nor <c>readelf</c>, and loads nothing.
/// </remarks>
public static class LibtorchCompatibility
{
    /// <summary>The libraries looked for, in dependency (load) order, and whether only a CUDA build has them.</summary>
    public static IReadOnlyList<(string Name, bool Cuda)> LibraryNames { get; } =
    [
        ("libc10.so", false),
        ("libtorch_cpu.so", false),
        ("libc10_cuda.so", true),
        ("libtorch_cuda.so", true),
        ("libtorch.so", false),
    ];

    /// <summary>The glue's file name on Linux.</summary>
    public const string GlueFileName = "libLibTorchSharp.so";

    private static readonly string[] SystemDirectories =
    [
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
    ];

    /// <summary>
    /// Checks <paramref name="directory"/> against the glue at <paramref name="gluePath"/> (by default the copy next to
    /// the application, else the NuGet cache's TorchSharp 0.107.0). Never throws for a bad directory: a missing
    /// directory or file is reported in the result.
    /// </summary>
    public static CompatibilityReport Check(string directory, string? gluePath = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string dir = System.IO.Path.GetFullPath(directory);
        var notes = new List<string>();
        var libraries = new List<LibtorchLibrary>();
        var exports = new List<ElfDynamicSymbols>();
        if (!System.IO.Directory.Exists(dir)) notes.Add($"the directory {dir} does not exist");
        gluePath ??= FindGlue();
        ElfDynamicSymbols? glue = null;
        if (gluePath is not null)
        {
            try { glue = ElfDynamicSymbols.Read(gluePath); }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                notes.Add($"reading the glue {gluePath} failed: {e.Message}");
                gluePath = null;
            }
        }
        var glueNeeds = glue?.Needed.ToHashSet(StringComparer.Ordinal) ?? [];

        foreach (var (name, cuda) in LibraryNames)
        {
            string? path = FindLibrary(dir, name);
            if (path is null)
            {
                libraries.Add(new LibtorchLibrary(name, null, null, cuda, $"{name} not found in {dir}"));
                continue;
            }
            try
            {
                var symbols = ElfDynamicSymbols.Read(path);
                exports.Add(symbols);
                // The glue links to libtorch.so, libc10.so, libtorch_cpu.so by these exact sonames: a loaded library matches a
                // DT_NEEDED entry only through its soname.
                string? problem = glueNeeds.Contains(name) && symbols.Soname is not null && symbols.Soname != name
                    ? $"{path} has soname {symbols.Soname}, but the glue needs {name}"
                    : null;
                libraries.Add(new LibtorchLibrary(name, path, symbols.Soname, cuda, problem));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                libraries.Add(new LibtorchLibrary(name, path, null, cuda, $"{path} could not be read: {e.Message}"));
            }
        }

        int imports = 0, byLibtorch = 0, bySystem = 0;
        var missing = new List<string>();
        if (glue is not null)
        {
            var system = SystemLibraries(glue, notes);
            imports = glue.Imports.Count;
            foreach (string symbol in glue.Imports)
            {
                if (exports.Any(e => e.Exports.Contains(symbol))) byLibtorch++;
                else if (system.Any(e => e.Exports.Contains(symbol))) bySystem++;
                else missing.Add(symbol);
            }
        }
        else notes.Add($"{GlueFileName} not found next to the application nor in the NuGet cache: the symbol check was not done");
        return new CompatibilityReport(dir, ReadVersion(dir), libraries, gluePath, imports, byLibtorch, bySystem, missing, notes);
    }

    /// <summary>
    /// <paramref name="name"/> in <paramref name="directory"/>, else the one versioned file <c>name.N...</c> there (as a
    /// distribution packages libtorch); null when neither exists.
    /// </summary>
    internal static string? FindLibrary(string directory, string name)
    {
        string exact = System.IO.Path.Combine(directory, name);
        if (File.Exists(exact)) return exact;
        if (!System.IO.Directory.Exists(directory)) return null;
        return System.IO.Directory.EnumerateFiles(directory, name + ".*").Order(StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>
    /// The glue next to the application (flat, or under <c>runtimes/linux-x64/native</c>), else in the NuGet cache's
    /// <c>torchsharp/0.107.0</c>; null when in none.
    /// </summary>
    public static string? FindGlue()
    {
        var candidates = new List<string>
        {
            System.IO.Path.Combine(AppContext.BaseDirectory, GlueFileName),
            System.IO.Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", GlueFileName),
        };
        string? packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages)) packages = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        candidates.Add(System.IO.Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", GlueFileName));
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>The glue's needed libraries that are not libtorch's (libstdc++, libm, libgcc_s, libc, ld-linux), from the system's directories.</summary>
    private static List<ElfDynamicSymbols> SystemLibraries(ElfDynamicSymbols glue, List<string> notes)
    {
        var result = new List<ElfDynamicSymbols>();
        foreach (string needed in glue.Needed)
        {
            if (LibraryNames.Any(l => l.Name == needed)) continue;
            string? path = SystemDirectories.Select(d => System.IO.Path.Combine(d, needed)).FirstOrDefault(File.Exists);
            if (path is null)
            {
                notes.Add($"system library {needed} not found in the usual directories; its symbols count as missing");
                continue;
            }
            try { result.Add(ElfDynamicSymbols.Read(path)); }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                notes.Add($"reading {path} failed: {e.Message}");
            }
        }
        return result;
    }

    /// <summary>
    /// The version of the installation: PyTorch's <c>torch/version.py</c> (<c>__version__ = '2.10.0+cu128'</c>) next to
    /// <c>torch/lib</c>, or libtorch's <c>build-version</c> file; null when neither is there.
    /// </summary>
    internal static string? ReadVersion(string directory)
    {
        string? parent = System.IO.Path.GetDirectoryName(directory.TrimEnd('/'));
        if (parent is null) return null;
        try
        {
            string pythonVersion = System.IO.Path.Combine(parent, "version.py");
            if (File.Exists(pythonVersion))
            {
                foreach (string line in File.ReadLines(pythonVersion))
                {
                    string l = line.Trim();
                    if (!l.StartsWith("__version__", StringComparison.Ordinal)) continue;
                    int eq = l.IndexOf('=');
                    if (eq >= 0) return l[(eq + 1)..].Trim().Trim('\'', '"');
                }
            }
            string buildVersion = System.IO.Path.Combine(parent, "build-version");
            if (File.Exists(buildVersion)) return File.ReadAllText(buildVersion).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return null;
    }
}
