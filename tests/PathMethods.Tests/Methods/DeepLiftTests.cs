using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Methods;

public class DeepLiftTests
{
    internal static DenseLayer Dense(int[,] w, params int[] b)
    {
        var weights = new Rational[w.GetLength(0), w.GetLength(1)];
        for (int i = 0; i < w.GetLength(0); i++)
            for (int j = 0; j < w.GetLength(1); j++) weights[i, j] = w[i, j];
        return new DenseLayer(weights, b.Select(v => (Rational)v).ToArray());
    }

    // F = 2 relu(x1 - x2) + 1
    private static readonly Network Small = new(2, [Dense(new[,] { { 1, -1 } }, 0), new ReluLayer(), Dense(new[,] { { 2 } }, 1)]);

    // F = relu(x1 + x2 - 1)
    private static readonly Network Cancelling = new(2, [Dense(new[,] { { 1, 1 } }, -1), new ReluLayer()]);

    [Fact]
    public void DeepLiftRescale_SmallNetwork_MatchesHandComputation()
    {
        // x' = (0, 0), x = (3, 1): z' = 0, z = 2, relu multiplier 2/2 = 1; times the output weight 2:
        // m = (2, -2), A = m (x - x') = (6, -2); sum 4 = F(x) - F(x') = 5 - 1.
        var r = Attribute.DeepLiftRescale(Small, P(3, 1), P(0, 0));
        Assert.Equal(P(6, -2), Values(r));
        Assert.Equal(Rational.Zero, r.CompletenessGap.Rational);
        Assert.Equal("deeplift-rescale", r.Method);
    }

    [Fact]
    public void DeepLiftRescale_CancellingInputs_GivesZeroAttributions()
    {
        // x' = (0, 0), x = (2, -1): z' = -1, z = 0, Delta y = 0 - 0 = 0, m = 0 / 1 = 0: A = (0, 0).
        Assert.Equal(P(0, 0), Values(Attribute.DeepLiftRescale(Cancelling, P(2, -1), P(0, 0))));
    }

    [Fact]
    public void DeepLiftRevealCancel_CancellingInputs_RevealsBothContributions()
    {
        // x0 = z' = -1, terms +2 (x1) and -1 (x2): Delta x+ = 2, Delta x- = -1.
        // Delta y+ = (relu(1) - relu(-1)) / 2 + (relu(0) - relu(-2)) / 2 = 1/2, m+ = 1/4;
        // Delta y- = (relu(-2) - relu(-1)) / 2 + (relu(0) - relu(1)) / 2 = -1/2, m- = 1/2.
        // A = (1/4 * 2, 1/2 * (-1)) = (1/2, -1/2); sum 0 = F(x) - F(x').
        var r = Attribute.DeepLiftRevealCancel(Cancelling, P(2, -1), P(0, 0));
        Assert.Equal([R("1/2"), R("-1/2")], Values(r));
        Assert.Equal("deeplift-revealcancel", r.Method);
    }

    [Fact]
    public void DeepLiftRevealCancel_SplitMultipliers_MatchTheFormula()
    {
        var (plus, minus) = Verifier.PathMethods.Methods.Propagation.DeepLiftNetwork.SplitMultipliers(new ReluLayer(), -1, 2, -1);
        Assert.Equal(R("1/4"), plus);
        Assert.Equal(R("1/2"), minus);
    }

    [Fact]
    public void DeepLiftRescale_MaxPool_SplitsByShapleyValues()
    {
        // max(x1, x2), x' = (0, 0), x = (3, 1): v({1}) = 3, v({2}) = 1, v({1,2}) = 3.
        // phi_1 = (3 + (3 - 1)) / 2 = 5/2, phi_2 = (1 + 0) / 2 = 1/2.
        var net = new Network(2, [new MaxPoolLayer([[0, 1]])]);
        Assert.Equal([R("5/2"), R("1/2")], Values(Attribute.DeepLiftRescale(net, P(3, 1), P(0, 0))));
    }

    [Fact]
    public void DeepLiftRescale_ReluAtReferenceWithNoChange_UsesKinkConvention()
    {
        // F = relu(x1 - x2), x' = (0, 0), x = (1, 1): Delta z = 0, so m = relu'(0): 0 by default, 1 if chosen.
        // A = m (1, -1) either way sums to 0.
        var net = new Network(2, [Dense(new[,] { { 1, -1 } }, 0), new ReluLayer()]);
        Assert.Equal(P(0, 0), Values(Attribute.DeepLiftRescale(net, P(1, 1), P(0, 0))));
        var one = new KinkConvention { ReluGradientAtZero = Rational.One };
        Assert.Equal(P(1, -1), Values(Attribute.DeepLiftRescale(net, P(1, 1), P(0, 0), one)));
    }

    [Theory]
    [InlineData("x1*x2", "1,3", "0,0", "3/2,3/2")]      // Delta(ab) split half and half: (1 * 3) / 2 each
    [InlineData("relu(x1 - x2)", "3,1", "0,0", "3,-1")] // m = 2 / 2 = 1 on (3, -1)
    [InlineData("max(x1, x2)", "3,1", "0,0", "5/2,1/2")] // Shapley split of the max
    [InlineData("2*x1 + x2^2", "1,2", "0,1", "2,3")]    // linear rule; x2^2: Delta = 3 over Delta x2 = 1
    [InlineData("relu(x1) * x2", "2,2", "-2,1", "3,1")] // a = relu(x1): m = 2/4, C(a) = (2, 0); phi_a = 2 (1 + 2) / 2 = 3, phi_b = 1 (0 + 2) / 2 = 1
    public void DeepLiftRescale_Expression_MatchesHandComputation(string f, string x, string b, string expected)
    {
        var r = Attribute.DeepLiftRescale(F(f), Parse(x), Parse(b));
        Assert.Equal(Parse(expected), Values(r));
        Assert.Equal(Rational.Zero, r.CompletenessGap.Rational);
    }

    [Fact]
    public void DeepLiftRescale_ExpressionWithExp_ThrowsUnsupportedInput()
    {
        var e = Assert.Throws<UnsupportedInputException>(() => Attribute.DeepLiftRescale(F("exp(x1) + x2"), P(1, 1), P(0, 0)));
        Assert.Contains("exp", e.Message);
    }

    [Fact]
    public void DeepLiftRescale_PoleAtTheBaseline_DomainError()
    {
        var e = Assert.Throws<Verifier.Symbolic.Expressions.SymbolicDomainException>(() => Attribute.DeepLiftRescale(F("1/x1"), P(1), P(0)));
        Assert.Contains("division by zero", e.Message);
    }

    [Fact]
    public void DeepLiftRescale_InputOfWrongDimension_ThrowsNamingTheNetwork()
    {
        var e = Assert.Throws<ArgumentException>(() => Attribute.DeepLiftRescale(Small, P(1, 2, 3), P(0, 0, 0)));
        Assert.Contains("network has 2 inputs", e.Message);
        Assert.Throws<ArgumentException>(() => Attribute.DeepLiftRevealCancel(Small, P(1, 2), P(0)));
    }

    internal static Rational[] Parse(string s) => s.Split(',').Select(v => Rational.Parse(v)).ToArray();
}
