using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Roots;

namespace Verifier.Symbolic.Restriction;

/// <summary>The restriction of a function was not possible (the message says why): a kink argument that is not a
/// polynomial along the segment, beyond what exact restriction handles.</summary>
public sealed class RestrictionException(string message) : Exception(message), IInputError;

/// <summary>
/// Restriction of a function of x1..xn to the segment p0 -&gt; p1, as a piecewise function of t on [0, 1]
/// (gamma(t) = p0 + t (p1 - p0)), with every kink located exactly.
/// </summary>
/// <remarks>
/// Kinks are resolved innermost first: the arguments of the innermost relu, leaky_relu, abs, step, max and min
/// nodes are kink-free along the segment, hence polynomials in t whose real roots are isolated exactly (rational
/// roots are found exactly; irrational ones become algebraic breakpoints). Between consecutive roots each such
/// node is replaced by the branch it takes there, and the process repeats on the simpler expression inside each
/// sub-interval. Every root found is kept as a breakpoint, even where the function happens to be smooth.
/// </remarks>
public static class Restrict
{
    /// <summary>The restriction of <paramref name="f"/> to the segment from <paramref name="p0"/> to <paramref name="p1"/>.</summary>
    /// <exception cref="ArgumentException">The points' dimensions do not match each other or the function.</exception>
    /// <exception cref="RestrictionException">A kink argument is not a polynomial along the segment.</exception>
    public static PiecewiseFunction ToSegment(Expr f, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1, ExactOptions? options = null)
    {
        if (p0.Count != p1.Count) throw new ArgumentException($"segment ends have different dimensions: {p0.Count} and {p1.Count}");
        if (f.Dimension > p0.Count) throw new ArgumentException($"the function uses x{f.Dimension} but the points have dimension {p0.Count}");
        if (f.Contains(0)) throw new ArgumentException("the function must not contain t; t is the segment parameter");
        // Only the variables up to f's dimension can occur: a partial derivative of a function of many features
        // often uses few, and a map over all of them made the gradient of x1 over 10^4 features quadratic.
        int used = f.Dimension;
        var map = new Dictionary<int, Expr>(used);
        for (int i = 0; i < used; i++)
            map[i + 1] = Ex.Sum(Ex.Const(p0[i]), Ex.Product(Ex.Const(p1[i] - p0[i]), Ex.T));
        var g = f.Substitute(map, options ?? ExactOptions.Default);
        return Split(g, Breakpoint.At(Rational.Zero), Breakpoint.At(Rational.One), options);
    }

    /// <summary>
    /// The restriction of a network's output to the segment, by exact layer-by-layer propagation of the segment
    /// (ExactLine, Sotoudeh and Thakur, NeurIPS 2019): every piece is affine in t.
    /// </summary>
    /// <exception cref="SymbolicLimitException">More than <see cref="ExactOptions.MaxPieces"/> pieces.</exception>
    public static PiecewiseFunction ToSegment(Network network, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1, ExactOptions? options = null)
    {
        var line = NetworkLine.Restrict(network, p0, p1, options);
        var points = line.Breakpoints.Select(Breakpoint.At).ToList();
        var pieces = new List<Expr>(line.Pieces);
        for (int j = 0; j < line.Pieces; j++)
        {
            // v_j + slope * (t - t_j)
            var slope = line.Slope(j);
            pieces.Add(Ex.Sum(Ex.Const(line.Values[j] - slope * line.Breakpoints[j]), Ex.Product(Ex.Const(slope), Ex.T)));
        }
        return new PiecewiseFunction(points, pieces);
    }

    /// <summary>Splits a function of t on [a, b] at every kink.</summary>
    /// <exception cref="SymbolicLimitException">More than <see cref="ExactOptions.MaxPieces"/> pieces (default one million).</exception>
    public static PiecewiseFunction Split(Expr g, Breakpoint a, Breakpoint b, ExactOptions? options = null)
    {
        if (g.MaxVariableIndex > 0) throw new ArgumentException($"expected a function of t only, got {g}");
        var points = new List<Breakpoint> { a };
        var pieces = new List<Expr>();
        SplitInto(g, a, b, points, pieces, 0, (options ?? ExactOptions.Default).MaxPieces);
        return new PiecewiseFunction(points, pieces);
    }

