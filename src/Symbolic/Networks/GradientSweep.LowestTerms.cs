using System.Numerics;
using System.Runtime.CompilerServices;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

internal sealed partial class GradientSweep<TInt>
{
    /// <summary>
    /// Lowest terms of the attributions of an MLP-like network from the breakpoints' structure, instead of one greatest
    /// common divisor of numbers of the size of the common denominator per input.
    /// </summary>
    /// <remarks>
    /// <para>The case: the sums are kept over one denominator D = lcm of the breakpoints' Q_k at the outputs of one dense layer
    /// that reads the input (an MLP's first layer). Input j's attribution is N_j / (D s) with s the input and backward
    /// scale, and N_j = sum_k -P_k (D / Q_k) Delta_kj + D c_j, where Delta_kj = dx_j f (W^T delta_k)_j is the change of input
    /// j's gradient numerator at breakpoint k (delta_k the change at the layer's outputs, f the layer's multiplier).</para>
    /// <para>Each Q_k splits into a part s_k of primes below 2^16 and a rough part R_k. When the rough parts are pairwise
    /// coprime (D = lcm(s_k) prod R_k, checked), every prime of R_k divides Q_k and no other Q, so modulo R_k every term but
    /// the k-th vanishes and its factor P_k D / Q_k is a unit: gcd(N_j, R_k) = gcd(Delta_kj, R_k), a gcd of small numbers,
    /// and usually settled for all j at once (R_k prime to dx's product, to f, to the one changed weight column's product).
    /// The small part is gcd(N_j mod lcm(s_k), lcm(s_k)). The rough parts are coprime to the small part, so
    /// gcd(N_j, D) is the product; the scale s is small and taken last (gcd(a, b s) = gcd(a, s) when gcd(a, b) = 1).</para>
    /// <para>Where the case or the coprimality does not hold, null: the caller takes the plain gcds. With
    /// <see cref="LowestTerms.Check"/> set (tests), every result is compared with the plain reduction.</para>
    /// </remarks>
    internal static class LowestTerms
    {
        /// <summary>Compare every structural result with the plain gcd (tests; also <c>VERIFIER_CHECK_LOWEST_TERMS=1</c>).</summary>
        public static volatile bool Check;

        /// <summary>Reduce in .NET even where GNU MP is there (tests: the fallback gives the same lowest terms).</summary>
        public static volatile bool WithoutGmp;

        /// <summary>How many attributions were reduced structurally (tests: that the path ran).</summary>
        public static long Count;

        /// <summary>Rough parts settled for every input at once (one changed output), by input (tests: coverage).</summary>
        public static long AtOnce, PerInput;

        /// <summary>Inputs whose numerator shares a factor with a rough part (tests: coverage).</summary>
        public static long Shared;

        private const int SmallPrimeBound = 1 << 16;
        private static readonly Lazy<BigInteger> SmallPrimes = new(Primorial);
        private static readonly ConditionalWeakTable<IntegerAffine<TInt>, BigInteger[]> ColumnProducts = new();

