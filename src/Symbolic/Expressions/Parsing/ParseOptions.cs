namespace Verifier.Symbolic.Expressions.Parsing;

/// <summary>Limits of the expression parser, which protect it from hostile or mistaken input.</summary>
/// <param name="MaxExponent">Largest absolute integer exponent accepted after <c>^</c>.</param>
/// <param name="MaxDigits">Largest number of digits of a number literal (mantissa digits plus the size of the
/// decimal exponent, as counted by <see cref="Numbers.Rational.Parse"/>).</param>
/// <param name="MaxLength">Largest input length in characters.</param>
/// <param name="MaxDepth">Deepest nesting of parentheses, function calls, unary signs and exponents; keeps the
/// recursive-descent parser away from a stack overflow.</param>
/// <param name="MaxConstantDigits">Largest number of digits (numerator and denominator together, estimated before
/// computing) of a constant that folding a sum, product or power in the text may create, e.g. in <c>(9^1000)^1000</c>
/// or in a long sum of unit fractions; keeps big-number arithmetic from running for minutes on a short text.</param>
public sealed record ParseOptions(int MaxExponent = 1000, int MaxDigits = 1000, int MaxLength = 1_000_000, int MaxDepth = 500,
                                  int MaxConstantDigits = 10_000)
{
    /// <summary>The defaults: exponents up to 1000, literals up to 1000 digits, 1,000,000 characters, depth 500,
    /// folded constants up to about 10,000 digits.</summary>
    public static readonly ParseOptions Default = new();
}
