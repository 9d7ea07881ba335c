using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Restriction;

/// <summary>
/// A function of t on [Start, End] given piece by piece: on [Breakpoints[j], Breakpoints[j+1]] it equals
/// <see cref="Pieces"/>[j], a kink-free expression in t (variable index 0).
/// </summary>
public sealed class PiecewiseFunction
{
    /// <summary>Builds a piecewise function; there must be one more breakpoint than pieces, in increasing order.</summary>
    public PiecewiseFunction(IReadOnlyList<Breakpoint> breakpoints, IReadOnlyList<Expr> pieces)
    {
        if (breakpoints.Count != pieces.Count + 1)
            throw new ArgumentException($"{breakpoints.Count} breakpoints for {pieces.Count} pieces; expected one more breakpoint than pieces");
        Breakpoints = breakpoints;
        Pieces = pieces;
    }

    /// <summary>The breakpoints t0 &lt; t1 &lt; ... &lt; tk, including both ends.</summary>
    public IReadOnlyList<Breakpoint> Breakpoints { get; }
    /// <summary>The expression in t on each piece.</summary>
    public IReadOnlyList<Expr> Pieces { get; }
    /// <summary>True when every breakpoint is rational.</summary>
    public bool AllBreakpointsExact => Breakpoints.All(b => b.IsExact);

    /// <summary>The rational breakpoints (throws when one is irrational; check <see cref="AllBreakpointsExact"/>).</summary>
    public IReadOnlyList<Rational> ExactBreakpoints =>
        Breakpoints.Select(b => b.Exact ?? throw new InvalidOperationException($"breakpoint {b} is irrational")).ToList();

    /// <summary>The derivative in t, piece by piece (the derivative at breakpoints is left undefined), under
    /// <paramref name="convention"/> (default PyTorch's).</summary>
    public PiecewiseFunction Derivative(KinkConvention? convention = null) =>
        new(Breakpoints, Pieces.Select(p => p.Differentiate(0, convention ?? KinkConvention.Default)).ToList());

    /// <summary>Applies a function to every piece (e.g. multiplication by a constant).</summary>
    public PiecewiseFunction Map(Func<Expr, Expr> f) => new(Breakpoints, Pieces.Select(f).ToList());

    /// <summary>The value at a rational t (from the first piece whose closed interval contains t).</summary>
    public Expr ValueAt(Rational t)
    {
        var at = Breakpoint.At(t);
        for (int j = 0; j < Pieces.Count; j++)
            if (Breakpoints[j + 1].CompareTo(at) >= 0 && Breakpoints[j].CompareTo(at) <= 0)
                return Pieces[j].Substitute(new Dictionary<int, Expr> { [0] = Ex.Const(t) });
        throw new ArgumentOutOfRangeException(nameof(t), $"t = {t} is outside [{Breakpoints[0]}, {Breakpoints[^1]}]");
    }

    /// <summary>
    /// The exact integral over the whole range: the sum of the exact integrals of the pieces. Pieces that end at an
    /// irrational breakpoint, or that have no closed-form antiderivative, contribute a certified enclosure and the
    /// result is then marked not exact.
    /// </summary>
    public ExactResult Integrate(ExactOptions? options = null)
    {
        options ??= ExactOptions.Current;
        ExactResult? total = null;
        for (int j = 0; j < Pieces.Count; j++)
        {
            var a = Breakpoints[j]; var b = Breakpoints[j + 1];
            ExactResult part;
            if (Pieces[j] is Constant { Value.IsZero: true }) part = ExactResult.FromRational(Rational.Zero);
            else if (a.IsExact && b.IsExact) part = Verifier.Symbolic.Integration.Integrate.Definite(Pieces[j], a.Exact!.Value, b.Exact!.Value, options);
            else
            {
                var w = Rational.FromDouble(Math.Max(options.EnclosureWidth, 1e-300)) / 16;
                part = Verifier.Symbolic.Integration.Integrate.DefiniteEnclosure(Pieces[j], a.Refined(w).Enclosure, b.Refined(w).Enclosure, options);
            }
            total = total is null ? part : ExactResult.Add(total, part);
        }
        return total ?? ExactResult.FromRational(Rational.Zero);
    }

    /// <summary>One line per piece: [a, b]: expression.</summary>
    public override string ToString() =>
        string.Join("\n", Pieces.Select((p, j) => $"[{Breakpoints[j]}, {Breakpoints[j + 1]}]: {p}"));
}