        public static Rational[]? Structural(GradientSweep<TInt> sweep, BigInteger[] atInput, BigInteger scale, BigInteger common)
        {
            // one dense prefix node reading the input only, whose outputs are the only accumulated value
            int node = -1;
            for (int i = 0; i < sweep._nodes.Length; i++)
                if (sweep._prefix[i]) { if (node >= 0) return null; node = i; }
            if (node < 0 || sweep._nodes[node] is not IntegerAffine<TInt> layer || layer.Sources is not [-1]) return null;
            for (int v = 0; v < sweep._accumulated.Length; v++)
                if (sweep._accumulated[v] != (v == node + 1)) return null;
            if (sweep._multipliers[node] is not [var multiplier]) return null;
            var events = sweep._events;
            var den = sweep._den;
            if (events.Count == 0 || events.Any(e => e.Q.IsZero)) return null;

            // Q_k = s_k R_k; D = lcm(s_k) prod R_k exactly when the rough parts are pairwise coprime
            var primorial = SmallPrimes.Value;
            var rough = new BigInteger[events.Count];
            var small = BigInteger.One;
            var roughProduct = BigInteger.One;
            for (int k = 0; k < events.Count; k++)
            {
                var q = events[k].Q;
                var g = BigGcd.OfUnbalanced(q, primorial);
                var s = BigInteger.One;
                var r = q;
                while (!g.IsOne)
                {
                    var part = BigInteger.GreatestCommonDivisor(r, g);
                    if (part.IsOne) break;
                    r /= part;
                    s *= part;
                }
                rough[k] = r;
                small = small / BigInteger.GreatestCommonDivisor(small, s) * s;
                roughProduct *= r;
            }
            if (small * roughProduct != den) return null;

            int n = sweep._inputWidth;
            var dx = sweep._line.InputBeta;
            var f = BigInteger.CreateChecked(multiplier);
            if (layer.LongValues is not var (weights, weightBits)) return null;
            // product of the nonzero |dx_j| (R_k prime to it settles the dx factor of every Delta_kj at once)
            var dxProduct = Product(dx.Where(d => !d.IsZero).Select(BigInteger.Abs).ToArray());
            var columns = ColumnProducts.GetValue(layer, l => new BigInteger[l.OutputWidth]);

            // the inputs j with gcd(Delta_kj, R_k) = g != 1 for rough part r of breakpoint e, and whether one product settled them
            (List<(int, BigInteger)>? Found, bool AtOnce) Settle(BigInteger r, SharedSums.Event e)
            {
                bool coprime = BigInteger.GreatestCommonDivisor(r, f).IsOne && BigGcd.OfUnbalanced(r, dxProduct).IsOne;
                List<(int, BigInteger)>? found = null;
                if (coprime && e.Entries.Length == 1)
                {
                    // one output o changed by d: Delta_kj = dx_j f W[o, j] d
                    int o = e.Entries[0];
                    var column = ColumnProduct(columns, layer, weights, o);
                    if (BigInteger.GreatestCommonDivisor(r, e.Deltas[0]).IsOne && BigGcd.OfUnbalanced(r, column).IsOne)
                    {
                        // only inputs whose weight from o is 0 (Delta_kj = 0: R_k divides N_j whole)
                        var seen = new bool[n];
                        for (int at = layer.RowStarts[o]; at < layer.RowStarts[o + 1]; at++) if (weights[at] != 0) seen[layer.Columns[at]] = true;
                        for (int j = 0; j < n; j++) if (!seen[j] && !dx[j].IsZero) (found ??= []).Add((j, r));
                        return (found, true);
                    }
                }
                // general: Delta_kj for every j, and its gcd with R_k; in 128-bit arithmetic when the sums fit and R_k < 2^126
                var sums = Sums(layer, weights, weightBits, e, n);
                if (coprime && r.GetBitLength() < 126 && sums is var (high, low))
                {
                    var modulus = (UInt128)r;
                    // R_k is odd (2 is a small prime): the product of every residue by Montgomery multiplication carries
                    // a power of 2^128, a unit mod R_k, so one gcd of it says whether any input shares a factor with R_k
                    var inverse = NegatedInverse(modulus);
                    UInt128 product = 1;
                    for (int j = 0; j < n && product != 0; j++)
                        if (!dx[j].IsZero) product = MontgomeryProduct(product, Mod(high[j], low[j], modulus), modulus, inverse);
                    if (product == 0 || Gcd(product, modulus) != 1)
                        for (int j = 0; j < n; j++)
                        {
                            if (dx[j].IsZero) continue;
                            var g = Gcd(Mod(high[j], low[j], modulus), modulus);
                            if (g != 1) (found ??= []).Add((j, (BigInteger)g));
                        }
                    return (found, false);
                }
                var y = Changes(layer, weights, e, n, sums);
                for (int j = 0; j < n; j++)
                {
                    if (dx[j].IsZero) continue;
                    var delta = coprime ? y[j] : y[j] * dx[j] * f;
                    var g = BigInteger.GreatestCommonDivisor(BigInteger.Abs(delta) % r, r);
                    if (!g.IsOne) (found ??= []).Add((j, g));
                }
                return (found, false);
            }

            // per rough part, the inputs whose gcd with it is not 1 (usually none), in parallel over the breakpoints
            var factors = new List<(int J, BigInteger G)>?[events.Count];
            Parallel.For(0, events.Count, k =>
            {
                if (rough[k].IsOne) return;
                var (found, atOnce) = Settle(rough[k], events[k]);
                factors[k] = found;
                Interlocked.Increment(ref atOnce ? ref AtOnce : ref PerInput);
                if (found is not null) Interlocked.Add(ref Shared, found.Count);
            });
            var h = new BigInteger[n];
            Array.Fill(h, BigInteger.One);
            foreach (var list in factors)
                if (list is not null)
                    foreach (var (j, g) in list) h[j] *= g;

            bool check = Check || Environment.GetEnvironmentVariable("VERIFIER_CHECK_LOWEST_TERMS") == "1";
            var result = new Rational[n];
            Parallel.For(0, n, j =>
            {
                if (atInput[j].IsZero || dx[j].IsZero) { result[j] = Rational.Zero; return; }
                // g = h_j gcd(N_j dx_j, small) divides numerator and D; then the scale's share; in GNU MP when it is there
                var (num, d) = (WithoutGmp ? null : BigGcd.ReduceWithKnownFactors(atInput[j], dx[j], h[j], small, den, scale)) ?? Reduce(atInput[j] * dx[j], h[j], small, den, scale, j);
                result[j] = Rational.FromLowestTerms(num, d);
                if (check && result[j] != new Rational(atInput[j] * dx[j], common))
                    throw new InvalidOperationException($"lowest terms: structural {result[j]} differs from {new Rational(atInput[j] * dx[j], common)} at input {j}");
            });
            Interlocked.Add(ref Count, n);
            return result;
        }

