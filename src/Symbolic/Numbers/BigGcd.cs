using System.Numerics;
using System.Runtime.InteropServices;

namespace Verifier.Symbolic.Numbers;

/// <summary>
/// The greatest common divisor of big integers, and their decimal text: GNU MP's <c>mpz_gcd</c> and <c>mpz_get_str</c> for
/// numbers of thousands of bits when the system's libgmp is there, else .NET's
/// (<see cref="BigInteger.GreatestCommonDivisor(BigInteger, BigInteger)"/>, <see cref="BigInteger.ToString()"/>).
/// </summary>
/// <remarks>
/// <para>Lowest terms of long exact sums cost mostly greatest common divisors: the 784 Integrated Gradients attributions of
/// the MNIST MLP are fractions with 14,000-bit denominators, and .NET's gcd takes about 0.33 ms for each, GNU MP's 0.19 ms
/// (measured on the build machine). libgmp.so.10 is on every Debian and Ubuntu system (coreutils depends on it); it is
/// loaded when first needed, checked on a known case, and not used when it is missing, fails to load, or
/// <c>VERIFIER_NO_GMP=1</c> is set: the result is the same either way (tested), only the time differs.</para>
/// <para>Numbers cross as 64-bit limbs (mpz_import and mpz_export); each thread keeps its own three mpz values.</para>
/// </remarks>
public static class BigGcd
{
    /// <summary>Below this many bits in the smaller operand, .NET's gcd is as fast as the copy to GNU MP and back.</summary>
    public const long GmpThresholdBits = 2048;

    /// <summary>
    /// Above this many bits .NET's arithmetic is used again: GNU MP aborts the process when its own allocation fails,
    /// where .NET throws an exception the command line reports.
    /// </summary>
    public const long GmpMaxBits = 1L << 26;

    private static readonly Lazy<bool> Loaded = new(TryLoad);

    /// <summary>True when GNU MP is used for large operands.</summary>
    public static bool UsesGmp => Loaded.Value;

    /// <summary>gcd(|a|, |b|) (0 when both are 0).</summary>
    public static BigInteger Of(BigInteger a, BigInteger b)
    {
        if (a.IsZero) return BigInteger.Abs(b);
        if (b.IsZero) return BigInteger.Abs(a);
        if (Math.Min(a.GetBitLength(), b.GetBitLength()) < GmpThresholdBits || Math.Max(a.GetBitLength(), b.GetBitLength()) > GmpMaxBits
            || !Loaded.Value)
            return BigInteger.GreatestCommonDivisor(a, b);
        return GmpGcd(a, b);
    }

    /// <summary>gcd(|a|, |b|) by GNU MP whatever the size (tests); a, b not both 0.</summary>
    internal static BigInteger GmpGcd(BigInteger a, BigInteger b)
    {
        var z = Mpz.ForThread();
        z.Set(z.A, a);
        z.Set(z.B, b);
        Native.Gcd(z.G, z.A, z.B);
        return z.Get(z.G);
    }

    /// <summary>Below this many bits, .NET's decimal formatting is as fast as GNU MP's.</summary>
    public const long GmpDecimalThresholdBits = 1024;

    /// <summary>
    /// <paramref name="x"/> in decimal, the same text as <c>x.ToString(CultureInfo.InvariantCulture)</c>: by GNU MP's
    /// mpz_get_str for large numbers (.NET's conversion is quadratic: 0.3 ms for a 14,000-bit number, against some
    /// 0.03 ms), else by .NET.
    /// </summary>
    public static string Decimal(BigInteger x)
    {
        if (x.GetBitLength() < GmpDecimalThresholdBits || x.GetBitLength() > GmpMaxBits || !Loaded.Value) return x.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return GmpDecimal(x);
    }

