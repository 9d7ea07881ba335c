using Verifier.Symbolic;

namespace Verifier.Axioms.Smt;

/// <summary>
/// An SMT query whose script would exceed <see cref="SmtOptions.MaxScriptChars"/>: an input error
/// (<see cref="IInputError"/>), the request is beyond a documented limit; the message names the limit.
/// </summary>
public sealed class SmtScriptTooLargeException(string message) : Exception(message), IInputError;
