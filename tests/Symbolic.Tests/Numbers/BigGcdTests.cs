using System.Numerics;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.Symbolic.Tests.Numbers;

/// <summary>
/// <see cref="BigGcd"/> (GNU MP's gcd for large operands, .NET's otherwise) against
/// <see cref="BigInteger.GreatestCommonDivisor(BigInteger, BigInteger)"/>.
/// </summary>
public class BigGcdTests
{
    [Fact]
    public void UsesGmp_OnLinuxWithTheSystemLibrary_IsTrue()
    {
        // the fast path is the one the other tests exercise on the CI machine (Debian: coreutils depends on libgmp10)
        bool present = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("VERIFIER_NO_GMP") is null
            && (File.Exists("/usr/lib/x86_64-linux-gnu/libgmp.so.10") || File.Exists("/usr/lib/aarch64-linux-gnu/libgmp.so.10"));
        if (present) Assert.True(BigGcd.UsesGmp);
    }

    [Fact]
    public void Of_RandomPairsWithPlantedFactors_EqualsDotNetGcd()
    {
        var rng = new Random(7);
        for (int c = 0; c < 300; c++)
        {
            int bits = c < 100 ? rng.Next(1, 3000) : rng.Next(1500, 20000);
            var common = RandomBig.Bytes(rng, rng.Next(1, 600)) + 1;
            var a = RandomBig.Bytes(rng, bits) * (c % 3 == 0 ? common : 1);
            var b = RandomBig.Bytes(rng, rng.Next(1, bits + 64)) * common;
            if (c % 4 == 1) a = -a;
            if (c % 5 == 2) b = -b;
            if (c % 17 == 0) b = a * 3;
            if (c % 19 == 0) a = BigInteger.Pow(2, 64 * rng.Next(1, 200)) - 1;
            Assert.Equal(BigInteger.GreatestCommonDivisor(a, b), BigGcd.Of(a, b));
            if (BigGcd.UsesGmp && !(a.IsZero && b.IsZero))
                Assert.Equal(BigInteger.GreatestCommonDivisor(a, b), BigGcd.GmpGcd(a, b));
        }
    }

    [Fact]
    public void ReduceWithKnownFactors_DenominatorsOfKnownParts_EqualsRationalLowestTerms()
    {
        // den = small' rough, with the rough part's common factors with a b listed in `known` (as the gradient sweep's
        // structural lowest terms finds them) and the rest of rough coprime to a b; scale a power of 2 or not
        var rng = new Random(11);
        for (int c = 0; c < 200; c++)
        {
            var small = BigInteger.One;
            foreach (var p in new[] { 3, 5, 7, 11, 13, 181, 65521 }) if (rng.Next(2) == 0) small *= BigInteger.Pow(p, rng.Next(1, 4));
            var a = (RandomBig.Bytes(rng, rng.Next(1, 6000)) + 1) * (rng.Next(3) == 0 ? small : 1);
            var b = RandomBig.Bytes(rng, rng.Next(1, 64)) + 1;
            if (c % 3 == 1) a = -a;
            if (c % 4 == 2) b = -b;
            var other = BigInteger.Pow(2, 89) - 1; // prime, and prime to a b
            while (!BigInteger.GreatestCommonDivisor(a * b, other).IsOne) a += 1;
            if (c % 5 == 0) a *= 1_000_003L;
            var shared = rng.Next(2) == 0 ? BigInteger.One : BigInteger.GreatestCommonDivisor(a * b, 1_000_003L * 1_000_033L);
            var known = shared;
            var den = small * known * other;
            var scale = c % 2 == 0 ? BigInteger.Pow(2, rng.Next(0, 200)) : RandomBig.Bytes(rng, 150) + 1;
            if (!BigGcd.UsesGmp)
            {
                Assert.Null(BigGcd.ReduceWithKnownFactors(a, b, known, small, den, scale));
                continue;
            }
            var (num, d) = BigGcd.ReduceWithKnownFactors(a, b, known, small, den, scale)!.Value;
            var expected = new Rational(a * b, den * scale);
            Assert.Equal(expected.Numerator, num);
            Assert.Equal(expected.Denominator, d);
        }
    }

