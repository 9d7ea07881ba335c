namespace Verifier.Symbolic;

/// <summary>
/// Marks an exception type whose exceptions mean that the caller's input is wrong or beyond a documented limit (a
/// malformed function or network, an undefined operation at the given point, a size limit, a function outside a
/// method's or solver's scope), not a defect of the program. The command line reports them as bad input (exit code 2).
/// </summary>
public interface IInputError;
