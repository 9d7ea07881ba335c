namespace Verifier.Symbolic;

/// <summary>
/// Marks an exception type whose instances mean that the caller's input is wrong or beyond a documented limit
/// (exit code 2 on the command line), as opposed to a failure of the program (exit code 1).
/// </summary>
public interface IInputError
{
}
