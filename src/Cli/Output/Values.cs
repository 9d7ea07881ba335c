using Verifier.Symbolic.Expressions.Printing;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Output;

/// <summary>How one <see cref="ExactResult"/> is shown: exact text, double approximation, certified enclosure.</summary>
internal static class Values
{
    /// <summary>The rational in lowest terms, or the closed form in the function syntax; null when not exact.</summary>
    public static string? Exact(ExactResult r) =>
        r.Rational is { } q ? q.ToString() : r.ClosedForm is { } c ? PlainPrinter.Print(c) : null;

    /// <summary>The closed form in LaTeX, or the enclosure when not exact.</summary>
    public static string Latex(ExactResult r)
    {
        if (r.Rational is { } q) return LatexPrinter.Print(q);
        if (r.ClosedForm is { } c) return LatexPrinter.Print(c);
        var (lo, hi) = Enclosure(r);
        return $@"\in [{lo}, {hi}]";
    }

    /// <summary>
    /// The rational rounded to the nearest double; otherwise the midpoint of the enclosure, within an ulp or two of the
    /// value where doubles resolve it. Where they do not (a value beyond the double range or in the subnormal range,
    /// e.g. exp(10^6) or exp(-10^6)), the midpoint is meaningless and the nearest double
    /// (<see cref="ExactResult.ToDouble"/>: +infinity, 0) is taken instead.
    /// </summary>
    /// <remarks>
    /// ExactResult.ToDouble is the nearest double everywhere; the midpoint is kept in the normal range so that the
    /// published conformance suite (golden) stays byte for byte (its approximations differ from the nearest double in
    /// the last digit for 80 closed-form values).
    /// </remarks>
    public static double Approx(ExactResult r)
    {
        if (r.Rational is { } q) return q.ToDouble();
        double mid = r.PreciseEnclosure is { } p ? p.Mid.ToDouble() : r.Enclosure.Mid;
        bool resolved = double.IsNormal(mid) && double.IsFinite(r.Enclosure.Lo) && double.IsFinite(r.Enclosure.Hi);
        return resolved ? mid : r.ToDouble();
    }

    /// <summary>The certified enclosure as exact rational strings (<c>-inf</c>/<c>inf</c> for unbounded ends).</summary>
    public static (string Lo, string Hi) Enclosure(ExactResult r)
    {
        if (r.PreciseEnclosure is { } p) return (p.Lo.ToString(), p.Hi.ToString());
        var e = r.Enclosure;
        return (double.IsFinite(e.Lo) ? Rational.FromDouble(e.Lo).ToString() : "-inf",
                double.IsFinite(e.Hi) ? Rational.FromDouble(e.Hi).ToString() : "inf");
    }

    /// <summary>Text for people: the exact value, or "[lo, hi] (not exact)".</summary>
    public static string Text(ExactResult r)
    {
        if (Exact(r) is { } s) return s;
        var (lo, hi) = Enclosure(r);
        return $"[{lo}, {hi}] (not exact)";
    }
}
