using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// A^T y, exactly, for an integer matrix A of tens of bits per entry (a dense layer's weights in integer form) and a vector
/// y of large integers (the gradient sweep's sums over one common denominator: thousands of bits each), as one matrix
/// product of 32-bit pieces with SIMD multiply-adds (AVX-512 or AVX2 <c>vpmuludq</c>: 32 x 32 -> 64 bits per lane).
/// </summary>
/// <remarks>
/// <para>Each y_o is cut into 32-bit pieces h_(o,p) of its two's complement modulo 2^(32 H), H pieces being enough for every
/// result. The weights are made non-negative by an offset, u_(o,j) = A_(o,j) + K with K = 2^b, |A| &lt; 2^b, so that
/// (A^T y)_j = sum_o u_(o,j) y_o - K sum_o y_o, the second sum common to every j; each u is cut into chunks of
/// c = 32 - ceil(log2 R) bits (R rows), so that a sum over all R rows of chunk times piece stays below 2^64. Then for
/// every input j, chunk k and piece p the sum over o of u_(o,j,k) h_(o,p) is one 64-bit lane: a product of the matrix of
/// chunks ((input, chunk) by row) and the matrix of pieces (row by piece), computed in register tiles of 8 (input, chunk)
/// rows by 16 pieces. The lanes are then carried into 32-bit pieces, the offset's sum subtracted, and the two's complement
/// read back, all modulo 2^(32 H): the result is exact because it fits.</para>
/// <para>Against the per-product loop (<see cref="LimbSums"/>: one 64 x 64-bit product and two carries per weight and limb),
/// this does 8 or 16 products per instruction with no carries inside the sum. Without AVX2 the caller keeps that loop.</para>
/// </remarks>
internal static class DenseTranspose
{
    /// <summary>Which SIMD width to use: the widest the processor has, unless a test asks for a narrower one.</summary>
    internal enum Width { Auto, Avx512, Avx2, None }

    /// <summary>For tests: force a width (None: the caller's scalar path).</summary>
    internal static Width Force { get; set; } = Width.Auto;

    private const int Rows = 8;     // (input, chunk) rows per register tile
    private const int Lanes = 16;   // pieces per register tile

    private static Width Chosen() => Force switch
    {
        Width.Auto => Avx512F.IsSupported ? Width.Avx512 : Avx2.IsSupported ? Width.Avx2 : Width.None,
        Width.Avx512 when !Avx512F.IsSupported => throw new PlatformNotSupportedException("AVX-512 forced on a processor without it"),
        Width.Avx2 when !Avx2.IsSupported => throw new PlatformNotSupportedException("AVX2 forced on a processor without it"),
        var w => w,
    };

    // The chunked, offset weights of one matrix, laid out for the register tiles: per block of inputs, per row o, the 8
    // (input, chunk) values (zero where a block has fewer). Cached per matrix: they depend on the weights only.
    private sealed record Prepared(int WeightBits, int ChunkBits, int Chunks, int InputsPerBlock, int Blocks, ulong[] U);

    private static readonly ConditionalWeakTable<object, Prepared> Cache = new();

