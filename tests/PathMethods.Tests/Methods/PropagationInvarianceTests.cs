using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.Methods.DeepLiftTests;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Methods;

/// <summary>
/// DeepLIFT and LRP are not implementation invariant (Sundararajan, Taly, Yan 2017, section 2.2 and appendix B):
/// two networks computing the same function get different attributions, while IG agrees.
/// </summary>
public class PropagationInvarianceTests
{
    // IG paper, appendix B: N1 = relu(relu(x1) - 1 - relu(x2)), N2 = relu(relu(x1 - 1) - relu(x2)); equal everywhere
    // (both 0 when x1 < 1, both relu(x1 - 1 - relu(x2)) otherwise).
    private static readonly Network DeepLiftN1 = new(2,
        [Dense(new[,] { { 1, 0 }, { 0, 1 } }, 0, 0), new ReluLayer(), Dense(new[,] { { 1, -1 } }, -1), new ReluLayer()]);
    private static readonly Network DeepLiftN2 = new(2,
        [Dense(new[,] { { 1, 0 }, { 0, 1 } }, -1, 0), new ReluLayer(), Dense(new[,] { { 1, -1 } }, 0), new ReluLayer()]);

    // Both compute relu(x1 + x2 - 2): the bias sits in one neuron (N1) or is spread over an identity layer (N2).
    private static readonly Network LrpN1 = new(2, [Dense(new[,] { { 1, 1 } }, -2), new ReluLayer()]);
    private static readonly Network LrpN2 = new(2,
        [Dense(new[,] { { 1, 0 }, { 0, 1 } }, -1, -1), new IdentityLayer(), Dense(new[,] { { 1, 1 } }, 0), new ReluLayer()]);

    public static TheoryData<string> Pairs => ["deeplift", "lrp"];

    private static (Network, Network) Pair(string name) => name == "deeplift" ? (DeepLiftN1, DeepLiftN2) : (LrpN1, LrpN2);

    [Theory]
    [MemberData(nameof(Pairs))]
    public void EquivalentNetworks_RandomPoints_AgreeInForwardPassAndIg(string name)
    {
        var (n1, n2) = Pair(name);
        var rng = new Random(7);
        for (int k = 0; k < 50; k++)
        {
            var x = RandomNetworks.Point(rng, 2, 6, 3);
            var b = RandomNetworks.Point(rng, 2, 6, 3);
            Assert.Equal(n1.Evaluate(x), n2.Evaluate(x));
            Assert.Equal(Values(Attribute.IntegratedGradients(n1, x, b)), Values(Attribute.IntegratedGradients(n2, x, b)));
        }
    }

    [Fact]
    public void DeepLiftRescale_EquivalentNetworks_DifferAtThreeOne()
    {
        // x = (3, 1), x' = 0. N1: hidden multipliers 1; z' = -1, z = 1: m = 1/2 on (1, -1): A = (3/2, -1/2) (= IG).
        // N2: h' = (0, 0), h = (2, 1); z' = 0, z = 1: m = 1 on (1, -1); relu(x1 - 1): Delta 2 over Delta 3 = 2/3:
        // A = (2/3 * 3, -1) = (2, -1).
        var x = P(3, 1);
        var zero = P(0, 0);
        Assert.Equal([R("3/2"), R("-1/2")], Values(Attribute.DeepLiftRescale(DeepLiftN1, x, zero)));
        Assert.Equal(P(2, -1), Values(Attribute.DeepLiftRescale(DeepLiftN2, x, zero)));
        Assert.Equal([R("3/2"), R("-1/2")], Values(Attribute.IntegratedGradients(DeepLiftN2, x, zero)));
    }

    [Fact]
    public void LrpZero_EquivalentNetworks_DifferOnASmallGrid()
    {
        // Deterministic search over the grid {-3..3}^2 (row by row) for the first point where LRP-0 differs; (0, 3) agrees:
        // N1 (0, 3) 1/1; N2 R_hidden = (-1, 2), neuron 0 has z_jk = 0, neuron 1 z = 3 - 1 = 2: R = (0, 3 * 2 / 2).
        var found = (from i in Enumerable.Range(-3, 7)
                     from j in Enumerable.Range(-3, 7)
                     let x = P(i, j)
                     where !Values(Attribute.LrpZero(LrpN1, x)).SequenceEqual(Values(Attribute.LrpZero(LrpN2, x)))
                     select x).First();
        Assert.Equal(P(1, 2), found); // N1: (1, 2) 1/1 = (1, 2); N2: R_hidden = (0, 1), neuron 1: z = 2 - 1 = 1: R = (0, 2)
        // At (3, 1): N1: z_jk = (3, 1), bias -2, z = 2: R = (3, 1). N2: top z_jk = (2, 0), z = 2: R_hidden = (2, 0);
        // neuron 0: z_jk = 3, bias -1, z = 2: R = 3; neuron 1 has R = 0. R = (3, 0).
        Assert.Equal(P(3, 1), Values(Attribute.LrpZero(LrpN1, P(3, 1))));
        Assert.Equal(P(3, 0), Values(Attribute.LrpZero(LrpN2, P(3, 1))));
    }
}
