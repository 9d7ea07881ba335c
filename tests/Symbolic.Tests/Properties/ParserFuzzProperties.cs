using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.Symbolic.Tests.Properties;

/// <summary>The parser never fails with anything but a positioned <see cref="ParseError"/>.</summary>
public class ParserFuzzProperties
{
    private static readonly string[] Tokens =
    [
        "x1", "x2", "t", "x0", "y", "3", "0", "1/2", "0.25", "1e-3", "1e", ".", "+", "-", "*", "/", "^", "^-", "(", ")", ",", " ",
        "relu(", "leaky_relu(", "abs(", "max(", "min(", "exp(", "log(", "sigmoid(", "tanh(", "softplus(", "step(", "foo(",
        "**", "#", "\n", "2x1", "1000", "^1001", "(x1 - x1)", "log(0)",
    ];

    // Arithmetic in the text can build constants and exponents beyond the limits on literals (1000^1000 has
    // 3001 digits, x1^1000*x1^1000 = x1^2000, (a*x1*x2 + b)^998 prints to 1.5 million characters), so the printed
    // form is read back under wider limits.
    private static readonly ParseOptions Wide = new(MaxExponent: 1_000_000, MaxDigits: 1_000_000, MaxLength: int.MaxValue, MaxConstantDigits: 1_000_000);

    // A parse is well-behaved: success, or an error whose position lies in the text and whose message is one line.
    private static bool WellBehaved(string text)
    {
        if (ExprParser.TryParse(text, out var e, out var error))
            return ExprParser.Parse(e!.ToString(), Wide).Equals(e);
        return error!.Position >= 0 && error.Position <= text.Length && !error.Message.Contains('\n') && error.Problem.Length > 0;
    }

    [Property(MaxTest = 1000)]
    public Property TryParse_RandomTokenSoup_SucceedsOrReportsAPosition() =>
        Prop.ForAll(Gen.Sized(s => Gen.Choose(0, 4 + s / 4)).SelectMany(k => Gen.ArrayOf(Gen.Elements(Tokens), k))
                       .Select(ts => string.Concat(ts)).ToArbitrary(),
                    text => WellBehaved(text).Label(text));

    [Fact]
    public void TryParse_LargeLegitimateExpansion_ReadsBackUnderWideLimits() =>
        // Found by the property below: inserting "1000" into "(-8/7*x1*x2 - 9)^(-2)".
        Assert.True(WellBehaved("(-8/7*x1*x2 - 9)^(1000-2)"));

    [Property(MaxTest = 500)]
    public Property TryParse_MutatedPrintedExpression_SucceedsOrReportsAPosition() =>
        Prop.ForAll(ExprGen.Any(2).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), Gen.Elements(Tokens).ToArbitrary(), (e, at, token) =>
        {
            string printed = e.ToString();
            int i = at % (printed.Length + 1);
            string inserted = printed[..i] + token + printed[i..];
            string deleted = i < printed.Length ? printed.Remove(i, 1) : printed;
            return (WellBehaved(inserted) && WellBehaved(deleted)).Label($"{inserted} | {deleted}");
        });

    [Property(MaxTest = 300)]
    public Property Parse_SumOfPrintedExpressions_IsTheSumOfTheExpressions() =>
        Prop.ForAll(ExprGen.Any(2).ToArbitrary(), ExprGen.Any(2).ToArbitrary(), (a, b) =>
            ExprParser.Parse($"({a}) - ({b})").Equals(Ex.Sum(a, Ex.Negate(b)))
            && ExprParser.Parse($"relu({a}) + max({a}, {b})").Equals(Ex.Sum(Ex.Relu(a), Ex.Max(a, b))));
}