        // num / (den scale) in lowest terms in .NET, when every common prime of num and den divides known or small
        private static (BigInteger, BigInteger) Reduce(BigInteger num, BigInteger known, BigInteger small, BigInteger den, BigInteger scale, int j)
        {
            var g = known * (small.IsOne ? BigInteger.One : BigGcd.OfUnbalanced(num, small));
            var reduced = BigInteger.DivRem(num, g, out var rest);
            if (!rest.IsZero) throw new InvalidOperationException($"lowest terms: the divisor found for input {j} does not divide its numerator");
            var g2 = scale.IsOne ? BigInteger.One : BigGcd.OfUnbalanced(reduced, scale);
            return (reduced / g2, den / g * (scale / g2));
        }

        // y_j = high_j 2^64 + low_j = sum over the changed outputs o of W[o, j] delta_o, in 128-bit integers (null when they
        // may not fit): delta = hi 2^63 + lo with both halves in a long, so each product is one signed 64 x 64 -> 128-bit
        // multiplication, summed as y = H 2^63 + L and put in the 2^64 form once per input at the end
        private static (Int128[] High, Int128[] Low)? Sums(IntegerAffine<TInt> layer, long[] weights, int weightBits, SharedSums.Event e, int n)
        {
            long deltaBits = e.Deltas.Max(d => (long)d.GetBitLength());
            int terms = e.Entries.Length;
            int sumBits = 64 - BitOperations.LeadingZeroCount((ulong)terms) + 1;
            if (!(deltaBits < 126 && weightBits + 63 + sumBits < 127 && weightBits + (deltaBits - 63) + sumBits < 127)) return null;
            var low = new Int128[n];
            var high = new Int128[n];
            for (int i = 0; i < terms; i++)
            {
                int o = e.Entries[i];
                var d = e.Deltas[i];
                var lo = (long)(d & long.MaxValue); // in [0, 2^63)
                var hi = (long)(d >> 63);           // floor(d / 2^63)
                int end = layer.RowStarts[o + 1];
                if (hi == 0)
                    for (int at = layer.RowStarts[o]; at < end; at++) low[layer.Columns[at]] += Math.BigMul(weights[at], lo);
                else
                    for (int at = layer.RowStarts[o]; at < end; at++)
                    {
                        int j = layer.Columns[at];
                        low[j] += Math.BigMul(weights[at], lo);
                        high[j] += Math.BigMul(weights[at], hi);
                    }
            }
            for (int j = 0; j < n; j++)
            {
                // y = t 2^63 + l with l < 2^63; t = 2 (t >> 1) + (t & 1), so y = (t >> 1) 2^64 + ((t & 1) 2^63 + l)
                Int128 t = high[j] + (low[j] >> 63);
                ulong l = (ulong)low[j] & (ulong)long.MaxValue;
                high[j] = t >> 1;
                low[j] = (Int128)(((ulong)t & 1) << 63 | l);
            }
            return (high, low);
        }

