using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

internal sealed partial class GradientSweep<TInt>
{
    // The accumulated values' changes at breakpoint t = P / Q: S_j -= t delta_j, and b_j += delta_j. At the input, each entry
    // keeps its own denominator D_j, the lcm of the Q of the breakpoints where it changed (with g = gcd(D_j, Q) and
    // D_j' = D_j Q / g, N_j / D_j - (P / Q) delta_j = (N_j (Q / g) - P (D_j / g) delta_j) / D_j'), so a breakpoint costs only
    // the entries it changes: an input pixel of a conv net changes at a few of its thousands of breakpoints, and its
    // attribution's denominator stays small. At a dense prefix's outputs (an MLP's first layer: most entries change at most
    // breakpoints, and the prefix map needs one denominator anyway) every sum is over _den, the lcm of every Q so far.
    private void Accumulate(int m)
    {
        checked
        {
            var q = _line.Q[m];
            var p = _line.P[m];
            if (_shared)
            {
                AccumulateShared(q, p);
                return;
            }
            bool any = false;
            for (int v = 0; v < _b.Length; v++)
            {
                if (!_accumulated[v] || _touched[v] is not { } touched || touched.Count == 0) continue;
                var delta = _delta[v]!;
                var b = _b[v]!;
                var sums = _sums[v]!;
                var dens = _dens[v]!;
                foreach (int j in touched)
                {
                    if (TInt.IsZero(delta[j])) continue;
                    any = true;
                    var d = BigInteger.CreateChecked(delta[j]);
                    var den = dens[j];
                    if (q.IsOne) sums[j] -= p * den * d;
                    else
                    {
                        var g = den.IsOne ? BigInteger.One : BigInteger.GreatestCommonDivisor(den, q);
                        var grow = g.IsOne ? q : q / g;
                        if (!p.IsZero) sums[j] = sums[j] * grow - p * (g.IsOne ? den : den / g) * d;
                        else sums[j] *= grow;
                        dens[j] = den * grow;
                    }
                    b[j] += delta[j];
                }
                foreach (int j in touched) { delta[j] = TInt.Zero; _seen[v]![j] = false; }
                touched.Clear();
            }
            if (any && !q.IsOne)
            {
                var g = BigInteger.GreatestCommonDivisor(_den, q);
                _den *= g.IsOne ? q : q / g;
            }
        }
    }

    // Over the one denominator _den: N / D - (P / Q) delta = (N (Q / g) - P (D / g) delta) / (D Q / g), g = gcd(D, Q). Only
    // recorded here (the factor Q / g, the scale P (D / g), the entries that change): SharedSums replays them per entry at
    // the end, in parallel and in place, instead of rescaling every sum at every breakpoint.
    private void AccumulateShared(BigInteger q, BigInteger p)
    {
        checked
        {
            bool any = false;
            BigInteger scaled = BigInteger.Zero, grow = BigInteger.One;
            var entries = new List<int>();
            var deltas = new List<BigInteger>();
            for (int v = 0; v < _b.Length; v++)
            {
                if (!_accumulated[v] || _touched[v] is not { } touched || touched.Count == 0) continue;
                var delta = _delta[v]!;
                var b = _b[v]!;
                foreach (int j in touched)
                {
                    if (TInt.IsZero(delta[j])) continue;
                    if (!any)
                    {
                        var g = q.IsOne ? BigInteger.One : BigInteger.GreatestCommonDivisor(_den, q);
                        scaled = p * (g.IsOne ? _den : _den / g);
                        grow = g.IsOne ? q : q / g;
                        if (!grow.IsOne) _den *= grow;
                        any = true;
                    }
                    if (!scaled.IsZero)
                    {
                        var d = BigInteger.CreateChecked(delta[j]);
                        entries.Add(_entryOffset[v] + j);
                        deltas.Add(d);
                        _deltaBits = Math.Max(_deltaBits, (long)d.GetBitLength());
                    }
                    b[j] += delta[j];
                }
                foreach (int j in touched) { delta[j] = TInt.Zero; _seen[v]![j] = false; }
                touched.Clear();
            }
            if (!any) return;
            // a sum after this breakpoint is D times minus a sum of t delta over the breakpoints so far (0 < t <= 1)
            long bits = (long)_den.GetBitLength() + _deltaBits + (long)Math.Ceiling(Math.Log2(_events.Count + 2)) + 1;
            _events.Add(new SharedSums.Event(grow, scaled, [.. entries], [.. deltas], bits, q));
        }
    }

    private readonly List<SharedSums.Event> _events = [];
    private long _deltaBits;

