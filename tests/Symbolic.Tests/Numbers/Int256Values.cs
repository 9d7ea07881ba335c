using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.Symbolic.Tests.Numbers;

/// <summary>
/// Values for the <see cref="Int256"/> tests as big integers in [-2^255, 2^255 - 1], and the bridge between the two that
/// goes through the limbs only (not through the conversions under test).
/// </summary>
internal static class Int256Values
{
    public static readonly BigInteger Min = -(BigInteger.One << 255);
    public static readonly BigInteger Max = (BigInteger.One << 255) - 1;
    private static readonly BigInteger Modulus = BigInteger.One << 256;
    private static readonly BigInteger LimbMask = ulong.MaxValue;

    /// <summary>0, ±1, the ends of the range, and ±2^k, ±(2^k - 1), ±(2^k + 1) at the limb and sign boundaries.</summary>
    public static readonly BigInteger[] Edges = BuildEdges();

    private static BigInteger[] BuildEdges()
    {
        var set = new SortedSet<BigInteger> { 0, 1, -1, 2, -2, Min, Max, Min + 1, Max - 1 };
        foreach (int k in new[] { 31, 32, 62, 63, 64, 65, 126, 127, 128, 129, 190, 191, 192, 193, 253, 254, 255 })
        {
            var p = BigInteger.One << k;
            foreach (var v in new[] { p, p - 1, p + 1 })
            {
                set.Add(v);
                set.Add(-v);
            }
        }
        set.RemoveWhere(v => v < Min || v > Max);
        return [.. set];
    }

    /// <summary>True when v lies in [-2^255, 2^255 - 1].</summary>
    public static bool InRange(BigInteger v) => v >= Min && v <= Max;

    /// <summary>v modulo 2^256, as a value in the range.</summary>
    public static BigInteger Wrap(BigInteger v)
    {
        var u = Unsigned(v);
        return u > Max ? u - Modulus : u;
    }

    /// <summary>v modulo 2^256 in [0, 2^256).</summary>
    public static BigInteger Unsigned(BigInteger v)
    {
        var u = v % Modulus;
        return u.Sign < 0 ? u + Modulus : u;
    }

    /// <summary>The Int256 with the value v (in range), built from its limbs.</summary>
    public static Int256 Of(BigInteger v)
    {
        Assert.True(InRange(v), $"{v} is outside the Int256 range");
        var u = Unsigned(v);
        return new Int256((ulong)((u >> 192) & LimbMask), (ulong)((u >> 128) & LimbMask), (ulong)((u >> 64) & LimbMask), (ulong)(u & LimbMask));
    }

    /// <summary>The value of x, read from its limbs.</summary>
    public static BigInteger Big(Int256 x)
    {
        var u = ((BigInteger)x.Limb(3) << 192) | ((BigInteger)x.Limb(2) << 128) | ((BigInteger)x.Limb(1) << 64) | x.Limb(0);
        return u > Max ? u - Modulus : u;
    }

    /// <summary>
    /// A value in the range: an edge value, a random magnitude of 0-255 bits with a random sign, a random 256-bit pattern, or
    /// limbs each 0, all ones or random (long carry and borrow chains).
    /// </summary>
    public static BigInteger Draw(Random rng)
    {
        switch (rng.Next(8))
        {
            case 0:
                return Edges[rng.Next(Edges.Length)];
            case 1:
                return Wrap(RandomBig.Bits(rng, 256));
            case 2:
            {
                BigInteger u = 0;
                for (int i = 0; i < 4; i++)
                    u = (u << 64) | (rng.Next(3) switch { 0 => BigInteger.Zero, 1 => LimbMask, _ => RandomBig.Bits(rng, 64) });
                return Wrap(u);
            }
            default:
            {
                var m = RandomBig.Bits(rng, rng.Next(0, 256));
                return rng.Next(2) == 0 ? m : -m;
            }
        }
    }

    /// <summary>A value whose magnitude has at most <paramref name="maxBits"/> bits, the bit length uniform.</summary>
    public static BigInteger DrawBits(Random rng, int maxBits)
    {
        var m = RandomBig.Bits(rng, rng.Next(0, maxBits + 1));
        return rng.Next(2) == 0 ? m : -m;
    }

    /// <summary>Seeds for FsCheck: each property draws its values from <see cref="Draw"/> with the seed.</summary>
    public static Arbitrary<int> Seeds => Gen.Choose(0, int.MaxValue).ToArbitrary();
}
