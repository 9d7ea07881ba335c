using System.Diagnostics;
using System.Text.Json;

namespace Verifier.Cli.Tests;

public class EndToEndTests
{
    // The project reference to the Exe copies verifier.dll and its runtimeconfig beside the test assembly.
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "verifier.dll");

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        Assert.True(File.Exists(Dll), $"verifier.dll not found at {Dll}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task VerifierDll_RunAsProcess_PrintsExactJson()
    {
        var (code, stdout, stderr) = await RunAsync("attribute", "--function", "x1*x2", "--input", "1,3");
        Assert.True(code == 0, stderr);
        var j = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(["3/2", "3/2"], CliRun.Strings(j.GetProperty("attributions")));
    }

    [Fact]
    public async Task VerifierDll_BadInputAsProcess_ExitTwo()
    {
        var (code, _, stderr) = await RunAsync("attribute", "--function", "x1");
        Assert.Equal(2, code);
        Assert.Contains("missing --input", stderr);
    }
}
