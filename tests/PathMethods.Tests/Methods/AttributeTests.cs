using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Methods;

public class AttributeTests
{
    [Fact]
    public void IntegratedGradients_SigmoidOfSum_IsExactClosedFormWithZeroGap()
    {
        var r = Attribute.IntegratedGradients(F("sigmoid(x1 + x2)"), P(1, 2), P(0, 0));
        Assert.True(r.Exact);
        Assert.All(r.Attributions, a => Assert.NotNull(a.ClosedForm));
        Assert.Equal(Rational.Zero, r.CompletenessGap.Rational);
    }

    [Fact]
    public void Path_QuadraticCurveOnProduct_MatchesHandIntegral()
    {
        // gamma = (t^2, t): A_1 = int_0^1 t * 2t dt = 2/3, A_2 = int_0^1 t^2 dt = 1/3.
        var path = new CurvePath(P(0, 0), P(1, 1), [F("t^2"), F("t")]);
        Assert.Equal(new[] { R("2/3"), R("1/3") }, Values(Attribute.Path(F("x1*x2"), path)));
        Assert.True(path.IsMonotone);
    }

    [Fact]
    public void Path_CurveThroughKink_SplitsAndIntegratesExactly()
    {
        // F = relu(x1 - x2) along (t^2, t) from 0 to (2, 1): x1 - x2 = 2t^2 - t, kink at t = 1/2; F(x) = 1.
        var path = PathParser.Parse("curve:t^2;t", P(0, 0), P(2, 1), PathCoordinates.Absolute);
        var r = Attribute.Path(F("relu(x1 - x2)"), path);
        Assert.Equal(Rational.Zero, r.CompletenessGap.Rational);
        Assert.Equal(new[] { R("3/2"), R("-1/2") }, Values(r));
    }

    [Fact]
    public void IsMonotone_NonMonotonePolynomialCurve_IsFalse()
    {
        var path = new CurvePath(P(0, 0), P(1, 1), [F("3*t^2 - 2*t"), F("t")]);
        Assert.False(path.IsMonotone);
    }

    [Fact]
    public void IsMonotone_NonPolynomialCurve_IsUnknown()
    {
        var path = new CurvePath(P(0), P(1), [F("t + relu(t - 2)")]);
        Assert.Null(path.IsMonotone);
    }

    [Fact]
    public void GradientTimesInput_ProductAtOneThree_IsThreeThree()
    {
        var r = Attribute.GradientTimesInput(F("x1*x2"), P(1, 3), P(0, 0));
        Assert.Equal(P(3, 3), Values(r));
        Assert.Equal((Rational)(-3), r.CompletenessGap.Rational);
    }

    [Fact]
    public void ExpectedGradients_TwoWeightedBaselines_IsWeightedIgAverage()
    {
        var f = F("x1*x2");
        var r = Attribute.ExpectedGradients(f, P(2, 2), [P(0, 0), P(2, 0)], [R("1/4"), R("3/4")]);
        // IG from 0: (2, 2); from (2, 0): (0, 4). Weighted: (1/2, 7/2).
        Assert.Equal(new[] { R("1/2"), R("7/2") }, Values(r));
        Assert.Equal(Rational.Zero, r.CompletenessGap.Rational);
        Assert.Equal(new[] { R("3/2"), Rational.Zero }, r.Baseline);
    }

    [Fact]
    public void ExpectedGradients_WeightsNotSummingToOne_ThrowsNamingTheSum()
    {
        var e = Assert.Throws<InputArgumentException>(() =>
            Attribute.ExpectedGradients(F("x1"), P(1), [P(0), P(2)], [R("1/2"), R("1/3")]));
        Assert.Contains("sum to 5/6", e.Message);
    }

    [Fact]
    public void ExpectedGradients_NegativeWeight_Throws()
    {
        var e = Assert.Throws<InputArgumentException>(() =>
            Attribute.ExpectedGradients(F("x1"), P(1), [P(0), P(2)], [R("3/2"), R("-1/2")]));
        Assert.Contains("non-negative", e.Message);
    }

    [Fact]
    public void IntegratedGradients_DimensionMismatch_ThrowsNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => Attribute.IntegratedGradients(F("x1*x2"), P(1, 2), P(0)));
        Assert.Contains("2", e.Message);
        Assert.Contains("1", e.Message);
    }

    [Fact]
    public void IntegratedGradients_FunctionUsesMoreVariables_ThrowsNamingVariable()
    {
        var e = Assert.Throws<ArgumentException>(() => Attribute.IntegratedGradients(F("x1*x3"), P(1, 2), P(0, 0)));
        Assert.Contains("x3", e.Message);
    }

    [Fact]
    public void BaselineShapley_MoreThanTwentyFeatures_ThrowsNamingLimit()
    {
        var x = new Rational[21];
        var e = Assert.Throws<InputArgumentException>(() => Attribute.BaselineShapley(F("x1"), x, x));
        Assert.Contains("20", e.Message);
        Assert.Contains("21", e.Message);
    }

    [Fact]
    public void Path_CurveOnNetwork_ThrowsNotSupported()
    {
        var net = RandomNetworks.Create(new Random(1), [2, 3, 1]);
        var path = new CurvePath(P(0, 0), P(1, 1), [F("t^2"), F("t")]);
        Assert.Throws<UnsupportedInputException>(() => Attribute.Path(net, path));
    }

    [Fact]
    public void Ensemble_TwoStaircases_EqualsShapleyForTwoFeatures()
    {
        var f = F("x1*x2 + x1^2");
        var x = P(1, 3);
        var b = P(0, 0);
        var ensemble = new PathEnsemble([(new StaircasePath(b, x, [1, 2]), Rational.Half), (new StaircasePath(b, x, [2, 1]), Rational.Half)]);
        Assert.Equal(Values(Attribute.BaselineShapley(f, x, b)), Values(Attribute.Ensemble(f, ensemble)));
    }

    [Fact]
    public void Derivation_IntegratedGradients_HasPartialsPathIntegrandAndValue()
    {
        var r = Attribute.IntegratedGradients(F("x1*x2"), P(1, 3), P(0, 0));
        var titles = r.Derivation.Select(s => s.Title).ToList();
        Assert.Equal(["dF/dx_i", "gamma(t)", "integrand", "antiderivative", "integrand", "antiderivative", "value"], titles);
    }

    [Fact]
    public void Derivation_IntegratedGradientsOfProduct_ListsAntiderivativePerPiece()
    {
        var r = Attribute.IntegratedGradients(F("x1*x2"), P(1, 3), P(0, 0));
        var anti = r.Derivation.Where(s => s.Title == "antiderivative").ToList();
        Assert.Equal(2, anti.Count);
        Assert.All(anti, s => Assert.Contains("t^2", s.Text));
        Assert.All(anti, s => Assert.DoesNotContain("no closed form", s.Text));
    }
}
