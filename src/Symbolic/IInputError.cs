namespace Verifier.Symbolic;

/// <summary>
/// Marks an exception that means the caller's input is wrong or beyond a documented limit (exit code 2 on the command
/// line), as opposed to an internal error.
/// </summary>
public interface IInputError;
