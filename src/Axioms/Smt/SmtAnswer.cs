using System.Diagnostics;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

/// <summary>
/// Maps the solver's words to ours, in one function (<see cref="Map"/>): sat becomes <see cref="SmtStatus.Violated"/>
/// with the model, unsat <see cref="SmtStatus.Proved"/>, and unknown, a timeout, a crash, an error or unreadable output
/// <see cref="SmtStatus.Undetermined"/> with the reason (the solver's <c>(get-info :reason-unknown)</c> or the failure).
/// </summary>
/// <remarks>DESIGN.md, exactness policy 5: "could not decide" is a value, not an exception.</remarks>
public static class SmtAnswer
{
    private static readonly IReadOnlyDictionary<string, Rational> NoModel = new Dictionary<string, Rational>();

    /// <summary>
    /// Runs one script: starts a solver session (<see cref="SmtSolverFactory.Create"/>), sends the body, checks
    /// satisfiability under the options' limits and maps the answer with <see cref="Map"/>. The session (and its process)
    /// is disposed before returning.
    /// </summary>
    /// <exception cref="SolverNotFoundException">The solver cannot be found or started.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before the solver started.</exception>
    public static SmtResult Run(SmtScript script, SmtOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested(); // no solver is started for a search whose time is up
        using var solver = SmtSolverFactory.Create(options);
        var clock = Stopwatch.StartNew();
        string version = solver.Version;
        solver.Send(script.Body);
        var answer = solver.CheckSat(cancellationToken);
        return Map(answer, solver, script, version, clock, cancellationToken);
    }

    /// <summary>
    /// The one mapping from a <c>(check-sat)</c> reply to an <see cref="SmtResult"/>. On sat it asks
    /// <paramref name="solver"/> for the objectives (optimisation scripts) and the script's values; on unknown for the reason.
    /// </summary>
    /// <param name="checkSat">The reply to <c>(check-sat)</c>.</param>
    /// <param name="solver">The session that gave it (asked for the model or the reason).</param>
    /// <param name="script">The script that was checked (its text goes into the result).</param>
    /// <param name="version">The solver and version for the result.</param>
    /// <param name="clock">Started when the script was sent; its elapsed time goes into the result.</param>
    /// <param name="cancellationToken">Cancels the follow-up questions.</param>
    public static SmtResult Map(SmtReply checkSat, ISmtSolver solver, SmtScript script, string version, Stopwatch clock,
                                CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkSat);
        ArgumentNullException.ThrowIfNull(solver);
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(clock);
        string text = script.Text;
        SmtResult Make(SmtStatus status, string? reason, IReadOnlyDictionary<string, Rational>? model = null, SmtObjective? objective = null) =>
            new(status, model ?? NoModel, reason, version, clock.Elapsed.TotalSeconds, text) { Objective = objective };

        if (checkSat.Failure is { } failure) return Make(SmtStatus.Undetermined, failure);
        string word = checkSat.Text!.Trim();
        switch (word)
        {
            case "unsat":
                return Make(SmtStatus.Proved, null);
            case "sat":
            {
                SmtObjective? objective = null;
                if (script.HasObjectives && solver.Ask("(get-objectives)", cancellationToken).Text is { } objectives)
                {
                    try { objective = SmtObjective.ReadFirst(objectives); }
                    catch (SmtModelException) { } // the caller falls back to the model's value
                }
                var reply = solver.Ask(script.ModelRequest, cancellationToken);
                if (reply.Failure is { } noModel) return Make(SmtStatus.Undetermined, "the solver answered sat but gave no model: " + noModel);
                try
                {
                    var model = script.ValueNames.Count == 0 ? SmtModelReader.ReadModel(reply.Text!) : SmtModelReader.ReadValues(reply.Text!);
                    if (script.ValueNames.FirstOrDefault(n => !model.ContainsKey(n)) is { } missing)
                        return Make(SmtStatus.Undetermined, $"the solver answered sat but its model has no value for {missing}");
                    return Make(SmtStatus.Violated, null, model, objective);
                }
                catch (SmtModelException e)
                {
                    return Make(SmtStatus.Undetermined, "the solver answered sat but its model could not be read: " + e.Message);
                }
            }
            case "unknown":
                return Make(SmtStatus.Undetermined, "the solver answered unknown (" + ReasonUnknown(solver.Ask("(get-info :reason-unknown)", cancellationToken)) + ")");
            default:
                return Make(SmtStatus.Undetermined, $"unexpected solver answer '{SExpr.Shorten(word)}' to (check-sat)");
        }
    }

    /// <summary>The reason from a <c>(:reason-unknown "timeout")</c> reply, or what went wrong asking for it.</summary>
    private static string ReasonUnknown(SmtReply reply)
    {
        if (reply.Failure is { } failure) return "no reason given: " + failure;
        try
        {
            if (SExpr.Parse(reply.Text!) is SList { Count: 2 } l && l[0] is SAtom { Text: ":reason-unknown" } && l[1] is SAtom why)
                return why.Text;
        }
        catch (FormatException) { }
        return SExpr.Shorten(reply.Text!);
    }
}
