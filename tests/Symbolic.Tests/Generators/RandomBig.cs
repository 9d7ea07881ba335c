using System.Numerics;

namespace Verifier.Symbolic.Tests.Generators;

/// <summary>Random non-negative big integers for the arithmetic tests.</summary>
internal static class RandomBig
{
    /// <summary>A non-negative integer from bits / 8 + 1 random bytes (below 2^(8 (bits / 8 + 1) - 1)).</summary>
    public static BigInteger Bytes(Random rng, int bits)
    {
        var bytes = new byte[bits / 8 + 1];
        rng.NextBytes(bytes);
        bytes[^1] &= 0x7f;
        return new BigInteger(bytes);
    }

    /// <summary>A non-negative integer below 2^bits (the same draw as <see cref="Bytes"/>, shifted down).</summary>
    public static BigInteger Bits(Random rng, int bits) => Bytes(rng, bits) >> ((bits / 8 + 1) * 8 - 1 - bits);
}
