using Verifier.Symbolic.Expressions.Parsing;

namespace Verifier.Symbolic.Tests.Parsing;

public class ParserErrorTests
{
    // text, expected position, words the problem must contain ('|' separates several).
    [Theory]
    [InlineData("", 0, "empty input")]
    [InlineData("   ", 0, "empty input")]
    [InlineData("x1 + (x2))", 9, "unexpected ')'|after the end of the expression")]
    [InlineData("x1 x2", 3, "missing operator before 'x2'|implicit multiplication")]
    [InlineData("2x1", 1, "implicit multiplication|'2*x1'")]
    [InlineData("2(x1)", 1, "implicit multiplication")]
    [InlineData("(x1)(x2)", 4, "implicit multiplication")]
    [InlineData("x1 + (x2", 8, "missing ')'|opened at position 5")]
    [InlineData("relu(x1", 7, "missing ')'|'relu('")]
    [InlineData("max(x1, x2 x1)", 11, "implicit multiplication")]
    [InlineData("foo(x1)", 0, "unknown function 'foo'|known functions")]
    [InlineData("x1 + ReLU(x1)", 5, "unknown function 'ReLU'|did you mean 'relu'")]
    [InlineData("ln(x1)", 0, "unknown function 'ln'|did you mean 'log'")]
    [InlineData("y + 1", 0, "unknown identifier 'y'")]
    [InlineData("x1 + X2", 5, "unknown identifier 'X2'|did you mean 'x2'")]
    [InlineData("x0 + x1", 0, "unknown variable 'x0'|numbered from 1")]
    [InlineData("x01", 0, "malformed variable 'x01'")]
    [InlineData("x99999999999", 0, "too large")]
    [InlineData("relu + 1", 0, "function 'relu' needs its arguments")]
    [InlineData("leaky_relu(x1)", 13, "wrong number of arguments for leaky_relu|expected 2|got 1")]
    [InlineData("leaky_relu(x1, 1/10, 2)", 21, "wrong number of arguments for leaky_relu|got 3")]
    [InlineData("relu(x1, x2)", 9, "wrong number of arguments for relu|expected 1 argument|got 2")]
    [InlineData("relu()", 5, "wrong number of arguments for relu|got 0")]
    [InlineData("max()", 4, "wrong number of arguments for max|at least 1")]
    [InlineData("step(x1, 0, 1)", 12, "wrong number of arguments for step|1 or 2")]
    [InlineData("leaky_relu(x1, x2)", 15, "alpha of leaky_relu must be a rational constant|'x2'")]
    [InlineData("leaky_relu(x1, exp(1))", 15, "rational constant|'exp(1)'")]
    [InlineData("step(x1, t)", 9, "value at zero of step|rational constant")]
    [InlineData("clip(x1, 0)", 10, "wrong number of arguments for clip|expected 3|clip(a, lo, hi)")]
    [InlineData("clip(x1, x2, 1)", 9, "lower bound of clip must be a rational constant|'x2'")]
    [InlineData("clip(x1, 0, relu(x2))", 12, "upper bound of clip must be a rational constant")]
    [InlineData("clip(x1, 1, 1)", 9, "clip needs lo < hi|lo = 1 and hi = 1")]
    [InlineData("x1^100000", 3, "exponent 100000 exceeds the limit 1000 (ParseOptions.MaxExponent)")]
    [InlineData("x1^-1001", 3, "exponent -1001 exceeds the limit 1000")]
    [InlineData("x1^x2", 3, "exponent must be an integer constant|'x2'")]
    [InlineData("x1^(1/2)", 3, "exponent must be an integer constant|'1/2'")]
    [InlineData("x1^0.5", 3, "integer constant")]
    [InlineData("x1/0", 2, "division by zero")]
    [InlineData("x1 + 1/(x2 - x2)", 6, "division by zero")]
    [InlineData("0^-1", 1, "division by zero")]
    [InlineData("(x1 - x1)^(-2)", 9, "division by zero")]
    [InlineData("log(-1)", 0, "log of a non-positive number")]
    [InlineData("x1 + log(0)", 5, "log of a non-positive number")]
    [InlineData("log(relu(-1))", 0, "log of a non-positive number")]
    [InlineData("x1 + ", 5, "unexpected end of input|after '+'")]
    [InlineData("x1 + * x2", 5, "unexpected '*'|expected a number, variable, function or '('")]
    [InlineData("x1 # 2", 3, "unexpected character '#'")]
    [InlineData("x1**2", 2, "'**'|'^'")]
    [InlineData("()", 0, "empty parentheses")]
    [InlineData("max(x1,)", 7, "unexpected ')'")]
    [InlineData("max(,x1)", 4, "unexpected ','")]
    [InlineData("x1, x2", 2, "unexpected ','|after the end")]
    [InlineData("1.2.3", 0, "malformed number")]
    [InlineData("x1 = 2", 3, "unexpected character '='")]
    public void Parse_BadText_ThrowsWithPositionAndProblem(string text, int position, string words)
    {
        var ex = Assert.Throws<ParseException>(() => ExprParser.Parse(text));
        Assert.Equal(position, ex.Position);
        foreach (var w in words.Split('|')) Assert.Contains(w, ex.Problem);
        Assert.Contains($"at position {position}", ex.Message);
        Assert.IsAssignableFrom<FormatException>(ex);

        Assert.False(ExprParser.TryParse(text, out var e, out var error));
        Assert.Null(e);
        Assert.Equal(ex.Error, error);
    }

