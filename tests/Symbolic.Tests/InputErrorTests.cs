using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Restriction;

namespace Verifier.Symbolic.Tests;

/// <summary>The exceptions that mean bad input carry <see cref="IInputError"/>; thrown ones are caught by it.</summary>
public class InputErrorTests
{
    [Theory]
    [InlineData(typeof(ParseException))]
    [InlineData(typeof(NetworkFormatException))]
    [InlineData(typeof(SymbolicDomainException))]
    [InlineData(typeof(SymbolicLimitException))]
    [InlineData(typeof(RestrictionException))]
    public void InputErrorTypes_AreMarked(Type type) =>
        Assert.True(typeof(IInputError).IsAssignableFrom(type), type.Name);

    [Fact]
    public void Parse_MalformedText_ThrowsAnInputError() =>
        Assert.IsAssignableFrom<IInputError>(Assert.ThrowsAny<Exception>(() => ExprParser.Parse("x1 + * 2")));

    [Fact]
    public void Evaluate_DivisionByZero_ThrowsAnInputError() =>
        Assert.IsAssignableFrom<IInputError>(Assert.ThrowsAny<Exception>(() => ExprParser.Parse("1/x1").TryEvaluateRational([Rational.Zero])));
}
