namespace Verifier.Symbolic.Expressions;

/// <summary>A mathematically undefined operation on exact values: division by zero, log of a non-positive number.</summary>
public sealed class SymbolicDomainException(string message) : ArithmeticException(message), IInputError;

/// <summary>A computation that would exceed a size limit (exponent, digits, number of terms) instead of hanging.</summary>
public sealed class SymbolicLimitException(string message) : ArithmeticException(message), IInputError;

/// <summary>
/// Hard ceilings that protect construction from runaway sizes whatever the options. Configurable, stricter
/// limits are in <see cref="ExactOptions"/> and in the parser's options.
/// </summary>
public static class HardLimits
{
    /// <summary>Largest absolute integer exponent a <see cref="Power"/> may carry.</summary>
    public const int MaxExponent = 1_000_000;
    /// <summary>Largest number of terms an expansion may produce.</summary>
    public const int MaxExpandedTerms = 100_000;
    /// <summary>Largest number of decimal digits a folded constant power may have.</summary>
    public const long MaxConstantDigits = 1_000_000;
}

/// <summary>Options of exact evaluation and integration.</summary>
/// <param name="MaxDigits">Largest number of decimal digits in a numerator or denominator of any intermediate
/// rational; beyond it a <see cref="SymbolicLimitException"/> names the limit.</param>
/// <param name="EnclosureWidth">Requested width of certified enclosures of non-rational results.</param>
public sealed record ExactOptions(long MaxDigits = 10_000, double EnclosureWidth = 1e-12)
{
    /// <summary>The defaults: 10,000 digits, enclosures of width 1e-12.</summary>
    public static readonly ExactOptions Default = new();
}
