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

    /// <summary>The double nearest the value, or the midpoint of its enclosure.</summary>
    public static double Approx(ExactResult r) =>
        r.Rational is { } q ? q.ToDouble() : r.PreciseEnclosure is { } p ? p.Mid.ToDouble() : r.Enclosure.Mid;

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
