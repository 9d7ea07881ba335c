using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Testing;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Testing;

public class AttributionAssertTests
{
    private static readonly Rational[] Exact = [Rational.Parse("3/2"), Rational.Parse("-1/3"), 0];

    [Fact]
    public void Close_WithinTolerance_DoesNotThrow() =>
        AttributionAssert.Close(Exact, [1.5 + 1e-7, -1.0 / 3, 1e-10], relTol: 1e-6, absTol: 1e-9);

    [Fact]
    public void Close_OneFeatureOff_ListsEveryFeatureAndMarksTheFailure()
    {
        var e = Assert.Throws<AttributionMismatchException>(() => AttributionAssert.Close(Exact, [1.5, -0.3, 0], 1e-6, 1e-9));
        Assert.Contains("1 of 3 attributions differ", e.Message);
        Assert.Contains("-1/3", e.Message);
        Assert.Contains("-0.3", e.Message);
        Assert.Contains("FAIL", e.Message);
        Assert.Equal(3, e.Features.Count);
        Assert.Equal([true, false, true], e.Features.Select(f => f.Passed));
        Assert.Equal(Math.Abs(-0.3 + 1.0 / 3), e.Features[1].Error); // the same float64 operations
    }

    [Fact]
    public void Close_NaN_Fails() =>
        Assert.False(Assert.Throws<AttributionMismatchException>(() => AttributionAssert.Close(Exact, [double.NaN, -1.0 / 3, 0], 1, 1)).Features[0].Passed);

    [Fact]
    public void Close_CountMismatchOrNegativeTolerance_ThrowsArgument()
    {
        Assert.Throws<ArgumentException>(() => AttributionAssert.Close(Exact, [1.5], 1e-6, 0));
        Assert.Throws<ArgumentException>(() => AttributionAssert.Close(Exact, [1.5, 0, 0], -1, 0));
    }

    [Fact]
    public void Close_CaptumTrapezoidAgainstExactIg_FailsAndTrapezoidPasses()
    {
        // The use the helpers are for: a numeric IG checked against the exact one, on a closed form (sigmoid).
        var f = ExprParser.Parse("sigmoid(2*x1 + x2)*x2");
        var exact = Attribute.IntegratedGradients(f, [1, 2], [-1, 0]);
        using var model = TorchModel.FromExpression(f, 2);
        var good = NumericAttribute.IntegratedGradients(model, [1.0, 2.0], [-1.0, 0.0], new NumericIgOptions { Steps = 64 });
        AttributionAssert.Close(exact, good, relTol: 1e-10, absTol: 1e-10);
        AttributionAssert.Complete(good, absTol: 1e-12);
        var captum = NumericAttribute.IntegratedGradients(model, [1.0, 2.0], [-1.0, 0.0], new NumericIgOptions { Rule = QuadratureRule.CaptumTrapezoid, Steps = 20 });
        Assert.Throws<AttributionMismatchException>(() => AttributionAssert.Close(exact, captum, 1e-3, 1e-3));
        var incomplete = Assert.Throws<AttributionMismatchException>(() => AttributionAssert.Complete(captum, 1e-3));
        Assert.Contains("not complete", incomplete.Message);
    }

    [Fact]
    public void Complete_WithinTolerance_DoesNotThrow() => AttributionAssert.Complete([1.0, 2.0], 4.0, 1.0, 1e-15);
}
