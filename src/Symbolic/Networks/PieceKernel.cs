using System.Numerics;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// ExactLine (Sotoudeh and Thakur 2019) on a network that may be a graph, by pieces rather than by points: every value is
/// kept as a piecewise-affine function of t (<see cref="PieceTrack{TInt}"/>), its entries <c>(alpha + t beta) / Den</c> on
/// each piece, with only the entries that change written at each breakpoint. A node is applied along the whole segment
/// before the next: an affine node maps the changes (a sparse change stays sparse through a convolution), an activation
/// or max node finds where a unit crosses a kink (or a group's winner changes) inside a piece and inserts a breakpoint
/// there, keeping each unit's state (<see cref="StateTrack"/>) for the gradient sweep.
/// </summary>
/// <remarks>
/// <para>On one piece the network is an affine map of x = p0 + t (p1 - p0), so alpha and beta are integers over a
/// denominator fixed per value (the input's common denominator times the layers' scales): no breakpoint's denominator
/// enters them, and no greatest common divisor is taken. Breakpoints t = P / Q are reduced fractions. The arithmetic is
/// checked; on overflow the caller retries with a wider type (long, then Int128, then the fixed-width
/// <see cref="Int256"/>, then BigInteger: on the MNIST MLP, whose values have 75-165 bits, Int256 halves the kernel's
/// time, BigInteger's allocations being the cost).</para>
/// <para>The breakpoints are the points where some unit's pre-activation changes strict side of one of its kinks, or a
/// max group's first maximal member changes: the same partition as <see cref="LineKernel{TInt}"/> for a chain.</para>
/// </remarks>
internal sealed partial class PieceKernel<TInt> where TInt : IBinaryInteger<TInt>
{
    /// <summary>A breakpoint t = P / Q (Q &gt; 0, lowest terms) with a stable id.</summary>
    internal readonly record struct Point(int Id, TInt P, TInt Q);

    private List<Point> _points = [];
    private int _nextId;
    private readonly int _maxPieces;

    private PieceKernel(int maxPieces) => _maxPieces = maxPieces;

    /// <summary>The final breakpoints, 0 and 1 included.</summary>
    public IReadOnlyList<Point> Points => _points;

    /// <summary>
    /// The track of the last node's output (the input when there are no nodes). When the last node is affine, only the
    /// entry <see cref="Run"/> was given is computed (the others stay 0): nothing after it makes breakpoints, so the other
    /// outputs would only cost work.
    /// </summary>
    public PieceTrack<TInt> Output { get; private set; } = null!;

    /// <summary>Per node, the states of its units along the segment (null for affine nodes).</summary>
    public StateTrack?[] States { get; private set; } = [];

    /// <summary>The input's track: p0 (alpha) and p1 - p0 (beta) over their common denominator.</summary>
    public PieceTrack<TInt> Input { get; private set; } = null!;

