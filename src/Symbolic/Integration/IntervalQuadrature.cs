using System.Globalization;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Integration;

/// <summary>
/// Certified enclosures of definite integrals by adaptive interval quadrature, for integrands without a closed-form
/// antiderivative. The result is never a silent float: it is an interval proved to contain the integral, marked not
/// exact, refined until its width is at most <see cref="ExactOptions.EnclosureWidth"/> or the evaluation budget is
/// spent (then <see cref="ExactResult.Note"/> says so).
/// </summary>
/// <remarks>
/// Each subinterval is enclosed by a Taylor rule about its midpoint with the Lagrange remainder enclosed by
/// interval evaluation of g'''' (or g'') over the subinterval: the midpoint rule plus g''(m) h^3/24, with error in
/// g''''([c, d]) h^5/1920 (Moore, Kearfott, Cloud, Introduction to Interval Analysis, 2009, chapter 9). Integrands
/// with kinks, or where the derivatives cannot be enclosed, fall back to the first-order rule
/// int ∈ (d - c) g([c, d]). The subinterval contributing the most width is bisected first. Partial results are
/// summed exactly (as rationals) and rounded outward once.
/// </remarks>
public static class IntervalQuadrature
{
    /// <summary>The default budget of subinterval evaluations.</summary>
    public const int DefaultMaxEvaluations = 200_000;

    private readonly record struct Piece(double C, double D, Interval Value, double Reducible);

