using System.Numerics;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>
/// The lowest terms of an MLP's attributions from the breakpoints' structure (<see cref="GradientSweep{TInt}.LowestTerms"/>),
/// with its self-check on (every result compared with the plain gcd), on random networks whose input is wider than the
/// first layer (the sums are kept there) and whose weights are dyadic with numerators of up to 20 bits (as float32 weights
/// are), at points with odd denominators, so that the breakpoints' denominators have large prime factors; the
/// attributions also against the sum over pieces of the per-piece gradient.
/// </summary>
public class LowestTermsTests
{
    private static Rational RandomRational(Random rng, int numerator, int denominator) =>
        new(rng.Next(-numerator, numerator + 1), rng.Next(1, denominator + 1));

    private static Rational Dyadic(Random rng) => new(rng.Next(-(1 << 20), 1 << 20), BigInteger.One << rng.Next(0, 24));

    private static Network RandomMlp(Random rng, int inputs, int first, int second, bool zeros)
    {
        Layer Dense(int outputs, int ins, bool withZeros) => new DenseLayer(
            [.. Enumerable.Range(0, outputs).Select(_ => (IReadOnlyList<Rational>)[.. Enumerable.Range(0, ins).Select(_ => withZeros && rng.Next(4) == 0 ? Rational.Zero : Dyadic(rng))])],
            [.. Enumerable.Range(0, outputs).Select(_ => Dyadic(rng))]);
        return new Network(inputs, [Dense(first, inputs, zeros), new ReluLayer(), Dense(second, first, false), new ReluLayer(), Dense(1, second, false)]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IntegratedGradients_RandomMlps_StructuralLowestTermsEqualThePlainOnesAndThePerPieceSum(bool withoutGmp)
    {
        var rng = new Random(17);
        GradientSweep<long>.LowestTerms.Check = true;
        GradientSweep<Int128>.LowestTerms.Check = true;
        GradientSweep<BigInteger>.LowestTerms.Check = true;
        // the final reduction in GNU MP (where it is there) or in .NET; the self-check compares either with the plain gcd
        GradientSweep<long>.LowestTerms.WithoutGmp = GradientSweep<Int128>.LowestTerms.WithoutGmp = GradientSweep<BigInteger>.LowestTerms.WithoutGmp = withoutGmp;
        long before = GradientSweep<long>.LowestTerms.Count + GradientSweep<Int128>.LowestTerms.Count + GradientSweep<BigInteger>.LowestTerms.Count;
        int withPieces = 0;
        for (int c = 0; c < 40; c++)
        {
            // now and then first-layer weights of 0 (a breakpoint then leaves some inputs' gradients alone) and an input
            // that does not move
            var n = RandomMlp(rng, 9, 3 + c % 3, 4, zeros: c % 2 == 0);
            var p0 = Enumerable.Range(0, 9).Select(_ => RandomRational(rng, 50, 31)).ToArray();
            var p1 = Enumerable.Range(0, 9).Select(_ => RandomRational(rng, 50, 31)).ToArray();
            if (c % 3 == 0) p1[4] = p0[4];
            var result = NetworkLine.IntegratedGradients(n, p0, p1);
            var line = result.Partition;
            if (line.Pieces > 3) withPieces++;
            var expected = new Rational[9];
            for (int j = 0; j < line.Pieces; j++)
            {
                var g = NetworkLine.GradientOnPiece(n, p0, p1, line, j);
                for (int i = 0; i < 9; i++) expected[i] += g[i] * (p1[i] - p0[i]) * (line.End(j) - line.Start(j));
            }
            Assert.Equal(expected, result.Attributions);
        }
        long after = GradientSweep<long>.LowestTerms.Count + GradientSweep<Int128>.LowestTerms.Count + GradientSweep<BigInteger>.LowestTerms.Count;
        Assert.True(after - before >= 9 * 20, $"the structural path reduced {after - before} attributions");
        Assert.True(withPieces >= 10, $"{withPieces} cases with more than 3 pieces");
        // both ways of settling a rough part ran, and inputs sharing a factor with one (a zero weight) were found
        long atOnce = GradientSweep<long>.LowestTerms.AtOnce + GradientSweep<Int128>.LowestTerms.AtOnce + GradientSweep<BigInteger>.LowestTerms.AtOnce;
        long perInput = GradientSweep<long>.LowestTerms.PerInput + GradientSweep<Int128>.LowestTerms.PerInput + GradientSweep<BigInteger>.LowestTerms.PerInput;
        long shared = GradientSweep<long>.LowestTerms.Shared + GradientSweep<Int128>.LowestTerms.Shared + GradientSweep<BigInteger>.LowestTerms.Shared;
        Assert.True(atOnce > 0 && perInput > 0 && shared > 0, $"at once {atOnce}, per input {perInput}, shared {shared}");
        GradientSweep<long>.LowestTerms.WithoutGmp = GradientSweep<Int128>.LowestTerms.WithoutGmp = GradientSweep<BigInteger>.LowestTerms.WithoutGmp = false;
    }
}

/// <summary>The 128-bit helpers of the structural lowest terms against BigInteger arithmetic.</summary>
public class LowestTermsArithmeticTests
{
    [Fact]
    public void Mod_RandomSignedSums_EqualsBigIntegerRemainderOfTheMagnitude()
    {
        var rng = new Random(13);
        for (int c = 0; c < 20000; c++)
        {
            // high and low as the sums leave them: both signed, high up to 62 bits, low up to 126 bits
            Int128 high = (Int128)RandomBig.Bits(rng, rng.Next(0, 62)) * (rng.Next(2) == 0 ? 1 : -1);
            Int128 low = (Int128)RandomBig.Bits(rng, rng.Next(0, 126)) * (rng.Next(2) == 0 ? 1 : -1);
            if (c % 7 == 0) high = 0;
            if (c % 11 == 0) low = 0;
            var m = RandomBig.Bits(rng, rng.Next(2, 126)) | 1;
            if (m.IsOne) m = 3;
            var y = ((BigInteger)high << 64) + (BigInteger)low;
            var expected = BigInteger.Abs(y) % m;
            Assert.Equal(expected, (BigInteger)GradientSweep<BigInteger>.LowestTerms.Mod(high, low, (UInt128)m));
        }
    }

    [Fact]
    public void Gcd_RandomPairsWithPlantedFactors_EqualsBigIntegerGcd()
    {
        var rng = new Random(14);
        for (int c = 0; c < 20000; c++)
        {
            var f = RandomBig.Bits(rng, rng.Next(0, 40)) + 1;
            var a = RandomBig.Bits(rng, rng.Next(0, 80)) * (c % 3 == 0 ? f : 1);
            var b = (RandomBig.Bits(rng, rng.Next(0, 80)) + 1) * f;
            if (a.GetBitLength() > 127 || b.GetBitLength() > 127) continue;
            Assert.Equal(BigInteger.GreatestCommonDivisor(a, b), (BigInteger)GradientSweep<BigInteger>.LowestTerms.Gcd((UInt128)a, (UInt128)b));
        }
    }
}

/// <summary>Montgomery multiplication of the structural lowest terms against BigInteger arithmetic.</summary>
public class LowestTermsMontgomeryTests
{
    [Fact]
    public void MontgomeryProduct_RandomOddModuli_TimesTwoTo128IsTheProduct()
    {
        var rng = new Random(15);
        var r128 = BigInteger.One << 128;
        for (int c = 0; c < 20000; c++)
        {
            int bits = rng.Next(17, 126);
            var bytes = new byte[16];
            rng.NextBytes(bytes);
            var m = (new BigInteger(bytes, isUnsigned: true) >> (128 - bits)) | 1 | (BigInteger.One << (bits - 1));
            rng.NextBytes(bytes);
            var a = new BigInteger(bytes, isUnsigned: true) % m;
            rng.NextBytes(bytes);
            var b = c % 9 == 0 ? m - 1 : new BigInteger(bytes, isUnsigned: true) % m;
            var inverse = GradientSweep<BigInteger>.LowestTerms.NegatedInverse((UInt128)m);
            Assert.Equal(UInt128.MaxValue, unchecked(inverse * (UInt128)m)); // -1 mod 2^128
            var u = (BigInteger)GradientSweep<BigInteger>.LowestTerms.MontgomeryProduct((UInt128)a, (UInt128)b, (UInt128)m, inverse);
            Assert.True(u < m);
            Assert.Equal(a * b % m, u * r128 % m);
        }
    }
}
