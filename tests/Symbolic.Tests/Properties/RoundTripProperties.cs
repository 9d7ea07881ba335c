using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Expressions.Printing;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.Symbolic.Tests.Properties;

/// <summary>parse(print(e)) == e for canonical expressions of every generator family.</summary>
public class RoundTripProperties
{
    private static Property RoundTrip(Gen<Expr> gen) => Prop.ForAll(ExprGen.Arbitrary(gen), e =>
    {
        string text = PlainPrinter.Print(e);
        bool same = ExprParser.Parse(text).Equals(e);
        bool sameWithoutSpaces = ExprParser.Parse(text.Replace(" ", "")).Equals(e);
        return (same && sameWithoutSpaces).Label($"printed: {text}");
    });

    [Property(MaxTest = 300)]
    public Property ParsePrint_Polynomial_IsIdentity() => RoundTrip(ExprGen.Polynomial(3));

    [Property(MaxTest = 300)]
    public Property ParsePrint_PiecewiseLinear_IsIdentity() => RoundTrip(ExprGen.PiecewiseLinear(3));

    [Property(MaxTest = 300)]
    public Property ParsePrint_Smooth_IsIdentity() => RoundTrip(ExprGen.Smooth(2));

    [Property(MaxTest = 300)]
    public Property ParsePrint_Mixed_IsIdentity() => RoundTrip(ExprGen.Mixed(3));

    [Property(MaxTest = 200)]
    public Property ParsePrint_MixedInT_IsIdentity() =>
        RoundTrip(ExprGen.Mixed(2).Select(e => e.Substitute(new Dictionary<int, Expr> { [2] = Ex.T })));

    [Property(MaxTest = 200)]
    public Property ParsePrint_RawBuiltTrees_IsIdentity() => RoundTrip(RawGen.Mixed(3).Select(r => r.Build()));

    [Property(MaxTest = 200)]
    public Property ParsePrint_Derivatives_IsIdentity() =>
        RoundTrip(ExprGen.Mixed(2).Select(e => e.Differentiate(1)));

    [Property(MaxTest = 200)]
    public Property LatexPrint_AnyExpression_IsNonEmptyAndBalanced() => Prop.ForAll(ExprGen.Arbitrary(ExprGen.Any(3)), e =>
    {
        string latex = LatexPrinter.Print(e);
        int depth = 0;
        foreach (char c in latex)
        {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth < 0) return false.Label(latex);
        }
        int lefts = CountOf(latex, @"\left"), rights = CountOf(latex, @"\right");
        return (latex.Length > 0 && depth == 0 && lefts == rights).Label(latex);
    });

    private static int CountOf(string s, string part)
    {
        int n = 0;
        for (int i = s.IndexOf(part, StringComparison.Ordinal); i >= 0; i = s.IndexOf(part, i + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