    /// <summary>
    /// gcd(|a|, |b|) when one operand may be far larger than the other (a product of hundreds of numbers against one
    /// of them): GNU MP from 4,096 bits in the larger one, whose first step is a fast division, where .NET's schoolbook
    /// division costs the product of the two lengths.
    /// </summary>
    public static BigInteger OfUnbalanced(BigInteger a, BigInteger b)
    {
        if (a.IsZero) return BigInteger.Abs(b);
        if (b.IsZero) return BigInteger.Abs(a);
        long larger = Math.Max(a.GetBitLength(), b.GetBitLength());
        if (larger < 4096 || larger > GmpMaxBits || !Loaded.Value) return BigInteger.GreatestCommonDivisor(a, b);
        return GmpGcd(a, b);
    }

    /// <summary>
    /// a b / (den scale) in lowest terms, given that every prime common to a b and den divides known or small (the caller
    /// knows den's factors: the gradient sweep's structural lowest terms): g = known gcd(a b, small) must divide both, then
    /// the scale's share gcd(a b / g, scale). All in GNU MP, with one copy in per operand and one out per result, where
    /// .NET would allocate a new number of the full size at each of the half dozen steps. Null when GNU MP is not used
    /// (or an operand is beyond <see cref="GmpMaxBits"/>): the caller reduces in .NET.
    /// </summary>
    /// <exception cref="InvalidOperationException">g does not divide a b (the caller's factors are wrong).</exception>
    internal static (BigInteger Num, BigInteger Den)? ReduceWithKnownFactors(BigInteger a, BigInteger b, BigInteger known, BigInteger small,
        BigInteger den, BigInteger scale)
    {
        if (!Loaded.Value || a.IsZero || b.IsZero || den.Sign <= 0 || scale.Sign <= 0 || known.Sign <= 0 || small.Sign <= 0) return null;
        if (Math.Max(a.GetBitLength(), den.GetBitLength()) + b.GetBitLength() > GmpMaxBits) return null;
        var z = Mpz.ForThread();
        z.Set(z.A, a);
        z.Set(z.B, b);
        Native.Mul(z.A, z.A, z.B);                  // |a b|
        z.Set(z.B, small);
        Native.Gcd(z.G, z.A, z.B);
        if (!known.IsOne)
        {
            z.Set(z.B, known);
            Native.Mul(z.G, z.G, z.B);              // g
        }
        if (Native.DivisibleP(z.A, z.G) == 0) throw new InvalidOperationException("lowest terms: the known factors do not divide the numerator");
        Native.DivExact(z.A, z.A, z.G);            // a b / g
        z.Set(z.B, den);
        Native.DivExact(z.B, z.B, z.G);            // den / g
        z.Set(z.G, scale);
        Native.Gcd(z.G, z.A, z.G);                 // g2 = gcd(a b / g, scale)
        Native.DivExact(z.A, z.A, z.G);
        var num = z.Get(z.A);
        if (a.Sign * b.Sign < 0) num = -num;
        z.Set(z.A, scale);
        Native.DivExact(z.A, z.A, z.G);            // scale / g2
        Native.Mul(z.B, z.B, z.A);
        return (num, z.Get(z.B));
    }

    /// <summary>GNU MP's decimal text of x whatever its size (tests).</summary>
    internal static string GmpDecimal(BigInteger x)
    {
        var z = Mpz.ForThread();
        z.Set(z.A, x);
        var digits = z.Text(z.A);
        return x.Sign < 0 ? "-" + digits : digits;
    }

