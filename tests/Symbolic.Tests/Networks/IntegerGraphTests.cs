using System.Numerics;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>
/// The fixed-width integer forms of a network (<see cref="IntegerGraph{TInt}"/> in long, Int128, Int256), narrowed from the
/// BigInteger form, against that form entry by entry, and null exactly when an entry does not fit.
/// </summary>
public class IntegerGraphTests
{
    private static void AssertNarrowed<TInt>(IntegerNode<BigInteger>[] big, IntegerNode<TInt>[] narrow) where TInt : IBinaryInteger<TInt>
    {
        static BigInteger[] Big(TInt[] values) => [.. values.Select(v => BigInteger.CreateChecked(v))];
        Assert.Equal(big.Length, narrow.Length);
        for (int i = 0; i < big.Length; i++)
        {
            Assert.Equal(big[i].Sources, narrow[i].Sources);
            switch (big[i])
            {
                case IntegerAffine<BigInteger> a:
                    var b = Assert.IsType<IntegerAffine<TInt>>(narrow[i]);
                    Assert.Equal(a.Values, Big(b.Values));
                    Assert.Equal(a.ColumnValues, Big(b.ColumnValues));
                    Assert.Equal(a.Bias, Big(b.Bias));
                    Assert.Equal(a.Denominator, BigInteger.CreateChecked(b.Denominator));
                    Assert.Equal(a.Columns, b.Columns);
                    Assert.Equal(a.Rows, b.Rows);
                    break;
                case IntegerActivationNode<BigInteger> f:
                    var g = Assert.IsType<IntegerActivationNode<TInt>>(narrow[i]);
                    Assert.Equal(f.A, Big(g.A));
                    Assert.Equal(f.B, Big(g.B));
                    Assert.Equal(f.KinkNumerators, Big(g.KinkNumerators));
                    Assert.Equal(f.Scale, BigInteger.CreateChecked(g.Scale));
                    break;
                default:
                    Assert.IsType<IntegerMaxNode<TInt>>(narrow[i]);
                    break;
            }
        }
    }

    [Fact]
    public void For_RandomGraphs_NarrowFormsHoldTheSameIntegers()
    {
        var rng = new Random(41);
        var options = PieceKernelTests.Options("mixed-clip");
        for (int c = 0; c < 30; c++)
        {
            var n = RandomNetworks.CreateGraph(rng, [2, 3, 3, 2], options);
            var big = IntegerGraph<BigInteger>.For(n)!;
            AssertNarrowed(big, IntegerGraph<long>.For(n)!);
            AssertNarrowed(big, IntegerGraph<Int128>.For(n)!);
            AssertNarrowed(big, IntegerGraph<Int256>.For(n)!);
        }
    }

    [Fact]
    public void For_WeightBeyondAType_IsNullForThatTypeOnly()
    {
        // a weight of 2^70: no long form; Int128 and Int256 hold it
        var w = new Rational(BigInteger.Pow(2, 70));
        var n = new Network(1, [new DenseLayer([[w]], [Rational.One]), new ReluLayer()]);
        Assert.Null(IntegerGraph<long>.For(n));
        AssertNarrowed(IntegerGraph<BigInteger>.For(n)!, IntegerGraph<Int128>.For(n)!);
        AssertNarrowed(IntegerGraph<BigInteger>.For(n)!, IntegerGraph<Int256>.For(n)!);
        var huge = new Network(1, [new DenseLayer([[new Rational(BigInteger.Pow(2, 300))]], [Rational.One])]);
        Assert.Null(IntegerGraph<Int256>.For(huge));
        Assert.NotNull(IntegerGraph<BigInteger>.For(huge));
    }
}
