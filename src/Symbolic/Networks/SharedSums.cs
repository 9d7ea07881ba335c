using System.Numerics;
using System.Runtime.InteropServices;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// The gradient sweep's sums over one shared denominator, replayed per entry once the breakpoints are known: at breakpoint k
/// every sum is multiplied by <c>Grow_k</c> (the new factor of the common denominator) and the entries that change there
/// lose <c>Scaled_k delta</c>; <c>S = (((-Scaled_1 d_1) Grow_2 - Scaled_2 d_2) Grow_3 - ...)</c>.
/// </summary>
/// <remarks>
/// Applying the breakpoints as they come rescales every entry at every breakpoint, each rescale a new big integer (the
/// MNIST MLP's 256 sums grow to 14,000 bits over 187 breakpoints: a fifth of its exact IG time went to that). Here each
/// entry is replayed on its own, in parallel, in place on 64-bit limbs in two's complement: modulo 2^(64 u_k) with u_k limbs
/// enough for any sum at breakpoint k (<see cref="Event.Bits"/>), so multiplications and subtractions need no sign
/// handling and allocate nothing, and an entry costs nothing before its first change.
/// </remarks>
internal static class SharedSums
{
    /// <summary>
    /// One breakpoint t = P / Q (lowest terms; <paramref name="Q"/> kept for the lowest terms of the result): the factor
    /// every sum is multiplied by (1 when the denominator does not grow), what a change of 1 is scaled by, the entries that
    /// change and by how much, and a bound on the bits of any sum after it.
    /// </summary>
    public sealed record Event(BigInteger Grow, BigInteger Scaled, int[] Entries, BigInteger[] Deltas, long Bits, BigInteger Q = default);

    /// <summary>The sums of <paramref name="entries"/> entries after every event (0 for an entry no event changes).</summary>
    public static BigInteger[] Replay(IReadOnlyList<Event> events, int entries)
    {
        int n = events.Count;
        // per entry, the events that change it, in order (compressed rows)
        var starts = new int[entries + 1];
        foreach (var e in events) foreach (int j in e.Entries) starts[j + 1]++;
        for (int j = 0; j < entries; j++) starts[j + 1] += starts[j];
        var fill = (int[])starts.Clone();
        var at = new int[starts[^1]];
        var delta = new ulong[starts[^1]][];
        var negative = new bool[starts[^1]];
        for (int k = 0; k < n; k++)
        {
            var e = events[k];
            for (int i = 0; i < e.Entries.Length; i++)
            {
                int slot = fill[e.Entries[i]]++;
                at[slot] = k;
                delta[slot] = LimbSums.Limbs(e.Deltas[i]);
                negative[slot] = e.Deltas[i].Sign < 0;
            }
        }
        var grow = new ulong[n][];
        var scaled = new ulong[n][];
        var width = new int[n];
        for (int k = 0; k < n; k++)
        {
            grow[k] = events[k].Grow.IsOne ? [] : LimbSums.Limbs(events[k].Grow);
            scaled[k] = LimbSums.Limbs(events[k].Scaled);
            width[k] = (int)(events[k].Bits / 64) + 2; // one limb more than the magnitude needs: the sign
            if (k > 0) width[k] = Math.Max(width[k], width[k - 1]);
        }
        int limbs = n == 0 ? 1 : width[^1];
        var sums = new BigInteger[entries];
        Parallel.For(0, entries, () => (new ulong[limbs], new ulong[limbs]), (j, _, buffers) =>
        {
            var (s, t) = buffers;
            int first = starts[j], last = starts[j + 1];
            if (first == last) { sums[j] = BigInteger.Zero; return buffers; }
            Array.Clear(s);
            int u = 0;
            for (int k = at[first], next = first; k < n; k++)
            {
                // widen (sign extension), then rescale, then this breakpoint's change
                ulong extend = u > 0 && (long)s[u - 1] < 0 ? ulong.MaxValue : 0UL;
                for (; u < width[k]; u++) s[u] = extend;
                if (grow[k].Length > 0 && next > first)
                {
                    MultiplyTruncated(s, grow[k], t, u);
                    (s, t) = (t, s);
                }
                if (next < last && at[next] == k)
                {
                    // S -= Scaled d: subtract |Scaled d| when d > 0, add it when d < 0
                    AddProduct(s, u, scaled[k], delta[next], subtract: !negative[next]);
                    next++;
                }
            }
            sums[j] = new BigInteger(MemoryMarshal.AsBytes(s.AsSpan(0, u)), isUnsigned: false, isBigEndian: false);
            return (s, t);
        }, _ => { });
        return sums;
    }

    // t = (s g) mod 2^(64 u), s in two's complement over u limbs, g > 0 (the result is the two's complement product)
    private static void MultiplyTruncated(ulong[] s, ulong[] g, ulong[] t, int u)
    {
        Array.Clear(t, 0, u);
        for (int b = 0; b < g.Length && b < u; b++)
        {
            ulong gb = g[b];
            if (gb == 0) continue;
            ulong carry = 0;
            for (int i = 0; i + b < u; i++)
            {
                ulong high = Math.BigMul(s[i], gb, out ulong low);
                low += carry;
                high += low < carry ? 1UL : 0UL;
                ulong sum = t[i + b] + low;
                high += sum < low ? 1UL : 0UL;
                t[i + b] = sum;
                carry = high;
            }
        }
    }

    // s = s -+ (a d) mod 2^(64 u), a and d magnitudes
    private static void AddProduct(ulong[] s, int u, ulong[] a, ulong[] d, bool subtract)
    {
        for (int b = 0; b < d.Length && b < u; b++)
        {
            ulong db = d[b];
            if (db == 0) continue;
            ulong carry = 0; // of the product row
            ulong flow = 0;  // of the addition or the subtraction (0 or 1)
            int i = b;
            for (int k = 0; k < a.Length && i < u; k++, i++)
            {
                ulong high = Math.BigMul(a[k], db, out ulong low);
                low += carry;
                high += low < carry ? 1UL : 0UL;
                carry = high;
                Apply(ref s[i], low, ref flow, subtract);
            }
            // the row's top limb, then the carry or borrow as far as it goes
            if (i < u) { Apply(ref s[i], carry, ref flow, subtract); i++; }
            for (; flow != 0 && i < u; i++) Apply(ref s[i], 0, ref flow, subtract);
        }
    }

    private static void Apply(ref ulong limb, ulong value, ref ulong flow, bool subtract)
    {
        if (subtract)
        {
            ulong r = limb - value;
            ulong borrow = limb < value ? 1UL : 0UL;
            ulong r2 = r - flow;
            borrow += r < flow ? 1UL : 0UL;
            limb = r2;
            flow = borrow;
        }
        else
        {
            ulong r = limb + value;
            ulong c = r < value ? 1UL : 0UL;
            ulong r2 = r + flow;
            c += r2 < flow ? 1UL : 0UL;
            limb = r2;
            flow = c;
        }
    }
}
