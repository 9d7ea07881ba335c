using System.Diagnostics;
using Verifier.Axioms.Smt;
using Verifier.Axioms.Tests.Processes;
using Verifier.Symbolic.Expressions.Parsing;
using Xunit.Abstractions;
using static Verifier.Axioms.Tests.Smt.SmtTestSupport;
using Verifier.Symbolic;

namespace Verifier.Axioms.Tests.Smt;

/// <summary>
/// Hostile solvers (issue 13, item 2): one that hangs, one that leaves a background child holding its output, one that
/// prints garbage without end, one that crashes. Each query ends undetermined within the timeout plus the kill grace,
/// with the reason, and nothing of the solver's process group is left running.
/// </summary>
public sealed class FakeSolverTests(ITestOutputHelper output)
{
    private static readonly Subject Linear = Subject.Of(ExprParser.Parse("x1 + relu(x1)"), 1);
    private static readonly InputBox Unit = InputBox.Uniform(1, 0, 1);

    public static TheoryData<string, string, string> Fakes => new()
    {
        { "hang", "exec /bin/sleep 1000", "no answer within 1 s (wall-clock limit) while answering (get-info :version)" },
        { "background child", "( /bin/sleep 1000 & )\nexec /bin/sleep 1000", "no answer within 1 s (wall-clock limit) while answering (get-info :version)" },
        { "hang at check-sat", """
            while read -r line; do
              case "$line" in
                *get-info*) echo '(:version "0.1")' ;;
                *check-sat*) ( /bin/sleep 1000 & ) ; /bin/sleep 1000 ;;
                *echo*) echo verifier-smt-end-of-reply ;;
              esac
            done
            """, "no answer within 2 s (wall-clock limit) while answering (check-sat)" },
        // one reply that never closes its parenthesis: the wall-clock kill, or first the reply-length limit (64 MB, which a
        // fast reader reaches in well under a second: a race whose two outcomes are both right)
        { "endless garbage", "exec /usr/bin/yes '(garbage'", "no answer within 1 s (wall-clock limit)|a solver reply exceeds" },
        { "crash", "read -r line; kill -SEGV $$", "exited with code 139 before answering" },
        { "garbage then exit", "echo ')))'; echo 'not smt' >&2; exit 0", "exited with code 0 before answering" },
    };

    [Theory]
    [MemberData(nameof(Fakes))]
    public void Query_HostileSolver_UndeterminedInTimeAndNothingLeft(string name, string script, string reason)
    {
        using var dir = new TempDirectory();
        var factory = new RecordingFactory();
        var options = SmtOptions.Default with
        {
            SolverPath = ShellScript(dir, script), Timeout = TimeSpan.FromSeconds(1), KillGrace = TimeSpan.FromSeconds(1), SolverFactory = factory,
        };

        var clock = Stopwatch.StartNew();
        var result = SmtQueries.Equivalent(Linear, Linear, Unit, options);
        clock.Stop();
        output.WriteLine($"{name}: {result.StatusName} after {clock.Elapsed.TotalSeconds:0.00} s: {result.Reason}");

        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.True(reason.Split("|").Any(r => result.Reason?.Contains(r, StringComparison.Ordinal) == true), $"{result.Reason} (expected: {reason})");
        // Timeout + kill grace = 2 s is the longest wall-clock limit of one check; allow 1.5 s for starting the fake.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3.5), $"took {clock.Elapsed}");
        Assert.Single(factory.ProcessIds);
        Assert.Empty(ProcessTable.WaitUntilEmpty(factory.ProcessIds[0]));
    }
}
