using System.Diagnostics;
using Verifier.Axioms.External;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Tests.Processes;
using Verifier.Axioms.Verdicts;
using Xunit.Abstractions;

namespace Verifier.Axioms.Tests.External;

/// <summary>Axiom checks of methods in other processes (issue 15, item 2): tolerances for float answers, counterexamples
/// shrunk through the protocol with a reproduction that replays, errored trials that are never <c>holds</c>.</summary>
public sealed class ExternalCheckTests(ITestOutputHelper output)
{
    private static readonly CheckOptions Options = CheckOptions.Default;
    private static Axiom A(string name) => AxiomCatalogue.Get(name);

    private static ExternalMethod Start(string script, params string[] args) =>
        ExternalMethod.Start(CommandLine.Join(PythonMethods.Command(script, args)));

    private void Log(Verdict v)
    {
        output.WriteLine($"{v.Axiom}: {v.StatusName}; {v.How}");
        if (v.Reason is { } r) output.WriteLine($"  reason: {r}");
        if (v.Counterexample is { } ce)
        {
            output.WriteLine($"  F = {ce.Instance.F}, x = ({string.Join(", ", ce.Instance.Input)}), x' = ({string.Join(", ", ce.Instance.Baseline)}), A = ({string.Join(", ", ce.Attributions)}); {ce.Detail}");
            if (ce.Reproduction is { } rep) output.WriteLine($"  replay: {rep.ShellCommand}");
        }
    }

    [PythonFact]
    public void RiemannIg_CompletenessAtTightTolerance_ViolatedShrunkAndReplays()
    {
        using var method = Start("riemann_ig.py");
        var v = Check.Method(method, Tolerance.Parse("1e-9"), Options, [A("completeness")]).Verdicts.Single();
        Log(v);

        Assert.Equal(VerdictStatus.Violated, v.Status);
        var ce = v.Counterexample!;
        Assert.Equal(1, ce.Instance.Dimension); // shrunk to the fewest features
        Assert.True(ce.Margin!.Deviation > 1e-9);
        var rep = ce.Reproduction!;
        Assert.True(rep.Replayed);
        Assert.Single(rep.Requests);
        Assert.Equal(ce.Attributions, rep.Answers.Single());

        // The shell command alone replays it: the handshake, then the same attributions.
        var lines = RunShell(rep.ShellCommand);
        Assert.StartsWith("{\"protocol\": \"verifier-method/1\", \"name\": \"python-riemann-ig\"", lines[0]);
        var answer = AnswerReader.Read(lines[1], 1, 1, 10_000);
        Assert.Null(answer.Fault);
        Assert.Equal(ce.Attributions, answer.Values!.Select(a => a.ToString()));
        // ... and the request line reads back as the same question.
        var request = MethodRequest.Parse(rep.Requests[0]);
        Assert.Equal(ce.Instance.Input, request.Input);
        Assert.Equal(rep.Requests[0], request.ToJsonLine(1));
    }

    [PythonFact]
    public void RiemannIg_AboveItsQuadratureError_CompletenessHolds()
    {
        using var method = Start("riemann_ig.py");
        // 16-step midpoint rule: its largest completeness gap over the 100 trials of seed 42 is 1.55 (a piecewise-linear F
        // with jumps of its gradient along a long path; the error is O(TV/n)), so a tolerance of 2 is above every one.
        var v = Check.Method(method, Tolerance.Parse("2"), Options, [A("completeness")]).Verdicts.Single();
        Log(v);

        Assert.Equal(VerdictStatus.Holds, v.Status);
        Assert.InRange(v.WorstPassing!.Deviation, 1.5, 1.6);
    }

    [PythonTheory]
    [InlineData("sensitivity-b")]
    [InlineData("symmetry-preserving")]
    public void RiemannIg_AxiomsItKeeps_HoldAtTightTolerance(string axiom)
    {
        using var method = Start("riemann_ig.py");
        var v = Check.Method(method, Tolerance.Parse("1e-9"), Options, [A(axiom)]).Verdicts.Single();
        Log(v);

        Assert.Equal(VerdictStatus.Holds, v.Status);
        Assert.Equal(0, v.Errored);
    }

    [PythonTheory]
    [InlineData("completeness")]
    [InlineData("sensitivity-a")]
    public void PythonGradientXInput_SameCounterexampleAsTheBuiltIn(string axiom)
    {
        using var method = Start("gradient_x_input.py");
        var theirs = Check.Method(method, null, Options, [A(axiom)]).Verdicts.Single();
        var ours = Check.Method(BuiltInMethods.GradientTimesInput, null, Options with { Prove = false }, [A(axiom)]).Verdicts.Single();
        Log(theirs);
        Log(ours);

        Assert.Null(theirs.Tolerance); // "exact": true: compared exactly
        Assert.Equal(VerdictStatus.Violated, theirs.Status);
        Assert.Equal(VerdictStatus.Violated, ours.Status);
        Assert.Equal(ours.Counterexample!.Instance.F.ToString(), theirs.Counterexample!.Instance.F.ToString());
        Assert.Equal(ours.Counterexample.Instance.Input, theirs.Counterexample.Instance.Input);
        Assert.Equal(ours.Counterexample.Instance.Baseline, theirs.Counterexample.Instance.Baseline);
        Assert.Equal(ours.Counterexample.Attributions, theirs.Counterexample.Attributions);
        Assert.Equal(ours.Counterexample.Detail, theirs.Counterexample.Detail);
        Assert.True(theirs.Counterexample.Reproduction!.Replayed);
    }

    [PythonFact]
    public void BrokenSwap_SymmetryPreserving_Violated()
    {
        using var method = Start("broken_swap.py");
        var v = Check.Method(method, null, Options, [A("symmetry-preserving")]).Verdicts.Single();
        Log(v);

        Assert.Equal(VerdictStatus.Violated, v.Status);
        Assert.True(v.Counterexample!.Reproduction!.Replayed);
    }

    [PythonTheory]
    [InlineData("crash", "crash: the method process exited with code 3")]
    [InlineData("hang", "timeout: no answer within 1 s")]
    [InlineData("garbage", "garbage: a line that is not JSON")]
    public void FaultyMethod_Undetermined_WithReason_NoProcessLeft(string mode, string reason)
    {
        var clock = Stopwatch.StartNew();
        var options = ExternalMethodOptions.Default with { RequestTimeout = TimeSpan.FromSeconds(1) };
        int pgid;
        MethodCheck report;
        using (var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("faulty.py", mode)), options))
        {
            pgid = method.Host.ProcessId!.Value;
            report = Check.Method(method, null, Options with { Trials = 20 }, [A("completeness"), A("symmetry-preserving")]);
        }
        foreach (var v in report.Verdicts) Log(v);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s");

        Assert.All(report.Verdicts, v =>
        {
            Assert.Equal(VerdictStatus.Undetermined, v.Status);
            Assert.True(v.Errored > 0);
            Assert.Contains(reason, v.Reason);
        });
        Assert.Empty(ProcessTable.WaitUntilEmpty(pgid));
    }

    private static List<string> RunShell(string command)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
