using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Tests.Generators;
using static Verifier.Symbolic.Tests.Numbers.Int256Values;

namespace Verifier.Symbolic.Tests.Numbers;

/// <summary>
/// <see cref="Int256"/> arithmetic, comparison, division and gcd against <see cref="BigInteger"/> (values built and read
/// through the limbs, <see cref="Int256Values"/>): wrapping operators agree modulo 2^256, checked ones agree exactly when
/// the true result is in range and throw <see cref="OverflowException"/> exactly when it is not.
/// </summary>
public class Int256Tests
{
    /// <summary>Every binary operator on one pair.</summary>
    internal static void CheckPair(BigInteger x, BigInteger y)
    {
        Int256 a = Of(x), b = Of(y);
        string at = $"x = {x}, y = {y}";
        Assert.True(Wrap(x + y) == Big(a + b), $"+ at {at}");
        Exact(x + y, () => checked(a + b), "checked +", at);
        Assert.True(Wrap(x - y) == Big(a - b), $"- at {at}");
        Exact(x - y, () => checked(a - b), "checked -", at);
        Assert.True(Wrap(x * y) == Big(a * b), $"* at {at}");
        Exact(x * y, () => checked(a * b), "checked *", at);

        if (y.IsZero)
        {
            Assert.Throws<DivideByZeroException>(() => a / b);
            Assert.Throws<DivideByZeroException>(() => a % b);
            Assert.Throws<DivideByZeroException>(() => Int256.DivRem(a, b));
        }
        else if (x == Min && y == -1)
        {
            // as Int128: MinValue / -1 and MinValue % -1 throw in either context
            Assert.Throws<OverflowException>(() => a / b);
            Assert.Throws<OverflowException>(() => checked(a / b));
            Assert.Throws<OverflowException>(() => a % b);
            Assert.Throws<OverflowException>(() => Int256.DivRem(a, b));
        }
        else
        {
            var q = BigInteger.DivRem(x, y, out var r); // truncated toward zero, remainder with the dividend's sign
            Assert.True(q == Big(a / b), $"/ at {at}: {Big(a / b)} != {q}");
            Assert.True(r == Big(a % b), $"% at {at}: {Big(a % b)} != {r}");
            var (q2, r2) = Int256.DivRem(a, b);
            Assert.True(q == Big(q2) && r == Big(r2), $"DivRem at {at}");
        }

        Assert.True(Math.Sign(x.CompareTo(y)) == a.CompareTo(b), $"CompareTo at {at}");
        Assert.True((x < y) == (a < b) && (x <= y) == (a <= b) && (x > y) == (a > b) && (x >= y) == (a >= b), $"order at {at}");
        Assert.True((x == y) == (a == b) && (x != y) == (a != b) && (x == y) == a.Equals(b) && (x == y) == a.Equals((object)b), $"equality at {at}");
        if (x == y) Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(BigInteger.Min(x, y) == Big(Int256.Min(a, b)) && BigInteger.Max(x, y) == Big(Int256.Max(a, b)), $"min/max at {at}");
        var (ax, ay) = (BigInteger.Abs(x), BigInteger.Abs(y));
        var maxMagnitude = ax > ay ? x : ax == ay ? (x < 0 ? y : x) : y;
        var minMagnitude = ax < ay ? x : ax == ay ? (x < 0 ? x : y) : y;
        Assert.True(maxMagnitude == Big(Int256.MaxMagnitude(a, b)), $"MaxMagnitude at {at}");
        Assert.True(minMagnitude == Big(Int256.MinMagnitude(a, b)), $"MinMagnitude at {at}");
        Exact(y.Sign < 0 ? -ax : ax, () => Int256.CopySign(a, b), "CopySign", at);

        Assert.True((x & y) == Big(a & b) && (x | y) == Big(a | b) && (x ^ y) == Big(a ^ b), $"bitwise at {at}");

        var g = BigInteger.GreatestCommonDivisor(x, y);
        Exact(g, () => Int256.Gcd(a, b), "Gcd", at);
    }