    private static void SplitInto(Expr g, Breakpoint a, Breakpoint b, List<Breakpoint> points, List<Expr> pieces, int depth, int maxPieces)
    {
        if (depth > 10_000) throw new RestrictionException("kink nesting too deep");
        var kinks = new List<Expr>();
        CollectInnermostKinks(g, kinks);
        if (kinks.Count == 0)
        {
            if (pieces.Count >= maxPieces) throw ExactOptions.TooManyPieces(maxPieces, "the restriction of the function to the segment");
            points.Add(b);
            pieces.Add(g);
            return;
        }
        // Every switching function of the innermost kinks is kink-free: find its roots strictly inside (a, b).
        var cuts = new List<Breakpoint>();
        foreach (var k in kinks)
        {
            var own = new List<Breakpoint>();
            foreach (var s in SwitchingFunctions(k).Distinct()) AddRoots(s, a, b, own);
            own.Sort();
            cuts.AddRange(k is Max or Min ? EnvelopeChanges(k, a, b, own) : own);
        }
        cuts.Sort();
        var bounds = new List<Breakpoint> { a };
        foreach (var c in cuts)
            if (c.CompareTo(bounds[^1]) != 0) bounds.Add(c);
        bounds.Add(b);
        for (int j = 0; j + 1 < bounds.Count; j++)
        {
            var sample = Breakpoint.Between(bounds[j], bounds[j + 1]);
            var resolved = ResolveKinks(g, kinks, sample);
            SplitInto(resolved, bounds[j], bounds[j + 1], points, pieces, depth + 1, maxPieces);
        }
    }

    // Of the pairwise crossings of max/min arguments, keep those where the extremal argument really changes.
    private static IEnumerable<Breakpoint> EnvelopeChanges(Expr kink, Breakpoint a, Breakpoint b, List<Breakpoint> crossings)
    {
        var bounds = new List<Breakpoint> { a };
        foreach (var c in crossings) if (c.CompareTo(bounds[^1]) != 0) bounds.Add(c);
        bounds.Add(b);
        var args = kink is Max m ? m.Args : ((Min)kink).Args;
        Expr? previous = null;
        for (int j = 0; j + 1 < bounds.Count; j++)
        {
            var at = new Dictionary<int, Expr> { [0] = Ex.Const(Breakpoint.Between(bounds[j], bounds[j + 1])) };
            var current = ArgExtreme(args, at, kink is Max);
            if (previous is not null && !current.Equals(previous)) yield return bounds[j];
            previous = current;
        }
    }

    // Certified sign on [lo, hi] by interval evaluation over up to 4096 sub-intervals.
    private static bool HasCertifiedSign(Expr s, Rational lo, Rational hi)
    {
        var work = new Stack<(Rational Lo, Rational Hi)>();
        work.Push((lo, hi));
        int sign = 0, budget = 4096;
        while (work.Count > 0)
        {
            if (--budget < 0) return false;
            var (l, h) = work.Pop();
            Interval box;
            try { box = s.Enclose([Interval.Hull(l, h)]); }
            catch (ArithmeticException) { return false; }
            int here = box.IsPositive ? 1 : box.IsNegative ? -1 : 0;
            if (here == 0)
            {
                var m = (l + h) / 2;
                work.Push((l, m));
                work.Push((m, h));
                continue;
            }
            if (sign != 0 && here != sign) return false;
            sign = here;
        }
        return sign != 0;
    }

    private static bool IsKink(Expr e) => e is Relu or LeakyRelu or Abs or Heaviside or Max or Min;

    private static void CollectInnermostKinks(Expr e, List<Expr> found)
    {
        bool childHasKink = false;
        foreach (var c in e.Children)
        {
            if (c.HasKinks) { childHasKink = true; CollectInnermostKinks(c, found); }
        }
        if (!childHasKink && IsKink(e) && !found.Contains(e)) found.Add(e);
    }

