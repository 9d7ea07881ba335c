using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Hostile;

/// <summary>
/// Issue 13, item 3: <c>crosscheck --rule exactline</c> on a 30-layer tent map grew to 3.8 GB; the numeric exact-line
/// scan stops at <see cref="NumericIgOptions.MaxPieces"/> before allocating the split that would pass it.
/// </summary>
public class ExactLineBudgetTests
{
    private static Network Tent(int k)
    {
        var layers = new List<Layer>();
        for (int i = 0; i < k; i++)
        {
            layers.Add(new DenseLayer(new Rational[,] { { 1 }, { 1 } }, [Rational.Zero, -Rational.Half]));
            layers.Add(new ReluLayer());
            layers.Add(new DenseLayer(new Rational[,] { { 2, -4 } }, [Rational.Zero]));
        }
        return new Network(1, layers);
    }

    [Fact]
    public void ExactLine_TentMapBeyondTheBudget_StopsWithALimitErrorNamingIt()
    {
        using var model = TorchModel.FromNetwork(Tent(30));
        var e = Assert.Throws<SymbolicLimitException>(() => NumericAttribute.ExactLineIntegratedGradients(model, [1.0], [0.0], maxPieces: 5000));
        Assert.Contains("NumericIgOptions.MaxPieces", e.Message);
        Assert.IsAssignableFrom<IInputError>(e);
    }

    [Fact]
    public void ExactLine_TentMapWithinTheBudget_FindsEveryPiece()
    {
        using var model = TorchModel.FromNetwork(Tent(10));
        var r = NumericAttribute.ExactLineIntegratedGradients(model, [1.0], [0.0], maxPieces: 1024);
        Assert.Equal(1024, r.Evaluations);
        Assert.Equal(0.0, r.Attributions[0], 1e-9); // t^10(1) - t^10(0) = 0
    }

    [Fact]
    public void NumericIgOptions_DefaultBudget_IsTheExactSidesDefault() =>
        Assert.Equal(ExactOptions.DefaultMaxPieces, NumericIgOptions.Default.MaxPieces);
}
