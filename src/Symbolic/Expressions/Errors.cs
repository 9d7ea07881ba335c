namespace Verifier.Symbolic.Expressions;

/// <summary>
/// A mathematically undefined operation on exact values: division by zero, log of a non-positive number, a pole on
/// the path of an integral. An input error (<see cref="IInputError"/>).
/// </summary>
public sealed class SymbolicDomainException(string message) : ArithmeticException(message), IInputError;

/// <summary>
/// A computation that would exceed a size limit (exponent, digits, number of terms, pieces of a restriction) instead
/// of hanging; the message names the limit. An input error (<see cref="IInputError"/>): the request is beyond a
/// documented limit.
/// </summary>
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

/// <summary>Options of exact evaluation, restriction and integration.</summary>
/// <param name="MaxDigits">Largest number of decimal digits in a numerator or denominator of any intermediate
/// rational; beyond it a <see cref="SymbolicLimitException"/> names the limit. It also bounds the precise enclosure of
/// a closed form (a value near 10^k needs about k + 12 digits for a width of 1e-12).</param>
/// <param name="EnclosureWidth">Requested width of certified enclosures of non-rational results.</param>
/// <param name="MaxPieces">Largest number of pieces of an exact restriction to a segment (a network's ExactLine
/// partition, an expression split at its kinks); beyond it a <see cref="SymbolicLimitException"/> names the limit. A
/// network of k tent-map layers has 2^k pieces on [0, 1]: without a bound its restriction grows until memory runs out.</param>
public sealed record ExactOptions(long MaxDigits = 10_000, double EnclosureWidth = 1e-12, int MaxPieces = ExactOptions.DefaultMaxPieces)
{
    /// <summary>The default of <see cref="MaxPieces"/>: one million pieces.</summary>
    public const int DefaultMaxPieces = 1_000_000;

    /// <summary>The defaults: 10,000 digits, enclosures of width 1e-12, one million pieces.</summary>
    public static readonly ExactOptions Default = new();

    /// <summary>The limit error for a restriction with more than <paramref name="maxPieces"/> pieces.</summary>
    public static SymbolicLimitException TooManyPieces(int maxPieces, string what) =>
        new($"{what} has more than {maxPieces:N0} pieces, the limit (ExactOptions.MaxPieces, default {DefaultMaxPieces:N0}); " +
            "raise it if the memory allows (it grows with the pieces times the widest layer), or use a quadrature rule");
}
