using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.Methods.DeepLiftTests;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Methods;

/// <summary>The facade's one entry per method takes a <see cref="Subject"/>: an expression or a network.</summary>
public class SubjectEntryTests
{
    // F = relu(x1 - x2) as a network and as an expression.
    private static readonly Network Net = new(2, [Dense(new[,] { { 1, -1 } }, 0), new ReluLayer()]);

    [Fact]
    public void IntegratedGradients_ExpressionAndItsNetwork_Agree()
    {
        var fromNetwork = Attribute.IntegratedGradients(Net, P(3, 1), P(0, 0));
        var fromExpression = Attribute.IntegratedGradients(F("relu(x1 - x2)"), P(3, 1), P(0, 0));
        Assert.Equal(P(3, -1), Values(fromNetwork));
        Assert.Equal(Values(fromNetwork), Values(fromExpression));
    }

    [Fact]
    public void IntegratedGradients_PointLongerThanTheLargestVariable_GivesTheDummyZero()
    {
        var r = Attribute.IntegratedGradients(F("x1^2"), P(2, 5, -1), P(0, 0, 0));
        Assert.Equal(P(4, 0, 0), Values(r));
    }

    [Fact]
    public void Gradient_SubjectOfSmallerDeclaredDimension_TakesThePointsDimension()
    {
        var r = Attribute.Gradient(Subject.Of(F("x1*x2"), 2), P(3, 2, 7));
        Assert.Equal(P(2, 3, 0), Values(r));
    }

    [Fact]
    public void IntegratedGradients_ExpressionUsingMoreVariablesThanThePoint_NamesTheVariable()
    {
        var e = Assert.Throws<ArgumentException>(() => Attribute.IntegratedGradients(F("x1 + x3"), P(1, 1), P(0, 0)));
        Assert.Contains("x3", e.Message);
    }

    [Theory]
    [InlineData("deeplift-revealcancel")]
    [InlineData("lrp-0")]
    [InlineData("lrp-epsilon")]
    [InlineData("lrp-gamma")]
    [InlineData("lrp-zplus")]
    [InlineData("conductance")]
    [InlineData("patch")]
    public void NetworkOnlyMethod_Expression_ThrowsAnInputErrorNamingTheMethod(string method)
    {
        Subject f = F("relu(x1 - x2)");
        var (x, b) = (P(3, 1), P(0, 0));
        Action run = method switch
        {
            "deeplift-revealcancel" => () => Attribute.DeepLiftRevealCancel(f, x, b),
            "lrp-0" => () => Attribute.LrpZero(f, x),
            "lrp-epsilon" => () => Attribute.LrpEpsilon(f, x, Rational.Zero),
            "lrp-gamma" => () => Attribute.LrpGamma(f, x, Rational.Zero),
            "lrp-zplus" => () => Attribute.LrpZPlus(f, x),
            "conductance" => () => Attribute.Conductance(f, x, b, 0),
            _ => () => Attribute.PatchNeuron(f, x, b, [0], 0, 0, 4),
        };
        var e = Assert.Throws<NetworkRequiredException>(run);
        Assert.Contains($"'{method}'", e.Message);
        Assert.IsAssignableFrom<IInputError>(e);
    }

    [Fact]
    public void NeuronConductance_Expression_ThrowsAnInputError() =>
        Assert.Throws<NetworkRequiredException>(() => Attribute.NeuronConductance(F("x1"), P(1), P(0), 0, 0));
}
