using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Expressions.Printing;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Printing;

public class PrinterTests
{
    [Theory]
    [InlineData("x1*x2 - 3*x1 + 1/2", "-3*x1 + x1*x2 + 1/2")]
    [InlineData("-x1", "-x1")]
    [InlineData("x1 - x2", "x1 - x2")]
    [InlineData("2/3*x1^2", "2/3*x1^2")]
    [InlineData("-2/3*x1^2 + 1", "-2/3*x1^2 + 1")]
    [InlineData("1 - 2/3*x1^2", "-2/3*x1^2 + 1")]
    [InlineData("x2 - 2/3*x1^2", "x2 - 2/3*x1^2")]
    [InlineData("1/(x1 + 1)", "(x1 + 1)^(-1)")]
    [InlineData("x1/x2^2", "x1*x2^(-2)")]
    [InlineData("-x1^2", "-x1^2")]
    [InlineData("relu(x1 - 1)", "relu(x1 - 1)")]
    [InlineData("leaky_relu(x1, 0.1)", "leaky_relu(x1, 1/10)")]
    [InlineData("leaky_relu(x1, -1/2)", "leaky_relu(x1, -1/2)")]
    [InlineData("step(x1)", "step(x1)")]
    [InlineData("step(x1, 1)", "step(x1, 1)")]
    [InlineData("step(x1, 1/2)", "step(x1, 1/2)")]
    [InlineData("1/2", "1/2")]
    [InlineData("-3", "-3")]
    [InlineData("-0.5", "-1/2")]
    [InlineData("0", "0")]
    [InlineData("t^2 - t", "-t + t^2")]
    [InlineData("abs(x1 - x2)*max(x1, 0)", "abs(x1 - x2)*max(0, x1)")]
    [InlineData("max(x1, x2)^2", "max(x1, x2)^2")]
    [InlineData("exp(x1)*2", "2*exp(x1)")]
    [InlineData("2*sigmoid(3) - 1", "2*sigmoid(3) - 1")]
    [InlineData("log(1 + x1^2)", "log(x1^2 + 1)")]
    [InlineData("min(x1, -x2, -1)", "min(-1, x1, -x2)")]
    [InlineData("tanh(x1)*softplus(-x2)", "tanh(x1)*softplus(-x2)")]
    public void Print_CanonicalExpression_IsReadable(string text, string expected)
    {
        var e = ExprParser.Parse(text);
        Assert.Equal(expected, PlainPrinter.Print(e));
        Assert.Equal(expected, e.ToString());
        Assert.Equal(e, ExprParser.Parse(expected));
    }

    [Fact]
    public void Print_BuiltThroughEx_MatchesExpectedText()
    {
        var x1 = Ex.Var(1);
        Assert.Equal("-1/2*x1 - 3", PlainPrinter.Print(Ex.Sum(Ex.Product(Ex.Const(new Rational(-1, 2)), x1), Ex.Const(-3))));
        Assert.Equal("(x1 + 1)^(-3)", PlainPrinter.Print(Ex.Pow(Ex.Sum(x1, Ex.One), -3)));
        Assert.Equal("-x1*(x1 + 1)^(-1)", PlainPrinter.Print(Ex.Negate(Ex.Divide(x1, Ex.Sum(x1, Ex.One)))));
        Assert.Equal("3/2", PlainPrinter.Print(new Rational(3, 2)));
    }

    [Theory]
    [InlineData("2/3*x1^2", @"\frac{2}{3} x_{1}^{2}")]
    [InlineData("relu(x1 - 1)", @"\operatorname{ReLU}\left(x_{1} - 1\right)")]
    [InlineData("leaky_relu(x1, 1/10)", @"\operatorname{LeakyReLU}_{\frac{1}{10}}\left(x_{1}\right)")]
    [InlineData("max(x1, x2, 0)", @"\max\left(0, x_{1}, x_{2}\right)")]
    [InlineData("min(x1, 1)", @"\min\left(1, x_{1}\right)")]
    [InlineData("exp(2*x1)", @"e^{2 x_{1}}")]
    [InlineData("log(x1)", @"\log\left(x_{1}\right)")]
    [InlineData("sigmoid(x1)", @"\sigma\left(x_{1}\right)")]
    [InlineData("tanh(x1)^2", @"\tanh\left(x_{1}\right)^{2}")]
    [InlineData("softplus(x1)", @"\operatorname{softplus}\left(x_{1}\right)")]
    [InlineData("step(x1)", @"H\left(x_{1}\right)")]
    [InlineData("step(x1, 1)", @"H_{1}\left(x_{1}\right)")]
    [InlineData("abs(x1 - 1)", @"\left| x_{1} - 1 \right|")]
    [InlineData("1/(x1 + 1)", @"\frac{1}{x_{1} + 1}")]
    [InlineData("(x1 + 1)^-2", @"\frac{1}{\left(x_{1} + 1\right)^{2}}")]
    [InlineData("x1/x2/(x1 + 1)", @"\frac{x_{1}}{x_{2} \left(x_{1} + 1\right)}")]
    [InlineData("x1/(x2*(x1 + 1))", @"\frac{x_{1}}{x_{2} + x_{1} x_{2}}")]
    [InlineData("-3*x1/(2*x2^2) - 3", @"-\frac{3 x_{1}}{2 x_{2}^{2}} - 3")]
    [InlineData("x1*x2 - 1/2*t", @"-\frac{1}{2} t + x_{1} x_{2}")]
    [InlineData("-1/2", @"-\frac{1}{2}")]
    [InlineData("x1 - exp(x1)*x2", @"x_{1} - x_{2} e^{x_{1}}")]
    public void LatexPrint_Expression_IsConventionalLatex(string text, string expected) =>
        Assert.Equal(expected, LatexPrinter.Print(ExprParser.Parse(text)));
}
