using System.Numerics;
using System.Runtime.Intrinsics.X86;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>
/// <see cref="DenseTranspose.Multiply"/> (A^T y on 32-bit pieces with SIMD tiles) against the same sums in BigInteger
/// arithmetic, with each SIMD width the processor has.
/// </summary>
[Collection(nameof(DenseTransposeTests))] // it sets DenseTranspose.Force, a process-wide switch
public class DenseTransposeTests
{
    public static TheoryData<string> Widths()
    {
        var data = new TheoryData<string>();
        if (Avx512F.IsSupported) data.Add(nameof(DenseTranspose.Width.Avx512));
        if (Avx2.IsSupported) data.Add(nameof(DenseTranspose.Width.Avx2));
        return data;
    }

    // A weight of up to `bits` bits, either sign, now and then an extreme one (+-(2^bits - 1)) or 0.
    private static long Weight(Random rng, int bits) => rng.Next(10) switch
    {
        0 => (1L << bits) - 1,
        1 => -((1L << bits) - 1),
        2 => 0,
        _ => (long)RandomBig.Bits(rng, bits) * (rng.Next(2) == 0 ? 1 : -1),
    };

    // A value of up to maxBits bits, either sign, now and then one at a 32-bit piece's edge or 0.
    private static BigInteger Value(Random rng, int maxBits) => rng.Next(10) switch
    {
        0 => -(BigInteger.One << rng.Next(1, maxBits)),
        1 => (BigInteger.One << rng.Next(1, maxBits)) - 1,
        2 => BigInteger.Zero,
        _ => RandomBig.Bits(rng, rng.Next(1, maxBits)) * (rng.Next(2) == 0 ? 1 : -1),
    };

    [Theory]
    [MemberData(nameof(Widths))]
    public void Multiply_RandomMatrices_EqualsBigIntegerSums(string width)
    {
        var rng = new Random(5);
        var before = DenseTranspose.Force;
        DenseTranspose.Force = Enum.Parse<DenseTranspose.Width>(width);
        try
        {
            for (int c = 0; c < 60; c++)
            {
                // shapes across tile edges; weight widths from 1 chunk to several (62 bits: 3 chunks of 24, or more)
                int height = rng.Next(1, c < 50 ? 40 : 300), columns = rng.Next(1, 30);
                int weightBits = c % 4 == 0 ? 62 : rng.Next(1, 50);
                var a = new long[height, columns];
                for (int o = 0; o < height; o++)
                    for (int j = 0; j < columns; j++) a[o, j] = rng.Next(6) == 0 ? 0 : Weight(rng, weightBits);
                var y = Enumerable.Range(0, height).Select(_ => Value(rng, rng.Next(2, 2000))).ToArray();
                // compressed columns holding the nonzero entries (at least half, as Multiply requires)
                var starts = new int[columns + 1];
                var rows = new List<int>();
                var values = new List<long>();
                for (int j = 0; j < columns; j++)
                {
                    for (int o = 0; o < height; o++)
                        if (a[o, j] != 0 || rows.Count < (j + 1) * height / 2 + 1) { rows.Add(o); values.Add(a[o, j]); }
                    starts[j + 1] = rows.Count;
                }
                var result = DenseTranspose.Multiply(new object(), height, columns, starts, [.. rows], [.. values], y);
                Assert.NotNull(result);
                for (int j = 0; j < columns; j++)
                {
                    var expected = BigInteger.Zero;
                    for (int o = 0; o < height; o++) expected += a[o, j] * y[o];
                    Assert.Equal(expected, result[j]);
                }
            }
        }
        finally
        {
            DenseTranspose.Force = before;
        }
    }

    [Fact]
    public void Multiply_SparseMatrixOrForcedOff_ReturnsNull()
    {
        var before = DenseTranspose.Force;
        try
        {
            // one nonzero entry of 4: the dense tiles would mostly multiply zeros
            Assert.Null(DenseTranspose.Multiply(new object(), 2, 2, [0, 1, 1], [0], new long[] { 3 }, [BigInteger.One, BigInteger.One]));
            DenseTranspose.Force = DenseTranspose.Width.None;
            Assert.Null(DenseTranspose.Multiply(new object(), 1, 1, [0, 1], [0], new long[] { 3 }, [BigInteger.One]));
        }
        finally
        {
            DenseTranspose.Force = before;
        }
    }
}