    /// <summary>
    /// (A^T y)_j for j &lt; <paramref name="columns"/>, A given by compressed columns (<paramref name="columnStarts"/>,
    /// <paramref name="rows"/>, <paramref name="values"/>) with <paramref name="height"/> rows; null when the weights are
    /// too wide for the chunking (over 8 chunks), the matrix is less than half full (the dense tiles would mostly multiply
    /// zeros) or no SIMD is available. <paramref name="key"/> identifies the matrix for
    /// the cache of its prepared weights.
    /// </summary>
    public static BigInteger[]? Multiply<TInt>(object key, int height, int columns, int[] columnStarts, int[] rows, TInt[] values,
        BigInteger[] y) where TInt : IBinaryInteger<TInt>
    {
        var width = Chosen();
        if (width == Width.None || height == 0 || 2L * values.Length < (long)height * columns) return null;
        var prepared = Cache.GetValue(key, _ => Prepare(height, columns, columnStarts, rows, values));
        if (prepared.Chunks > Rows) return null;
        long bits = 0;
        foreach (var v in y) bits = Math.Max(bits, (long)v.GetBitLength());
        // |result| < R 2^b 2^bits; one more bit for the sign, rounded up to whole tiles of 32-bit pieces
        long need = bits + prepared.WeightBits + Log2Ceiling(height) + 2;
        int pieces = (int)((need + 32 * Lanes - 1) / (32 * Lanes) * Lanes);
        int tiles = pieces / Lanes;
        // the pieces of every y_o, per tile, per row, 16 lanes
        // rented: 0.9 MB for an MNIST layer, which would otherwise be a new large-object-heap array per call
        var h = ArrayPool<ulong>.Shared.Rent(tiles * height * Lanes);
        Array.Clear(h, 0, tiles * height * Lanes);
        var bytes = new byte[pieces * 4];
        for (int o = 0; o < height; o++)
        {
            if (y[o].IsZero) continue;
            TwosComplement(y[o], bytes);
            var words = MemoryMarshal.Cast<byte, uint>(bytes);
            for (int p = 0; p < pieces; p++) h[((long)(p / Lanes) * height + o) * Lanes + p % Lanes] = words[p];
        }
        // - K sum_o y_o, modulo 2^(32 pieces)
        var total = BigInteger.Zero;
        foreach (var v in y) total += v;
        var offset = new uint[pieces];
        TwosComplement(-(total << prepared.WeightBits), MemoryMarshal.AsBytes(offset.AsSpan()));
        var result = new BigInteger[columns];
        Parallel.For(0, prepared.Blocks, () => new ulong[Rows * pieces], (block, _, acc) =>
        {
            var u = prepared.U.AsSpan(block * height * Rows, height * Rows);
            for (int t = 0; t < tiles; t++)
            {
                var hs = h.AsSpan(t * height * Lanes, height * Lanes);
                if (width == Width.Avx512) Tile512(u, hs, height, acc, pieces, t * Lanes);
                else Tile256(u, hs, height, acc, pieces, t * Lanes);
            }
            int first = block * prepared.InputsPerBlock;
            for (int k = 0; k < prepared.InputsPerBlock && first + k < columns; k++)
                result[first + k] = Carry(acc, k * prepared.Chunks, prepared.Chunks, prepared.ChunkBits, offset, pieces);
            return acc;
        }, _ => { });
        ArrayPool<ulong>.Shared.Return(h);
        return result;
    }

    private static Prepared Prepare<TInt>(int height, int columns, int[] columnStarts, int[] rows, TInt[] values)
        where TInt : IBinaryInteger<TInt>
    {
        int weightBits = 0;
        foreach (var v in values) weightBits = Math.Max(weightBits, (int)BigInteger.Abs(BigInteger.CreateChecked(v)).GetBitLength());
        int chunkBits = 32 - Log2Ceiling(height);
        int chunks = (weightBits + 1 + chunkBits - 1) / chunkBits;
        if (chunks > Rows) return new Prepared(weightBits, chunkBits, chunks, 0, 0, []);
        int perBlock = Rows / chunks;
        int blocks = (columns + perBlock - 1) / perBlock;
        var u = new ulong[(long)blocks * height * Rows];
        var offset = BigInteger.One << weightBits;
        ulong mask = (1UL << chunkBits) - 1;
        for (int j = 0; j < columns; j++)
        {
            int block = j / perBlock, first = j % perBlock * chunks;
            var column = new BigInteger[height];
            for (int k = columnStarts[j]; k < columnStarts[j + 1]; k++) column[rows[k]] = BigInteger.CreateChecked(values[k]);
            for (int o = 0; o < height; o++)
            {
                var shifted = column[o] + offset; // in [1, 2^(b+1))
                for (int c = 0; c < chunks; c++)
                    u[((long)block * height + o) * Rows + first + c] = (ulong)((shifted >> (c * chunkBits)) & mask);
            }
        }
        return new Prepared(weightBits, chunkBits, chunks, perBlock, blocks, u);
    }