    /// <summary>
    /// Runs the nodes along the segment from <paramref name="p0"/> (t = 0) to <paramref name="p1"/> (t = 1);
    /// <paramref name="output"/> is the entry of the last node that <see cref="Partition"/> will be asked for.
    /// </summary>
    /// <exception cref="OverflowException"><typeparamref name="TInt"/> is too narrow.</exception>
    /// <exception cref="SymbolicLimitException">More than <paramref name="maxPieces"/> pieces.</exception>
    public static PieceKernel<TInt> Run(IntegerNode<TInt>[] nodes, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1, int output, int maxPieces)
    {
        var kernel = new PieceKernel<TInt>(maxPieces);
        kernel._points.Add(new Point(kernel._nextId++, TInt.Zero, TInt.One));
        kernel._points.Add(new Point(kernel._nextId++, TInt.One, TInt.One));
        var tracks = new PieceTrack<TInt>?[nodes.Length + 1];
        tracks[0] = kernel.Input = InputTrack(p0, p1);
        var lastRead = new int[nodes.Length + 1];
        for (int i = 0; i < nodes.Length; i++) foreach (int s in nodes[i].Sources) lastRead[s + 1] = i;
        kernel.States = new StateTrack?[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
        {
            var cursor = new Cursor(nodes[i], tracks);
            tracks[i + 1] = nodes[i] switch
            {
                IntegerAffine<TInt> a => kernel.Affine(a, cursor, i == nodes.Length - 1 ? output : -1),
                IntegerActivationNode<TInt> f => kernel.Activation(f, cursor, out kernel.States[i]),
                IntegerMaxNode<TInt> m => kernel.Max(m, cursor, out kernel.States[i]),
                _ => throw new InvalidOperationException($"unknown node {nodes[i]}"),
            };
            foreach (int s in nodes[i].Sources)
                if (lastRead[s + 1] == i && s + 1 < nodes.Length) tracks[s + 1] = null; // no longer read
        }
        kernel.Output = tracks[^1]!;
        return kernel;
    }

    /// <summary>The breakpoints and the output entry <paramref name="output"/> at each, exactly.</summary>
    public (Rational[] Breakpoints, Rational[] Values) Partition(int output)
    {
        var t = new Rational[_points.Count];
        var g = new Rational[_points.Count];
        var track = Output;
        TInt alpha = track.Alpha0[output], beta = track.Beta0[output];
        var den = Big(track.Den);
        int e = 0;
        for (int j = 0; j < _points.Count; j++)
        {
            var p = _points[j];
            t[j] = new Rational(Big(p.P), Big(p.Q));
            // g(t) = (alpha + t beta) / Den with the piece's alpha, beta (continuous, so either side of t_j)
            g[j] = new Rational(Big(alpha) * Big(p.Q) + Big(beta) * Big(p.P), den * Big(p.Q));
            for (; e < track.Events && track.PointOf(e) == p.Id; e++)
                for (int k = track.Start(e); k < track.Start(e + 1); k++)
                    if (track.Entry(k) == output) { alpha = checked(alpha + track.DAlpha(k)); beta = checked(beta + track.DBeta(k)); }
        }
        return (t, g);
    }

    private static PieceTrack<TInt> InputTrack(IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1)
    {
        var lcm = IntegerScale.Lcm(p0.Concat(p1));
        var alpha = new TInt[p0.Count];
        var beta = new TInt[p0.Count];
        for (int i = 0; i < alpha.Length; i++)
        {
            alpha[i] = IntegerScale.Scale<TInt>(p0[i], lcm);
            beta[i] = checked(IntegerScale.Scale<TInt>(p1[i], lcm) - alpha[i]);
        }
        return new PieceTrack<TInt>(alpha, beta, TInt.CreateChecked(lcm));
    }

    // An affine node along the segment: the first piece mapped in full, then each breakpoint's changes through the columns
    // (only row `only` when that is not -1).
    private PieceTrack<TInt> Affine(IntegerAffine<TInt> node, Cursor c, int only)
    {
        checked
        {
            int n = node.OutputWidth;
            var alpha = new TInt[n];
            var beta = new TInt[n];
            bool wide = only < 0 && AffineMap.TryWide(node, c.Den, c.Alpha, c.Beta, alpha, beta);
            for (int i = 0; i < n && !wide; i++)
            {
                if (only >= 0 && i != only) continue;
                TInt a = node.Bias[i] * c.Den, b = TInt.Zero;
                for (int k = node.RowStarts[i]; k < node.RowStarts[i + 1]; k++)
                {
                    int j = node.Columns[k];
                    if (!TInt.IsZero(c.Alpha[j])) a += node.Values[k] * c.Alpha[j];
                    if (!TInt.IsZero(c.Beta[j])) b += node.Values[k] * c.Beta[j];
                }
                alpha[i] = a;
                beta[i] = b;
            }
            var track = new PieceTrack<TInt>(alpha, beta, c.Den * node.Denominator);
            var touched = new List<int>();
            var seen = new bool[n];
            var dAlpha = new TInt[n];
            var dBeta = new TInt[n];
            for (int m = 1; m + 1 < _points.Count; m++)
            {
                if ((m & 255) == 0) Cancellation.ThrowIfRequested();
                int id = _points[m].Id;
                c.Advance(id);
                if (c.Changed.Count == 0) continue;
                foreach (int j in c.Changed)
                {
                    TInt da = c.DAlpha[j], db = c.DBeta[j];
                    for (int k = node.ColumnStarts[j]; k < node.ColumnStarts[j + 1]; k++)
                    {
                        int i = node.Rows[k];
                        if (only >= 0 && i != only) continue;
                        if (!seen[i]) { seen[i] = true; touched.Add(i); }
                        if (!TInt.IsZero(da)) dAlpha[i] += node.ColumnValues[k] * da;
                        if (!TInt.IsZero(db)) dBeta[i] += node.ColumnValues[k] * db;
                    }
                }
                foreach (int i in touched) seen[i] = false;
                track.Emit(id, touched, dAlpha, dBeta);
                c.Clear();
            }
            return track;
        }
    }

    // Adds a breakpoint (a fresh id) to the list being built, checking the budget: the points built so far plus the old
    // points not yet passed.
    private Point NewPoint(List<Point> next, Frac t, int oldRemaining)
    {
        t = Frac.Of(t.P, t.Q); // a queued time may not be in lowest terms (Frac.Lazy)
        var point = new Point(_nextId++, t.P, t.Q);
        next.Add(point);
        if (next.Count + oldRemaining - 1 > _maxPieces)
            throw ExactOptions.TooManyPieces(_maxPieces, "the exact restriction of the network to the segment");
        return point;
    }

    private static BigInteger Big(TInt value) => BigInteger.CreateTruncating(value);

    /// <summary>
    /// A node's concatenated sources along the walk: the current alpha and beta of every input entry (over the common
    /// denominator <see cref="Den"/> of the sources), and at each breakpoint the entries that change and by how much.
    /// </summary>
    private sealed class Cursor
    {
        private readonly (PieceTrack<TInt> Track, int Offset, TInt Factor)[] _parts;
        private readonly int[] _next;
        private readonly bool[] _changed;

        public Cursor(IntegerNode<TInt> node, PieceTrack<TInt>?[] tracks)
        {
            checked
            {
                var sources = node.Sources.Select(s => tracks[s + 1]!).ToArray();
                TInt den = TInt.One;
                foreach (var t in sources) den = den / Gcd(den, t.Den) * t.Den;
                Den = den;
                int width = node.InputWidth;
                Alpha = new TInt[width];
                Beta = new TInt[width];
                DAlpha = new TInt[width];
                DBeta = new TInt[width];
                _changed = new bool[width];
                _parts = new (PieceTrack<TInt>, int, TInt)[sources.Length];
                int offset = 0;
                for (int p = 0; p < sources.Length; p++)
                {
                    var t = sources[p];
                    var factor = den / t.Den;
                    _parts[p] = (t, offset, factor);
                    for (int i = 0; i < t.Width; i++)
                    {
                        Alpha[offset + i] = t.Alpha0[i] * factor;
                        Beta[offset + i] = t.Beta0[i] * factor;
                    }
                    offset += t.Width;
                }
                _next = new int[sources.Length];
            }
        }

        public TInt Den { get; }
        public TInt[] Alpha { get; }
        public TInt[] Beta { get; }
        public TInt[] DAlpha { get; }
        public TInt[] DBeta { get; }
        public List<int> Changed { get; } = [];

        /// <summary>Applies the sources' changes at breakpoint <paramref name="id"/>.</summary>
        public void Advance(int id)
        {
            checked
            {
                for (int p = 0; p < _parts.Length; p++)
                {
                    var (track, offset, factor) = _parts[p];
                    for (; _next[p] < track.Events && track.PointOf(_next[p]) == id; _next[p]++)
                        for (int k = track.Start(_next[p]); k < track.Start(_next[p] + 1); k++)
                        {
                            int i = offset + track.Entry(k);
                            TInt da = track.DAlpha(k), db = track.DBeta(k);
                            if (factor != TInt.One) { da *= factor; db *= factor; }
                            if (!_changed[i]) { _changed[i] = true; Changed.Add(i); }
                            DAlpha[i] += da;
                            DBeta[i] += db;
                            Alpha[i] += da;
                            Beta[i] += db;
                        }
                }
            }
        }

        /// <summary>Forgets the changes of the last <see cref="Advance"/>.</summary>
        public void Clear()
        {
            foreach (int i in Changed)
            {
                _changed[i] = false;
                DAlpha[i] = TInt.Zero;
                DBeta[i] = TInt.Zero;
            }
            Changed.Clear();
        }
    }

    /// <summary>gcd of two non-negative integers, not both zero.</summary>
    internal static TInt Gcd(TInt a, TInt b)
    {
        if (typeof(TInt) == typeof(BigInteger))
            return (TInt)(object)BigInteger.GreatestCommonDivisor((BigInteger)(object)a, (BigInteger)(object)b);
        if (typeof(TInt) == typeof(Int256)) return (TInt)(object)Int256.Gcd((Int256)(object)a, (Int256)(object)b);
        while (!TInt.IsZero(b)) (a, b) = (b, a % b);
        return a;
    }
}
