using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Symbolic.Tests.Networks.NetworkTestData;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>The one description of an activation, c0 + c1 z + sum w relu(s (z - k)), and the catalogue of kinds.</summary>
public class ActivationFunctionTests
{
    private static ActivationLayer Layer(string kind, params string[] parameters) =>
        ActivationCatalogue.Find(kind)!.Create(P(parameters));

    [Theory]
    // kind | parameters | z | relu'(0) | derivative: relu'(0) = c, leaky_relu'(0) = alpha + (1 - alpha) c, abs'(0) = c - c = 0,
    // clip'(lo) = c, clip'(hi) = 1 - c; off the kinks the convention does not matter
    [InlineData("relu", "", "0", "0", "0")]
    [InlineData("relu", "", "0", "1", "1")]
    [InlineData("relu", "", "0", "1/2", "1/2")]
    [InlineData("relu", "", "-1/3", "1", "0")]
    [InlineData("leaky_relu", "1/10", "0", "0", "1/10")]
    [InlineData("leaky_relu", "1/10", "0", "1", "1")]
    [InlineData("leaky_relu", "1/10", "0", "1/2", "11/20")]
    [InlineData("leaky_relu", "-2", "-1", "1/2", "-2")]
    [InlineData("abs", "", "0", "0", "0")]
    [InlineData("abs", "", "0", "1", "0")]
    [InlineData("abs", "", "-5", "1", "-1")]
    [InlineData("identity", "", "0", "1/2", "1")]
    [InlineData("clip", "0,6", "0", "0", "0")]
    [InlineData("clip", "0,6", "0", "1", "1")]
    [InlineData("clip", "0,6", "6", "0", "1")]
    [InlineData("clip", "0,6", "6", "1", "0")]
    [InlineData("clip", "-1,1", "1/2", "1/3", "1")]
    [InlineData("clip", "-1,1", "-1", "1/3", "1/3")]
    [InlineData("clip", "-1,1", "1", "1/3", "2/3")]
    [InlineData("clip", "-1,1", "7", "1/3", "0")]
    public void Derivative_UnderConvention_FollowsFromReluGradientAtZero(string kind, string parameters, string z, string c, string expected)
    {
        var layer = Layer(kind, parameters.Length == 0 ? [] : parameters.Split(','));
        var convention = new KinkConvention { ReluGradientAtZero = R(c) };
        Assert.Equal(R(expected), layer.Derivative(R(z), convention));
    }

    [Theory]
    [InlineData("relu", "", "-2 -1/2 0 1/3 5", "0 0 0 1/3 5")]
    [InlineData("leaky_relu", "1/4", "-2 -1/2 0 1/3 5", "-1/2 -1/8 0 1/3 5")]
    [InlineData("abs", "", "-2 -1/2 0 1/3 5", "2 1/2 0 1/3 5")]
    [InlineData("identity", "", "-2 -1/2 0 1/3 5", "-2 -1/2 0 1/3 5")]
    [InlineData("clip", "0,6", "-2 0 1/3 6 7", "0 0 1/3 6 6")]
    [InlineData("clip", "-1,1", "-2 -1 1/3 1 5", "-1 -1 1/3 1 1")]
    [InlineData("clip", "1/2,3/4", "0 1/2 2/3 3/4 1", "1/2 1/2 2/3 3/4 3/4")]
    public void Apply_Catalogue_ExactValues(string kind, string parameters, string zs, string expected)
    {
        var layer = Layer(kind, parameters.Length == 0 ? [] : parameters.Split(','));
        Assert.Equal(expected, Join(zs.Split(' ').Select(z => layer.Apply(R(z)))));
    }

    [Fact]
    public void Clip_KinksAndSlopes_LoHiAndZeroOneZero()
    {
        var f = new ClipLayer(R("-1/2"), R("3")).Function;
        Assert.Equal("-1/2 3", Join(f.Kinks));
        Assert.Equal("0 1 0", Join(f.Slopes));
        Assert.True(f.IsKink(R("3")));
        Assert.False(f.IsKink(R("0")));
        Assert.True(f.IsNonDecreasing);
        Assert.False(f.IsPositivelyHomogeneous);
        Assert.Equal([-2, -1, 0, 1, 2], new[] { "-1", "-1/2", "0", "3", "4" }.Select(z => f.Region(R(z))));
        Assert.Equal("-1/2 + relu(z + 1/2) - relu(z - 3)", f.ToString());
    }

