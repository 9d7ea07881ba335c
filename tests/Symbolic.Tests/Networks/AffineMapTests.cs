using System.Numerics;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>
/// The piece kernel's 128-bit first-piece map of an affine node (<see cref="AffineMap.TryWide"/>) against the big-integer
/// rows it replaces, and its refusal when an entry or an input does not fit 64 bits.
/// </summary>
public class AffineMapTests
{
    private static IntegerAffine<BigInteger> Node(Rational[][] weights, Rational[] bias) =>
        (IntegerAffine<BigInteger>)IntegerGraph<BigInteger>.For(new Network(weights[0].Length, [new DenseLayer(weights, bias)]))![0];

    private static BigInteger[] Rows(IntegerAffine<BigInteger> node, BigInteger den, BigInteger[] x, bool withBias)
    {
        var y = new BigInteger[node.OutputWidth];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = withBias ? node.Bias[i] * den : BigInteger.Zero;
            for (int k = node.RowStarts[i]; k < node.RowStarts[i + 1]; k++) y[i] += node.Values[k] * x[node.Columns[k]];
        }
        return y;
    }

    [Fact]
    public void TryWide_SmallEntries_EqualsTheBigIntegerRows()
    {
        var rng = new Random(5);
        for (int c = 0; c < 30; c++)
        {
            int inputs = rng.Next(1, 40), outputs = rng.Next(1, 20);
            var weights = Enumerable.Range(0, outputs).Select(_ => Enumerable.Range(0, inputs)
                .Select(_ => rng.Next(4) == 0 ? Rational.Zero : new Rational(rng.Next(-1000, 1000), 1 << rng.Next(0, 30))).ToArray()).ToArray();
            var bias = Enumerable.Range(0, outputs).Select(_ => new Rational(rng.Next(-50, 50), 1 << rng.Next(0, 10))).ToArray();
            var node = Node(weights, bias);
            BigInteger Entry() => rng.Next(3) == 0 ? BigInteger.Zero : new BigInteger(rng.NextInt64(-(1L << 40), 1L << 40));
            var xa = Enumerable.Range(0, inputs).Select(_ => c % 2 == 0 ? BigInteger.Zero : Entry()).ToArray(); // alpha 0: a segment from 0
            var xb = Enumerable.Range(0, inputs).Select(_ => Entry()).ToArray();
            var den = new BigInteger(rng.Next(1, 1 << 20));
            var alpha = new BigInteger[outputs];
            var beta = new BigInteger[outputs];
            Assert.True(AffineMap.TryWide(node, den, xa, xb, alpha, beta));
            Assert.Equal(Rows(node, den, xa, withBias: true), alpha);
            Assert.Equal(Rows(node, den, xb, withBias: false), beta);
        }
    }

    [Fact]
    public void TryWide_EntryOrInputBeyond62Bits_IsRefusedAndWritesNothing()
    {
        var huge = new Rational(BigInteger.Pow(2, 70));
        var wide = Node([[huge, Rational.One]], [Rational.Zero]);
        var narrow = Node([[Rational.One, new Rational(-3)]], [Rational.One]);
        var alpha = new BigInteger[1];
        var beta = new BigInteger[1];
        Assert.False(AffineMap.TryWide(wide, BigInteger.One, [BigInteger.One, BigInteger.One], [BigInteger.One, BigInteger.One], alpha, beta));
        Assert.False(AffineMap.TryWide(narrow, BigInteger.One, [BigInteger.Pow(2, 63), BigInteger.One], [BigInteger.One, BigInteger.One], alpha, beta));
        Assert.Equal([BigInteger.Zero], alpha);
        Assert.Equal([BigInteger.Zero], beta);
    }
}
