using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Tests;

public class AttributionResultTests
{
    [Fact]
    public void With_NewAttributions_SumAndGapFollow()
    {
        // A result rebuilt with 'with' must not keep the sum and gap of the original (they are derived values).
        var r = Attribute.IntegratedGradients(ExprParser.Parse("x1*x2"), [Rational.One, Rational.One], [Rational.Zero, Rational.Zero]);
        Assert.Equal(Rational.Zero, r.CompletenessGap.Rational);
        var half = r with { Attributions = r.Attributions.Select(a => ExactResult.FromRational(a.Rational!.Value / 2)).ToArray() };
        Assert.Equal(Rational.Half, half.Sum.Rational);
        Assert.Equal(Rational.Half, half.CompletenessGap.Rational);
    }
}
