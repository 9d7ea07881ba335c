using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;

namespace Verifier.Axioms.Smt;

/// <summary>A function that is not piecewise linear was given where the SMT layer needs linear arithmetic; the
/// message names the offending sub-expression (from <see cref="PiecewiseLinear.Check"/>).</summary>
public sealed class NotPiecewiseLinearException : ArgumentException, IInputError
{
    /// <summary>An exception for <paramref name="function"/>, with the reason naming the offending sub-expression.</summary>
    public NotPiecewiseLinearException(Expr function, string reason)
        : base($"the SMT layer needs a piecewise-linear function (affine forms, relu, leaky_relu, abs, max, min), but {reason}")
    {
        Function = function;
        Reason = reason;
    }

    /// <summary>The function that was given.</summary>
    public Expr Function { get; }

    /// <summary>The reason, naming the offending sub-expression.</summary>
    public string Reason { get; }

    /// <summary>Throws when <paramref name="function"/> is not piecewise linear.</summary>
    /// <exception cref="NotPiecewiseLinearException">It is not.</exception>
    public static void ThrowIfNotPiecewiseLinear(Expr function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (PiecewiseLinear.Check(function) is { } reason) throw new NotPiecewiseLinearException(function, reason);
    }
}
