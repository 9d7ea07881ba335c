namespace Verifier.Axioms.Smt;

/// <summary>The SMT solver executable was not found; the message says how to install it or where to point.</summary>
public sealed class SolverNotFoundException : InvalidOperationException, Verifier.Symbolic.IInputError
{
    /// <summary>An exception with the given message.</summary>
    public SolverNotFoundException(string message) : base(message) { }

    /// <summary>An exception with the given message and cause.</summary>
    public SolverNotFoundException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The solver that was looked for (<c>z3</c> or <c>cvc5</c>).</summary>
    public string? Solver { get; init; }

    /// <summary>The explicit path that does not exist, or null when the PATH was searched.</summary>
    public string? SolverPath { get; init; }

    /// <summary>The message for a solver missing from the PATH, with the install hint.</summary>
    internal static SolverNotFoundException NotOnPath(string solver)
    {
        string other = solver == "z3" ? "cvc5" : "z3";
        return new SolverNotFoundException(
            $"{solver} was not found on PATH; install it with `apt-get install {solver}` (or pass --solver {other} / set the solver path)")
        { Solver = solver };
    }

    /// <summary>The message for an explicit solver path that does not exist.</summary>
    internal static SolverNotFoundException NoSuchFile(string solver, string path) =>
        new($"the {solver} solver path '{path}' does not exist; install {solver} with `apt-get install {solver}` " +
            "and leave the path unset to search PATH, or set the path of an existing executable")
        { Solver = solver, SolverPath = path };
}