    /// <summary>Every unary operation on one value.</summary>
    internal static void CheckOne(BigInteger x)
    {
        var a = Of(x);
        string at = $"x = {x}";
        Assert.True(Wrap(-x) == Big(-a), $"- at {at}");
        Exact(-x, () => checked(-a), "checked unary -", at);
        Assert.True(x == Big(+a), $"unary + at {at}");
        var up = a;
        up++;
        Assert.True(Wrap(x + 1) == Big(up), $"++ at {at}");
        var down = a;
        down--;
        Assert.True(Wrap(x - 1) == Big(down), $"-- at {at}");
        Exact(x + 1, () => { var c = a; c = checked(++c); return c; }, "checked ++", at);
        Exact(x - 1, () => { var c = a; c = checked(--c); return c; }, "checked --", at);
        Assert.True(-x - 1 == Big(~a), $"~ at {at}");
        Exact(BigInteger.Abs(x), () => Int256.Abs(a), "Abs", at);

        Assert.Equal(x.Sign, Int256.Sign(a));
        Assert.Equal(x.IsZero, Int256.IsZero(a));
        Assert.Equal(x.Sign < 0, Int256.IsNegative(a));
        Assert.Equal(x.Sign >= 0, Int256.IsPositive(a)); // 0 is positive, as for Int128
        Assert.Equal(x.IsEven, Int256.IsEvenInteger(a));
        Assert.Equal(!x.IsEven, Int256.IsOddInteger(a));
        Assert.Equal(!x.IsZero, Int256.IsNormal(a));

        var u = Unsigned(x);
        int popCount = 0;
        for (var v = u; !v.IsZero; v >>= 1) popCount += (int)(v & 1);
        Assert.True(popCount == Big(Int256.PopCount(a)), $"PopCount at {at}");
        Assert.True(256 - u.GetBitLength() == Big(Int256.LeadingZeroCount(a)), $"LeadingZeroCount at {at}");
        int trailing = 0;
        if (x.IsZero) trailing = 256;
        else
            for (var v = u; v.IsEven; v >>= 1) trailing++;
        Assert.True(trailing == Big(Int256.TrailingZeroCount(a)), $"TrailingZeroCount at {at}");
        if (x.Sign < 0) Assert.Throws<ArgumentOutOfRangeException>(() => Int256.Log2(a));
        else Assert.True((x.IsZero ? 0 : x.GetBitLength() - 1) == Big(Int256.Log2(a)), $"Log2 at {at}");
        Assert.Equal(x.Sign > 0 && (x & (x - 1)).IsZero, Int256.IsPow2(a));
        Assert.Equal(x.Sign < 0 ? x.GetBitLength() + 1 : x.GetBitLength(), a.GetShortestBitLength());
        Assert.Equal(32, a.GetByteCount());
    }

    /// <summary>The op's value equals exact when exact is in range, and the op throws OverflowException when it is not.</summary>
    internal static void Exact(BigInteger exact, Func<Int256> op, string name, string at)
    {
        if (InRange(exact))
        {
            var actual = Big(op());
            Assert.True(exact == actual, $"{name} at {at}: {actual} != {exact}");
        }
        else
        {
            try
            {
                var actual = op();
                Assert.Fail($"{name} at {at}: expected OverflowException (true result {exact}), got {Big(actual)}");
            }
            catch (OverflowException)
            {
            }
        }
    }

    [Fact]
    public void Edges_AreWhereTheBoundariesAre()
    {
        // the generator must include the cases the brief names: the ends of the range, ±1, 0, ±2^k and ±(2^k - 1)
        foreach (int k in new[] { 63, 64, 127, 128, 191, 192, 254 })
        {
            var p = BigInteger.One << k;
            Assert.Contains(p, Edges);
            Assert.Contains(-p, Edges);
            Assert.Contains(p - 1, Edges);
            Assert.Contains(1 - p, Edges);
        }
        Assert.Contains(Max, Edges); // 2^255 - 1
        Assert.Contains(Min, Edges); // -2^255
        Assert.Contains(BigInteger.Zero, Edges);
        Assert.Equal(Min, Big(Int256.MinValue));
        Assert.Equal(Max, Big(Int256.MaxValue));
        Assert.Equal(BigInteger.MinusOne, Big(Int256.NegativeOne));
        Assert.Equal(BigInteger.One, Big(Int256.One));
        Assert.Equal(BigInteger.Zero, Big(default));
    }

    [Fact]
    public void AllOperators_EveryPairOfEdgeValues_AgreeWithBigInteger()
    {
        foreach (var x in Edges)
        {
            CheckOne(x);
            foreach (var y in Edges) CheckPair(x, y);
        }
    }