    // The shared sums, replayed from the recorded breakpoints, into _sums.
    private void ReplayShared()
    {
        var sums = SharedSums.Replay(_events, _entryOffset[^1]);
        for (int v = 0; v < _b.Length; v++)
            if (_accumulated[v] && _sums[v] is { } target) Array.Copy(sums, _entryOffset[v], target, 0, target.Length);
    }

    // A^T y for an affine node with small integer entries and a vector of large integers: as one SIMD matrix product on
    // 32-bit pieces when the matrix is dense (DenseTranspose), else each output from its column (compressed sparse
    // columns), summed in place on 64-bit limbs (LimbSums); the columns are independent and run in parallel.
    private static BigInteger[] Transpose(IntegerAffine<TInt> a, BigInteger[] y)
    {
        if (DenseTranspose.Multiply(a, a.OutputWidth, a.InputWidth, a.ColumnStarts, a.Rows, a.ColumnValues, y) is { } product) return product;
        long bits = 0, weightBits = 0;
        foreach (var v in y) bits = Math.Max(bits, (long)v.GetBitLength());
        var limbs = new ulong[y.Length][];
        for (int o = 0; o < y.Length; o++) limbs[o] = y[o].IsZero ? [] : LimbSums.Limbs(y[o]);
        var weights = new ulong[a.ColumnValues.Length][];
        var signs = new int[a.ColumnValues.Length];
        for (int k = 0; k < weights.Length; k++)
        {
            var w = BigInteger.CreateChecked(a.ColumnValues[k]);
            weights[k] = LimbSums.Limbs(w);
            signs[k] = w.Sign;
            weightBits = Math.Max(weightBits, (long)w.GetBitLength());
        }
        long width = bits + weightBits + (long)Math.Ceiling(Math.Log2(y.Length + 1)) + 2;
        var below = new BigInteger[a.InputWidth];
        Parallel.For(0, a.InputWidth, j =>
        {
            var sum = new LimbSums(width);
            for (int k = a.ColumnStarts[j]; k < a.ColumnStarts[j + 1]; k++)
            {
                int o = a.Rows[k];
                if (!y[o].IsZero) sum.Add(limbs[o], y[o].Sign, weights[k], signs[k]);
            }
            below[j] = sum.Result();
        });
        return below;
    }

    // The sums at t = 1 (plus b_last), mapped back through the affine prefix to the input, times (p1 - p0).
    private Rational[] Result()
    {
        var values = new BigInteger[]?[_b.Length];
        if (_shared) ReplayShared();
        for (int v = 0; v < _b.Length; v++)
        {
            if (!_accumulated[v] || _sums[v] is not { } sums) continue;
            var b = _b[v]!;
            var dens = _dens[v]!;
            for (int j = 0; j < sums.Length; j++)
            {
                if (!TInt.IsZero(b[j])) sums[j] += (_shared ? _den : dens[j]) * BigInteger.CreateChecked(b[j]);
            }
            values[v] = sums;
        }
        for (int i = _nodes.Length - 1; i >= 0; i--)
        {
            if (!_prefix[i] || values[i + 1] is not { } above || _multipliers[i] is not { } multipliers) continue;
            var below = Transpose((IntegerAffine<TInt>)_nodes[i], above);
            var a = (IntegerAffine<TInt>)_nodes[i];
            int offset = 0;
            for (int p = 0; p < a.Sources.Length; p++)
            {
                int v = a.Sources[p] + 1;
                int width = Width(v);
                var target = values[v] ??= new BigInteger[width];
                var f = BigInteger.CreateChecked(multipliers[p]);
                for (int j = 0; j < width; j++)
                    if (!below[offset + j].IsZero) target[j] += f.IsOne ? below[offset + j] : below[offset + j] * f;
                offset += width;
            }
        }
        var atInput = values[0] ?? new BigInteger[_inputWidth];
        var scale = _sigma[0] * _line.InputDen;
        var common = _den * scale;
        var inputDens = _dens[0];
        var result = new Rational[_inputWidth];
        if (_shared && LowestTerms.Structural(this, atInput, scale, common) is { } structural) return structural;
        // each attribution in lowest terms: a gcd of numbers of up to thousands of bits each, independent, in parallel
        Parallel.For(0, result.Length, j =>
        {
            var dx = _line.InputBeta[j];
            result[j] = atInput[j].IsZero || dx.IsZero ? Rational.Zero
                : new Rational(atInput[j] * dx, _shared || inputDens is null ? common : inputDens[j] * scale);
        });
        return result;
    }
}
