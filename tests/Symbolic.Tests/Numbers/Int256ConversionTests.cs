using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Tests.Generators;
using static Verifier.Symbolic.Tests.Numbers.Int256Values;

namespace Verifier.Symbolic.Tests.Numbers;

/// <summary>
/// <see cref="Int256"/> conversions: to and from every built-in number type and <see cref="BigInteger"/> in the checked,
/// saturating and truncating forms, and the correctly rounded conversions to double and float.
/// </summary>
public class Int256ConversionTests
{
    /// <summary>v rounded to <paramref name="precision"/> significant bits, ties to even, as a double (exact for 53, 24).</summary>
    private static double RoundToNearest(BigInteger v, int precision)
    {
        var m = BigInteger.Abs(v);
        long n = m.GetBitLength();
        double magnitude;
        if (n <= precision) magnitude = (double)m; // exact
        else
        {
            int shift = (int)n - precision;
            var q = m >> shift;
            var rest = m - (q << shift);
            var half = BigInteger.One << (shift - 1);
            if (rest > half || (rest == half && !q.IsEven)) q += 1;
            magnitude = Math.ScaleB((double)q, shift); // q <= 2^precision: exact
        }
        return v.Sign < 0 ? -magnitude : magnitude;
    }

    // values where rounding is decided: exact ties between two doubles (floats), and one either side
    private static BigInteger NearTie(Random rng, int precision)
    {
        int bits = rng.Next(precision + 2, 256);
        var m = (RandomBig.Bits(rng, precision + 1) | (BigInteger.One << precision)) << (bits - precision - 1);
        m += rng.Next(-1, 2);
        m = BigInteger.Min(m, Max);
        return rng.Next(2) == 0 ? m : BigInteger.Max(-m, Min);
    }

