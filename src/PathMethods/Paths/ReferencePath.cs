using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Paths;

/// <summary>
/// The path of a path method as a baseline attribution method: the reference path y(t) from 0 to 1 (all ones), carried
/// to any baseline x' and input x by T(y) = x' + (x - x') ⊙ y, so that γ(x, x', t) = T(y(t)). This is how Lundstrom et
/// al. 2022, Appendix E.1 define their non-monotone path method; straight, staircase and curve paths (CONTRACT.md,
/// <c>--path</c>) are of this form already.
/// </summary>
/// <remarks>In a reference <c>polyline</c>, waypoints are therefore fractions of the way from x'_i to x_i, not absolute
/// points (as they are for <c>verifier attribute --path</c>; <see cref="PathCoordinates"/>): <c>polyline:1,0;1,1;0,1;0,0</c>
/// is the E.1 path (0,0) → (1,0) → (1,1) → (0,1) → (0,0) → (1,1).</remarks>
public abstract class ReferencePath
{
    private protected ReferencePath() { }

    /// <summary>The straight line, y_i(t) = t (Integrated Gradients).</summary>
    public static ReferencePath Straight { get; } = new StraightReference();

    /// <summary>The staircase moving features 1, 2, ..., n in turn.</summary>
    public static ReferencePath Staircase { get; } = new StaircaseReference(null);

    /// <summary>The non-monotone path of Lundstrom et al. 2022, Appendix E.1: (0,0) → (1,0) → (1,1) → (0,1) → (0,0) → (1,1)
    /// in features 1 and 2 (further features move evenly from 0 to 1 over the five segments).</summary>
    public static ReferencePath NonMonotoneE1 { get; } =
        new PolylineReference([[Rational.One, Rational.Zero], [Rational.One, Rational.One], [Rational.Zero, Rational.One], [Rational.Zero, Rational.Zero]]);

    /// <summary>The <c>--path</c> text of this reference path.</summary>
    public abstract string Spec { get; }

    /// <summary>γ(x, x', ·) for one baseline and input.</summary>
    /// <exception cref="ArgumentException">The path does not fit the dimension (e.g. a staircase order or curve of another length).</exception>
    public abstract AttributionPath For(IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input);

    /// <summary>True when every y_i is non-decreasing in t (then γ is monotone for every x', x), false when some y_i decreases
    /// somewhere, null when it cannot be decided.</summary>
    public abstract bool? IsMonotone(int dimension);

    /// <summary>The reference path as pieces, each a vector of polynomials y_i(t) on t ∈ [0, 1] (the pieces are traversed
    /// in order); null when some y_i is not a polynomial. Used by the symbolic proofs.</summary>
    public abstract IReadOnlyList<Expr[]>? PolynomialPieces(int dimension);

    /// <inheritdoc />
    public override string ToString() => Spec;

    /// <summary>Parses the <c>--path</c> syntax in reference coordinates (<see cref="PathParser"/> with
    /// <see cref="PathCoordinates.Reference"/>): polyline waypoints are fractions of x - x' (see the remarks), a staircase
    /// without an order moves features 1..n in turn, and an empty polyline is the straight line.</summary>
    /// <exception cref="FormatException">Malformed text; the message names the problem.</exception>
    public static ReferencePath Parse(string spec) => From(PathParser.Read(spec, PathCoordinates.Reference));

    internal static ReferencePath From(PathSyntax syntax) => syntax.Kind switch
    {
        PathKind.Straight => Straight,
        PathKind.Staircase => syntax.Order is { } order ? new StaircaseReference(order) : Staircase,
        PathKind.Polyline => syntax.Waypoints is { Length: > 0 } points ? new PolylineReference(points) : Straight,
        _ => new CurveReference(syntax.H!),
    };

    private sealed class StraightReference : ReferencePath
    {
        public override string Spec => "straight";
        public override AttributionPath For(IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input) => new StraightPath(baseline, input);
        public override bool? IsMonotone(int dimension) => true;
        public override IReadOnlyList<Expr[]> PolynomialPieces(int dimension) => [Enumerable.Repeat<Expr>(Ex.T, dimension).ToArray()];
    }

