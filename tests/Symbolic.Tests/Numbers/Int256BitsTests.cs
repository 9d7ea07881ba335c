using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Numbers;
using static Verifier.Symbolic.Tests.Numbers.Int256Values;

namespace Verifier.Symbolic.Tests.Numbers;

/// <summary><see cref="Int256"/> shifts, rotations and byte forms against <see cref="BigInteger"/>.</summary>
public class Int256BitsTests
{
    private static void CheckShifts(BigInteger x, int amount)
    {
        var a = Of(x);
        int s = amount & 255; // the count is taken modulo 256, as Int128 takes it modulo 128
        var u = Unsigned(x);
        string at = $"x = {x}, shift {amount}";
        Assert.True(Wrap(x << s) == Big(a << amount), $"<< at {at}");
        Assert.True(x >> s == Big(a >> amount), $">> at {at}"); // BigInteger's >> is arithmetic (floor)
        Assert.True(Wrap(u >> s) == Big(a >>> amount), $">>> at {at}");
        var left = Wrap((u << s) | (u >> (256 - s)));
        Assert.True(left == Big(Int256.RotateLeft(a, amount)), $"RotateLeft at {at}");
        var right = Wrap((u >> s) | (u << (256 - s)));
        Assert.True(right == Big(Int256.RotateRight(a, amount)), $"RotateRight at {at}");
    }

    [Fact]
    public void Shifts_EdgeValuesByEveryCount_AgreeWithBigInteger()
    {
        foreach (var x in Edges)
            for (int s = -1; s <= 257; s++)
                CheckShifts(x, s);
    }

    [Property(MaxTest = 2000)]
    public Property Shifts_RandomValuesAndCounts_AgreeWithBigInteger() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        for (int i = 0; i < 4; i++) CheckShifts(Draw(rng), rng.Next(-600, 600));
    });

    [Fact]
    public void Shifts_CountsBeyondTheWidth_AreTakenModulo256LikeInt128()
    {
        Assert.Equal((Int256)2, Int256.One << 257);
        Assert.Equal(Int256.MinValue, Int256.One << -1);
        Assert.Equal(Int256.NegativeOne, Int256.MinValue >> 255);
        Assert.Equal(Int256.One, Int256.MinValue >>> 255);
        // Int128 does the same at its width
        Assert.Equal((Int128)2, (Int128)1 << 129);
        Assert.Equal(Int128.MinValue, (Int128)1 << -1);
    }

    [Property(MaxTest = 1000)]
    public Property Bytes_WriteThenRead_RoundTripsAndMatchesBigIntegerBytes() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        var x = Draw(rng);
        var a = Of(x);
        var little = new byte[40];
        var big = new byte[40];
        Assert.True(a.TryWriteLittleEndian(little, out int n1));
        Assert.True(a.TryWriteBigEndian(big, out int n2));
        Assert.Equal(32, n1);
        Assert.Equal(32, n2);
        var expected = new byte[32];
        var minimal = x.ToByteArray(); // two's complement, little-endian, shortest
        Array.Fill(expected, x.Sign < 0 ? (byte)0xFF : (byte)0);
        minimal.AsSpan(0, Math.Min(32, minimal.Length)).CopyTo(expected);
        Assert.Equal(expected, little[..32]);
        Assert.Equal(expected.Reverse().ToArray(), big[..32]);
        Assert.True(Int256.TryReadLittleEndian(little.AsSpan(0, 32), isUnsigned: false, out var back1));
        Assert.True(Int256.TryReadBigEndian(big.AsSpan(0, 32), isUnsigned: false, out var back2));
        Assert.Equal(a, back1);
        Assert.Equal(a, back2);
        Assert.False(a.TryWriteLittleEndian(new byte[31], out int none));
        Assert.Equal(0, none);
        Assert.False(a.TryWriteBigEndian(new byte[31], out _));
    });

    [Property(MaxTest = 2000)]
    public Property Bytes_ReadOfAnyLength_IsTheIntegerTheyEncodeWhenInRange() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        int length = rng.Next(0, 42);
        var bytes = new byte[length];
        rng.NextBytes(bytes);
        // often the bytes above the 32nd are a sign extension, so that the value can still fit
        if (length > 32 && rng.Next(2) == 0)
        {
            byte fill = rng.Next(2) == 0 ? (byte)0 : (byte)0xFF;
            for (int i = 32; i < length; i++) bytes[i] = fill;
            if (rng.Next(2) == 0) bytes[31] = (byte)((bytes[31] & 0x7F) | (fill & 0x80));
        }
        if (length > 0 && length <= 32 && rng.Next(3) == 0) bytes[^1] &= 0x7F;
        foreach (bool isUnsigned in new[] { false, true })
        {
            var exact = new BigInteger(bytes, isUnsigned, isBigEndian: false);
            Assert.Equal(InRange(exact), Int256.TryReadLittleEndian(bytes, isUnsigned, out var little));
            Assert.Equal(InRange(exact) ? exact : 0, Big(little));
            var reversed = bytes.Reverse().ToArray();
            Assert.Equal(InRange(exact), Int256.TryReadBigEndian(reversed, isUnsigned, out var big));
            Assert.Equal(InRange(exact) ? exact : 0, Big(big));
        }
    });

    [Fact]
    public void Bytes_ReadTheCasesInt128Shows_AtTwiceTheWidth()
    {
        // as Int128.TryReadLittleEndian with 16 for 32: sign-extension bytes are accepted, anything else beyond is not
        var ones = Enumerable.Repeat((byte)0xFF, 33).ToArray();
        Assert.True(Int256.TryReadLittleEndian(ones, isUnsigned: false, out var minusOne));
        Assert.Equal(Int256.NegativeOne, minusOne);
        Assert.False(Int256.TryReadLittleEndian(ones, isUnsigned: true, out var none));
        Assert.Equal(Int256.Zero, none);
        Assert.False(Int256.TryReadLittleEndian(ones.AsSpan(0, 32), isUnsigned: true, out _)); // 2^256 - 1
        Assert.True(Int256.TryReadLittleEndian([0xFF], isUnsigned: true, out var b255));
        Assert.Equal((Int256)255, b255);
        Assert.True(Int256.TryReadLittleEndian([], isUnsigned: false, out var zero));
        Assert.Equal(Int256.Zero, zero);
        var min = new byte[33];
        min[32] = 0xFF;
        min[31] = 0x80;
        Assert.True(Int256.TryReadLittleEndian(min, isUnsigned: false, out var minValue));
        Assert.Equal(Int256.MinValue, minValue);
        min[31] = 0;
        Assert.False(Int256.TryReadLittleEndian(min, isUnsigned: false, out _)); // -2^256
        // the generic default members built on them
        Assert.Equal(Int256.NegativeOne, ReadBig<Int256>(ones, isUnsigned: false));
        Assert.Equal(ReadBig<Int128>([0x01, 0x00], isUnsigned: true), (Int128)ReadBig<Int256>([0x01, 0x00], isUnsigned: true));
    }

    private static T ReadBig<T>(byte[] bytes, bool isUnsigned) where T : IBinaryInteger<T> => T.ReadBigEndian(bytes, isUnsigned);
}
