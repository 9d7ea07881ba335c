using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions.Parsing;

/// <summary>
/// A function as parsed (<see cref="ExprParser.ParseFunction"/>): its canonical form and the non-constant
/// denominators of its text, the domain conditions that canonicalisation may have cancelled (x1/x1 is 1, but undefined
/// at x1 = 0).
/// </summary>
/// <param name="Function">The canonical expression.</param>
/// <param name="Denominators">The distinct non-constant divisors and bases of negative powers in the text.</param>
public sealed record ParsedFunction(Expr Function, IReadOnlyList<Expr> Denominators)
{
    /// <summary>
    /// Throws when a denominator of the text is 0 at <paramref name="point"/>: F is undefined there (0/0 is not 1), even
    /// when its canonical form is defined. Call it at the points a method evaluates F (the input, the baseline).
    /// </summary>
    /// <param name="point">x1..xn.</param>
    /// <param name="name">How the point is named in the message, e.g. <c>x'</c>.</param>
    /// <exception cref="SymbolicDomainException">A denominator vanishes at the point.</exception>
    public void CheckDefinedAt(IReadOnlyList<Rational> point, string name)
    {
        ArgumentNullException.ThrowIfNull(point);
        foreach (var d in Denominators)
        {
            if (d.Dimension > point.Count || d.Contains(0)) continue; // a dimension error is reported elsewhere
            Expr value;
            try { value = d.SubstitutePoint(point); }
            catch (ArithmeticException) { continue; } // undefined itself: F's own evaluation reports it
            if (Ex.KnownSign(value) == 0)
                throw new SymbolicDomainException(
                    $"F is undefined at {name} = ({string.Join(", ", point)}): the denominator {d} in its text is 0 there " +
                    "(a division by zero, also where the canonical form cancels the factor: x1/x1 is 0/0 at x1 = 0, not 1)");
        }
    }
}
