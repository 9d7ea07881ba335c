using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Xunit.Abstractions;

namespace Verifier.Cli.Tests;

/// <summary>
/// The verifier as a process against fake solvers put first on PATH (issue 13, item 2): a missing z3, a z3 that leaves
/// a background child holding its output, one that hangs at check-sat, and SIGTERM/SIGINT sent to the verifier itself.
/// </summary>
public sealed class SolverProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "verifier.dll");
    private static readonly string[] Reproducer =
        ["counterexample", "--method", "gradient", "--axiom", "sensitivity-a", "--function", "1 - relu(1 - x1)", "--timeout", "1"];

    private readonly string _dir = Directory.CreateTempSubdirectory("verifier-fake-z3-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>A fake z3 in a directory of its own; it writes its pid (= its process group) to z3.pid.</summary>
    private string FakeZ3(string body)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the fakes are shell scripts");
        var bin = Path.Combine(_dir, "bin");
        Directory.CreateDirectory(bin);
        var path = Path.Combine(bin, "z3");
        File.WriteAllText(path, $"#!/bin/sh\necho $$ > {_dir}/z3.pid\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin;
    }

    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "dotnet"))) return Path.Combine(dir, "dotnet");
        return "/usr/bin/dotnet";
    }

    private sealed record Run(int Code, string Stdout, string Stderr, TimeSpan Elapsed)
    {
        public JsonElement Json() => JsonDocument.Parse(Stdout).RootElement;
    }

    private Run Verifier(string path, string[] args, Action<Process>? during = null)
    {
        var info = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["PATH"] = path;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        // the output is read on threads of its own, not the thread pool's: with the other test assemblies running in
        // parallel the pool can be starved, and an async read's completion then waits seconds for a thread (a CI run once
        // saw the output end 6.6 s after a verifier that had exited at once)
        string stdout = "", stderr = "";
        var readers = new[]
        {
            new Thread(() => stdout = process.StandardOutput.ReadToEnd()) { IsBackground = true },
            new Thread(() => stderr = process.StandardError.ReadToEnd()) { IsBackground = true },
        };
        foreach (var reader in readers) reader.Start();
        during?.Invoke(process);
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the verifier did not end within 60 s");
        }
        clock.Stop();
        foreach (var reader in readers)
            if (!reader.Join(TimeSpan.FromSeconds(60))) Assert.Fail("the verifier's output did not end within 60 s of its exit");
        var run = new Run(process.ExitCode, stdout, stderr, clock.Elapsed);
        output.WriteLine($"rc {run.Code} after {run.Elapsed.TotalSeconds:0.00} s\n{run.Stdout}{run.Stderr}");
        return run;
    }

    private int FakePid() => ReadPid(Path.Combine(_dir, "z3.pid"));

    [Fact]
    public void Counterexample_Z3Missing_UndeterminedWithReasonAndInstallHint()
    {
        var empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);

        var run = Verifier(empty, Reproducer);

        Assert.Equal(0, run.Code);
        var json = run.Json();
        Assert.Equal("undetermined", json.GetProperty("status").GetString());
        Assert.Equal("z3 was not found on PATH; install it with `apt-get install z3` (or pass --solver cvc5 / set the solver path)",
                     json.GetProperty("reason").GetString());
        Assert.Equal("z3 (not found)", json.GetProperty("solver").GetString());
    }

    [Fact]
    public void Counterexample_FakeZ3WithBackgroundChildHoldingOutput_UndeterminedInTimeNothingLeft()
    {
        var bin = FakeZ3($"( /bin/sleep 1000 & echo $! > {_dir}/bg.pid )\nexec /bin/sleep 1000");

        var run = Verifier(bin + ":" + Environment.GetEnvironmentVariable("PATH"), Reproducer);

        Assert.Equal(0, run.Code);
        Assert.Equal("undetermined", run.Json().GetProperty("status").GetString());
        Assert.Contains("no answer within 5 s (wall-clock limit)", run.Json().GetProperty("reason").GetString());
        // --timeout 1 plus the 5 s kill grace, plus 1.5 s for starting the runtime on a shared machine.
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(7.5), $"took {run.Elapsed}");
        int pgid = FakePid();
        Assert.Empty(LiveMembers(pgid));
        Assert.False(IsAlive(ReadPid(Path.Combine(_dir, "bg.pid"))));
    }

    [Fact]
    public void Counterexample_FakeZ3HangsAtCheckSat_UndeterminedInTimeNothingLeft()
    {
        var bin = FakeZ3("""
            while read -r line; do
              case "$line" in
                *get-info*) echo '(:version "0.1")' ;;
                *check-sat*) ( /bin/sleep 1000 & ) ; /bin/sleep 1000 ;;
                *echo*) echo verifier-smt-end-of-reply ;;
              esac
            done
            """);

        var run = Verifier(bin + ":" + Environment.GetEnvironmentVariable("PATH"), Reproducer);

        Assert.Equal(0, run.Code);
        Assert.Equal("undetermined", run.Json().GetProperty("status").GetString());
        // Two backstops of timeout + 5 s race here: the solver process's own (no answer to check-sat) and the whole search's
        // (SolverSearch's wall-clock limit); either one gives an undetermined verdict that says which limit ran out.
        var reason = run.Json().GetProperty("reason").GetString()!;
        Assert.True(reason.Contains("no answer within 6 s (wall-clock limit) while answering (check-sat)", StringComparison.Ordinal)
            || reason.Contains("the time limit of the whole search ran out (6 s", StringComparison.Ordinal), reason);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(7.5), $"took {run.Elapsed}");
        Assert.Empty(LiveMembers(FakePid()));
    }

    [Theory]
    [InlineData(15, 143)] // SIGTERM
    [InlineData(2, 130)]  // SIGINT
    public void Counterexample_SignalToVerifierWhileSolverHangs_ExitsConventionallyNothingLeft(int signal, int code)
    {
        var bin = FakeZ3("( /bin/sleep 1000 & )\nexec /bin/sleep 1000");
        int pgid = 0;
        var clock = new Stopwatch();

        var run = Verifier(bin + ":" + Environment.GetEnvironmentVariable("PATH"), Reproducer, verifier =>
        {
            pgid = FakePid();
            Thread.Sleep(300); // the background child is started
            clock.Start();
            Assert.Equal(0, kill(verifier.Id, signal));
        });

        output.WriteLine($"ended {clock.Elapsed.TotalMilliseconds:0} ms after the signal");
        Assert.Equal(code, run.Code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Empty(LiveMembers(pgid));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private static int ReadPid(string file)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                return pid;
            if (DateTime.UtcNow > until) throw new TimeoutException($"no pid in {file}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Live (not zombie) members of a process group, from /proc, waiting up to 3 s for them to go.</summary>
    private static List<int> LiveMembers(int pgid)
    {
        var until = DateTime.UtcNow.AddSeconds(3);
        while (true)
        {
            var members = new List<int>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
                if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                    && Stat(pid) is { } s && s.Pgid == pgid && s.State is not ('Z' or 'X'))
                    members.Add(pid);
            if (members.Count == 0 || DateTime.UtcNow > until) return members;
            Thread.Sleep(50);
        }
    }

    private static bool IsAlive(int pid) => Stat(pid) is { } s && s.State is not ('Z' or 'X');

    private static (char State, int Pgid)? Stat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        int close = text.LastIndexOf(')');
        var fields = text[(close + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[2], CultureInfo.InvariantCulture));
    }
}