    private static IEnumerable<Expr> SwitchingFunctions(Expr kink)
    {
        switch (kink)
        {
            case UnaryFunction u: yield return u.Arg; break;
            case Max m:
                for (int i = 0; i < m.Args.Count; i++)
                    for (int j = i + 1; j < m.Args.Count; j++) yield return m.Args[i] - m.Args[j];
                break;
            case Min m:
                for (int i = 0; i < m.Args.Count; i++)
                    for (int j = i + 1; j < m.Args.Count; j++) yield return m.Args[i] - m.Args[j];
                break;
        }
    }

    private static void AddRoots(Expr s, Breakpoint a, Breakpoint b, List<Breakpoint> cuts)
    {
        if (s is Constant) return;
        var p = UnivariatePolynomial.FromExpr(s, 0);
        if (p is null)
        {
            // A smooth non-polynomial argument is accepted when a certified enclosure shows it has no root.
            if (HasCertifiedSign(s, a.Lo, b.Hi)) return;
            throw new RestrictionException(
                $"the kink argument {s} is not a polynomial along the segment and may vanish on [{a.Approx:G6}, {b.Approx:G6}]; " +
                "only polynomial kink arguments are split exactly");
        }
        if (p.Degree <= 0) return;
        foreach (var root in RealRoots.Isolate(p, a.Lo, b.Hi))
        {
            var bp = Breakpoint.FromRoot(root, p);
            if (bp.CompareTo(a) > 0 && bp.CompareTo(b) < 0) cuts.Add(bp);
        }
    }

    // Replaces each innermost kink by the branch it takes at the sample point (its switching functions have
    // constant sign between consecutive cuts, so the branch holds on the whole sub-interval).
    private static Expr ResolveKinks(Expr g, List<Expr> kinks, Rational sample)
    {
        var at = new Dictionary<int, Expr> { [0] = Ex.Const(sample) };
        int SignAt(Expr s) => s.Substitute(at) switch
        {
            Constant c => c.Value.Sign,
            var v when v.Enclose([]) is var box && (box.IsPositive || box.IsNegative) => box.IsPositive ? 1 : -1,
            _ => throw new RestrictionException($"could not decide the sign of {s} at t = {sample}"),
        };
        var branch = new Dictionary<Expr, Expr>();
        foreach (var k in kinks)
        {
            branch[k] = k switch
            {
                Relu r => SignAt(r.Arg) > 0 ? r.Arg : Ex.Zero,
                LeakyRelu l => SignAt(l.Arg) >= 0 ? l.Arg : Ex.Product(Ex.Const(l.Alpha), l.Arg),
                Abs v => SignAt(v.Arg) >= 0 ? v.Arg : Ex.Negate(v.Arg),
                Heaviside h => SignAt(h.Arg) switch { > 0 => Ex.One, < 0 => Ex.Zero, _ => Ex.Const(h.AtZero) },
                Max m => ArgExtreme(m.Args, at, isMax: true),
                Min m => ArgExtreme(m.Args, at, isMax: false),
                _ => throw new InvalidOperationException(),
            };
        }
        return Replace(g, branch);
    }

    private static Expr ArgExtreme(ExprList args, Dictionary<int, Expr> at, bool isMax)
    {
        Expr best = args[0];
        Rational bestValue = Value(best);
        for (int i = 1; i < args.Count; i++)
        {
            var v = Value(args[i]);
            if (isMax ? v > bestValue : v < bestValue) { best = args[i]; bestValue = v; }
        }
        return best;

        Rational Value(Expr e) => e.Substitute(at) is Constant c ? c.Value
            : throw new RestrictionException($"max/min argument {e} is not rational at t = {at[0]}");
    }

    private static Expr Replace(Expr e, Dictionary<Expr, Expr> branch)
    {
        if (branch.TryGetValue(e, out var r)) return r;
        if (!e.HasKinks) return e;
        var kids = e.Children;
        var next = new Expr[kids.Count];
        for (int i = 0; i < next.Length; i++) next[i] = Replace(kids[i], branch);
        return e.WithChildren(next);
    }
}
