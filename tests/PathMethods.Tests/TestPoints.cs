using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Tests;

internal static class TestPoints
{
    public static Rational[] P(params int[] xs) => xs.Select(x => (Rational)x).ToArray();

    public static Rational R(string s) => Rational.Parse(s);

    public static Expr F(string s) => ExprParser.Parse(s);

    public static Rational[] Values(Verifier.PathMethods.Methods.AttributionResult r) =>
        r.Attributions.Select(a => a.Rational ?? throw new InvalidOperationException($"not rational: {a}")).ToArray();
}