    private static bool TryLoad()
    {
        if (Environment.GetEnvironmentVariable("VERIFIER_NO_GMP") is "1" or "true") return false;
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            // a known case with several limbs: gcd(6 * 2^200 * 3^50, 15 * 2^180 * 3^40) = 3 * 2^181 * 3^40
            var x = 6 * BigInteger.Pow(2, 200) * BigInteger.Pow(3, 50);
            var y = 15 * BigInteger.Pow(2, 180) * BigInteger.Pow(3, 40);
            return GmpGcd(x, y) == BigInteger.GreatestCommonDivisor(x, y) && GmpGcd(-y, x) == BigInteger.GreatestCommonDivisor(x, y)
                && GmpDecimal(-x) == (-x).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    // Three mpz_t values (16 bytes each on 64-bit Linux: int alloc, int size, limb pointer) in unmanaged memory, per thread;
    // never freed (a few per thread, for the process's life).
    private sealed class Mpz
    {
        [ThreadStatic] private static Mpz? _current;

        public readonly IntPtr A = Init(), B = Init(), G = Init();
        private ulong[] _buffer = new ulong[64];

        public static Mpz ForThread() => _current ??= new Mpz();

        private static IntPtr Init()
        {
            var z = Marshal.AllocHGlobal(32);
            Native.Init(z);
            return z;
        }

        public void Set(IntPtr z, BigInteger value)
        {
            var magnitude = BigInteger.Abs(value);
            int bytes = magnitude.GetByteCount(isUnsigned: true);
            int limbs = (bytes + 7) / 8;
            if (_buffer.Length < limbs) _buffer = new ulong[Math.Max(limbs, 2 * _buffer.Length)];
            var span = MemoryMarshal.AsBytes(_buffer.AsSpan(0, limbs));
            span.Clear();
            magnitude.TryWriteBytes(span, out _, isUnsigned: true, isBigEndian: false);
            Native.Import(z, (nuint)limbs, -1, 8, 0, 0, _buffer);
        }

        private byte[] _text = new byte[256];

        // the magnitude in decimal (z is non-negative here)
        public string Text(IntPtr z)
        {
            int size = (int)Native.SizeInBase(z, 10) + 2;
            if (_text.Length < size) _text = new byte[Math.Max(size, 2 * _text.Length)];
            Native.GetString(_text, 10, z);
            int length = Array.IndexOf(_text, (byte)0);
            return System.Text.Encoding.ASCII.GetString(_text, 0, length);
        }

        public BigInteger Get(IntPtr z)
        {
            int limbs = (int)((Native.SizeInBase(z, 2) + 63) / 64) + 1;
            if (_buffer.Length < limbs) _buffer = new ulong[Math.Max(limbs, 2 * _buffer.Length)];
            Array.Clear(_buffer, 0, limbs);
            Native.Export(_buffer, out nuint count, -1, 8, 0, 0, z);
            return new BigInteger(MemoryMarshal.AsBytes(_buffer.AsSpan(0, (int)count)), isUnsigned: true, isBigEndian: false);
        }
    }

    private static class Native
    {
        private const string Library = "libgmp.so.10";

        [DllImport(Library, EntryPoint = "__gmpz_init")]
        public static extern void Init(IntPtr z);

        [DllImport(Library, EntryPoint = "__gmpz_import")]
        public static extern void Import(IntPtr z, nuint count, int order, nuint size, int endian, nuint nails, ulong[] data);

        [DllImport(Library, EntryPoint = "__gmpz_export")]
        public static extern IntPtr Export(ulong[] data, out nuint count, int order, nuint size, int endian, nuint nails, IntPtr z);

        [DllImport(Library, EntryPoint = "__gmpz_gcd")]
        public static extern void Gcd(IntPtr g, IntPtr a, IntPtr b);

        [DllImport(Library, EntryPoint = "__gmpz_mul")]
        public static extern void Mul(IntPtr r, IntPtr a, IntPtr b);

        [DllImport(Library, EntryPoint = "__gmpz_divexact")]
        public static extern void DivExact(IntPtr q, IntPtr n, IntPtr d);

        [DllImport(Library, EntryPoint = "__gmpz_divisible_p")]
        public static extern int DivisibleP(IntPtr n, IntPtr d);

        [DllImport(Library, EntryPoint = "__gmpz_get_str")]
        public static extern IntPtr GetString(byte[] text, int b, IntPtr z);

        [DllImport(Library, EntryPoint = "__gmpz_sizeinbase")]
        public static extern nuint SizeInBase(IntPtr z, int b);
    }
}
