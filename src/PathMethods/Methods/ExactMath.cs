using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

/// <summary>Small exact operations on <see cref="ExactResult"/> that the methods share.</summary>
internal static class ExactMath
{
    public static readonly ExactResult Zero = ExactResult.FromRational(Rational.Zero);

    public static ExactResult Sum(IEnumerable<ExactResult> values)
    {
        var total = Zero;
        foreach (var v in values) total = ExactResult.Add(total, v);
        return total;
    }

    // w * r, exact when r is.
    public static ExactResult Scale(ExactResult r, Rational w)
    {
        if (r.Rational is { } q) return ExactResult.FromRational(w * q);
        if (w.IsZero) return Zero;
        if (r.ClosedForm is { } c) return ExactResult.FromClosedForm(Ex.Product(Ex.Const(w), c));
        return ExactResult.FromEnclosure(r.Enclosure * Interval.FromRational(w), r.Note);
    }

    public static ExactResult[] Zeros(int n) => Enumerable.Repeat(Zero, n).ToArray();

    public static string Point(IReadOnlyList<Rational> p) => "(" + string.Join(", ", p) + ")";

    public static string Values(IReadOnlyList<ExactResult> v) => "(" + string.Join(", ", v) + ")";
}
