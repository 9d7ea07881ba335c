using System.Diagnostics;
using System.Globalization;
using Verifier.Axioms.Smt;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Xunit.Abstractions;
using static Verifier.Axioms.Tests.Smt.SmtTestSupport;

namespace Verifier.Axioms.Tests.Smt;

/// <summary>The process boundary: versions, timeouts, the wall-clock kill, cancellation, crashes, garbage and missing solvers.</summary>
public sealed class SmtProcessTests(ITestOutputHelper output)
{
    private static readonly Subject Linear = Subject.Of(ExprParser.Parse("x1 + relu(x1)"), 1);
    private static readonly InputBox Unit = InputBox.Uniform(1, 0, 1);

    [Fact]
    public void Version_Z3_ReportsNameAndNumber()
    {
        using var z3 = SmtProcess.Start(SmtOptions.Default);
        Assert.StartsWith("z3 4.", z3.Version);
        Assert.DoesNotContain("unknown", z3.Version);
    }

    [Fact]
    public void Timeout_HardEquivalenceWithOneSecond_UndeterminedQuicklyAndNoProcessLeft()
    {
        var (deep, shallow) = HardPair(30);
        var factory = new RecordingFactory();
        var options = SmtOptions.Default with { Timeout = TimeSpan.FromSeconds(1), SolverFactory = factory };

        var clock = Stopwatch.StartNew();
        var result = SmtQueries.Equivalent(Subject.Of(deep), Subject.Of(shallow), InputBox.Uniform(4, -2, 2), options);
        clock.Stop();
        output.WriteLine($"hard query, timeout 1 s: {result.StatusName} ({result.Reason}) after {clock.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Contains("unknown", result.Reason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        Assert.Single(factory.ProcessIds);
        Assert.True(IsGone(factory.ProcessIds[0]), "the z3 process is still running");
    }

    [Fact]
    public void WallClockLimit_SolverThatNeverAnswers_KilledWithWholeProcessTree()
    {
        using var dir = new TempDirectory();
        // Answers the version question, then hangs in a child process on (check-sat), ignoring the solver timeout.
        var path = ShellScript(dir, $$"""
            while read -r line; do
              case "$line" in
                *get-info*) echo '(:version "0.1")' ;;
                *check-sat*) sleep 60 & echo $! > {{dir.Path}}/child; wait ;;
                *echo*) echo verifier-smt-end-of-reply ;;
              esac
            done
            """);
        var factory = new RecordingFactory();
        var options = SmtOptions.Default with
        {
            SolverPath = path, Timeout = TimeSpan.FromSeconds(1), KillGrace = TimeSpan.FromMilliseconds(500), SolverFactory = factory,
        };

        var clock = Stopwatch.StartNew();
        var result = SmtQueries.Equivalent(Linear, Linear, Unit, options);
        clock.Stop();
        output.WriteLine($"silent solver: {result.Reason} after {clock.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Equal("no answer within 1.5 s (wall-clock limit) while answering (check-sat); the solver process was killed", result.Reason);
        Assert.Equal("z3 0.1", result.Smt.SolverVersion);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        int child = int.Parse(File.ReadAllText(Path.Combine(dir.Path, "child")).Trim(), CultureInfo.InvariantCulture);
        Assert.True(IsGone(factory.ProcessIds[0]), "the solver process is still running");
        Assert.True(IsGone(child), "the solver's child process is still running");
    }

    [Fact]
    public void Cancellation_DuringHardCheck_UndeterminedCancelledAndNoProcessLeft()
    {
        var (deep, shallow) = HardPair(30);
        var factory = new RecordingFactory();
        var options = SmtOptions.Default with { SolverFactory = factory };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        var clock = Stopwatch.StartNew();
        var result = SmtQueries.Equivalent(Subject.Of(deep), Subject.Of(shallow), InputBox.Uniform(4, -2, 2), options, cancel.Token);

        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Equal("cancelled", result.Reason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        Assert.True(IsGone(factory.ProcessIds[0]), "the z3 process is still running");
    }

    [Fact]
    public void Crash_SolverPathIsFalse_UndeterminedWithExitReason()
    {
        var options = SmtOptions.Default with { SolverPath = "/bin/false" };

        var result = SmtQueries.Equivalent(Linear, Linear, Unit, options);

        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Contains("exited with code 1", result.Reason);
        Assert.Equal("z3 (version unknown)", result.Smt.SolverVersion);
    }

    [Fact]
    public void Crash_SolverPrintsGarbageAndExits_UndeterminedNamingTheOutput()
    {
        using var dir = new TempDirectory();
        var path = ShellScript(dir, "echo 'garbage output'; echo 'segmentation fault' >&2; exit 139");

        var result = SmtQueries.Equivalent(Linear, Linear, Unit, SmtOptions.Default with { SolverPath = path });

        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Contains("exited with code 139", result.Reason);
        Assert.Contains("garbage output", result.Reason);
        Assert.Contains("segmentation fault", result.Reason);
    }

    [Fact]
    public void Garbage_SolverAnswersBanana_UndeterminedUnexpectedAnswer()
    {
        // Follows the protocol (answers, end marker) but says nonsense to (check-sat).
        using var dir = new TempDirectory();
        var path = ShellScript(dir, """
            while read -r line; do
              case "$line" in
                *get-info*) echo '(:version "0.1")' ;;
                *check-sat*) echo banana ;;
                *echo*) echo verifier-smt-end-of-reply ;;
              esac
            done
            """);

        var result = SmtQueries.Equivalent(Linear, Linear, Unit, SmtOptions.Default with { SolverPath = path });

        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Equal("unexpected solver answer 'banana' to (check-sat)", result.Reason);
        Assert.Equal("z3 0.1", result.Smt.SolverVersion);
    }

    [Fact]
    public void SolverError_UndeclaredSymbol_FailedReplyWithTheMessage()
    {
        using var z3 = SmtProcess.Start(SmtOptions.Default);
        z3.Send("(declare-const x Real)\n(assert (> y 0))");

        var reply = z3.CheckSat();

        Assert.True(reply.IsFailure);
        Assert.Contains("unknown constant y", reply.Failure);
        Assert.Equal("sat", z3.CheckSat().Text); // the session stays usable
    }

    [Fact]
    public void Ask_GetValueWithoutModel_FailedReplyInsteadOfHang()
    {
        using var z3 = SmtProcess.Start(SmtOptions.Default);
        z3.Send("(declare-const x Real)\n(assert (> x x))");
        Assert.Equal("unsat", z3.CheckSat().Text);

        var clock = Stopwatch.StartNew();
        var reply = z3.Ask("(get-value (x))");

        Assert.True(reply.IsFailure);
        Assert.Contains("solver error", reply.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Dispose_RunningSolver_ProcessGone()
    {
        var z3 = SmtProcess.Start(SmtOptions.Default);
        int pid = z3.ProcessId;
        Assert.True(IsRunning(pid));

        z3.Dispose();

        Assert.True(z3.HasExited);
        Assert.True(IsGone(pid));
    }

    [Fact]
    public void MissingSolver_SolverPathDoesNotExist_ThrowsWithInstallHint()
    {
        var options = SmtOptions.Default with { SolverPath = "/nonexistent/bin/z3" };

        var e = Assert.Throws<SolverNotFoundException>(() => SmtQueries.Equivalent(Linear, Linear, Unit, options));

        Assert.Contains("/nonexistent/bin/z3", e.Message);
        Assert.Contains("apt-get install z3", e.Message);
        Assert.Equal("z3", e.Solver);
    }

    [Fact]
    public void MissingSolver_NotOnPath_MessageSaysHowToInstall()
    {
        var e = Assert.Throws<SolverNotFoundException>(() => SolverLocator.Locate("z3-not-installed-here"));
        Assert.Equal("z3-not-installed-here was not found on PATH; install it with `apt-get install z3-not-installed-here` (or pass --solver z3 / set the solver path)", e.Message);
        Assert.Equal("z3 was not found on PATH; install it with `apt-get install z3` (or pass --solver cvc5 / set the solver path)",
                     SolverNotFoundException.NotOnPath("z3").Message);
    }

    [Fact]
    public void Options_UnknownSolver_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => SmtQueries.Equivalent(Linear, Linear, Unit, SmtOptions.Default with { Solver = "yices" }));
        Assert.Contains("yices", e.Message);
    }

    [Fact]
    public void Options_Default_WallClockIsTimeoutPlusGrace()
    {
        Assert.Equal(TimeSpan.FromSeconds(35), SmtOptions.Default.WallClockLimit);
        Assert.Equal("z3", SmtOptions.Default.Solver);
        Assert.Equal(0, SmtOptions.Default.Seed);
        Assert.Null(SmtOptions.Default.ResourceLimit);
    }

    [Fact]
    public void ResourceLimit_Tiny_UndeterminedWithReason()
    {
        var (deep, shallow) = HardPair(30);
        var options = SmtOptions.Default with { ResourceLimit = 2000 };

        var result = SmtQueries.Equivalent(Subject.Of(deep), Subject.Of(shallow), InputBox.Uniform(4, -2, 2), options);

        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Contains("(set-option :rlimit 2000)", result.Smt.Script);
        output.WriteLine(result.Reason);
    }
}
