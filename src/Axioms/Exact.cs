using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms;

/// <summary>Exact arithmetic and decisions on <see cref="ExactResult"/> values: a comparison is decided exactly (rationals,
/// or closed forms whose difference folds to a constant), by a certified enclosure that excludes zero, or not at all.</summary>
public static class Exact
{
    /// <summary>Zero.</summary>
    public static readonly ExactResult Zero = ExactResult.FromRational(Rational.Zero);

    /// <summary>The sum of the values.</summary>
    public static ExactResult Sum(IEnumerable<ExactResult> values) => values.Aggregate(Zero, ExactResult.Add);

    /// <summary>a - b.</summary>
    public static ExactResult Subtract(ExactResult a, ExactResult b) => ExactResult.Add(a, b.Negate());

    /// <summary>w · r.</summary>
    public static ExactResult Scale(ExactResult r, Rational w)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (w.IsZero) return Zero;
        if (r.Rational is { } q) return ExactResult.FromRational(q * w);
        if (r.ClosedForm is { } c) return ExactResult.FromClosedForm(Ex.Product(Ex.Const(w), c));
        return ExactResult.FromEnclosure(r.Enclosure * Interval.FromRational(w), r.Note);
    }

    /// <summary>The sign of the value (-1, 0, 1), or null when it cannot be decided.</summary>
    public static int? Sign(ExactResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.Rational is { } q) return q.Sign;
        if (r.ClosedForm is Constant c) return c.Value.Sign;
        if (r.PreciseEnclosure is { } p && !p.ContainsZero) return p.Lo.Sign > 0 ? 1 : -1;
        if (r.Enclosure.Lo > 0) return 1;
        if (r.Enclosure.Hi < 0) return -1;
        if (r.ClosedForm is { } closed)
        {
            // Refine: a certified enclosure narrower than the one stored.
            try
            {
                var fine = closed.EncloseRational(256);
                if (!fine.ContainsZero) return fine.Lo.Sign > 0 ? 1 : -1;
            }
            catch (ArithmeticException) { }
        }
        return null;
    }

    /// <summary>Whether a = b: true or false when decided, null otherwise.</summary>
    public static bool? AreEqual(ExactResult a, ExactResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rational is { } x && b.Rational is { } y) return x == y;
        var s = Sign(Subtract(a, b));
        return s is null ? null : s == 0;
    }

    /// <summary>The value as a string: the rational, or the closed form, or the enclosure "[lo, hi]".</summary>
    public static string Format(ExactResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.Rational is { } q) return q.ToString();
        if (r.ClosedForm is { } c) return c.ToString();
        return $"[{r.Enclosure.Lo:R}, {r.Enclosure.Hi:R}]";
    }
}
