using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Parsing;

public class ParserTests
{
    private static readonly Expr X1 = Ex.Var(1), X2 = Ex.Var(2), X12 = Ex.Var(12);
    private static Rational Q(int n, int d = 1) => new(n, d);
    private static Expr C(int n, int d = 1) => Ex.Const(Q(n, d));

    public static TheoryData<string, Expr> Valid => new()
    {
        // numbers, read exactly
        { "3", C(3) },
        { "2/3", C(2, 3) },
        { "6/4", C(3, 2) },
        { "0.25", C(1, 4) },
        { "1e-3", C(1, 1000) },
        { "-1.5E+2", C(-150) },
        { ".5", C(1, 2) },
        { "5.", C(5) },
        { "0.1", C(1, 10) },
        { "2.5e1", C(25) },
        // variables
        { "x1", X1 },
        { "x12", X12 },
        { "t", Ex.T },
        // operators and precedence
        { "x1 + x2", Ex.Sum(X1, X2) },
        { "x1 - x2", Ex.Sum(X1, Ex.Negate(X2)) },
        { "x1*x2", Ex.Product(X1, X2) },
        { "x1/x2", Ex.Divide(X1, X2) },
        { "x1/x2/x1", Ex.Pow(X2, -1) },
        { "2*x1", Ex.Product(C(2), X1) },
        { "2/3*x1", Ex.Product(C(2, 3), X1) },
        { "x1/2/3", Ex.Product(C(1, 6), X1) },
        { "x1/(2/3)", Ex.Product(C(3, 2), X1) },
        { "-x1", Ex.Negate(X1) },
        { "+x1", X1 },
        { "--x1", X1 },
        { "-x1^2", Ex.Negate(Ex.Pow(X1, 2)) },
        { "(-x1)^2", Ex.Pow(X1, 2) },
        { "-2^2", C(-4) },
        { "x1^-2", Ex.Pow(X1, -2) },
        { "x1^(-2)", Ex.Pow(X1, -2) },
        { "x1^(2)", Ex.Pow(X1, 2) },
        { "x1^(1+1)", Ex.Pow(X1, 2) },
        { "2^3^2", C(512) },
        { "x1^2^2", Ex.Pow(X1, 4) },
        { "2^-1", C(1, 2) },
        { "x1^0", Ex.One },
        { "x1 - x2*x1^2 + 1", Ex.Sum(X1, Ex.Negate(Ex.Product(X2, Ex.Pow(X1, 2))), Ex.One) },
        { "x1*(x2 + 1)", Ex.Sum(Ex.Product(X1, X2), X1) },
        { " \t x1\n+\r\nx2  ", Ex.Sum(X1, X2) },
        // functions
        { "relu(x1 - 1)", Ex.Relu(Ex.Sum(X1, C(-1))) },
        { "leaky_relu(x1, 1/10)", Ex.LeakyRelu(X1, Q(1, 10)) },
        { "leaky_relu(x1, 0.1)", Ex.LeakyRelu(X1, Q(1, 10)) },
        { "leaky_relu(x1, -1/2)", Ex.LeakyRelu(X1, Q(-1, 2)) },
        { "leaky_relu(x1, 1 - 9/10)", Ex.LeakyRelu(X1, Q(1, 10)) },
        { "abs(x1)", Ex.Abs(X1) },
        { "max(x1, x2, 1)", Ex.Max(X1, X2, Ex.One) },
        { "min(x1, 0)", Ex.Min(X1, Ex.Zero) },
        { "max(x1)", X1 },
        { "exp(x1)", Ex.Exp(X1) },
        { "log(x1)", Ex.Log(X1) },
        { "sigmoid(x1)", Ex.Sigmoid(X1) },
        { "tanh(x1)", Ex.Tanh(X1) },
        { "softplus(x1)", Ex.Softplus(X1) },
        { "step(x1)", Ex.Step(X1, Rational.Zero) },
        { "step(x1, 1)", Ex.Step(X1, Rational.One) },
        { "step(x1, 1/2)", Ex.Step(X1, Rational.Half) },
        { "relu(relu(x1)*2)", Ex.Relu(Ex.Product(C(2), Ex.Relu(X1))) },
        // constant folding
        { "relu(2)", C(2) },
        { "relu(-2)", Ex.Zero },
        { "log(1)", Ex.Zero },
        { "exp(0)", Ex.One },
        { "sigmoid(0)", C(1, 2) },
        { "log(2)", Ex.Log(C(2)) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_ValidText_EqualsExpressionBuiltThroughEx(string text, Expr expected)
    {
        Assert.Equal(expected, ExprParser.Parse(text));
        Assert.True(ExprParser.TryParse(text, out var e, out var error));
        Assert.Equal(expected, e);
        Assert.Null(error);
    }

    // Facts about the canonical form that the parser exposes: the two texts parse to equal expressions.
    [Theory]
    [InlineData("(x1+x2)^2", "x1^2 + 2*x1*x2 + x2^2")]
    [InlineData("x1*x2 - x2*x1", "0")]
    [InlineData("0.25*x1", "1/4*x1")]
    [InlineData("1e-3", "1/1000")]
    [InlineData("(x1+1)*(x1+1)^-1", "1")]
    [InlineData("x1/x1", "1")]
    [InlineData("(x1 - 1)*(x1 + 1)", "x1^2 - 1")]
    [InlineData("exp(x1)*exp(-x1)", "1")]
    [InlineData("exp(x1)^2", "exp(2*x1)")]
    [InlineData("exp(x1)*exp(x2)", "exp(x1 + x2)")]
    [InlineData("log(exp(x1))", "x1")]
    [InlineData("abs(-x1)", "abs(x1)")]
    [InlineData("abs(1 - x1)", "abs(x1 - 1)")]
    [InlineData("relu(relu(x1))", "relu(x1)")]
    [InlineData("max(x2, x1)", "max(x1, x2)")]
    [InlineData("max(x1, max(x2, x1), 1, 3)", "max(x1, x2, 3)")]
    [InlineData("min(x1, min(x2, 0), -1)", "min(x1, x2, -1)")]
    [InlineData("leaky_relu(x1, 1)", "x1")]
    [InlineData("leaky_relu(x1, 0)", "relu(x1)")]
    [InlineData("clip(x1, 0, 6)", "relu(x1) - relu(x1 - 6)")]
    [InlineData("clip(2*x1 - x2, -1, 1)", "-1 + relu(2*x1 - x2 + 1) - relu(2*x1 - x2 - 1)")]
    [InlineData("clip(x1, 1/2, 0.75)", "1/2 + relu(x1 - 1/2) - relu(x1 - 3/4)")]
    [InlineData("clip(5, 0, 1)", "1")]
    [InlineData("step(0, 1/2)", "1/2")]
    [InlineData("softplus(0)", "log(2)")]
    [InlineData("x1^2*x1^-2", "1")]
    [InlineData("(x1*x2)^2", "x1^2*x2^2")]
    [InlineData("(2*x1)^-1", "1/2*x1^-1")]
    [InlineData("(x1^2)^3", "x1^6")]
    public void Parse_EquivalentTexts_GiveEqualCanonicalForms(string left, string right) =>
        Assert.Equal(ExprParser.Parse(right), ExprParser.Parse(left));

    // Rational functions have no unique canonical form: a positive power of a sum is expanded, a negative one is
    // not, and only equal bases cancel. Pinned so that a change in the core is noticed.
    [Theory]
    [InlineData("(x1+1)^2*(x1+1)^-1", "(x1 + 1)^(-1) + 2*x1*(x1 + 1)^(-1) + x1^2*(x1 + 1)^(-1)")]
    [InlineData("(x1+1)^-1*(x1+2)*(x1+1)", "x1 + 2")]
    [InlineData("((x1+1)^-1*(x1+2))*(x1+1)", "2*(x1 + 1)^(-1) + 3*x1*(x1 + 1)^(-1) + x1^2*(x1 + 1)^(-1)")]
    [InlineData("(x1+1)^-1 + (x1+1)^-1", "2*(x1 + 1)^(-1)")]
    [InlineData("(2*x1+2)^-1", "(2*x1 + 2)^(-1)")]
    public void Parse_RationalFunctions_KeepsTheCoresForm(string text, string printed) =>
        Assert.Equal(printed, ExprParser.Parse(text).ToString());

    [Fact]
    public void Parse_LongSum_IsFastAndExact()
    {
        string text = string.Join(" + ", Enumerable.Range(1, 5000).Select(i => $"{i}*x{i}"));
        var e = ExprParser.Parse(text);
        var sum = Assert.IsType<Sum>(e);
        Assert.Equal(5000, sum.Terms.Count);
    }

    [Fact]
    public void Parse_NestingAtTheDepthLimit_Succeeds()
    {
        string text = new string('(', 499) + "x1" + new string(')', 499);
        Assert.Equal(X1, ExprParser.Parse(text));
        Assert.Equal(X1, ExprParser.Parse(string.Concat(Enumerable.Repeat("relu(", 200)) + "x1" + new string(')', 200)) is Relu r ? r.Arg : null);
    }

    [Theory]
    [InlineData("clip(x1, 0, 6)", "-1 0 1/2 6 7", "0 0 1/2 6 6")]
    [InlineData("clip(x1, -1, 1)", "-2 -1 0 1 3/2", "-1 -1 0 1 1")]
    public void Parse_Clip_ValuesOfMinMax(string text, string points, string expected)
    {
        var f = ExprParser.Parse(text);
        var values = points.Split(' ').Select(p => f.SubstitutePoint([Rational.Parse(p)]));
        Assert.Equal(expected.Split(' ').Select(v => Ex.Const(Rational.Parse(v))), values);
    }

    [Fact]
    public void Parse_NullText_Throws() => Assert.Throws<ArgumentNullException>(() => ExprParser.Parse(null!));

    [Fact]
    public void TryParse_NullText_ReportsEmptyInput()
    {
        Assert.False(ExprParser.TryParse(null, out var e, out var error));
        Assert.Null(e);
        Assert.Equal("empty input", error!.Problem);
    }
}