        // |high 2^64 + low| mod m, for m < 2^126: the top 127 bits reduced by one 128-bit division, the rest bit by bit
        internal static UInt128 Mod(Int128 high, Int128 low, UInt128 m)
        {
            // y = H 2^64 + l with H = high + (low >> 64) and l the low 64 bits of low; then its magnitude
            Int128 h = high + (low >> 64);
            ulong l = (ulong)low;
            if (h < 0)
            {
                // -(h 2^64 + l) = (-h - 1) 2^64 + (2^64 - l), or (-h) 2^64 when l = 0
                if (l == 0) h = -h;
                else { h = -h - 1; l = 0UL - l; }
            }
            var top = (UInt128)h; // |y| = top 2^64 + l, top < 2^126 here
            int topBits = 128 - (int)UInt128.LeadingZeroCount(top);
            if (topBits <= 63)
            {
                var y = (top << 64) | l;
                return y % m;
            }
            // the leading 127 bits, then the remaining bits of l one at a time (rem < m < 2^126, so 2 rem + 1 < 2^128)
            int rest = topBits - 63; // bits of l below the leading 127
            var lead = (top << (64 - rest)) | (rest == 64 ? 0 : (UInt128)(l >> rest));
            var rem = lead % m;
            for (int i = rest - 1; i >= 0; i--)
            {
                rem = (rem << 1) | (UInt128)((l >> i) & 1);
                if (rem >= m) rem -= m;
            }
            return rem;
        }

        // a b 2^-128 mod m, for a, b < m < 2^126 with m odd and inverse = -m^-1 mod 2^128 (Montgomery's reduction: t + (t inverse
        // mod 2^128) m is a multiple of 2^128, and the quotient is below 2m)
        internal static UInt128 MontgomeryProduct(UInt128 a, UInt128 b, UInt128 m, UInt128 inverse)
        {
            var (tHigh, tLow) = Multiply(a, b);
            var q = unchecked(tLow * inverse);
            var (qHigh, _) = Multiply(q, m);
            var u = tHigh + qHigh + (tLow != 0 ? 1UL : 0UL);
            return u >= m ? u - m : u;
        }

        // -m^-1 mod 2^128 for odd m (Newton's iteration doubles the correct low bits: 3, 6, ..., 192)
        internal static UInt128 NegatedInverse(UInt128 m)
        {
            UInt128 x = m;
            for (int i = 0; i < 6; i++) x = unchecked(x * (2 - m * x));
            return unchecked(0 - x);
        }

        // the 256-bit product of two 128-bit numbers, as (high, low)
        private static (UInt128 High, UInt128 Low) Multiply(UInt128 a, UInt128 b)
        {
            ulong a0 = (ulong)a, a1 = (ulong)(a >> 64), b0 = (ulong)b, b1 = (ulong)(b >> 64);
            ulong p00h = Math.BigMul(a0, b0, out ulong p00l);
            ulong p01h = Math.BigMul(a0, b1, out ulong p01l);
            ulong p10h = Math.BigMul(a1, b0, out ulong p10l);
            ulong p11h = Math.BigMul(a1, b1, out ulong p11l);
            // middle column: p00h + p01l + p10l, carries into the high part
            UInt128 middle = (UInt128)p00h + p01l + p10l;
            var low = ((UInt128)(ulong)middle << 64) | p00l;
            var high = ((UInt128)p11h << 64) + p11l + p01h + p10h + (middle >> 64);
            return (high, low);
        }

