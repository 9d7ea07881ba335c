using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Restriction;

namespace Verifier.Axioms;

/// <summary>
/// Detects the measure-zero sets where a kink convention (relu'(0), ties in max) decides a gradient: a point where some
/// kink argument is exactly zero, or a path that runs inside such a set over a whole piece. Axiom checks leave these
/// instances out of scope (DESIGN.md, exactness policy 6): there F's gradient is not a property of the function, and the
/// path-method theorems assume the path meets the non-differentiable set in a null set (Lundstrom et al. 2022, Theorem 3).
/// </summary>
public static class Kinks
{
    /// <summary>True when some kink argument of F is exactly zero at x (or two maximal arguments of a max/min tie).</summary>
    public static bool AtPoint(Subject f, IReadOnlyList<Rational> x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        if (f.Network is { } net && !HasTies(net))
        {
            // an activation's pre-activation on one of its kinks (no max-pool here, so no tie to look for)
            return net.KinksAt(x).Count > 0;
        }
        return AtPoint(f.ToExpr(), x);
    }

    /// <summary>True when some dense or sparse layer of the network outputs an exact 0 at x: there LRP's rules divide 0 by 0
    /// (R_j = Σ_k a_j w_jk R_k / z_k with z_k = 0), so the rule is undefined and only an implementation convention
    /// gives a value.</summary>
    public static bool ZeroDenominator(Network net, IReadOnlyList<Rational> x)
    {
        ArgumentNullException.ThrowIfNull(net);
        var values = net.ValuesAt(x);
        for (int k = 0; k < net.LayerCount; k++)
        {
            if (!net.LayerAt(k).Match(dense: _ => true, activation: _ => false, maxPool: _ => false, sparse: _ => true)) continue;
            if (values[k + 1].Any(v => v.IsZero)) return true;
        }
        return false;
    }

    /// <summary>True when some kink argument of <paramref name="f"/> vanishes at x.</summary>
    public static bool AtPoint(Expr f, IReadOnlyList<Rational> x)
    {
        ArgumentNullException.ThrowIfNull(f);
        return ZeroFlags(f, x).Contains(true);
    }

    /// <summary>True when one and the same kink argument of F vanishes at both x and x': there a discrete-gradient
    /// method (DeepLIFT's multiplier Δy/Δz with Δz = 0) falls back on the derivative at the kink, i.e. on a convention.</summary>
    public static bool AtBoth(Subject f, IReadOnlyList<Rational> x, IReadOnlyList<Rational> baseline)
    {
        ArgumentNullException.ThrowIfNull(f);
        var e = f.ToExpr();
        var a = ZeroFlags(e, x);
        var b = ZeroFlags(e, baseline);
        return a.Zip(b).Any(p => p.First && p.Second);
    }

