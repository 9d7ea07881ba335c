namespace Verifier.Symbolic;

/// <summary>
/// An argument that came from the caller's input is wrong (a dimension that does not match, a parameter out of its
/// range, weights that do not sum to 1): an <see cref="ArgumentException"/> marked <see cref="IInputError"/>, so the
/// command line reports it as bad input and the axiom search does not count the instance.
/// </summary>
public sealed class InputArgumentException : ArgumentException, IInputError
{
    /// <summary>An exception with a one-line message that names the problem.</summary>
    public InputArgumentException(string message) : base(message) { }
}

/// <summary>
/// The input lies beyond a documented limit of the exact machinery (e.g. DeepLIFT on an expression node whose value is
/// not rational, baseline Shapley beyond its feature limit, a curved path through a network): a
/// <see cref="NotSupportedException"/> marked <see cref="IInputError"/>.
/// </summary>
public sealed class UnsupportedInputException : NotSupportedException, IInputError
{
    /// <summary>An exception with a one-line message that names the limit.</summary>
    public UnsupportedInputException(string message) : base(message) { }
}
