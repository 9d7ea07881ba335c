using System.Diagnostics;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Expressions;

/// <summary>Division by zero, log of non-positive numbers and runaway sizes give clear errors, never hangs.</summary>
public class BadInputTests
{
    [Fact]
    public void Divide_ByConstantZero_IsADomainError()
    {
        var ex = Assert.Throws<SymbolicDomainException>(() => Ex.Divide(Ex.Var(1), Ex.Zero));
        Assert.Contains("division by zero", ex.Message);
    }

    [Fact]
    public void Substitute_MakingADenominatorZero_IsADomainError()
    {
        var f = ExprParser.Parse("1/(x1 - 2)");
        var ex = Assert.ThrowsAny<ArithmeticException>(() => f.TryEvaluateRational([new Rational(2)]));
        Assert.Contains("division by zero", ex.Message);
    }

    [Theory]
    [InlineData("log(x1)", "-1")]
    [InlineData("log(x1)", "0")]
    [InlineData("log(x1 - 3)", "1")]
    public void Log_OfNonPositiveValue_IsADomainError(string f, string at)
    {
        var ex = Assert.Throws<SymbolicDomainException>(() => ExprParser.Parse(f).TryEvaluateRational([Rational.Parse(at)]));
        Assert.Contains("log of a non-positive number", ex.Message);
    }

    [Fact]
    public void Log_OfNonPositiveClosedFormConstant_IsADomainError() =>
        Assert.Throws<SymbolicDomainException>(() => Ex.Log(Ex.Sum(Ex.Exp(Ex.One), Ex.Const(-3))));

    [Theory]
    [InlineData("(x1 + x2 + x3 + x4)^200")]
    [InlineData("(x1 + 1)^300 * (x2 + 1)^300 * (x3 + 1)^300")]
    public void Expansion_BeyondTheTermLimit_FailsFastWithAClearMessage(string text)
    {
        var watch = Stopwatch.StartNew();
        var ex = Assert.ThrowsAny<Exception>(() => ExprParser.Parse(text));
        Assert.Contains("beyond the limit", ex.Message);
        // A hang guard, not a timing measurement (the suite runs projects in parallel on 2 cores): the bound is checked
        // before expanding, so this takes well under a second alone.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Evaluate_BeyondTheDigitLimit_FailsWithTheLimitNamed()
    {
        var f = ExprParser.Parse("x1^1000");
        var ex = Assert.Throws<SymbolicLimitException>(() =>
            f.TryEvaluateRational([Rational.Parse("123456789/987654321")], new ExactOptions(MaxDigits: 500)));
        Assert.Contains("ExactOptions.MaxDigits", ex.Message);
        // and within a larger limit the same value is computed exactly
        Assert.NotNull(f.TryEvaluateRational([Rational.Parse("123456789/987654321")], new ExactOptions(MaxDigits: 20_000)));
    }

    [Fact]
    public void Pow_BeyondTheHardExponentLimit_Throws() =>
        Assert.Throws<SymbolicLimitException>(() => Ex.Pow(Ex.Var(1), 2_000_000));

    [Fact]
    public void ConstantPower_WithMillionsOfDigits_IsRefusedNotComputed()
    {
        var watch = Stopwatch.StartNew();
        Assert.Throws<SymbolicLimitException>(() => Ex.Pow(Ex.Const(Rational.Parse("123456789/7")), 900_000));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }
}
