namespace Verifier.Axioms.Smt;

/// <summary>
/// Every limit and choice of one SMT query: which solver, where it is, how long it may run, its resource limit and
/// random seed. There is no global solver state: every query takes one of these.
/// </summary>
/// <remarks>
/// The solver's own limits (<see cref="Timeout"/>, <see cref="ResourceLimit"/>) are written into the script, so a
/// re-run of the saved <c>.smt2</c> file stops the same way. The wall-clock backstop
/// (<see cref="WallClockLimit"/> = <see cref="Timeout"/> + <see cref="KillGrace"/>) kills the process when the solver
/// ignores its own timeout (after Boogie's solver layer).
/// </remarks>
public sealed record SmtOptions
{
    /// <summary>The default options: z3 on the PATH, 30 seconds, no resource limit, seed 0.</summary>
    public static readonly SmtOptions Default = new();

    /// <summary>The solvers this layer knows: <c>z3</c> and <c>cvc5</c>.</summary>
    public static readonly IReadOnlyList<string> KnownSolvers = ["z3", "cvc5"];

    /// <summary>The solver: <c>z3</c> (default) or <c>cvc5</c>. It decides the executable searched on the PATH, its
    /// command line and the solver-specific options written into the script.</summary>
    public string Solver { get; init; } = "z3";

    /// <summary>An explicit path of the solver executable; null (default) searches the PATH for <see cref="Solver"/>.</summary>
    public string? SolverPath { get; init; }

    /// <summary>The solver's time limit per check (z3 <c>:timeout</c>, cvc5 <c>:tlimit-per</c>); default 30 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The solver's deterministic resource limit per check (z3 <c>:rlimit</c>, cvc5 <c>:rlimit-per</c>), or null (default) for none.</summary>
    public long? ResourceLimit { get; init; }

    /// <summary>The solver's random seed (z3 <c>:random-seed</c> and <c>:smt.random_seed</c>, cvc5 <c>:seed</c>); default 0.</summary>
    public int Seed { get; init; }

    /// <summary>How long after <see cref="Timeout"/> the process is killed when it has not answered, and how long a
    /// request that should be instant (a model, a reason) may take; default 5 seconds.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The wall-clock backstop of one check: <see cref="Timeout"/> + <see cref="KillGrace"/>.</summary>
    public TimeSpan WallClockLimit => Timeout + KillGrace;

    /// <summary>Where solvers come from; null (default) starts solver processes (<see cref="SmtSolverFactory.Default"/>).
    /// Tests pass a <see cref="ScriptedSolverFactory"/>.</summary>
    public ISmtSolverFactory? SolverFactory { get; init; }

    /// <summary>
    /// The largest SMT-LIB script one query may have, in characters; default <see cref="DefaultMaxScriptChars"/>
    /// (64 Mi). The writer stops with an <see cref="SmtScriptTooLargeException"/> naming the limit as soon as the script
    /// passes it, instead of building gigabytes of text the solver could not digest anyway (an encoding grows with the
    /// quadrature steps times the network's weights).
    /// </summary>
    public long MaxScriptChars { get; init; } = DefaultMaxScriptChars;

    /// <summary>The default of <see cref="MaxScriptChars"/>: 64 Mi characters.</summary>
    public const long DefaultMaxScriptChars = 64L * 1024 * 1024;

    /// <summary>True for z3 (the solver name compared without case).</summary>
    public bool IsZ3 => string.Equals(Solver, "z3", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for cvc5 (the solver name compared without case).</summary>
    public bool IsCvc5 => string.Equals(Solver, "cvc5", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws when a field is out of range.</summary>
    /// <exception cref="ArgumentException">The solver is not z3 or cvc5, or a limit is not positive.</exception>
    public void Validate()
    {
        if (!IsZ3 && !IsCvc5)
            throw new ArgumentException($"unknown solver '{Solver}': use z3 or cvc5", nameof(Solver));
        if (Timeout <= TimeSpan.Zero) throw new ArgumentException($"the timeout must be positive, not {Timeout}", nameof(Timeout));
        if (KillGrace < TimeSpan.Zero) throw new ArgumentException($"the kill grace must not be negative, not {KillGrace}", nameof(KillGrace));
        if (ResourceLimit is <= 0) throw new ArgumentException($"the resource limit must be positive, not {ResourceLimit}", nameof(ResourceLimit));
        if (MaxScriptChars <= 0) throw new ArgumentException($"the script size limit must be positive, not {MaxScriptChars}", nameof(MaxScriptChars));
    }
}
