using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Symbolic.Tests.Networks.NetworkTestData;

namespace Verifier.Symbolic.Tests;

public class SubjectTests
{
    [Fact]
    public void ImplicitConversion_Expression_HasTheDimensionOfItsLargestVariable()
    {
        Subject s = ExprParser.Parse("x1*x3");
        Assert.Equal(3, s.Dimension);
        Assert.False(s.IsNetwork);
        Assert.Equal(Subject.Of(ExprParser.Parse("x1*x3"), 3), s);
    }

    [Fact]
    public void ImplicitConversion_Network_HasItsInputCount()
    {
        Subject s = FirstExample();
        Assert.True(s.IsNetwork);
        Assert.Equal(2, s.Dimension);
        Assert.Equal(FirstExample().Evaluate(P("3", "1")), s.ValueAt(P("3", "1")).Rational);
    }

    [Fact]
    public void ImplicitConversion_ExpressionWithT_IsRefused() =>
        Assert.Throws<ArgumentException>(() => { Subject s = ExprParser.Parse("x1*t"); });

    [Fact]
    public void WithDimension_LongerPoint_AddsDummyFeatures()
    {
        var s = ((Subject)ExprParser.Parse("x1^2")).WithDimension(3);
        Assert.Equal(3, s.Dimension);
        Assert.Equal(new Rational(4), s.ValueAt(P("2", "5", "-1")).Rational);
    }

    [Fact]
    public void WithDimension_FewerCoordinatesThanVariables_NamesTheVariable()
    {
        var e = Assert.Throws<ArgumentException>(() => ((Subject)ExprParser.Parse("x1 + x3")).WithDimension(2));
        Assert.Contains("x3", e.Message);
        Assert.Contains("2 coordinates", e.Message);
    }

    [Fact]
    public void WithDimension_NetworkOfAnotherInputCount_NamesBoth()
    {
        Subject s = FirstExample();
        Assert.Same(s, s.WithDimension(2));
        var e = Assert.Throws<ArgumentException>(() => s.WithDimension(3));
        Assert.Contains("2 inputs", e.Message);
        Assert.Contains("3 coordinates", e.Message);
    }

    [Fact]
    public void RequireNetwork_Expression_ThrowsAnInputErrorNamingTheMethod()
    {
        Subject s = Ex.Var(1);
        var e = Assert.Throws<NetworkRequiredException>(() => s.RequireNetwork("lrp-0"));
        Assert.Contains("'lrp-0'", e.Message);
        Assert.IsAssignableFrom<IInputError>(e);
        var net = FirstExample();
        Assert.Same(net, ((Subject)net).RequireNetwork("lrp-0"));
    }
}