    [Property(MaxTest = 3000)]
    public Property ToDouble_IsCorrectlyRounded() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        foreach (var x in new[] { Draw(rng), NearTie(rng, 53), NearTie(rng, 53) })
        {
            double expected = RoundToNearest(x, 53);
            Assert.Equal(expected, (double)Of(x));
            Assert.Equal(expected, double.CreateChecked(Of(x)));
            Assert.Equal(expected, double.CreateTruncating(Of(x)));
            // .NET's BigInteger conversion truncates the bits beyond the 53rd: equal, or one step toward zero
            double big = (double)x;
            Assert.True(big == expected || big == (x.Sign < 0 ? Math.BitIncrement(expected) : Math.BitDecrement(expected)), $"BigInteger's double of {x}: {big:R}");
        }
    });

    [Theory]
    [InlineData("677157390386321961338610782", 6.77157390386322E+26)]
    [InlineData("69816899582275468390476086200747040", 6.981689958227547E+34)]
    [InlineData("-15681554534567107075603611400418623577192291731465581416", -1.5681554534567107E+55)]
    [InlineData("9007199254740993", 9007199254740992.0)] // 2^53 + 1: a tie, to even
    [InlineData("9007199254740995", 9007199254740996.0)] // 2^53 + 3: a tie, to even
    [InlineData("36028797018963973", 36028797018963976.0)] // 2^55 + 5: above the tie (spacing 8)
    public void ToDouble_KnownValues_AreTheNearestDoubles(string text, double expected)
    {
        // the expected values are Python's float(int), which rounds correctly; .NET's (double)BigInteger gives the first
        // three one step toward zero
        Assert.Equal(expected, (double)Of(BigInteger.Parse(text)));
    }

    [Property(MaxTest = 2000)]
    public Property ToFloat_IsCorrectlyRounded() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        foreach (var x in new[] { Draw(rng), NearTie(rng, 24), NearTie(rng, 24), DrawBits(rng, 140) })
        {
            float expected = (float)RoundToNearest(x, 24); // exact, or infinity beyond the float range
            Assert.Equal(expected, (float)Of(x));
            Assert.Equal(expected, float.CreateSaturating(Of(x)));
            Assert.Equal((Half)(double)x, (Half)Of(x)); // exact below 2^53, infinite above 2^16
        }
    });

    [Fact]
    public void ToDouble_Ends_AreThePowersOfTwo()
    {
        Assert.Equal(Math.Pow(2, 255), (double)Int256.MaxValue);
        Assert.Equal(-Math.Pow(2, 255), (double)Int256.MinValue);
        Assert.Equal(float.PositiveInfinity, (float)Int256.MaxValue);
        Assert.Equal(float.NegativeInfinity, (float)Int256.MinValue);
        Assert.Equal(-1.0, (double)Int256.NegativeOne);
        Assert.Equal(0.0, (double)Int256.Zero);
    }

    private static double RandomDouble(Random rng)
    {
        int exponent = rng.Next(-5, 262);
        double d = Math.ScaleB(1 + rng.NextDouble(), exponent);
        if (rng.Next(8) == 0) d = Math.Round(d);
        return rng.Next(2) == 0 ? d : -d;
    }

    [Property(MaxTest = 2000)]
    public Property FromDouble_TruncatesTowardZero_CheckedThrowsAndUncheckedSaturatesOutsideTheRange() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        double d = RandomDouble(rng);
        var exact = new BigInteger(Math.Truncate(d)); // exact for an integral double
        Int256 saturated = InRange(exact) ? Of(exact) : exact.Sign < 0 ? Int256.MinValue : Int256.MaxValue;
        Assert.Equal(saturated, (Int256)d);
        Assert.Equal(saturated, Int256.CreateSaturating(d));
        Assert.Equal(saturated, Int256.CreateTruncating(d)); // floating-point values saturate, as for Int128
        if (InRange(exact))
        {
            Assert.Equal(saturated, checked((Int256)d));
            Assert.Equal(saturated, Int256.CreateChecked(d));
            if (Math.Abs(d) < 1e30) Assert.Equal(Of(new BigInteger(Math.Truncate((float)d))), Int256.CreateChecked((float)d));
        }
        else
        {
            Assert.Throws<OverflowException>(() => checked((Int256)d));
            Assert.Throws<OverflowException>(() => Int256.CreateChecked(d));
        }
    });

    [Fact]
    public void FromDouble_SpecialValues_BehaveAsInt128()
    {
        double two255 = Math.Pow(2, 255);
        Assert.Equal(Int256.MinValue, checked((Int256)(-two255)));
        Assert.Throws<OverflowException>(() => checked((Int256)two255));
        Assert.Equal(Int256.MaxValue, (Int256)two255);
        Assert.Throws<OverflowException>(() => Int256.CreateChecked(double.NaN));
        Assert.Equal(Int256.Zero, (Int256)double.NaN);
        Assert.Equal(Int256.Zero, Int256.CreateSaturating(double.NaN));
        Assert.Equal(Int256.MinValue, Int256.CreateSaturating(double.NegativeInfinity));
        Assert.Equal(Int256.MaxValue, Int256.CreateTruncating(float.PositiveInfinity));
        Assert.Throws<OverflowException>(() => Int256.CreateChecked(float.NegativeInfinity));
        Assert.Equal(Int256.Zero, Int256.CreateChecked(-0.9));
        Assert.Equal((Int256)3, Int256.CreateChecked((Half)3.5));
        Assert.Equal((Int256)(-3), (Int256)(-3.99));
        // the analogue at Int128's width
        Assert.Equal(Int128.MaxValue, Int128.CreateTruncating(1e40));
        Assert.Equal(Int128.Zero, Int128.CreateSaturating(double.NaN));
    }

    [Property(MaxTest = 1000)]
    public Property Decimal_BothWays_ExactInsideItsRangeAndSaturatingOrThrowingOutside() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        var x = DrawBits(rng, 100);
        var a = Of(x);
        var decimalMax = new BigInteger(decimal.MaxValue);
        if (BigInteger.Abs(x) <= decimalMax)
        {
            Assert.Equal((decimal)x, (decimal)a);
            Assert.Equal((decimal)x, decimal.CreateChecked(a));
            Assert.Equal(a, (Int256)(decimal)x);
            Assert.Equal(a, Int256.CreateChecked((decimal)x));
        }
        else
        {
            Assert.Throws<OverflowException>(() => (decimal)a); // as Int128's conversion
            Assert.Throws<OverflowException>(() => decimal.CreateChecked(a));
            Assert.Equal(x.Sign < 0 ? decimal.MinValue : decimal.MaxValue, decimal.CreateSaturating(a));
            Assert.Equal(x.Sign < 0 ? decimal.MinValue : decimal.MaxValue, decimal.CreateTruncating(a)); // as decimal does for Int128
        }
        decimal fraction = (decimal)rng.NextDouble() * (rng.Next(2) == 0 ? 1000 : -1000);
        Assert.Equal(Of(new BigInteger(decimal.Truncate(fraction))), (Int256)fraction);
        Assert.Equal((Int256)100, (Int256)100.00m);
    });

    /// <summary>The three creation forms to and from an integer type T, against the range and width of T.</summary>
    private static void CheckIntegerType<T>(BigInteger x) where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        var a = Of(x);
        var lo = BigInteger.CreateChecked(T.MinValue);
        var hi = BigInteger.CreateChecked(T.MaxValue);
        int width = T.Zero.GetByteCount() * 8;
        string at = $"{typeof(T).Name} x = {x}";
        if (x >= lo && x <= hi)
        {
            Assert.True(x == BigInteger.CreateChecked(T.CreateChecked(a)), $"checked {at}");
            Assert.Equal(a, Int256.CreateChecked(T.CreateChecked(x)));
        }
        else
        {
            Assert.Throws<OverflowException>(() => T.CreateChecked(a));
        }
        Assert.True(BigInteger.Clamp(x, lo, hi) == BigInteger.CreateChecked(T.CreateSaturating(a)), $"saturating {at}");
        var wrapped = x & ((BigInteger.One << width) - 1);
        if (wrapped > hi) wrapped -= BigInteger.One << width;
        Assert.True(wrapped == BigInteger.CreateChecked(T.CreateTruncating(a)), $"truncating {at}");
        // from T: always exact
        var t = T.CreateTruncating(x);
        Assert.Equal(Of(BigInteger.CreateChecked(t)), Int256.CreateChecked(t));
        Assert.Equal(Of(BigInteger.CreateChecked(t)), Int256.CreateSaturating(t));
        Assert.Equal(Of(BigInteger.CreateChecked(t)), Int256.CreateTruncating(t));
    }

    private static void CheckAllIntegerTypes(BigInteger x)
    {
        CheckIntegerType<long>(x);
        CheckIntegerType<int>(x);
        CheckIntegerType<short>(x);
        CheckIntegerType<sbyte>(x);
        CheckIntegerType<nint>(x);
        CheckIntegerType<Int128>(x);
        CheckIntegerType<ulong>(x);
        CheckIntegerType<uint>(x);
        CheckIntegerType<ushort>(x);
        CheckIntegerType<byte>(x);
        CheckIntegerType<char>(x);
        CheckIntegerType<nuint>(x);
        CheckIntegerType<UInt128>(x);
    }

    [Fact]
    public void IntegerTypes_EdgeValues_CheckedSaturatingTruncating()
    {
        foreach (var x in Edges) CheckAllIntegerTypes(x);
        foreach (var x in new BigInteger[] { byte.MaxValue, sbyte.MinValue, short.MinValue - 1, ushort.MaxValue + 1, uint.MaxValue, int.MinValue })
            CheckAllIntegerTypes(x);
    }

    [Property(MaxTest = 1000)]
    public Property IntegerTypes_RandomValues_CheckedSaturatingTruncating() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        CheckAllIntegerTypes(Draw(rng));
        CheckAllIntegerTypes(DrawBits(rng, 140));
    });

    [Property(MaxTest = 1000)]
    public Property BigInteger_BothWays_ExactInRange_WrapsClampsOrThrowsOutside() => Prop.ForAll(Seeds, seed =>
    {
        var rng = new Random(seed);
        var x = DrawBits(rng, 300);
        if (rng.Next(4) == 0) x = Draw(rng);
        if (InRange(x))
        {
            var a = Of(x);
            Assert.Equal(a, (Int256)x);
            Assert.Equal(a, Int256.CreateChecked(x));
            Assert.Equal(x, (BigInteger)a);
            Assert.Equal(x, BigInteger.CreateTruncating(a));
            Assert.Equal(x, BigInteger.CreateChecked(a));
        }
        else
        {
            Assert.Throws<OverflowException>(() => (Int256)x);
            Assert.Throws<OverflowException>(() => Int256.CreateChecked(x));
        }
        Assert.Equal(Of(BigInteger.Clamp(x, Min, Max)), Int256.CreateSaturating(x));
        Assert.Equal(Of(Wrap(x)), Int256.CreateTruncating(x));
    });

    [Fact]
    public void Operators_ImplicitAndExplicit_AgreeWithTheValues()
    {
        Assert.Equal(Of(long.MinValue), (Int256)long.MinValue);
        Assert.Equal(Of(ulong.MaxValue), (Int256)ulong.MaxValue);
        Assert.Equal(Of(-7), (Int256)(-7));
        Assert.Equal(Of(Int128.MinValue), (Int256)Int128.MinValue);
        Assert.Equal(Of(UInt128.MaxValue), (Int256)UInt128.MaxValue);
        Assert.Equal(Of('A'), (Int256)'A');
        var big = Of((BigInteger.One << 200) + 5);
        Assert.Equal(5L, (long)big); // unchecked: the low bits
        Assert.Equal(5, (int)big);
        Assert.Equal((Int128)5, (Int128)big);
        Assert.Throws<OverflowException>(() => checked((long)big));
        Assert.Throws<OverflowException>(() => checked((int)big));
        Assert.Throws<OverflowException>(() => checked((Int128)big));
        Assert.Throws<OverflowException>(() => checked((ulong)Int256.NegativeOne));
        Assert.Equal(ulong.MaxValue, (ulong)Int256.NegativeOne);
        Assert.Equal(long.MinValue, checked((long)Of(long.MinValue)));
        Assert.Equal(uint.MaxValue, checked((uint)Of(uint.MaxValue)));
        Assert.Throws<OverflowException>(() => checked((uint)Of((BigInteger)uint.MaxValue + 1)));
        Assert.Equal(Int128.MinValue, checked((Int128)Of(Int128.MinValue)));
        Assert.Throws<OverflowException>(() => checked((Int128)Of((BigInteger)Int128.MinValue - 1)));
        Assert.Equal(UInt128.MaxValue, checked((UInt128)Of(UInt128.MaxValue)));
        Assert.Throws<OverflowException>(() => checked((UInt128)Of((BigInteger)UInt128.MaxValue + 1)));
        Assert.Throws<OverflowException>(() => checked((byte)Of(256)));
        Assert.Equal((byte)0, (byte)Of(256));
    }

    [Fact]
    public void Complex_BothWays_TheRealPartAsInt128Does()
    {
        Assert.Equal((Int256)3, Int256.CreateChecked(new Complex(3.7, 0)));
        Assert.Throws<OverflowException>(() => Int256.CreateChecked(new Complex(3, 1)));
        Assert.Throws<OverflowException>(() => Int128.CreateChecked(new Complex(3, 1)));
        Assert.Equal((Int256)3, Int256.CreateSaturating(new Complex(3, 1)));
        Assert.Equal(Int128.CreateSaturating(new Complex(3, 1)), (Int128)Int256.CreateSaturating(new Complex(3, 1)));
        Assert.Equal(new Complex(Math.Pow(2, 200), 0), Complex.CreateChecked(Of(BigInteger.One << 200)));
    }

    [Fact]
    public void Unsupported_Type_IsRefusedLikeTheBuiltInTypes()
    {
        Assert.Throws<NotSupportedException>(() => Int256.CreateChecked(new Opaque()));
        Assert.Throws<NotSupportedException>(() => Create<Opaque, Int256>(Int256.One));
        Assert.Throws<NotSupportedException>(() => Create<Opaque, Int128>(Int128.One));
    }

    private static TTo Create<TTo, TFrom>(TFrom value) where TTo : INumberBase<TTo> where TFrom : INumberBase<TFrom> => TTo.CreateChecked(value);

    // A number type that converts to and from nothing.
    private readonly struct Opaque : INumberBase<Opaque>
    {
        public static Opaque One => default;
        public static int Radix => 2;
        public static Opaque Zero => default;
        public static Opaque AdditiveIdentity => default;
        public static Opaque MultiplicativeIdentity => default;
        public static Opaque Abs(Opaque value) => value;
        public static bool IsCanonical(Opaque value) => true;
        public static bool IsComplexNumber(Opaque value) => false;
        public static bool IsEvenInteger(Opaque value) => true;
        public static bool IsFinite(Opaque value) => true;
        public static bool IsImaginaryNumber(Opaque value) => false;
        public static bool IsInfinity(Opaque value) => false;
        public static bool IsInteger(Opaque value) => true;
        public static bool IsNaN(Opaque value) => false;
        public static bool IsNegative(Opaque value) => false;
        public static bool IsNegativeInfinity(Opaque value) => false;
        public static bool IsNormal(Opaque value) => false;
        public static bool IsOddInteger(Opaque value) => false;
        public static bool IsPositive(Opaque value) => true;
        public static bool IsPositiveInfinity(Opaque value) => false;
        public static bool IsRealNumber(Opaque value) => true;
        public static bool IsSubnormal(Opaque value) => false;
        public static bool IsZero(Opaque value) => true;
        public static Opaque MaxMagnitude(Opaque x, Opaque y) => x;
        public static Opaque MaxMagnitudeNumber(Opaque x, Opaque y) => x;
        public static Opaque MinMagnitude(Opaque x, Opaque y) => x;
        public static Opaque MinMagnitudeNumber(Opaque x, Opaque y) => x;
        public static Opaque Parse(ReadOnlySpan<char> s, System.Globalization.NumberStyles style, IFormatProvider? provider) => default;
        public static Opaque Parse(string s, System.Globalization.NumberStyles style, IFormatProvider? provider) => default;
        public static Opaque Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => default;
        public static Opaque Parse(string s, IFormatProvider? provider) => default;
        public static bool TryParse(ReadOnlySpan<char> s, System.Globalization.NumberStyles style, IFormatProvider? provider, out Opaque result) { result = default; return false; }
        public static bool TryParse(string? s, System.Globalization.NumberStyles style, IFormatProvider? provider, out Opaque result) { result = default; return false; }
        public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Opaque result) { result = default; return false; }
        public static bool TryParse(string? s, IFormatProvider? provider, out Opaque result) { result = default; return false; }
        static bool INumberBase<Opaque>.TryConvertFromChecked<TOther>(TOther value, out Opaque result) { result = default; return false; }
        static bool INumberBase<Opaque>.TryConvertFromSaturating<TOther>(TOther value, out Opaque result) { result = default; return false; }
        static bool INumberBase<Opaque>.TryConvertFromTruncating<TOther>(TOther value, out Opaque result) { result = default; return false; }
        static bool INumberBase<Opaque>.TryConvertToChecked<TOther>(Opaque value, out TOther result) { result = default!; return false; }
        static bool INumberBase<Opaque>.TryConvertToSaturating<TOther>(Opaque value, out TOther result) { result = default!; return false; }
        static bool INumberBase<Opaque>.TryConvertToTruncating<TOther>(Opaque value, out TOther result) { result = default!; return false; }
        public bool Equals(Opaque other) => true;
        public override bool Equals(object? obj) => obj is Opaque;
        public override int GetHashCode() => 0;
        public string ToString(string? format, IFormatProvider? formatProvider) => "opaque";
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) { charsWritten = 0; return false; }
        public static Opaque operator +(Opaque value) => value;
        public static Opaque operator +(Opaque left, Opaque right) => left;
        public static Opaque operator -(Opaque value) => value;
        public static Opaque operator -(Opaque left, Opaque right) => left;
        public static Opaque operator ++(Opaque value) => value;
        public static Opaque operator --(Opaque value) => value;
        public static Opaque operator *(Opaque left, Opaque right) => left;
        public static Opaque operator /(Opaque left, Opaque right) => left;
        public static bool operator ==(Opaque left, Opaque right) => true;
        public static bool operator !=(Opaque left, Opaque right) => false;
    }
}