    /// <summary>True when a max or min of F has a tie between its top arguments at x: there the derivative is decided by
    /// the tie rule (the first argument in canonical order), a convention that relu'(0) does not control.</summary>
    public static bool TieAt(Subject f, IReadOnlyList<Rational> x)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!MayTie(f)) return false;
        return ZeroFlags(f.ToExpr(), x, tiesOnly: true).Contains(true);
    }

    /// <summary>True when one and the same max/min node of F ties at both x and x'.</summary>
    public static bool TieAtBoth(Subject f, IReadOnlyList<Rational> x, IReadOnlyList<Rational> baseline)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!MayTie(f)) return false;
        var e = f.ToExpr();
        return ZeroFlags(e, x, tiesOnly: true).Zip(ZeroFlags(e, baseline, tiesOnly: true)).Any(p => p.First && p.Second);
    }

    /// <summary>True when the path runs inside a tie set of a max/min of F over a whole piece.</summary>
    public static bool TieAlongPath(Subject f, AttributionPath path) => MayTie(f) && AlongPath(f, path, tiesOnly: true);

    /// <summary>True when a max/min of F ties at x between arguments whose gradients differ there: only then does the tie
    /// rule (which maximal argument takes the derivative) change a gradient. A tie of two units that are both off (both 0,
    /// both flat) is harmless.</summary>
    public static bool TieMattersAt(Subject f, IReadOnlyList<Rational> x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        return MayTie(f) && TieMatters(f.ToExpr(), x);
    }

    /// <summary>True when the path runs, over a whole piece, where a max/min ties between arguments with different
    /// gradients (<see cref="TieMattersAt"/> at the piece's midpoint).</summary>
    public static bool TieMattersAlongPath(Subject f, AttributionPath path)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(path);
        if (!MayTie(f)) return false;
        var e = f.ToExpr();
        return AlongPath(f, path, tiesOnly: true, hit: p => TieMatters(e, p));
    }

    private static bool TieMatters(Expr f, IReadOnlyList<Rational> x)
    {
        bool found = false;
        Visit(f);
        return found;

        void Visit(Expr e)
        {
            if (found || !e.HasKinks) return;
            foreach (var c in e.Children) Visit(c);
            if (e is not (Max or Min)) return;
            var values = e.Children.Select(a => Value(a, x)).ToArray();
            if (values.Any(v => v is null)) return;
            var top = e is Max ? values.Max()!.Value : values.Min()!.Value;
            var tied = e.Children.Where((_, k) => values[k] == top).ToArray();
            if (tied.Length < 2) return;
            var gradients = tied.Select(a => string.Join(";", Enumerable.Range(1, x.Count).Select(i => Point(a.Differentiate(i), x)))).ToArray();
            found = gradients.Distinct().Count() > 1;
        }
    }

    private static Rational? Value(Expr a, IReadOnlyList<Rational> x)
    {
        try { return a.SubstitutePoint(x) is Constant c ? c.Value : null; }
        catch (ArithmeticException) { return null; }
    }

    private static string Point(Expr a, IReadOnlyList<Rational> x)
    {
        try { return a.SubstitutePoint(x).ToString(); }
        catch (ArithmeticException) { return "?"; }
    }

    private static bool MayTie(Subject f) => f.Network is { } net ? HasTies(net) : f.Function!.HasKinks;

    // Whether some layer of the network can tie (a max-pool group).
    private static bool HasTies(Network net) =>
        net.Nodes.Any(n => n.Layer.Match(dense: _ => false, activation: _ => false, maxPool: _ => true, sparse: _ => false));

    // One flag per kink node (in a fixed traversal order): its argument is 0 at x (a tie of maximal arguments for max/min).
    private static List<bool> ZeroFlags(Expr f, IReadOnlyList<Rational> x, bool tiesOnly = false)
    {
        var flags = new List<bool>();
        Visit(f);
        return flags;

        void Visit(Expr e)
        {
            if (!e.HasKinks) return;
            foreach (var c in e.Children) Visit(c);
            switch (e)
            {
                case Relu or LeakyRelu or Abs or Heaviside:
                    flags.Add(!tiesOnly && Value(((UnaryFunction)e).Arg) is { IsZero: true });
                    break;
                case Max or Min:
                    var values = e.Children.Select(Value).ToArray();
                    if (values.Any(v => v is null)) { flags.Add(false); break; }
                    var top = e is Max ? values.Max()!.Value : values.Min()!.Value;
                    flags.Add(values.Count(v => v == top) > 1);
                    break;
            }
        }

        Rational? Value(Expr a)
        {
            try { return a.SubstitutePoint(x) is Constant c ? c.Value : null; }
            catch (ArithmeticException) { return null; }
        }
    }

    /// <summary>True when the path runs inside a kink set over a whole piece: on some piece of some segment (between
    /// consecutive breakpoints of F restricted to the segment), a kink argument vanishes at the piece's midpoint.</summary>
    /// <remarks>Curves are tested at nine interior points. Restriction failures count as no kink found.</remarks>
    public static bool AlongPath(Subject f, AttributionPath path) => AlongPath(f, path, tiesOnly: false);

    /// <summary>
    /// <see cref="AlongPath(Subject, AttributionPath)"/> (or, with <paramref name="ties"/>, <see cref="TieMattersAlongPath"/>)
    /// on the straight segment from <paramref name="p0"/> to <paramref name="p1"/> whose breakpoints in t are already known
    /// (IG's own pieces): the midpoints are checked without restricting F to the segment again.
    /// </summary>
    public static bool AlongSegment(Subject f, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1, IReadOnlyList<Rational> breakpoints, bool ties)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(breakpoints);
        if (ties && !MayTie(f)) return false;
        var e = ties ? f.ToExpr() : null;
        for (int k = 0; k + 1 < breakpoints.Count; k++)
        {
            var t = (breakpoints[k] + breakpoints[k + 1]) / 2;
            var point = Enumerable.Range(0, p0.Count).Select(i => p0[i] + t * (p1[i] - p0[i])).ToArray();
            if (ties ? TieMatters(e!, point) : AtPoint(f, point)) return true;
        }
        return false;
    }

    private static bool AlongPath(Subject f, AttributionPath path, bool tiesOnly, Func<IReadOnlyList<Rational>, bool>? hit = null)
    {
        bool Hit(IReadOnlyList<Rational> p) => hit is not null ? hit(p) : tiesOnly ? ZeroFlags(f.ToExpr(), p, tiesOnly: true).Contains(true) : AtPoint(f, p);
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(path);
        IEnumerable<(IReadOnlyList<Rational> From, IReadOnlyList<Rational> To)> segments = path switch
        {
            SegmentPath s => s.Segments,
            _ => [],
        };
        if (path is CurvePath curve)
        {
            for (int k = 1; k <= 9; k++)
            {
                var t = new Rational(k, 10);
                var point = curve.Gamma.Select(g => g.Substitute(new Dictionary<int, Expr> { [0] = Ex.Const(t) }) is Constant c ? c.Value : Rational.Zero).ToArray();
                if (Hit(point)) return true;
            }
            return false;
        }
        foreach (var (p0, p1) in segments)
        {
            if (p0.SequenceEqual(p1)) continue;
            PiecewiseFunction restricted;
            try
            {
                restricted = f.Network is { } net ? Restrict.ToSegment(net, p0, p1) : Restrict.ToSegment(f.Function!, p0, p1);
            }
            catch (Exception e) when (e is RestrictionException or ArithmeticException or ArgumentException) { continue; }
            var b = restricted.Breakpoints;
            for (int k = 0; k + 1 < b.Count; k++)
            {
                var t = Breakpoint.Between(b[k], b[k + 1]);
                var point = Enumerable.Range(0, p0.Count).Select(i => p0[i] + t * (p1[i] - p0[i])).ToArray();
                if (Hit(point)) return true;
            }
        }
        return false;
    }
}