    [Property(MaxTest = 3000)]
    public Property AllOperators_RandomPairs_AgreeWithBigInteger() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        for (int i = 0; i < 4; i++)
        {
            var x = Draw(rng);
            var y = Draw(rng);
            CheckOne(x);
            CheckPair(x, y);
        }
    });

    [Property(MaxTest = 2000)]
    public Property CheckedMultiply_ProductsNearTheTop_ThrowExactlyWhenOutOfRange() => Prop.ForAll(Seeds, seed =>
    {
        // factors whose bit lengths add up to 250-262: the product is on either side of the range's end
        var rng = new Random(seed);
        int bits = rng.Next(1, 255);
        int other = Math.Clamp(rng.Next(250, 263) - bits, 0, 255);
        var x = RandomBig.Bits(rng, bits) | (BigInteger.One << (bits - 1));
        var y = RandomBig.Bits(rng, other) | (other > 0 ? BigInteger.One << (other - 1) : 0);
        if (rng.Next(2) == 0) x = -x;
        if (rng.Next(2) == 0) y = -y;
        Int256 a = Of(x), b = Of(y);
        Exact(x * y, () => checked(a * b), "checked *", $"x = {x}, y = {y}");
        Exact(x * y, () => checked(b * a), "checked *", $"y = {y}, x = {x}");
        Assert.Equal(Wrap(x * y), Big(a * b));
    });

    [Fact]
    public void CheckedMultiply_ExactlyAtTheEnds_MinValueFitsAndMaxValuePlusOneDoesNot()
    {
        var p = Of(BigInteger.One << 128);
        var q = Of(BigInteger.One << 127);
        Assert.Equal(Int256.MinValue, checked(-p * q)); // -2^255
        Assert.Equal(Int256.MinValue, checked(p * -q));
        Assert.Throws<OverflowException>(() => checked(p * q)); // 2^255
        Assert.Throws<OverflowException>(() => checked(-p * -q));
        Assert.Equal(Int256.MinValue, checked(Int256.MinValue * Int256.One));
        Assert.Throws<OverflowException>(() => checked(Int256.MinValue * Int256.NegativeOne));
        Assert.Equal(Int256.MinValue, Int256.MinValue * Int256.NegativeOne); // wraps
        Assert.Equal(-Int256.MaxValue, checked(Int256.MaxValue * Int256.NegativeOne));
        // 3 limbs x 2 limbs that overflow only by the carry into the fifth limb
        var big = Of((BigInteger.One << 192) - 1);
        var small = Of((BigInteger.One << 64) + 1);
        Assert.Throws<OverflowException>(() => checked(big * small));
    }

    [Property(MaxTest = 1000)]
    public Property Division_VariedLengths_TruncatesTowardZero() => Prop.ForAll(Seeds, seed =>
    {
        // dividends and divisors of every pair of limb counts, with quotients that exercise the digit corrections
        var rng = new Random(seed);
        for (int i = 0; i < 8; i++)
        {
            var x = DrawBits(rng, 255);
            var y = DrawBits(rng, rng.Next(1, 256));
            if (rng.Next(4) == 0) y = (BigInteger.One << rng.Next(1, 255)) - rng.Next(0, 3); // a top limb of ones
            if (rng.Next(4) == 0 && !y.IsZero) x = y * DrawBits(rng, Math.Max(0, 254 - (int)y.GetBitLength())) + rng.Next(-2, 3);
            if (!InRange(x)) continue;
            CheckPair(x, y);
        }
    });

    [Fact]
    public void Division_QuotientDigitEstimateTwoTooLarge_IsCorrected()
    {
        // divisor 2^127 + 2^64 - 1 (top limb 2^63, the next all ones) under a dividend whose top limb is 2^63 - 1: the
        // quotient digit estimated from the top limbs alone is two too large, which only Knuth's step D3 corrects (one
        // add-back corrects one); shifted together by t bits, the same digits with other limb counts and normalisations
        var rng = new Random(13);
        var divisor = (BigInteger.One << 127) + (BigInteger.One << 64) - 1;
        for (int i = 0; i < 500; i++)
        {
            var dividend = (((BigInteger.One << 63) - 1) << 128) + RandomBig.Bits(rng, 128);
            int t = rng.Next(0, 64);
            var (x, y) = (dividend << t, divisor << t);
            Assert.Equal(BigInteger.Divide(dividend, divisor), Big(Of(x) / Of(y)));
            CheckPair(rng.Next(2) == 0 ? x : -x, rng.Next(2) == 0 ? y : -y);
        }
    }

    [Fact]
    public void DivideLimb_AgainstUInt128Division()
    {
        var rng = new Random(11);
        for (int i = 0; i < 20000; i++)
        {
            ulong d = (ulong)rng.NextInt64() >> rng.Next(0, 63) | 1;
            if (i % 3 == 0) d |= 1UL << 63;
            ulong high = (ulong)rng.NextInt64() % d, low = (ulong)rng.NextInt64() * 3;
            var n = ((UInt128)high << 64) | low;
            ulong q = Int256.DivideLimb(high, low, d, out ulong r);
            Assert.Equal(n / d, (UInt128)q);
            Assert.Equal(n % d, (UInt128)r);
        }
    }

    [Property(MaxTest = 1000)]
    public Property Gcd_PlantedCommonFactors_EqualsBigIntegerGcd() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        var common = RandomBig.Bits(rng, rng.Next(1, 200)) + 1;
        int room = 254 - (int)common.GetBitLength();
        var x = DrawBits(rng, Math.Max(0, room)) * common;
        var y = DrawBits(rng, Math.Max(0, room)) * common;
        if (rng.Next(3) == 0) x <<= rng.Next(0, Math.Max(1, 254 - (int)x.GetBitLength()));
        var g = Int256.Gcd(Of(x), Of(y));
        Assert.Equal(BigInteger.GreatestCommonDivisor(x, y), Big(g));
        Assert.True(Int256.IsPositive(g));
    });

    [Fact]
    public void Gcd_OfMinValue_OverflowsOnlyWhenTheGcdIs2To255()
    {
        Assert.Throws<OverflowException>(() => Int256.Gcd(Int256.MinValue, Int256.Zero));
        Assert.Throws<OverflowException>(() => Int256.Gcd(Int256.MinValue, Int256.MinValue));
        Assert.Equal((Int256)(1L << 40), Int256.Gcd(Int256.MinValue, (Int256)(3L << 40)));
        Assert.Equal(Int256.MaxValue, Int256.Gcd(Int256.MaxValue, -Int256.MaxValue));
        Assert.Equal(Int256.Zero, Int256.Gcd(Int256.Zero, Int256.Zero));
        Assert.Equal((Int256)7, Int256.Gcd(-(Int256)7, Int256.Zero));
    }

    [Fact]
    public void Clamp_AgreesWithBigIntegerAndRefusesAnEmptyRange()
    {
        var rng = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            BigInteger x = Draw(rng), lo = Draw(rng), hi = Draw(rng);
            if (lo > hi) (lo, hi) = (hi, lo);
            Assert.Equal(BigInteger.Clamp(x, lo, hi), Big(Int256.Clamp(Of(x), Of(lo), Of(hi))));
        }
        Assert.Throws<ArgumentException>(() => Int256.Clamp(Int256.Zero, Int256.One, Int256.Zero));
    }

    [Fact]
    public void CompareTo_Object_NullIsBelowAndOtherTypesAreRefused()
    {
        Assert.Equal(1, Int256.MinValue.CompareTo(null));
        Assert.Equal(-1, Int256.MinValue.CompareTo((object)Int256.Zero));
        Assert.Throws<ArgumentException>(() => Int256.Zero.CompareTo((object)0L));
        Assert.False(Int256.Zero.Equals((object)0L));
    }

    // The kernel's kind of code: checked sums of products, signs, reduced fractions, compared by cross-multiplication.
    private static (T Sum, int Sign, T P, T Q, int Order) KernelLike<T>(T[] alpha, T[] beta, T num, T den) where T : IBinaryInteger<T>
    {
        checked
        {
            T sum = T.Zero;
            for (int i = 0; i < alpha.Length; i++)
                if (!T.IsZero(alpha[i])) sum += alpha[i] * beta[i];
            sum = -sum;
            sum++;
            sum--;
            if (T.IsNegative(den)) { num = -num; den = -den; }
            T a = T.Abs(num), b = den;
            for (int steps = 0; !T.IsZero(b); steps++)
            {
                if (steps > 1000) throw new InvalidOperationException("Euclid's algorithm did not end: % is wrong"); // at most ~370 steps
                (a, b) = (b, a % b);
            }
            T p = num / a, q = den / a;
            int order = (p * beta[0]).CompareTo(alpha[0] * q);
            return (sum, T.Sign(sum), p, q, order);
        }
    }

    [Property(MaxTest = 1000)]
    public Property GenericCheckedCode_Int256AndBigInteger_AgreeOrInt256Overflows() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        int n = rng.Next(1, 6), bits = rng.Next(8, 135);
        var alpha = Enumerable.Range(0, n).Select(_ => DrawBits(rng, bits)).ToArray();
        var beta = Enumerable.Range(0, n).Select(_ => DrawBits(rng, bits)).ToArray();
        var num = DrawBits(rng, 200);
        var den = DrawBits(rng, 200);
        if (den.IsZero) den = 1;
        var exact = KernelLike(alpha, beta, num, den);
        // the partial sums and products: Int256 overflows exactly when one of them leaves the range
        bool fits = true;
        BigInteger partial = 0;
        foreach (var (x, y) in alpha.Zip(beta))
        {
            fits &= InRange(x * y);
            partial += x * y;
            fits &= InRange(partial);
        }
        var g = BigInteger.GreatestCommonDivisor(num, den);
        fits &= InRange(exact.P * beta[0]) && InRange(alpha[0] * exact.Q) && InRange(-partial) && InRange(1 - partial) && g <= Max;
        try
        {
            var actual = KernelLike(alpha.Select(Int256.CreateChecked).ToArray(), beta.Select(Int256.CreateChecked).ToArray(),
                Int256.CreateChecked(num), Int256.CreateChecked(den));
            Assert.True(fits, "Int256 should have overflowed");
            Assert.Equal(exact.Sum, BigInteger.CreateTruncating(actual.Sum));
            Assert.Equal(exact.Sign, actual.Sign);
            Assert.Equal(exact.P, BigInteger.CreateChecked(actual.P));
            Assert.Equal(exact.Q, BigInteger.CreateSaturating(actual.Q));
            Assert.Equal(Math.Sign(exact.Order), actual.Order);
        }
        catch (OverflowException)
        {
            Assert.False(fits, "Int256 overflowed where the exact values fit");
        }
    });

    [Fact]
    public void GenericCheckedCode_Overflow_IsAnOverflowExceptionForTheRetry()
    {
        // the kernel retries with BigInteger on OverflowException: a generic checked sum must throw exactly that
        var big = Int256.MaxValue / 3;
        Assert.Throws<OverflowException>(() => KernelLike([big, big], [(Int256)2, (Int256)2], Int256.One, Int256.One));
        Assert.Throws<OverflowException>(() => Int256.CreateChecked(BigInteger.One << 255));
        Assert.Equal(Int256.MinValue, Int256.CreateChecked(-(BigInteger.One << 255)));
    }

    [Fact]
    public void HotOperations_AfterWarmUp_AllocateNothing()
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, 64).Select(_ => Of(DrawBits(rng, 120))).ToArray();
        var dens = Enumerable.Range(0, 64).Select(_ => Of(BigInteger.Abs(DrawBits(rng, 100)) + 1)).ToArray();
        static Int256 Run(Int256[] v, Int256[] d)
        {
            checked
            {
                Int256 sum = Int256.Zero;
                int signs = 0;
                for (int i = 0; i + 1 < v.Length; i++)
                {
                    sum += v[i] * v[i + 1] - v[i + 1];
                    sum = -sum;
                    signs += Int256.Sign(sum) + v[i].CompareTo(v[i + 1]) + (Int256.IsNegative(v[i]) ? 1 : 0) + (Int256.IsZero(v[i]) ? 1 : 0);
                    var g = Int256.Gcd(Int256.Abs(v[i]), d[i]);
                    sum += v[i] / d[i] + v[i] % d[i] + g + (v[i] >> 3) + (v[i] << 2) + (Int256)(double)v[i] / d[i];
                    sum += Int256.CreateChecked(signs) + Int256.CreateTruncating(v[i] * v[i + 1]);
                }
                return sum;
            }
        }
        Run(values, dens);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = Run(values, dens);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
        Assert.NotEqual(Int256.Zero, result);
    }
}
