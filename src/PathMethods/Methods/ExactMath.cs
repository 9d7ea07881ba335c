using System.Numerics;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

/// <summary>Small exact operations on <see cref="ExactResult"/> that the methods share.</summary>
internal static class ExactMath
{
    public static readonly ExactResult Zero = ExactResult.FromRational(Rational.Zero);

    public static ExactResult Sum(IEnumerable<ExactResult> values)
    {
        var list = values as IReadOnlyList<ExactResult> ?? [.. values];
        if (list.All(v => v.Rational is not null)) return ExactResult.FromRational(Sum(list.Select(v => v.Rational!.Value)));
        var total = Zero;
        foreach (var v in list) total = ExactResult.Add(total, v);
        return total;
    }

    // The sum of rationals over a running common denominator, reduced once at the end: adding a term whose denominator
    // divides the running one costs a division and a product, not a gcd of the large numbers (the attributions of an
    // imported model share most of their, thousands of bits long, denominators).
    public static Rational Sum(IEnumerable<Rational> values)
    {
        BigInteger num = BigInteger.Zero, den = BigInteger.One;
        foreach (var r in values)
        {
            if (r.IsZero) continue;
            var q = r.Denominator;
            if (q == den) num += r.Numerator;
            else if ((den % q).IsZero) num += r.Numerator * (den / q);
            else if ((q % den).IsZero) { num = num * (q / den) + r.Numerator; den = q; }
            else
            {
                var g = BigInteger.GreatestCommonDivisor(den, q);
                num = num * (q / g) + r.Numerator * (den / g);
                den = den / g * q;
            }
        }
        return new Rational(num, den);
    }

    // w * r, exact when r is.
    public static ExactResult Scale(ExactResult r, Rational w)
    {
        if (r.Rational is { } q) return ExactResult.FromRational(w * q);
        if (w.IsZero) return Zero;
        if (r.ClosedForm is { } c) return ExactResult.FromClosedForm(Ex.Product(Ex.Const(w), c));
        return ExactResult.FromEnclosure(r.Enclosure * Interval.FromRational(w), r.Note);
    }

    public static ExactResult[] Zeros(int n) => Enumerable.Repeat(Zero, n).ToArray();

    public static string Point(IReadOnlyList<Rational> p) => "(" + string.Join(", ", p) + ")";

    public static string Values(IReadOnlyList<ExactResult> v) => "(" + string.Join(", ", v) + ")";
}