        // binary gcd (Stein) of 128-bit numbers, b > 0; on 64-bit integers once both fit (the 128-bit steps cost several times more)
        internal static UInt128 Gcd(UInt128 a, UInt128 b)
        {
            if (a == 0) return b;
            int shift = (int)UInt128.TrailingZeroCount(a | b);
            a >>= (int)UInt128.TrailingZeroCount(a);
            do
            {
                b >>= (int)UInt128.TrailingZeroCount(b);
                if (a > b) (a, b) = (b, a);
                if (b <= ulong.MaxValue) return (UInt128)Gcd64((ulong)a, (ulong)b) << shift;
                b -= a;
            }
            while (b != 0);
            return a << shift;
        }

        // binary gcd of odd a and b > 0
        private static ulong Gcd64(ulong a, ulong b)
        {
            while (true)
            {
                if (a > b) (a, b) = (b, a);
                b -= a;
                if (b == 0) return a;
                b >>= BitOperations.TrailingZeroCount(b);
            }
        }

        // y_j = sum over the changed outputs o of W[o, j] delta_o, for every input j, as big integers: from the 128-bit sums when
        // they were taken, else summed in BigInteger
        private static BigInteger[] Changes(IntegerAffine<TInt> layer, long[] weights, SharedSums.Event e, int n, (Int128[] High, Int128[] Low)? sums)
        {
            var y = new BigInteger[n];
            if (sums is var (high, low))
            {
                for (int j = 0; j < n; j++) y[j] = ((BigInteger)high[j] << 64) + (BigInteger)low[j];
                return y;
            }
            for (int i = 0; i < e.Entries.Length; i++)
            {
                int o = e.Entries[i];
                var d = e.Deltas[i];
                for (int at = layer.RowStarts[o]; at < layer.RowStarts[o + 1]; at++)
                    if (weights[at] != 0) y[layer.Columns[at]] += weights[at] * d;
            }
            return y;
        }

        // the product of the nonzero |W[o, j]| over j (cached per layer and output; BigInteger is a two-field struct, so the
        // cache is read and written under its lock)
        private static BigInteger ColumnProduct(BigInteger[] cache, IntegerAffine<TInt> layer, long[] weights, int o)
        {
            lock (cache)
                if (!cache[o].IsZero) return cache[o];
            var values = new List<BigInteger>();
            for (int at = layer.RowStarts[o]; at < layer.RowStarts[o + 1]; at++)
                if (weights[at] != 0) values.Add(BigInteger.Abs(weights[at]));
            var p = Product([.. values]);
            lock (cache) cache[o] = p;
            return p;
        }

        // balanced product (1 for none)
        private static BigInteger Product(BigInteger[] values)
        {
            if (values.Length == 0) return BigInteger.One;
            var level = values;
            while (level.Length > 1)
            {
                var next = new BigInteger[(level.Length + 1) / 2];
                for (int i = 0; i < next.Length; i++) next[i] = 2 * i + 1 < level.Length ? level[2 * i] * level[2 * i + 1] : level[2 * i];
                level = next;
            }
            return level[0];
        }

        // the product of every prime below 2^16
        private static BigInteger Primorial()
        {
            var composite = new bool[SmallPrimeBound];
            var primes = new List<BigInteger>();
            for (int p = 2; p < SmallPrimeBound; p++)
            {
                if (composite[p]) continue;
                primes.Add(p);
                for (long m = (long)p * p; m < SmallPrimeBound; m += p) composite[m] = true;
            }
            return Product([.. primes]);
        }
    }
}
