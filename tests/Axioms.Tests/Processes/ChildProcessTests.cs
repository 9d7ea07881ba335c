using System.Diagnostics;
using System.Text;
using Verifier.Axioms.Processes;
using Verifier.Axioms.Tests.Smt;
using Xunit.Abstractions;

namespace Verifier.Axioms.Tests.Processes;

/// <summary>The one owner of child processes: own process group, group kill that does not wait for pipes, clean ends.</summary>
public sealed class ChildProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StringBuilder _stdout = new();
    private readonly ManualResetEventSlim _ended = new();

    public void Dispose()
    {
        _dir.Dispose();
        _ended.Dispose();
    }

    private string Script(string name, string body)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the fakes are shell scripts");
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private ChildProcess Start(string executable, params string[] args) =>
        ChildProcess.Start(new ChildProcessStart(executable, args),
            (buffer, n) => { lock (_stdout) _stdout.Append(buffer, 0, n); },
            () => _ended.Set());

    private string Pid(string name) => Path.Combine(_dir.Path, name);

    [Fact]
    public void Start_Linux_ChildLeadsItsOwnProcessGroup()
    {
        using var child = Start("/bin/sleep", "100");

        Assert.True(child.OwnsProcessGroup);
        Assert.Equal(child.Id, Executables.ProcessGroupOf(child.Id));
        Assert.NotEqual(Executables.ProcessGroupOf(Environment.ProcessId), child.Id);
        Assert.Equal([child.Id], ProcessTable.LiveMembers(child.Id));
    }

    /// <summary>CI caught <c>Start</c> returning after <c>setsid</c> was exec'd but before it called <c>setsid()</c>: the
    /// child was still in our group for a moment. Many starts in a row, each checked at once.</summary>
    [Fact]
    public void Start_ManyInARow_EachInItsOwnGroupWhenStartReturns()
    {
        for (int i = 0; i < 40; i++)
        {
            using var child = Start("/bin/sleep", "100");
            Assert.Equal(child.Id, Executables.ProcessGroupOf(child.Id));
            child.Kill("test");
        }
    }

    [Fact]
    public void Kill_BackgroundGrandchildHoldsOutput_OutputEndsAtOnceAndGroupEmpty()
    {
        // The issue's fake solver: an orphaned background child keeps standard output open, the leader hangs.
        var path = Script("bg", $"( /bin/sleep 1000 & echo $! > {Pid("bg.pid")} )\nexec /bin/sleep 1000");
        using var child = Start(path);
        int grandchild = ProcessTable.ReadPidFile(Pid("bg.pid"));
        Assert.Equal(child.Id, Executables.ProcessGroupOf(grandchild));
        Assert.True(ProcessTable.IsAlive(grandchild));

        var clock = Stopwatch.StartNew();
        child.Kill("test");
        bool ended = _ended.Wait(TimeSpan.FromSeconds(2));
        output.WriteLine($"output ended {clock.Elapsed.TotalMilliseconds:0} ms after the kill");

        Assert.True(ended, "the output did not end");
        Assert.Empty(ProcessTable.WaitUntilEmpty(child.Id));
        Assert.False(ProcessTable.IsAlive(grandchild));
        Assert.Equal("was killed (test)", child.DescribeExit());
    }

    [Fact]
    public void Exit_StrayChildStillHoldsOutput_OutputEndsAndStrayKilled()
    {
        var path = Script("crash", $"( /bin/sleep 1000 & echo $! > {Pid("stray.pid")} )\necho last words\nexit 3");
        using var child = Start(path);

        Assert.True(_ended.Wait(TimeSpan.FromSeconds(3)), "the output did not end after the leader exited");
        int stray = ProcessTable.ReadPidFile(Pid("stray.pid"));
        Assert.True(ProcessTable.WaitUntilGone(stray), "the stray background child is still running");
        Assert.Equal("last words\n", _stdout.ToString());
        Assert.Equal("exited with code 3", child.DescribeExit());
        Assert.Empty(ProcessTable.LiveMembers(child.Id));
    }

    [Fact]
    public void Exit_GrandchildEscapedTheGroupHoldingOutput_OutputEndsAnyway()
    {
        // A grandchild in a session of its own is out of reach of the group kill; reading must not wait for it.
        var path = Script("escape", $"/usr/bin/setsid /bin/sleep 1000 &\necho $! > {Pid("escaped.pid")}\nexit 0");
        int escaped = 0;
        try
        {
            var clock = Stopwatch.StartNew();
            using var child = Start(path);
            escaped = ProcessTable.ReadPidFile(Pid("escaped.pid"));

            Assert.True(_ended.Wait(TimeSpan.FromSeconds(3)), "the output did not end");
            output.WriteLine($"output given up {clock.Elapsed.TotalMilliseconds:0} ms after the start");
            Assert.Equal("exited with code 0", child.DescribeExit());
        }
        finally
        {
            if (escaped > 0) Process.GetProcessById(escaped).Kill(); // the test's own cleanup of the escaped process
        }
    }

    [Fact]
    public void Stop_ProcessEndsOnEndOfInput_ExitsByItselfNotKilled()
    {
        var child = Start("/bin/cat");
        Assert.True(child.WriteInput("echo me\n"));

        child.Stop(TimeSpan.FromSeconds(5));

        Assert.True(_ended.IsSet);
        Assert.Equal("echo me\n", _stdout.ToString());
        Assert.Null(child.KillReason);
        Assert.True(child.HasExited);
        Assert.Empty(ProcessTable.LiveMembers(child.Id));
    }

    [Fact]
    public void Dispose_HangingChildWithBackgroundChildren_WholeGroupGone()
    {
        var path = Script("tree", "/bin/sleep 1000 &\n/bin/sleep 1000 &\n( /bin/sleep 1000 & )\nwait");
        var child = Start(path);
        Thread.Sleep(200);
        int pgid = child.Id;
        Assert.True(ProcessTable.LiveMembers(pgid).Count >= 3);

        child.Dispose();

        Assert.Empty(ProcessTable.WaitUntilEmpty(pgid));
        Assert.Equal("was killed (stopped)", child.DescribeExit());
        Assert.False(child.WriteInput("late\n"));
    }

    [Fact]
    public void StandardError_Chatty_TailKeptAndPipeNeverFills()
    {
        // 200 KB of standard error would block a child whose pipe nobody drains.
        var path = Script("chatty", "i=0; while [ $i -lt 4000 ]; do echo 'noise noise noise noise noise noise' >&2; i=$((i+1)); done; echo done >&2; echo out");
        using var child = Start(path);

        Assert.True(_ended.Wait(TimeSpan.FromSeconds(10)));
        Assert.True(child.WaitForStandardErrorEnd(TimeSpan.FromSeconds(2)));
        Assert.Equal("out\n", _stdout.ToString());
        Assert.EndsWith("done\n", child.StandardErrorTail);
        Assert.True(child.StandardErrorTail.Length <= 4000);
    }

    [Theory]
    [InlineData("/nonexistent/method", "does not exist", true)]
    [InlineData("no-such-command-anywhere", "was not found on PATH", true)]
    [InlineData("/tmp", "is a directory", false)]
    public void Start_BadExecutable_ThrowsNamingIt(string executable, string message, bool notFound)
    {
        var e = Assert.Throws<ChildProcessStartException>(() => Start(executable));
        Assert.Contains(message, e.Message);
        Assert.Equal(notFound, e.NotFound);
    }

    [Fact]
    public void Start_FileWithoutExecuteBit_ThrowsNotExecutable()
    {
        var path = Path.Combine(_dir.Path, "plain.py");
        File.WriteAllText(path, "print(1)\n");
        var e = Assert.Throws<ChildProcessStartException>(() => Start(path));
        Assert.Contains("is not executable", e.Message);
    }

    [Fact]
    public void Kill_OutputHandlerThrows_ChildKilledNotOurProcess()
    {
        using var child = ChildProcess.Start(new ChildProcessStart("/bin/sh", ["-c", "echo x; exec /bin/sleep 1000"]),
            (_, _) => throw new InvalidOperationException("handler bug"), () => _ended.Set());

        Assert.True(_ended.Wait(TimeSpan.FromSeconds(3)));
        Assert.Contains("handler bug", child.KillReason);
        Assert.Empty(ProcessTable.WaitUntilEmpty(child.Id));
    }
}
