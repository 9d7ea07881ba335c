using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Restriction;

namespace Verifier.Symbolic.Tests.Hostile;

/// <summary>
/// Issue 13, item 3: a 30-layer tent-map network (2^30 pieces on [0, 1]) grew to 5.3 GB under <c>attribute</c>; the
/// exact restriction now stops at the documented budget <see cref="ExactOptions.MaxPieces"/> with an input error
/// that names it.
/// </summary>
public class PieceBudgetTests
{
    // k tent-map blocks: t(x) = 2 relu(x) - 4 relu(x - 1/2), so F = t^k has 2^k pieces on [0, 1].
    public static Network Tent(int k)
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
    public void NetworkLine_TentMapWithinTheBudget_HasTwoToTheKPieces()
    {
        var line = NetworkLine.Restrict(Tent(10), [Rational.Zero], [Rational.One]);
        Assert.Equal(1024, line.Pieces);
    }

    [Theory]
    [InlineData(30, 10_000)]
    [InlineData(14, 16_383)] // 2^14 = 16,384 pieces: one over the budget
    public void NetworkLine_TentMapBeyondTheBudget_StopsWithALimitErrorNamingIt(int layers, int budget)
    {
        var e = Assert.Throws<SymbolicLimitException>(() =>
            NetworkLine.Restrict(Tent(layers), [Rational.Zero], [Rational.One], new ExactOptions(MaxPieces: budget)));
        Assert.Contains($"more than {budget:N0} pieces", e.Message);
        Assert.Contains("ExactOptions.MaxPieces", e.Message);
        Assert.IsAssignableFrom<IInputError>(e);
    }

    [Fact]
    public void NetworkLine_TentMapExactlyAtTheBudget_IsAccepted() =>
        Assert.Equal(16_384, NetworkLine.Restrict(Tent(14), [Rational.Zero], [Rational.One], new ExactOptions(MaxPieces: 16_384)).Pieces);

    [Fact]
    public void ToSegment_NetworkBeyondTheBudget_IsALimitError() =>
        Assert.Throws<SymbolicLimitException>(() =>
            Restrict.ToSegment(Tent(12), [Rational.Zero], [Rational.One], new ExactOptions(MaxPieces: 100)));

    [Fact]
    public void ToSegment_ExpressionWithManyKinks_StopsAtTheBudget()
    {
        // The tent map composed 8 times as an expression: 256 pieces.
        var f = Tent(8).ToExpr();
        Assert.Equal(256, Restrict.ToSegment(f, [Rational.Zero], [Rational.One]).Pieces.Count);
        var e = Assert.Throws<SymbolicLimitException>(() =>
            Restrict.ToSegment(f, [Rational.Zero], [Rational.One], new ExactOptions(MaxPieces: 255)));
        Assert.Contains("ExactOptions.MaxPieces", e.Message);
    }

    [Fact]
    public void ExactOptions_Default_IsOneMillionPieces() =>
        Assert.Equal(1_000_000, ExactOptions.Default.MaxPieces);
}
