namespace Verifier.Axioms.Smt;

/// <summary>The factory that starts solver processes (<see cref="SmtProcess"/>).</summary>
public sealed class SmtSolverFactory : ISmtSolverFactory
{
    /// <summary>The process factory.</summary>
    public static readonly SmtSolverFactory Default = new();

    private SmtSolverFactory() { }

    /// <summary>Starts the solver of <paramref name="options"/>, or the one its <see cref="SmtOptions.SolverFactory"/> gives.</summary>
    /// <exception cref="SolverNotFoundException">The solver executable cannot be found or started.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static ISmtSolver Create(SmtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SolverFactory is { } custom ? custom.Create(options) : SmtProcess.Start(options);
    }

    /// <inheritdoc />
    ISmtSolver ISmtSolverFactory.Create(SmtOptions options) => SmtProcess.Start(options);
}
