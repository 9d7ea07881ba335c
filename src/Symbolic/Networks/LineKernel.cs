using System.Numerics;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// The ExactLine algorithm (Sotoudeh and Thakur 2019) in exact integer arithmetic of type
/// <typeparamref name="TInt"/>: every vector is kept as integer numerators over one positive common
/// denominator, so no greatest common divisor is taken per entry. All arithmetic is checked; on overflow the
/// caller retries with a wider type (long, then Int128, then BigInteger, which cannot overflow).
/// </summary>
/// <remarks>
/// Invariant after each layer: the layer's output is affine in t between consecutive points. A dense layer
/// keeps it. An activation is affine on a piece once every pre-activation stays weakly on one side of each of the
/// activation's kinks there, so the points where some pre-activation crosses a kink strictly are inserted first (the vector there is the linear
/// interpolation of its neighbours, exact because the pre-activation is affine between them). A max-pool is
/// affine on a piece once the argmax of every group is fixed, so the switch points of each group's upper
/// envelope are inserted first.
/// </remarks>
internal sealed class LineKernel<TInt> where TInt : IBinaryInteger<TInt>
{
    private sealed class Point(Rational t, TInt[] values, TInt denominator)
    {
        public Rational T = t;
        public TInt[] V = values;
        public TInt Den = denominator;
    }

    /// <summary>A position s = P/Q in (0, 1) between two neighbouring points, in lowest terms.</summary>
    private readonly record struct Cut(TInt P, TInt Q);

    private List<Point> _points = new(64);
    private List<Point> _next = new(64);
    private readonly List<Cut> _cuts = new(32);
    private TInt[] _alpha = new TInt[8];
    private TInt[] _sigma = new TInt[8];
    // The denominators of the current pair of neighbours divided by their gcd: a.Den = h _da, b.Den = h _db.
    private TInt _da = TInt.One, _db = TInt.One;
    private int _pair; // the index of the current pair of neighbours in _points

    private int _maxPoints = int.MaxValue;

    /// <summary>The breakpoints in t and the output entry <paramref name="output"/> at each.</summary>
    /// <exception cref="OverflowException"><typeparamref name="TInt"/> is too narrow for this segment.</exception>
    /// <exception cref="SymbolicLimitException">More than <paramref name="maxPieces"/> pieces.</exception>
    public static (Rational[] Breakpoints, Rational[] Values) Run(
        IntegerLayer<TInt>[] layers, int output, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1, int maxPieces)
    {
        var kernel = new LineKernel<TInt> { _maxPoints = maxPieces + 1 };
        kernel._points.Add(Start(Rational.Zero, p0));
        kernel._points.Add(Start(Rational.One, p1));
        foreach (var layer in layers) layer.Apply(kernel);
        var points = kernel._points;
        var breakpoints = new Rational[points.Count];
        var values = new Rational[points.Count];
        for (int j = 0; j < points.Count; j++)
        {
            breakpoints[j] = points[j].T;
            values[j] = new Rational(Big(points[j].V[output]), Big(points[j].Den));
        }
        return (breakpoints, values);
    }

