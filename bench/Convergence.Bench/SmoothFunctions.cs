using Verifier.Symbolic.Numbers;

namespace Verifier.Convergence.Bench;

/// <summary>A smooth closed-form test function with its input and baseline.</summary>
internal sealed record SmoothCase(string Text, int Dimension, Rational[] Input, Rational[] Baseline);

/// <summary>
/// Random smooth (analytic) functions of 2-4 variables: a sum of 2-4 terms, at least one sigmoid, tanh or exp of an
/// affine form with coefficients k/4, the rest monomials of degree 1-3; input and baseline with coordinates k/4 in [-2, 2],
/// different in every coordinate.
/// </summary>
internal static class SmoothFunctions
{
    public static SmoothCase Create(Random rng)
    {
        int d = rng.Next(2, 5);
        int count = rng.Next(2, 5);
        var terms = new List<string>();
        for (int k = 0; k < count; k++)
        {
            string coefficient = Fraction(NonZero(rng, 4), 4);
            terms.Add(k == 0 || rng.Next(3) > 0
                ? $"{coefficient}*{Transcendental(rng, d)}"
                : $"{coefficient}*{Monomial(rng, d)}");
        }
        var x = Point(rng, d);
        var x0 = Point(rng, d);
        while (Enumerable.Range(0, d).Any(i => x[i] == x0[i])) x0 = Point(rng, d); // every coordinate moves along the path
        return new SmoothCase(string.Join(" + ", terms), d, x, x0);
    }

    private static string Transcendental(Random rng, int d)
    {
        // exp gets coefficients k/8 so that exp stays below e^4 on [-2, 2]^4.
        string kind = new[] { "sigmoid", "tanh", "exp" }[rng.Next(3)];
        int denominator = kind == "exp" ? 8 : 4;
        var parts = new List<string>();
        for (int j = 1; j <= d; j++)
            if (rng.Next(3) > 0) parts.Add($"{Fraction(NonZero(rng, 4), denominator)}*x{j}");
        if (parts.Count == 0) parts.Add($"{Fraction(NonZero(rng, 4), denominator)}*x{rng.Next(1, d + 1)}");
        parts.Add(Fraction(rng.Next(-4, 5), 4));
        return $"{kind}({string.Join(" + ", parts)})";
    }

    private static string Monomial(Random rng, int d)
    {
        int degree = rng.Next(1, 4);
        return string.Join("*", Enumerable.Range(0, degree).Select(_ => $"x{rng.Next(1, d + 1)}"));
    }

    private static Rational[] Point(Random rng, int d) => [.. Enumerable.Range(0, d).Select(_ => new Rational(rng.Next(-8, 9), 4))];

    private static int NonZero(Random rng, int max)
    {
        int k = rng.Next(1, max + 1);
        return rng.Next(2) == 0 ? k : -k;
    }

    private static string Fraction(int numerator, int denominator) =>
        "(" + new Rational(numerator, denominator).ToString() + ")";
}
