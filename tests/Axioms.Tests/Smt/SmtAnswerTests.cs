using System.Diagnostics;
using Verifier.Axioms.Smt;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Tests.Smt.SmtTestSupport;

namespace Verifier.Axioms.Tests.Smt;

/// <summary>The one mapping from solver words to ours, driven by a scripted solver (no process).</summary>
public sealed class SmtAnswerTests
{
    private static readonly SmtScript Script = new("(declare-const x1 Real)\n", ["x1"], HasObjectives: false);

    private static SmtResult Map(ScriptedSolver solver, SmtScript? script = null) =>
        SmtAnswer.Map(solver.CheckSat(), solver, script ?? Script, solver.Version, Stopwatch.StartNew());

    [Fact]
    public void Map_Sat_ViolatedWithExactModel()
    {
        var solver = new ScriptedSolver("sat", "((x1 (- (/ 1.0 3.0))))");

        var result = Map(solver);

        Assert.Equal(SmtStatus.Violated, result.Status);
        Assert.Equal(Q("-1/3"), result.Model["x1"]);
        Assert.Null(result.Reason);
        Assert.Equal(["(check-sat)", "(get-value (x1))"], solver.Log);
    }

    [Fact]
    public void Map_Unsat_ProvedWithoutQuestions()
    {
        var solver = new ScriptedSolver("unsat");

        var result = Map(solver);

        Assert.Equal(SmtStatus.Proved, result.Status);
        Assert.Empty(result.Model);
        Assert.Equal(["(check-sat)"], solver.Log);
        Assert.Equal("proved", result.StatusName);
    }

    [Fact]
    public void Map_UnknownWithReason_UndeterminedNamingIt()
    {
        var solver = new ScriptedSolver("unknown", "(:reason-unknown \"timeout\")");

        var result = Map(solver);

        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Equal("the solver answered unknown (timeout)", result.Reason);
        Assert.Equal("(get-info :reason-unknown)", solver.Log[^1]);
    }

    [Fact]
    public void Map_UnknownAndReasonFails_UndeterminedStill()
    {
        var solver = new ScriptedSolver(SmtReply.Of("unknown"), SmtReply.Failed("the solver process exited with code 134"));
        var result = Map(solver);
        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Contains("no reason given: the solver process exited with code 134", result.Reason);
    }

    [Fact]
    public void Map_Crash_UndeterminedWithTheFailure()
    {
        var solver = new ScriptedSolver(SmtReply.Failed("the solver process (/usr/bin/z3) exited with code 139 before answering"));
        var result = Map(solver);
        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Equal("the solver process (/usr/bin/z3) exited with code 139 before answering", result.Reason);
    }

    [Fact]
    public void Map_GarbageWord_UndeterminedUnexpectedAnswer()
    {
        var result = Map(new ScriptedSolver("Segmentation"));
        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Equal("unexpected solver answer 'Segmentation' to (check-sat)", result.Reason);
    }

    [Fact]
    public void Map_SatWithAlgebraicModel_UndeterminedNamingRootObj()
    {
        var result = Map(new ScriptedSolver("sat", "((x1 (root-obj (+ (^ x 2) (- 2)) 1)))"));
        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Contains("root-obj", result.Reason);
    }

    [Fact]
    public void Map_SatWithIncompleteModel_UndeterminedNamingTheSymbol()
    {
        var script = new SmtScript("(declare-const x1 Real)\n(declare-const x2 Real)\n", ["x1", "x2"], HasObjectives: false);
        var result = Map(new ScriptedSolver("sat", "((x1 1.0))"), script);
        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Equal("the solver answered sat but its model has no value for x2", result.Reason);
    }

    [Fact]
    public void Map_SatWithoutModel_Undetermined()
    {
        var result = Map(new ScriptedSolver(SmtReply.Of("sat"), SmtReply.Failed("solver error: model is not available")));
        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Contains("model is not available", result.Reason);
    }

    [Fact]
    public void Map_Optimisation_ObjectiveWithEpsilonRead()
    {
        var script = new SmtScript("(declare-const x1 Real)\n(maximize x1)\n", ["x1"], HasObjectives: true);
        var solver = new ScriptedSolver("sat", "(objectives\n (x1 (+ 3.0 (* (- 1.0) epsilon)))\n)", "((x1 (/ 5.0 2.0)))");

        var result = Map(solver, script);

        Assert.Equal(SmtStatus.Violated, result.Status);
        Assert.Equal(new SmtObjective(3, -1, 0), result.Objective);
        Assert.Equal(Q("5/2"), result.Model["x1"]);
        Assert.EndsWith("(check-sat)\n(get-objectives)\n(get-value (x1))\n", result.Script);
    }

    [Fact]
    public void Equivalent_ScriptedModelWhereValuesDiffer_ViolatedWithExactValues()
    {
        var solver = new ScriptedSolver("sat", "((x1 (- (/ 1.0 2.0))) (F 0.0) (G (- 1.0)))");
        var options = SmtOptions.Default with { SolverFactory = new ScriptedSolverFactory(solver) };
        var f = Subject.Of(ExprParser.Parse("relu(x1 - 1)"), 1);
        var g = Subject.Of(ExprParser.Parse("relu(x1) - 1"), 1);

        var result = SmtQueries.Equivalent(f, g, InputBox.Uniform(1, -1, 1), options);

        Assert.Equal(SmtStatus.Violated, result.Status);
        Assert.Equal([Q("-1/2")], result.Counterexample!);
        Assert.Equal(Rational.Zero, result.ValueA);
        Assert.Equal(Rational.MinusOne, result.ValueB);
        Assert.Equal("scripted 1.0", result.Smt.SolverVersion);
        Assert.True(solver.IsDisposed);
        Assert.Contains("(assert (not (= F G)))", solver.Log[0]);
    }

    [Fact]
    public void Equivalent_ScriptedModelThatDoesNotRecheck_Undetermined()
    {
        // A lying solver: at x = 2 both functions are 1.
        var solver = new ScriptedSolver("sat", "((x1 2.0) (F 1.0) (G 0.0))");
        var options = SmtOptions.Default with { SolverFactory = new ScriptedSolverFactory(solver) };
        var f = Subject.Of(ExprParser.Parse("relu(x1 - 1)"), 1);
        var g = Subject.Of(ExprParser.Parse("relu(x1) - 1"), 1);

        var result = SmtQueries.Equivalent(f, g, InputBox.Uniform(1, -3, 3), options);

        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Equal("the solver's point x = (2) does not re-check: F(x) = G(x) = 1", result.Reason);
    }

    [Fact]
    public void Equivalent_ScriptedPointOutsideBox_Undetermined()
    {
        var solver = new ScriptedSolver("sat", "((x1 7.0) (F 6.0) (G 6.0))");
        var options = SmtOptions.Default with { SolverFactory = new ScriptedSolverFactory(solver) };
        var f = Subject.Of(ExprParser.Parse("relu(x1 - 1)"), 1);

        var result = SmtQueries.Equivalent(f, f, InputBox.Uniform(1, -3, 3), options);

        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Contains("outside the box", result.Reason);
    }

    [Fact]
    public void ScriptedSolver_RunsOutOfReplies_FailedReply()
    {
        var solver = new ScriptedSolver("sat");
        var result = Map(solver);
        Assert.Equal(SmtStatus.Undetermined, result.Status);
        Assert.Contains("no reply left", result.Reason);
    }

    [Fact]
    public void ScriptedSolver_Cancelled_FailedReply()
    {
        var solver = new ScriptedSolver("sat");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Equal("cancelled", solver.CheckSat(cancel.Token).Failure);
    }
}
