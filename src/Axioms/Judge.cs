using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms;

/// <summary>
/// The comparisons an axiom test makes, exactly or with a <see cref="Axioms.Tolerance"/>: each answers true, false, or
/// null when it cannot be decided (closed forms whose certified enclosures straddle the threshold). Without a tolerance
/// every answer is the exact one (<see cref="Exact"/>). With one, the judge remembers the comparison that came closest
/// to its allowance, or went furthest beyond it (<see cref="Worst"/>), for the verdict's report. One judge per trial.
/// </summary>
public sealed class Judge
{
    /// <summary>A judge with the tolerance, or exact when it is null.</summary>
    public Judge(Tolerance? tolerance) => Tolerance = tolerance;

    /// <summary>The exact judge.</summary>
    public static Judge Exactly => new(null);

    /// <summary>The tolerance, or null for exact comparisons.</summary>
    public Tolerance? Tolerance { get; }

    /// <summary>The comparison with the largest deviation relative to its allowance so far; null for the exact judge or
    /// before any comparison.</summary>
    public Margin? Worst { get; private set; }

    /// <summary>Whether lhs = rhs: exactly, or |lhs - rhs| &lt;= ABS + REL |rhs|.</summary>
    public bool? Equal(ExactResult lhs, ExactResult rhs)
    {
        ArgumentNullException.ThrowIfNull(lhs);
        ArgumentNullException.ThrowIfNull(rhs);
        if (Tolerance is null) return Exact.AreEqual(lhs, rhs);
        return Within(Exact.Subtract(lhs, rhs), rhs);
    }

    /// <summary>Whether a difference lhs - rhs already computed is 0: exactly, or |difference| &lt;= ABS + REL |rhs|.</summary>
    public bool? IsZeroDifference(ExactResult difference, ExactResult rhs)
    {
        ArgumentNullException.ThrowIfNull(difference);
        ArgumentNullException.ThrowIfNull(rhs);
        if (Tolerance is null) return Exact.Sign(difference) is { } s ? s == 0 : null;
        return Within(difference, rhs);
    }

    /// <summary>Whether the value is 0: exactly, or |value| &lt;= ABS.</summary>
    public bool? IsZero(ExactResult value) => IsZeroDifference(value, Exact.Zero);

    /// <summary>Whether the value is at least 0: exactly, or value &gt;= -ABS (the deviation is how far below 0 it is).</summary>
    public bool? IsNonNegative(ExactResult value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Tolerance is null) return Exact.Sign(value) is { } s ? s >= 0 : null;
        if (Bounds(value) is not { } v) return null;
        var allowance = Tolerance.Absolute;
        Record(v.Lo.Sign < 0 ? -v.Lo : Rational.Zero, allowance);
        if (v.Lo >= -allowance) return true;
        if (v.Hi < -allowance) return false;
        return null;
    }

    /// <summary>Whether the value is clearly nonzero: exactly nonzero, or |value| &gt; ABS (no margin is recorded: the
    /// hypothesis and conclusion of sensitivity(a) are not identities).</summary>
    public bool? IsNonZero(ExactResult value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Tolerance is null) return Exact.Sign(value) is { } s ? s != 0 : null;
        if (Bounds(value) is not { } v) return null;
        var a = Tolerance.Absolute;
        if (v.Lo > a || v.Hi < -a) return true;
        if (v.Lo >= -a && v.Hi <= a) return false;
        return null;
    }

    // |d| <= ABS + REL |rhs|, decided on exact rationals or on certified rational enclosures.
    private bool? Within(ExactResult difference, ExactResult rhs)
    {
        var tolerance = Tolerance!;
        if (Bounds(difference) is not { } d || Bounds(rhs) is not { } r) return null;
        var (dMin, dMax) = AbsRange(d);
        var (rMin, rMax) = AbsRange(r);
        Rational allowLo = tolerance.Absolute + tolerance.Relative * rMin, allowHi = tolerance.Absolute + tolerance.Relative * rMax;
        Record((dMin + dMax) * Rational.Half, (allowLo + allowHi) * Rational.Half);
        if (dMax <= allowLo) return true;
        if (dMin > allowHi) return false;
        return null;
    }

    private void Record(Rational deviation, Rational allowance)
    {
        var m = new Margin(deviation.ToDouble(), allowance.ToDouble());
        if (Worst is null || m.Ratio > Worst.Ratio || (m.Ratio == Worst.Ratio && m.Deviation > Worst.Deviation)) Worst = m;
    }

    private static (Rational Min, Rational Max) AbsRange(RationalInterval v)
    {
        var max = Rational.Max(v.Lo.Abs(), v.Hi.Abs());
        var min = v.ContainsZero ? Rational.Zero : Rational.Min(v.Lo.Abs(), v.Hi.Abs());
        return (min, max);
    }

    /// <summary>Certified rational bounds of a value: the value itself when rational, else its precise enclosure, a
    /// 256-bit enclosure of its closed form, or its double enclosure; null when none is finite.</summary>
    internal static RationalInterval? Bounds(ExactResult r)
    {
        if (r.Rational is { } q) return RationalInterval.Point(q);
        if (r.PreciseEnclosure is { } p) return p;
        if (r.ClosedForm is { } c)
        {
            try { return c.EncloseRational(256); }
            catch (ArithmeticException) { }
        }
        return double.IsFinite(r.Enclosure.Lo) && double.IsFinite(r.Enclosure.Hi)
            ? new RationalInterval(r.Enclosure.LoRational, r.Enclosure.HiRational) : null;
    }
}
