using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions.Parsing;

/// <summary>
/// Cheap upper estimates, in bits, of the rational constants that the factory creates when it folds a sum, a
/// product or a power. The parser checks them against <see cref="ParseOptions.MaxConstantDigits"/> before it
/// calls the factory, so that a short text such as <c>(9^1000)^1000</c> or a long sum of unit fractions is an
/// error instead of minutes of big-number arithmetic.
/// </summary>
internal static class ConstantSize
{
    /// <summary>Bits of the constants of a canonical sum of the terms: numerators add (plus the carry from
    /// the count), denominators multiply at most once per distinct denominator.</summary>
    public static long OfSum(IReadOnlyList<Expr> terms)
    {
        long numerator = 0, denominators = 0, count = 0;
        var seen = new HashSet<BigInteger>();
        void Add(Rational c)
        {
            count++;
            numerator = Math.Max(numerator, BigInteger.Abs(c.Numerator).GetBitLength());
            if (seen.Add(c.Denominator)) denominators += c.Denominator.GetBitLength() - 1;
        }
        foreach (var t in terms)
        {
            if (t is Sum s) foreach (var u in s.Terms) Add(Coefficient(u));
            else Add(Coefficient(t));
        }
        return numerator + denominators + BitLength(count);
    }

    /// <summary>Bits of the coefficients of a canonical product of the factors (sums expand, exp arguments add).</summary>
    public static long OfProduct(IReadOnlyList<Expr> factors)
    {
        long bits = 0;
        foreach (var f in factors) bits += Of(f);
        return bits;
    }

    /// <summary>Bits of the constants of b^n.</summary>
    public static long OfPower(Expr b, int n) => Math.Abs((long)n) * Of(b);

    /// <summary>Converts bits to decimal digits (rounded up).</summary>
    public static long Digits(long bits) => (long)Math.Ceiling(bits * 0.30102999566398120);

    // The size of the constants of e that take part when e is multiplied or raised to a power.
    private static long Of(Expr e) => e switch
    {
        Constant c => Bits(c.Value),
        Product p => p.Factors.Sum(f => f switch { Constant c => Bits(c.Value), Exp x => Of(x.Arg), _ => 0L }),
        Sum s => OfSum(s.Terms),
        Exp x => Of(x.Arg),
        _ => 0,
    };

    private static Rational Coefficient(Expr term) => term switch
    {
        Constant c => c.Value,
        Product { Factors: [Constant c, ..] } => c.Value,
        _ => Rational.One,
    };

    private static long Bits(Rational r) => BigInteger.Abs(r.Numerator).GetBitLength() + r.Denominator.GetBitLength() - 1;

    private static long BitLength(long n) => n <= 1 ? 0 : 64 - BitOperations.LeadingZeroCount((ulong)(n - 1));
}