    /// <summary>A certified enclosure of int_a^b g(t) dt, where the endpoints are known only through enclosures.</summary>
    /// <param name="g">A function of t only.</param>
    /// <param name="a">An enclosure of the lower endpoint.</param>
    /// <param name="b">An enclosure of the upper endpoint (b &lt; a gives the negated integral).</param>
    /// <param name="options">The requested width; defaults to <see cref="ExactOptions.Default"/>.</param>
    /// <param name="maxEvaluations">The budget of subinterval evaluations.</param>
    /// <exception cref="ArgumentException"><paramref name="g"/> depends on a variable other than t.</exception>
    public static ExactResult Enclose(Expr g, Interval a, Interval b, ExactOptions? options = null, int maxEvaluations = DefaultMaxEvaluations)
    {
        ArgumentNullException.ThrowIfNull(g);
        Integrate.RequireUnivariate(g);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvaluations, 1);
        options ??= ExactOptions.Default;
        if (a.Lo > b.Hi) return Enclose(g, b, a, options, maxEvaluations).Negate();
        if (a.Hi >= b.Lo)
        {
            if (a.Lo == a.Hi && a == b) return ExactResult.FromRational(Rational.Zero);
            // Overlapping endpoint enclosures: int_a^b g = (b - a) g(xi) with xi between them.
            var hull = Interval.Union(a, b);
            var value = (b - a) * TaylorRule.Eval(g, hull);
            return ExactResult.FromEnclosure(value, "the endpoint enclosures overlap; first-order enclosure");
        }
        // int_a^b = int_a^{a.Hi} + int_{a.Hi}^{b.Lo} + int_{b.Lo}^b, the outer parts in [0, width] * g(endpoint box).
        var edgeA = new Interval(0, (Interval.Point(a.Hi) - Interval.Point(a.Lo)).Hi) * TaylorRule.Eval(g, a);
        var edgeB = new Interval(0, (Interval.Point(b.Hi) - Interval.Point(b.Lo)).Hi) * TaylorRule.Eval(g, b);
        if (a.Lo == a.Hi) edgeA = Interval.Point(0);
        if (b.Lo == b.Hi) edgeB = Interval.Point(0);
        return Adaptive(g, a.Hi, b.Lo, edgeA, edgeB, options.EnclosureWidth, maxEvaluations);
    }

    private static ExactResult Adaptive(Expr g, double c0, double d0, Interval edgeA, Interval edgeB, double target, int budget)
    {
        var rule = TaylorRule.Create(g);
        var queue = new PriorityQueue<Piece, double>();
        var done = new List<Piece>();
        double widthSum = 0;
        int infinite = 0, evaluations = 1;
        bool hopeless = false; // g is unbounded at a point: the enclosure cannot become finite

        void Add(Piece p)
        {
            bool finite = TaylorRule.IsFinite(p.Value);
            if (finite) widthSum += p.Value.Width; else infinite++;
            double m = p.C / 2 + p.D / 2;
            bool splittable = p.C < m && m < p.D;
            bool atRoundingFloor = finite && p.Reducible <= 0.1 * p.Value.Width;
            hopeless |= !finite && p.Reducible == 0;
            if (splittable && !atRoundingFloor && (finite || p.Reducible != 0)) queue.Enqueue(p, finite ? -p.Value.Width : double.NegativeInfinity);
            else done.Add(p);
        }

        Piece Evaluate(double c, double d)
        {
            var (value, reducible) = rule.Apply(c, d);
            return new Piece(c, d, value, reducible);
        }

        double edgeWidth = edgeA.Width + edgeB.Width;
        Add(Evaluate(c0, d0));
        int sinceRecount = 0;
        while (queue.Count > 0 && evaluations + 2 <= budget && !hopeless)
        {
            if (infinite == 0 && widthSum + edgeWidth <= 0.75 * target)
            {
                widthSum = Recount(queue, done); // the running sum drifts; decide on a fresh one
                sinceRecount = 0;
                if (widthSum + edgeWidth <= 0.75 * target) break;
            }
            var p = queue.Dequeue();
            if (TaylorRule.IsFinite(p.Value)) widthSum -= p.Value.Width; else infinite--;
            double m = p.C / 2 + p.D / 2;
            Add(Evaluate(p.C, m));
            Add(Evaluate(m, p.D));
            evaluations += 2;
            if (++sinceRecount == 4096) { widthSum = Recount(queue, done); sinceRecount = 0; }
        }

        var pieces = queue.UnorderedItems.Select(x => x.Element).Concat(done).ToList();
        var total = ExactSum(pieces.Select(p => p.Value).Append(edgeA).Append(edgeB));
        return ExactResult.FromEnclosure(total, Describe(total, pieces, rule.Order, evaluations, budget, target, queue.Count == 0));
    }

    private static double Recount(PriorityQueue<Piece, double> queue, List<Piece> done)
    {
        double s = 0;
        foreach (var (p, _) in queue.UnorderedItems) if (TaylorRule.IsFinite(p.Value)) s += p.Value.Width;
        foreach (var p in done) if (TaylorRule.IsFinite(p.Value)) s += p.Value.Width;
        return s;
    }

    // Sum of intervals with exact rational endpoint sums, rounded outward once.
    private static Interval ExactSum(IEnumerable<Interval> parts)
    {
        Rational lo = Rational.Zero, hi = Rational.Zero;
        bool loInfinite = false, hiInfinite = false;
        foreach (var x in parts)
        {
            if (double.IsFinite(x.Lo)) lo += Rational.FromDouble(x.Lo); else loInfinite = true;
            if (double.IsFinite(x.Hi)) hi += Rational.FromDouble(x.Hi); else hiInfinite = true;
        }
        return new Interval(loInfinite ? double.NegativeInfinity : Interval.FromRational(lo).Lo,
                            hiInfinite ? double.PositiveInfinity : Interval.FromRational(hi).Hi);
    }

    private static string Describe(Interval total, List<Piece> pieces, int order, int evaluations, int budget, double target, bool exhaustedSplits)
    {
        var how = $"no closed-form antiderivative; certified interval quadrature, {pieces.Count} subintervals, Taylor order {order}";
        if (!TaylorRule.IsFinite(total))
        {
            var bad = pieces.FirstOrDefault(p => !TaylorRule.IsFinite(p.Value));
            return how + $"; the integrand could not be bounded near t ≈ {F(bad.C / 2 + bad.D / 2)} (a pole, a point where it is undefined, or values beyond the double range)";
        }
        if (total.Width <= target) return how;
        if (evaluations + 2 > budget)
            return how + $"; the budget of {budget} evaluations was spent at width {F(total.Width)}, above the requested {F(target)}";
        return how + (exhaustedSplits
            ? $"; width {F(total.Width)} is above the requested {F(target)}: floating-point rounding limits it"
            : $"; width {F(total.Width)} is above the requested {F(target)}");
    }

    private static string F(double x) => x.ToString("G3", CultureInfo.InvariantCulture);
}