    // 8 (input, chunk) rows times 16 pieces from p0, summed over every row o, into acc[row * pieces + p].
    private static void Tile512(Span<ulong> u, Span<ulong> h, int height, ulong[] acc, int pieces, int p0)
    {
        ref ulong ur = ref MemoryMarshal.GetReference(u);
        ref ulong hr = ref MemoryMarshal.GetReference(h);
        Vector512<ulong> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default, a3 = default, b3 = default;
        Vector512<ulong> a4 = default, b4 = default, a5 = default, b5 = default, a6 = default, b6 = default, a7 = default, b7 = default;
        for (int o = 0; o < height; o++)
        {
            var h0 = Vector512.LoadUnsafe(ref hr, (nuint)(o * Lanes)).AsUInt32();
            var h1 = Vector512.LoadUnsafe(ref hr, (nuint)(o * Lanes + 8)).AsUInt32();
            ref ulong w = ref Unsafe.Add(ref ur, o * Rows);
            var w0 = Vector512.Create(w).AsUInt32();
            a0 += Avx512F.Multiply(w0, h0); b0 += Avx512F.Multiply(w0, h1);
            var w1 = Vector512.Create(Unsafe.Add(ref w, 1)).AsUInt32();
            a1 += Avx512F.Multiply(w1, h0); b1 += Avx512F.Multiply(w1, h1);
            var w2 = Vector512.Create(Unsafe.Add(ref w, 2)).AsUInt32();
            a2 += Avx512F.Multiply(w2, h0); b2 += Avx512F.Multiply(w2, h1);
            var w3 = Vector512.Create(Unsafe.Add(ref w, 3)).AsUInt32();
            a3 += Avx512F.Multiply(w3, h0); b3 += Avx512F.Multiply(w3, h1);
            var w4 = Vector512.Create(Unsafe.Add(ref w, 4)).AsUInt32();
            a4 += Avx512F.Multiply(w4, h0); b4 += Avx512F.Multiply(w4, h1);
            var w5 = Vector512.Create(Unsafe.Add(ref w, 5)).AsUInt32();
            a5 += Avx512F.Multiply(w5, h0); b5 += Avx512F.Multiply(w5, h1);
            var w6 = Vector512.Create(Unsafe.Add(ref w, 6)).AsUInt32();
            a6 += Avx512F.Multiply(w6, h0); b6 += Avx512F.Multiply(w6, h1);
            var w7 = Vector512.Create(Unsafe.Add(ref w, 7)).AsUInt32();
            a7 += Avx512F.Multiply(w7, h0); b7 += Avx512F.Multiply(w7, h1);
        }
        ref ulong ar = ref MemoryMarshal.GetArrayDataReference(acc);
        a0.StoreUnsafe(ref ar, (nuint)(0 * pieces + p0)); b0.StoreUnsafe(ref ar, (nuint)(0 * pieces + p0 + 8));
        a1.StoreUnsafe(ref ar, (nuint)(1 * pieces + p0)); b1.StoreUnsafe(ref ar, (nuint)(1 * pieces + p0 + 8));
        a2.StoreUnsafe(ref ar, (nuint)(2 * pieces + p0)); b2.StoreUnsafe(ref ar, (nuint)(2 * pieces + p0 + 8));
        a3.StoreUnsafe(ref ar, (nuint)(3 * pieces + p0)); b3.StoreUnsafe(ref ar, (nuint)(3 * pieces + p0 + 8));
        a4.StoreUnsafe(ref ar, (nuint)(4 * pieces + p0)); b4.StoreUnsafe(ref ar, (nuint)(4 * pieces + p0 + 8));
        a5.StoreUnsafe(ref ar, (nuint)(5 * pieces + p0)); b5.StoreUnsafe(ref ar, (nuint)(5 * pieces + p0 + 8));
        a6.StoreUnsafe(ref ar, (nuint)(6 * pieces + p0)); b6.StoreUnsafe(ref ar, (nuint)(6 * pieces + p0 + 8));
        a7.StoreUnsafe(ref ar, (nuint)(7 * pieces + p0)); b7.StoreUnsafe(ref ar, (nuint)(7 * pieces + p0 + 8));
    }