    [Fact]
    public void ReduceWithKnownFactors_KnownFactorNotDividingNumerator_Throws()
    {
        if (!BigGcd.UsesGmp) return;
        Assert.Throws<InvalidOperationException>(() => BigGcd.ReduceWithKnownFactors(7, 1, 3, 1, 21, 1));
    }

    [Fact]
    public void Of_ZeroOneAndPowersOfTwo_EqualsDotNetGcd()
    {
        var big = BigInteger.Pow(3, 5000);
        BigInteger[] values = [0, 1, -1, BigInteger.Pow(2, 4096), -BigInteger.Pow(2, 8191), big, -big, big * 2, BigInteger.Pow(2, 64) - 1];
        foreach (var a in values)
            foreach (var b in values)
            {
                Assert.Equal(BigInteger.GreatestCommonDivisor(a, b), BigGcd.Of(a, b));
                if (BigGcd.UsesGmp && !(a.IsZero && b.IsZero)) Assert.Equal(BigInteger.GreatestCommonDivisor(a, b), BigGcd.GmpGcd(a, b));
            }
    }

    [Fact]
    public void Of_ManyThreadsAtOnce_EachGetsItsOwnAnswer()
    {
        // each thread keeps its own GNU MP values; run concurrently and compare
        var rng = new Random(3);
        var pairs = Enumerable.Range(0, 64).Select(_ => (RandomBig.Bytes(rng, 9000) * 6, RandomBig.Bytes(rng, 8000) * 15)).ToArray();
        var expected = pairs.Select(p => BigInteger.GreatestCommonDivisor(p.Item1, p.Item2)).ToArray();
        var actual = new BigInteger[pairs.Length];
        Parallel.For(0, pairs.Length * 8, k => actual[k % pairs.Length] = BigGcd.Of(pairs[k % pairs.Length].Item1, pairs[k % pairs.Length].Item2));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Rational_LargeFractions_AreInLowestTerms()
    {
        var rng = new Random(11);
        for (int c = 0; c < 40; c++)
        {
            var g = RandomBig.Bytes(rng, 3000) + 1;
            var n = RandomBig.Bytes(rng, 9000) * g;
            var d = RandomBig.Bytes(rng, 9000) * g + g;
            var r = new Rational(n, d);
            Assert.Equal(BigInteger.One, BigInteger.GreatestCommonDivisor(r.Numerator, r.Denominator));
            Assert.Equal(n * r.Denominator, d * r.Numerator);
        }
    }
}

/// <summary><see cref="BigGcd.Decimal"/> (GNU MP's decimal text for large numbers) against .NET's.</summary>
public class BigDecimalTextTests
{
    [Fact]
    public void Decimal_RandomSizesAndSigns_EqualsDotNetText()
    {
        var rng = new Random(5);
        for (int c = 0; c < 200; c++)
        {
            var bytes = new byte[rng.Next(1, 3000)];
            rng.NextBytes(bytes);
            var x = new BigInteger(bytes);
            if (c % 7 == 0) x = BigInteger.Pow(10, rng.Next(300, 1500)) * (c % 2 == 0 ? 1 : -1);
            if (c % 11 == 0) x = BigInteger.Pow(10, rng.Next(300, 1500)) - 1;
            string expected = x.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, BigGcd.Decimal(x));
            if (BigGcd.UsesGmp) Assert.Equal(expected, BigGcd.GmpDecimal(x));
        }
        Assert.Equal("0", BigGcd.Decimal(BigInteger.Zero));
        if (BigGcd.UsesGmp) Assert.Equal("0", BigGcd.GmpDecimal(BigInteger.Zero));
    }
}
