namespace Verifier.NumericBridge.Gpu.Tests;

public class LibtorchCompatibilityTests
{
    [Fact]
    public void Check_TorchSharpCpuLibtorch_ReportsNoMissingSymbols()
    {
        var report = LibtorchCompatibility.Check(TestFiles.CpuLibtorchDirectory(), TestFiles.Glue());
        Assert.Empty(report.Missing);
        Assert.True(report.GlueImports > 1000, $"the glue looks up {report.GlueImports} symbols");
        Assert.True(report.ResolvedByLibtorch > 1000, $"libtorch exports {report.ResolvedByLibtorch} of them");
        Assert.Equal(report.GlueImports, report.ResolvedByLibtorch + report.ResolvedBySystem);
        Assert.True(report.CanLoadGlue, report.Format());
        Assert.False(report.HasCuda); // TorchSharp-cpu has no libtorch_cuda.so
        Assert.Contains("libtorch_cuda.so not found", report.Format());
    }

    [Fact]
    public void Check_EmptyDirectory_ReportsEveryLibraryMissing()
    {
        string dir = TestFiles.ScratchDirectory();
        var report = LibtorchCompatibility.Check(dir, TestFiles.Glue());
        Assert.All(report.Libraries, l => Assert.Equal($"{l.Name} not found in {dir}", l.Problem));
        Assert.False(report.CanLoadGlue);
        Assert.Contains("NOT compatible", report.Format());
        // Nothing exports libtorch's symbols, so all but the system's are missing.
        Assert.Equal(report.GlueImports - report.ResolvedBySystem, report.Missing.Count);
    }

    [Fact]
    public void Check_MissingDirectory_SaysSoAndDoesNotThrow()
    {
        string dir = Path.Combine(TestFiles.ScratchDirectory(), "absent");
        var report = LibtorchCompatibility.Check(dir, TestFiles.Glue());
        Assert.Contains(report.Notes, n => n.Contains("does not exist", StringComparison.Ordinal));
        Assert.False(report.CanLoadGlue);
    }

    [Fact]
    public void Check_WrongLibrariesUnderLibtorchNames_ReportsSonameAndMissingSymbols()
    {
        string dir = TestFiles.ScratchDirectory();
        foreach (string name in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" }) File.Copy(TestFiles.SystemLibm(), Path.Combine(dir, name));
        var report = LibtorchCompatibility.Check(dir, TestFiles.Glue());
        var torchCpu = report.Libraries.Single(l => l.Name == "libtorch_cpu.so");
        Assert.Equal("libm.so.6", torchCpu.Soname);
        Assert.Contains("but the glue needs libtorch_cpu.so", torchCpu.Problem);
        Assert.Contains(report.Missing, m => m.StartsWith("_ZN2at", StringComparison.Ordinal)); // ATen's C++ API
        Assert.False(report.CanLoadGlue);
    }

    [Fact]
    public void Check_NotAnElfFile_ReportsItUnreadable()
    {
        string dir = TestFiles.ScratchDirectory();
        File.WriteAllText(Path.Combine(dir, "libc10.so"), "not a library");
        var report = LibtorchCompatibility.Check(dir, TestFiles.Glue());
        Assert.Contains("could not be read", report.Libraries.Single(l => l.Name == "libc10.so").Problem);
    }

    [Fact]
    public void FindLibrary_VersionedFileOnly_FindsIt()
    {
        string dir = TestFiles.ScratchDirectory();
        File.WriteAllText(Path.Combine(dir, "libc10.so.2.10"), "");
        Assert.Equal(Path.Combine(dir, "libc10.so.2.10"), LibtorchCompatibility.FindLibrary(dir, "libc10.so"));
        Assert.Null(LibtorchCompatibility.FindLibrary(dir, "libtorch.so"));
    }

    [Theory]
    [InlineData("version.py", "__version__ = '2.10.0+cu128'\ngit_version = 'abc'\n", "2.10.0+cu128")]
    [InlineData("build-version", "2.10.0+cpu\n", "2.10.0+cpu")]
    public void ReadVersion_InstallationFiles_ReadsTheVersion(string file, string text, string expected)
    {
        string root = TestFiles.ScratchDirectory();
        string lib = Path.Combine(root, "lib");
        Directory.CreateDirectory(lib);
        File.WriteAllText(Path.Combine(root, file), text);
        Assert.Equal(expected, LibtorchCompatibility.ReadVersion(lib));
    }
}

public class ElfDynamicSymbolsTests
{
    [Fact]
    public void Read_Glue_HasSonameNeedsAndExports()
    {
        var glue = ElfDynamicSymbols.Read(TestFiles.Glue());
        Assert.Equal("libLibTorchSharp.so", glue.Soname);
        Assert.Equal(["libtorch.so", "libc10.so", "libtorch_cpu.so"], glue.Needed.Take(3));
        Assert.Contains("THSTorchCuda_is_available", glue.Exports);
        Assert.DoesNotContain("THSTorchCuda_is_available", glue.Imports);
    }

    [Fact]
    public void Read_Glue_LeavesOutTheVersionMarkerThatNoRelocationUses()
    {
        // _ZSt21ios_base_library_initv is undefined in the glue (it carries the GLIBCXX_3.4.32 need) but never looked up.
        var glue = ElfDynamicSymbols.Read(TestFiles.Glue());
        Assert.DoesNotContain("_ZSt21ios_base_library_initv", glue.Imports);
        Assert.Contains("_ZNSt8ios_baseD2Ev", glue.Imports); // a libstdc++ symbol it does call
    }

    [Fact]
    public void Read_TextFile_ThrowsInvalidData()
    {
        string path = Path.Combine(TestFiles.ScratchDirectory(), "x.so");
        File.WriteAllText(path, "hello, this is not an ELF file at all, but long enough to have a header of 64 bytes......");
        var e = Assert.Throws<InvalidDataException>(() => ElfDynamicSymbols.Read(path));
        Assert.Contains("not an ELF file", e.Message);
    }
}