    // The same tile with 256-bit vectors: two passes of 8 rows by 8 pieces.
    private static void Tile256(Span<ulong> u, Span<ulong> h, int height, ulong[] acc, int pieces, int p0)
    {
        ref ulong ur = ref MemoryMarshal.GetReference(u);
        ref ulong ar = ref MemoryMarshal.GetArrayDataReference(acc);
        for (int half = 0; half < Lanes; half += 8)
        {
            ref ulong hr = ref Unsafe.Add(ref MemoryMarshal.GetReference(h), half);
            Vector256<ulong> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default, a3 = default, b3 = default;
            Vector256<ulong> a4 = default, b4 = default, a5 = default, b5 = default, a6 = default, b6 = default, a7 = default, b7 = default;
            for (int o = 0; o < height; o++)
            {
                var h0 = Vector256.LoadUnsafe(ref hr, (nuint)(o * Lanes)).AsUInt32();
                var h1 = Vector256.LoadUnsafe(ref hr, (nuint)(o * Lanes + 4)).AsUInt32();
                ref ulong w = ref Unsafe.Add(ref ur, o * Rows);
                var w0 = Vector256.Create(w).AsUInt32();
                a0 += Avx2.Multiply(w0, h0); b0 += Avx2.Multiply(w0, h1);
                var w1 = Vector256.Create(Unsafe.Add(ref w, 1)).AsUInt32();
                a1 += Avx2.Multiply(w1, h0); b1 += Avx2.Multiply(w1, h1);
                var w2 = Vector256.Create(Unsafe.Add(ref w, 2)).AsUInt32();
                a2 += Avx2.Multiply(w2, h0); b2 += Avx2.Multiply(w2, h1);
                var w3 = Vector256.Create(Unsafe.Add(ref w, 3)).AsUInt32();
                a3 += Avx2.Multiply(w3, h0); b3 += Avx2.Multiply(w3, h1);
                var w4 = Vector256.Create(Unsafe.Add(ref w, 4)).AsUInt32();
                a4 += Avx2.Multiply(w4, h0); b4 += Avx2.Multiply(w4, h1);
                var w5 = Vector256.Create(Unsafe.Add(ref w, 5)).AsUInt32();
                a5 += Avx2.Multiply(w5, h0); b5 += Avx2.Multiply(w5, h1);
                var w6 = Vector256.Create(Unsafe.Add(ref w, 6)).AsUInt32();
                a6 += Avx2.Multiply(w6, h0); b6 += Avx2.Multiply(w6, h1);
                var w7 = Vector256.Create(Unsafe.Add(ref w, 7)).AsUInt32();
                a7 += Avx2.Multiply(w7, h0); b7 += Avx2.Multiply(w7, h1);
            }
            int p = p0 + half;
            a0.StoreUnsafe(ref ar, (nuint)(0 * pieces + p)); b0.StoreUnsafe(ref ar, (nuint)(0 * pieces + p + 4));
            a1.StoreUnsafe(ref ar, (nuint)(1 * pieces + p)); b1.StoreUnsafe(ref ar, (nuint)(1 * pieces + p + 4));
            a2.StoreUnsafe(ref ar, (nuint)(2 * pieces + p)); b2.StoreUnsafe(ref ar, (nuint)(2 * pieces + p + 4));
            a3.StoreUnsafe(ref ar, (nuint)(3 * pieces + p)); b3.StoreUnsafe(ref ar, (nuint)(3 * pieces + p + 4));
            a4.StoreUnsafe(ref ar, (nuint)(4 * pieces + p)); b4.StoreUnsafe(ref ar, (nuint)(4 * pieces + p + 4));
            a5.StoreUnsafe(ref ar, (nuint)(5 * pieces + p)); b5.StoreUnsafe(ref ar, (nuint)(5 * pieces + p + 4));
            a6.StoreUnsafe(ref ar, (nuint)(6 * pieces + p)); b6.StoreUnsafe(ref ar, (nuint)(6 * pieces + p + 4));
            a7.StoreUnsafe(ref ar, (nuint)(7 * pieces + p)); b7.StoreUnsafe(ref ar, (nuint)(7 * pieces + p + 4));
        }
    }

    // One input's result from its chunks' lanes (rows first .. first + chunks - 1 of acc): chunk c weighs 2^(c chunkBits);
    // carried into 32-bit pieces with the offset's pieces added, modulo 2^(32 pieces), read as two's complement. The carry
    // is a 128-bit number in two words (high, low): each lane adds below 2^96, so it stays below 2^100.
    private static BigInteger Carry(ulong[] acc, int first, int chunks, int chunkBits, uint[] offset, int pieces)
    {
        Span<int> at = stackalloc int[chunks];
        Span<int> shift = stackalloc int[chunks];
        for (int c = 0; c < chunks; c++) { at[c] = c * chunkBits / 32; shift[c] = c * chunkBits % 32; }
        var words = new uint[pieces];
        ulong low = 0, high = 0;
        for (int p = 0; p < pieces; p++)
        {
            ulong add = offset[p];
            low += add;
            high += low < add ? 1UL : 0UL;
            for (int c = 0; c < chunks; c++)
            {
                if (p < at[c]) continue;
                ulong lane = acc[(first + c) * pieces + p - at[c]];
                int s = shift[c];
                ulong partLow = lane << s, partHigh = s == 0 ? 0 : lane >> (64 - s);
                low += partLow;
                high += partHigh + (low < partLow ? 1UL : 0UL);
            }
            words[p] = (uint)low;
            low = (low >> 32) | (high << 32);
            high >>= 32;
        }
        return new BigInteger(MemoryMarshal.AsBytes(words.AsSpan()), isUnsigned: false, isBigEndian: false);
    }

    // x modulo 2^(8 |buffer|) as little-endian two's complement bytes (x must fit, sign included).
    private static void TwosComplement(BigInteger x, Span<byte> buffer)
    {
        if (!x.TryWriteBytes(buffer, out int written, isUnsigned: false, isBigEndian: false))
            throw new InvalidOperationException($"a {x.GetBitLength()}-bit value does not fit {buffer.Length * 8} bits");
        buffer[written..].Fill(x.Sign < 0 ? (byte)0xFF : (byte)0);
    }

    private static int Log2Ceiling(int n) => n <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(n - 1));
}