    private static Point Start(Rational t, IReadOnlyList<Rational> x)
    {
        BigInteger lcm = BigInteger.One;
        for (int i = 0; i < x.Count; i++)
        {
            var d = x[i].Denominator;
            if (!d.IsOne) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, d) * d;
        }
        var v = new TInt[x.Count];
        for (int i = 0; i < v.Length; i++) v[i] = TInt.CreateChecked(x[i].Numerator * (lcm / x[i].Denominator));
        return new Point(t, v, TInt.CreateChecked(lcm));
    }

    /// <summary>A dense layer at every point (affine, so no split is needed).</summary>
    public void Dense(IntegerDense<TInt> layer)
    {
        foreach (var p in _points) Dense(layer, p);
    }

    /// <summary>A sparse layer at every point (affine, so no split is needed).</summary>
    public void Sparse(IntegerSparse<TInt> layer)
    {
        checked
        {
            foreach (var p in _points)
            {
                var v = p.V;
                var result = new TInt[layer.Bias.Length];
                for (int i = 0; i < result.Length; i++)
                {
                    TInt acc = layer.Bias[i] * p.Den;
                    for (int k = layer.RowStarts[i]; k < layer.RowStarts[i + 1]; k++)
                    {
                        TInt x = v[layer.Columns[k]];
                        if (!TInt.IsZero(x)) acc += layer.Values[k] * x;
                    }
                    result[i] = acc;
                }
                p.V = result;
                if (layer.Denominator != TInt.One)
                {
                    p.Den *= layer.Denominator;
                    Normalize(p);
                }
            }
        }
    }

    /// <summary>A max-pool layer: split where some group's maximum switches, then take the maxima.</summary>
    public void MaxPool(IntegerMaxPool<TInt> layer)
    {
        SplitAtEnvelopeSwitches(layer.Groups);
        foreach (var p in _points) p.V = MaxPool(layer.Groups, p.V);
    }

    /// <summary>An activation: split where some entry crosses one of its kinks, then apply it at every point.</summary>
    public void Activation(IntegerActivation<TInt> layer)
    {
        checked
        {
            if (layer.IsIdentity) return;
            if (layer.IsRelu)
            {
                SplitAtSignChanges();
                foreach (var p in _points)
                    for (int i = 0; i < p.V.Length; i++) if (TInt.IsNegative(p.V[i])) p.V[i] = TInt.Zero;
                return;
            }
            SplitAtKinks(layer.KinkNumerators, layer.KinkDenominators);
            TInt scale = layer.Scale, c0 = layer.C0, c1 = layer.C1;
            var w = layer.Weights;
            var s = layer.Signs;
            var kn = layer.TermNumerators;
            var kd = layer.TermDenominators;
            foreach (var p in _points)
            {
                var v = p.V;
                TInt constant = TInt.IsZero(c0) ? TInt.Zero : c0 * p.Den;
                for (int i = 0; i < v.Length; i++)
                {
                    TInt z = v[i];
                    TInt acc = TInt.IsZero(c1) ? constant : constant + c1 * z;
                    for (int t = 0; t < w.Length; t++)
                    {
                        // u = Kd V - Kn D = Kd D (z - k), with the term's sign
                        TInt u = TInt.IsZero(kn[t]) ? z : z * kd[t] - kn[t] * p.Den;
                        if (s[t] < 0) u = -u;
                        if (u > TInt.Zero) acc += w[t] * u;
                    }
                    v[i] = acc;
                }
                if (scale != TInt.One)
                {
                    p.Den *= scale;
                    Normalize(p);
                }
            }
        }
    }

    private static void Dense(IntegerDense<TInt> layer, Point p)
    {
        checked
        {
            var w = layer.Weights;
            var b = layer.Bias;
            var v = p.V;
            var result = new TInt[w.Length];
            for (int i = 0; i < w.Length; i++)
            {
                var row = w[i];
                TInt acc = b[i] * p.Den;
                for (int j = 0; j < v.Length; j++)
                    if (!TInt.IsZero(v[j]) && !TInt.IsZero(row[j])) acc += row[j] * v[j];
                result[i] = acc;
            }
            p.V = result;
            if (layer.Denominator != TInt.One)
            {
                p.Den *= layer.Denominator;
                Normalize(p);
            }
        }
    }

    private static TInt[] MaxPool(int[][] groups, TInt[] v)
    {
        var result = new TInt[groups.Length];
        for (int k = 0; k < groups.Length; k++)
        {
            var g = groups[k];
            TInt best = v[g[0]];
            for (int m = 1; m < g.Length; m++) if (v[g[m]] > best) best = v[g[m]];
            result[k] = best;
        }
        return result;
    }

    // Inserts, between every two neighbouring points, the positions where some entry changes strict sign.
    private void SplitAtSignChanges()
    {
        checked
        {
            _next.Clear();
            for (int m = 0; m + 1 < _points.Count; m++)
            {
                Point a = _points[m], b = _points[m + 1];
                _pair = m;
                _next.Add(a);
                _cuts.Clear();
                SetPair(a, b);
                var va = a.V;
                var vb = b.V;
                for (int i = 0; i < va.Length; i++)
                {
                    if (TInt.Sign(va[i]) * TInt.Sign(vb[i]) >= 0) continue;
                    // v(s) = va (1 - s) + vb s = 0 at s = va / (va - vb), with va = a.V/a.Den and vb = b.V/b.Den;
                    // numerator and denominator are multiplied by a.Den b.Den / h
                    TInt num = va[i] * _db;
                    TInt den = num - vb[i] * _da;
                    if (TInt.IsNegative(den)) { num = -num; den = -den; }
                    _cuts.Add(Reduce(num, den));
                }
                InsertCuts(a, b);
            }
            _next.Add(_points[^1]);
            (_points, _next) = (_next, _points);
        }
    }

    // Inserts, between every two neighbouring points, the positions where some entry z crosses one of the kinks
    // k = kn / kd strictly: where Kd V - Kn D, a positive multiple of z - k, changes strict sign.
    private void SplitAtKinks(TInt[] kn, TInt[] kd)
    {
        checked
        {
            _next.Clear();
            for (int m = 0; m + 1 < _points.Count; m++)
            {
                Point a = _points[m], b = _points[m + 1];
                _next.Add(a);
                _cuts.Clear();
                SetPair(a, b);
                var va = a.V;
                var vb = b.V;
                for (int j = 0; j < kn.Length; j++)
                {
                    TInt n = kn[j], d = kd[j];
                    bool zero = TInt.IsZero(n);
                    for (int i = 0; i < va.Length; i++)
                    {
                        TInt ua = zero ? va[i] : va[i] * d - n * a.Den;
                        TInt ub = zero ? vb[i] : vb[i] * d - n * b.Den;
                        if (TInt.Sign(ua) * TInt.Sign(ub) >= 0) continue;
                        // as in SplitAtSignChanges with va, vb replaced by ua = d a.Den (za - k) and ub = d b.Den (zb - k)
                        TInt num = ua * _db;
                        TInt den = num - ub * _da;
                        if (TInt.IsNegative(den)) { num = -num; den = -den; }
                        _cuts.Add(Reduce(num, den));
                    }
                }
                InsertCuts(a, b);
            }
            _next.Add(_points[^1]);
            (_points, _next) = (_next, _points);
        }
    }

    // Inserts, between every two neighbouring points, the positions where the argmax of some group's upper
    // envelope changes (to a line of strictly larger slope, so the envelope has a true kink there).
    private void SplitAtEnvelopeSwitches(int[][] groups)
    {
        _next.Clear();
        for (int m = 0; m + 1 < _points.Count; m++)
        {
            Point a = _points[m], b = _points[m + 1];
            _pair = m;
            _next.Add(a);
            _cuts.Clear();
            SetPair(a, b);
            foreach (var g in groups) if (g.Length > 1) EnvelopeSwitches(a, b, g);
            InsertCuts(a, b);
        }
        _next.Add(_points[^1]);
        (_points, _next) = (_next, _points);
    }

    private void EnvelopeSwitches(Point a, Point b, int[] group)
    {
        checked
        {
            // Line k of the group, times the positive constant a.Den b.Den / h, is alpha_k + s sigma_k on s in [0, 1].
            int n = group.Length;
            if (_alpha.Length < n) { _alpha = new TInt[n * 2]; _sigma = new TInt[n * 2]; }
            int cur = 0;
            for (int m = 0; m < n; m++)
            {
                _alpha[m] = a.V[group[m]] * _db;
                _sigma[m] = b.V[group[m]] * _da - _alpha[m];
                if (m > 0 && (_alpha[m] > _alpha[cur] || (_alpha[m] == _alpha[cur] && _sigma[m] > _sigma[cur]))) cur = m;
            }
            // cur is maximal just after the current position; the next switch is the earliest line of larger slope
            // to overtake it (ties: the steepest), and the slope increases at every switch, so at most n - 1 switches.
            while (true)
            {
                int best = -1;
                TInt bestNum = TInt.Zero, bestDen = TInt.One;
                for (int m = 0; m < n; m++)
                {
                    if (_sigma[m] <= _sigma[cur]) continue;
                    TInt num = _alpha[cur] - _alpha[m], den = _sigma[m] - _sigma[cur];
                    if (num >= den) continue; // overtakes at s >= 1, not inside this piece
                    if (best >= 0)
                    {
                        int c = (num * bestDen).CompareTo(bestNum * den);
                        if (c > 0 || (c == 0 && _sigma[m] <= _sigma[best])) continue;
                    }
                    best = m; bestNum = num; bestDen = den;
                }
                if (best < 0) return;
                _cuts.Add(Reduce(bestNum, bestDen));
                cur = best;
            }
        }
    }

    // Sorts the cuts between a and b, merges equal ones, and appends the interpolated points to _next.
    private void InsertCuts(Point a, Point b)
    {
        checked
        {
            int count = _cuts.Count;
            if (count == 0) return;
            for (int i = 1; i < count; i++)
            {
                var c = _cuts[i];
                int j = i - 1;
                while (j >= 0 && (_cuts[j].P * c.Q) > (c.P * _cuts[j].Q)) { _cuts[j + 1] = _cuts[j]; j--; }
                _cuts[j + 1] = c;
            }
            Rational dt = b.T - a.T;
            for (int i = 0; i < count; i++)
            {
                var c = _cuts[i];
                if (i > 0 && c == _cuts[i - 1]) continue; // both in lowest terms, so equal values are equal pairs
                // v(s) = a.V/a.Den (1 - s) + b.V/b.Den s with s = P/Q, over the denominator Q lcm(a.Den, b.Den)
                TInt c1 = (c.Q - c.P) * _db, c2 = c.P * _da;
                var v = new TInt[a.V.Length];
                for (int k = 0; k < v.Length; k++) v[k] = a.V[k] * c1 + b.V[k] * c2;
                var point = new Point(a.T + dt * new Rational(Big(c.P), Big(c.Q)), v, c.Q * _da * b.Den);
                Normalize(point);
                _next.Add(point);
                // The points already split plus those still to come (at least one per remaining old point).
                if (_next.Count + _points.Count - 1 - _pair > _maxPoints)
                    throw ExactOptions.TooManyPieces(_maxPoints - 1, "the exact restriction of the network to the segment");
            }
        }
    }

    private void SetPair(Point a, Point b)
    {
        TInt h = Gcd(a.Den, b.Den);
        _da = a.Den / h;
        _db = b.Den / h;
    }

    private static Cut Reduce(TInt num, TInt den)
    {
        TInt g = Gcd(num, den);
        return g == TInt.One ? new Cut(num, den) : new Cut(num / g, den / g);
    }

    // Divides the numerators and the denominator by their greatest common divisor (stopping early at 1).
    private static void Normalize(Point p)
    {
        checked
        {
            if (p.Den == TInt.One) return;
            TInt g = p.Den;
            var v = p.V;
            for (int i = 0; i < v.Length; i++)
            {
                if (TInt.IsZero(v[i])) continue;
                g = Gcd(g, TInt.Abs(v[i]));
                if (g == TInt.One) return;
            }
            for (int i = 0; i < v.Length; i++) v[i] /= g;
            p.Den /= g;
        }
    }

    // gcd of two non-negative integers, not both zero.
    private static TInt Gcd(TInt a, TInt b)
    {
        if (typeof(TInt) == typeof(BigInteger))
            return (TInt)(object)BigInteger.GreatestCommonDivisor((BigInteger)(object)a, (BigInteger)(object)b);
        if (typeof(TInt) == typeof(long))
            return (TInt)(object)(long)BinaryGcd((ulong)(long)(object)a, (ulong)(long)(object)b);
        while (!TInt.IsZero(b)) (a, b) = (b, a % b);
        return a;
    }

    private static ulong BinaryGcd(ulong a, ulong b)
    {
        if (a == 0) return b;
        if (b == 0) return a;
        int shift = BitOperations.TrailingZeroCount(a | b);
        a >>= BitOperations.TrailingZeroCount(a);
        do
        {
            b >>= BitOperations.TrailingZeroCount(b);
            if (a > b) (a, b) = (b, a);
            b -= a;
        } while (b != 0);
        return a << shift;
    }

    private static BigInteger Big(TInt value) => BigInteger.CreateTruncating(value);
}