    [Fact]
    public void Parse_TrailingParenthesis_MessageShowsPositionAndExcerpt()
    {
        var ex = Assert.Throws<ParseException>(() => ExprParser.Parse("x1 + (x2))"));
        Assert.Equal("unexpected ')' after the end of the expression at position 9: 'x1 + (x2))'", ex.Message);
        Assert.Equal("x1 + (x2))\n         ^", ex.Error.Caret);
    }

    [Fact]
    public void Parse_ErrorDeepInLongText_ExcerptIsCutAroundThePosition()
    {
        string text = string.Concat(Enumerable.Repeat("x1 + ", 40)) + "? + " + string.Concat(Enumerable.Repeat("x2 + ", 40)) + "1";
        var ex = Assert.Throws<ParseException>(() => ExprParser.Parse(text));
        Assert.Equal(200, ex.Position);
        Assert.Contains("at position 200: '...", ex.Message);
        Assert.EndsWith("...'", ex.Message);
        var lines = ex.Error.Caret.Split('\n');
        Assert.Equal('?', lines[0][lines[1].Length - 1]);
    }

    [Fact]
    public void Parse_ControlCharacters_MessageStaysOnOneLine()
    {
        var ex = Assert.Throws<ParseException>(() => ExprParser.Parse("x1 +\n\u0001"));
        Assert.Equal(5, ex.Position);
        Assert.Contains("\\u0001", ex.Problem);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Parse_LongLiteral_ExceedsMaxDigits()
    {
        var ex = Assert.Throws<ParseException>(() => ExprParser.Parse("x1 + 1" + new string('0', 1000)));
        Assert.Equal(5, ex.Position);
        Assert.Contains("more than 1000 digits (ParseOptions.MaxDigits)", ex.Problem);
        Assert.Throws<ParseException>(() => ExprParser.Parse("1e5000"));
        Assert.Throws<ParseException>(() => ExprParser.Parse("1e99999999999"));
        Assert.Equal(1, ExprParser.Parse("1" + new string('0', 999)).NodeCount);
    }

    [Fact]
    public void Parse_Options_AreHonoured()
    {
        var tight = new ParseOptions(MaxExponent: 3, MaxDigits: 4, MaxLength: 12, MaxDepth: 2);
        Assert.Contains("limit 3 (ParseOptions.MaxExponent)", Assert.Throws<ParseException>(() => ExprParser.Parse("x1^4", tight)).Problem);
        Assert.Contains("ParseOptions.MaxDigits", Assert.Throws<ParseException>(() => ExprParser.Parse("12345", tight)).Problem);
        var tooLong = Assert.Throws<ParseException>(() => ExprParser.Parse("x1 + x2 + x3 + x4", tight));
        Assert.Equal(12, tooLong.Position);
        Assert.Contains("exceeds the limit 12 (ParseOptions.MaxLength)", tooLong.Problem);
        var deep = Assert.Throws<ParseException>(() => ExprParser.Parse("((( x1 )))", tight));
        Assert.Equal(2, deep.Position);
        Assert.Contains("nesting deeper than 2 levels (ParseOptions.MaxDepth)", deep.Problem);
        Assert.NotNull(ExprParser.Parse("((x1))^3", tight));
    }

    [Theory]
    [InlineData(501, '(')]
    [InlineData(20000, '(')]
    [InlineData(20000, '-')]
    public void Parse_HostileNesting_IsAnErrorNotAStackOverflow(int depth, char opener)
    {
        string text = new string(opener, depth) + "x1" + (opener == '(' ? new string(')', depth) : "");
        var ex = Assert.Throws<ParseException>(() => ExprParser.Parse(text));
        Assert.Equal(500, ex.Position);
        Assert.Contains("ParseOptions.MaxDepth", ex.Problem);
    }

    [Fact]
    public void Parse_HostileExponentTower_IsAnError()
    {
        var ex = Assert.Throws<ParseException>(() => ExprParser.Parse("2^2^2^2^2^2"));
        Assert.Contains("exceeds the limit 1000", ex.Problem);
        Assert.Equal(4, ex.Position); // 2^(2^(2^(2^2))): the exponent 2^16 = 65536 starts at position 4
    }

    [Theory]
    [InlineData("(9^1000)^1000", 8, "power")]
    [InlineData("x1 + (2^1000)^7*(2^1000)^7*(2^1000)^7*(2^1000)^7*(2^1000)^7", 15, "product")]
    [InlineData("3^1000 * 7^1000 * 11^1000 * 13^1000 * 17^1000 * 19^1000 * 23^1000 * 29^1000 * 31^1000 * 37^1000 * 41^1000", 7, "product")]
    public void Parse_HugeFoldedConstants_AreRejectedBeforeComputing(string text, int position, string what)
    {
        var ex = Assert.Throws<ParseException>(() => ExprParser.Parse(text));
        Assert.Equal(position, ex.Position);
        Assert.Contains($"this {what} would create constants of up to about", ex.Problem);
        Assert.Contains("beyond the limit 10000 (ParseOptions.MaxConstantDigits)", ex.Problem);
    }

    [Fact]
    public void Parse_LongSumOfUnitFractions_IsRejectedQuickly()
    {
        var primes = Enumerable.Range(2, 60000).Where(n => Enumerable.Range(2, (int)Math.Sqrt(n)).All(d => d * d > n || n % d != 0)).Take(5000);
        string text = string.Join(" + ", primes.Select(p => $"1/{p}"));
        var ex = Assert.Throws<ParseException>(() => ExprParser.Parse(text));
        Assert.Equal(0, ex.Position);
        Assert.Contains("this sum would create constants", ex.Problem);
        Assert.Equal(new Verifier.Symbolic.Numbers.Rational(1, 2) + new Verifier.Symbolic.Numbers.Rational(1, 3),
                     Assert.IsType<Verifier.Symbolic.Expressions.Constant>(ExprParser.Parse("1/2 + 1/3")).Value);
    }

    [Theory]
    [InlineData("10^1000")]
    [InlineData("(x1 + 1)^100")]
    [InlineData("(1/3*x1 + 1/7)^50")]
    [InlineData("2^1000 * 3^1000 * 5^1000")]
    public void Parse_LargeButReasonableConstants_AreAccepted(string text) => Assert.NotNull(ExprParser.Parse(text));

    [Fact]
    public void Parse_ExpansionBeyondTheHardLimit_IsAnErrorAtTheOperator()
    {
        // 20 variables to the 5th power expand to 53130 terms; times another such factor is beyond 200000.
        string s = "(" + string.Join(" + ", Enumerable.Range(1, 20).Select(i => $"x{i}")) + ")";
        string text = $"x1 * {s}^3 * {s}^3";
        var ex = Assert.Throws<ParseException>(() => ExprParser.Parse(text));
        Assert.Equal(text.LastIndexOf('*'), ex.Position);
        Assert.IsType<Verifier.Symbolic.Expressions.SymbolicLimitException>(ex.InnerException);
        Assert.Contains("beyond the limit", ex.Problem);
    }
}