    private sealed class StaircaseReference(int[]? order) : ReferencePath
    {
        public override string Spec => order is null ? "staircase" : "staircase:" + string.Join(",", order);

        private int[] Order(int n)
        {
            if (order is null) return Enumerable.Range(1, n).ToArray();
            if (order.Length != n || order.Any(k => k > n))
                throw new InputArgumentException($"the staircase order {string.Join(",", order)} does not list the features 1..{n}");
            return order;
        }

        public override AttributionPath For(IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input) =>
            new StaircasePath(baseline, input, Order(input.Count));

        public override bool? IsMonotone(int dimension) => true;

        public override IReadOnlyList<Expr[]> PolynomialPieces(int dimension)
        {
            var o = Order(dimension);
            var pieces = new List<Expr[]>();
            var y = Enumerable.Repeat<Expr>(Ex.Zero, dimension).ToArray();
            foreach (var k in o)
            {
                var piece = (Expr[])y.Clone();
                piece[k - 1] = Ex.T;
                pieces.Add(piece);
                y[k - 1] = Ex.One;
            }
            return pieces;
        }
    }

    private sealed class PolylineReference(Rational[][] waypoints) : ReferencePath
    {
        public override string Spec => "polyline:" + string.Join(";", waypoints.Select(p => string.Join(",", p)));

        // The reference vertices 0, P1, ..., Pm, 1 in n dimensions: features beyond the waypoints' length move evenly.
        private Rational[][] Vertices(int n)
        {
            int m = waypoints.Length + 1; // segments
            var v = new Rational[m + 1][];
            for (int j = 0; j <= m; j++)
            {
                v[j] = new Rational[n];
                for (int i = 0; i < n; i++)
                    v[j][i] = j == 0 ? Rational.Zero : j == m ? Rational.One
                        : i < waypoints[j - 1].Length ? waypoints[j - 1][i] : new Rational(j, m);
            }
            return v;
        }

        public override AttributionPath For(IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input)
        {
            int n = input.Count;
            var points = new List<IReadOnlyList<Rational>>();
            IReadOnlyList<Rational> last = baseline;
            foreach (var v in Vertices(n).Skip(1).SkipLast(1))
            {
                var p = Enumerable.Range(0, n).Select(i => baseline[i] + (input[i] - baseline[i]) * v[i]).ToArray();
                if (!p.SequenceEqual(last)) points.Add(p);
                last = p;
            }
            if (points.Count > 0 && points[^1].SequenceEqual(input)) points.RemoveAt(points.Count - 1);
            return new PolylinePath(baseline, input, points);
        }

        public override bool? IsMonotone(int dimension)
        {
            var v = Vertices(dimension);
            for (int i = 0; i < dimension; i++)
                for (int j = 1; j < v.Length; j++)
                    if (v[j][i] < v[j - 1][i]) return false;
            return true;
        }

        public override IReadOnlyList<Expr[]> PolynomialPieces(int dimension)
        {
            var v = Vertices(dimension);
            return Enumerable.Range(0, v.Length - 1).Select(j => Enumerable.Range(0, dimension)
                .Select(i => Ex.Sum(Ex.Const(v[j][i]), Ex.Product(Ex.Const(v[j + 1][i] - v[j][i]), Ex.T))).ToArray()).ToList();
        }
    }

    private sealed class CurveReference(Expr[] h) : ReferencePath
    {
        public override string Spec => "curve:" + string.Join(";", h.Select(e => e.ToString()));

        private void CheckDimension(int n)
        {
            if (h.Length != n) throw new InputArgumentException($"the curve has {h.Length} functions h_i but F has {n} features");
        }

        public override AttributionPath For(IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input)
        {
            CheckDimension(input.Count);
            return new CurvePath(baseline, input, h);
        }

        public override bool? IsMonotone(int dimension)
        {
            CheckDimension(dimension);
            var zeros = new Rational[dimension];
            var ones = Enumerable.Repeat(Rational.One, dimension).ToArray();
            return new CurvePath(zeros, ones, h).IsMonotone;
        }

        public override IReadOnlyList<Expr[]>? PolynomialPieces(int dimension)
        {
            CheckDimension(dimension);
            return h.All(e => e.IsPolynomial) ? [h] : null;
        }
    }
}