    [Fact]
    public void Constructor_MergesTermsAndDropsZeroWeights_Canonical()
    {
        var a = new ActivationFunction(R("1"), R("0"),
            [new(R("2"), 1, R("1")), new(R("1"), -1, R("0")), new(R("-2"), 1, R("1")), new(R("1/2"), -1, R("0"))]);
        var b = new ActivationFunction(R("1"), R("0"), [new(R("3/2"), -1, R("0"))]);
        Assert.Equal(b, a);
        Assert.Equal(b.GetHashCode(), a.GetHashCode());
        Assert.Equal("0", Join(a.Kinks));
        Assert.Throws<ArgumentException>(() => new ActivationFunction(R("0"), R("0"), [new(R("1"), 2, R("0"))]));
    }

    [Fact]
    public void ReluForm_LeakyMinusOne_IsAbsForm()
    {
        var leaky = new LeakyReluLayer(R("-1")).Function.ReluForm();
        var abs = new AbsLayer().Function.ReluForm();
        Assert.Equal(abs.Constant, leaky.Constant);
        Assert.Equal(abs.Terms.ToArray(), leaky.Terms.ToArray());
        Assert.Equal([new ReluTerm(Rational.One, 1, Rational.Zero), new ReluTerm(Rational.One, -1, Rational.Zero)], abs.Terms.ToArray());
    }

    [Theory]
    [InlineData("leaky_relu", "1/3")]
    [InlineData("identity", "")]
    [InlineData("clip", "-2,1/2")]
    public void ReluForm_SameValuesEverywhere(string kind, string parameters)
    {
        var f = Layer(kind, parameters.Length == 0 ? [] : parameters.Split(',')).Function;
        var (constant, terms) = f.ReluForm();
        var relus = new ActivationFunction(constant, Rational.Zero, terms);
        Assert.True(relus.Slope.IsZero);
        foreach (var z in P("-3", "-2", "-1/2", "0", "1/4", "1/2", "2"))
            Assert.Equal(f.Apply(z), relus.Apply(z));
    }

    [Theory]
    [InlineData("relu", "", "relu(x1)")]
    [InlineData("leaky_relu", "1/10", "leaky_relu(x1, 1/10)")]
    [InlineData("abs", "", "abs(x1)")]
    [InlineData("identity", "", "x1")]
    [InlineData("clip", "0,6", "relu(x1) - relu(x1 - 6)")]
    [InlineData("clip", "-1,1", "-relu(x1 - 1) + relu(x1 + 1) - 1")]
    public void ToExpr_Catalogue_NamedNodeOrReluForm(string kind, string parameters, string expected)
    {
        var layer = Layer(kind, parameters.Length == 0 ? [] : parameters.Split(','));
        Assert.Equal(expected, layer.ToExpr(Ex.Var(1)).ToString());
    }

    [Fact]
    public void Catalogue_Kinds_NamesAndParameters()
    {
        Assert.Equal("relu leaky_relu abs identity clip", string.Join(" ", ActivationCatalogue.Kinds.Select(k => k.Name)));
        Assert.Equal(["lo", "hi"], ActivationCatalogue.Find("clip")!.ParameterNames.ToArray());
        Assert.Null(ActivationCatalogue.Find("dense"));
        foreach (var kind in ActivationCatalogue.Kinds)
            Assert.Equal(kind.Name, ActivationCatalogue.Find(kind.Name)!.Name);
    }

    [Theory]
    [InlineData("clip", "1,1", "clip layer: lo (1) must be less than hi (1)")]
    [InlineData("clip", "2,1", "clip layer: lo (2) must be less than hi (1)")]
    [InlineData("clip", "1", "clip layer: clip takes 2 parameters (lo, hi), not 1")]
    [InlineData("relu", "1", "relu layer: relu takes no parameters, not 1")]
    public void Create_InvalidParameters_NetworkFormatException(string kind, string parameters, string message)
    {
        var e = Assert.Throws<NetworkFormatException>(() => Layer(kind, parameters.Split(',')));
        Assert.Equal(message, e.Message);
        Assert.Null(ActivationCatalogue.Find(kind)!.TryCreate(P(parameters.Split(','))));
    }

    [Fact]
    public void ToString_NameAndParameters()
    {
        Assert.Equal("relu", new ReluLayer().ToString());
        Assert.Equal("leaky_relu(alpha = 1/10)", new LeakyReluLayer(R("1/10")).ToString());
        Assert.Equal("clip(lo = 0, hi = 6)", new ClipLayer(R("0"), R("6")).ToString());
    }

    [Fact]
    public void Equality_SameKindAndParameters()
    {
        Assert.Equal(new ClipLayer(R("0"), R("6")), new ClipLayer(R("0"), R("6")));
        Assert.NotEqual(new ClipLayer(R("0"), R("6")), new ClipLayer(R("0"), R("5")));
        Assert.NotEqual<Layer>(new ReluLayer(), new LeakyReluLayer(Rational.Zero)); // same function, another kind
        Assert.Equal(new LeakyReluLayer(R("1/2")), new LeakyReluLayer(R("1/2")));
    }
}
