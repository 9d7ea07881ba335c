using System.Globalization;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms;

/// <summary>
/// The tolerance a floating-point method is judged with (CONTRACT.md, <c>--tol ABS[,REL]</c>): an identity lhs = rhs is
/// violated only when |lhs - rhs| &gt; ABS + REL |rhs|. Both parts are exact rationals (<c>1e-9</c> is exactly 10^-9).
/// </summary>
/// <remarks>
/// How each axiom reads it (the comparisons of <see cref="Judge"/>): equalities (completeness, dummy, symmetry,
/// linearity, implementation and affine scale invariance, and their distributional versions) as above, with rhs the
/// right-hand side of the identity (F(x) - F(x'), 0, A_j, the combination, A on the other implementation);
/// non-decreasing positivity fails only when an attribution is below -ABS; sensitivity(a) fails only when
/// |F(x) - F(x')| &gt; ABS (the hypothesis holds beyond the tolerance) and |A_i| &lt;= ABS (the attribution is zero at
/// the tolerance).
/// </remarks>
public sealed record Tolerance
{
    /// <summary>The tolerance |lhs - rhs| &lt;= <paramref name="absolute"/> + <paramref name="relative"/> |rhs|.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A part is negative.</exception>
    public Tolerance(Rational absolute, Rational relative = default)
    {
        if (absolute.Sign < 0) throw new ArgumentOutOfRangeException(nameof(absolute), absolute, "the absolute tolerance must be at least 0");
        if (relative.Sign < 0) throw new ArgumentOutOfRangeException(nameof(relative), relative, "the relative tolerance must be at least 0");
        Absolute = absolute;
        Relative = relative;
    }

    /// <summary>The default for methods that answer in floats: 1e-9 absolute, no relative part.</summary>
    public static Tolerance Default { get; } = new(new Rational(1, 1_000_000_000));

    /// <summary>ABS.</summary>
    public Rational Absolute { get; }

    /// <summary>REL.</summary>
    public Rational Relative { get; }

    /// <summary>ABS + REL |rhs|: the largest |lhs - rhs| that still counts as equal.</summary>
    public Rational Allowance(Rational rhs) => Absolute + Relative * rhs.Abs();

    /// <summary>Reads <c>ABS</c> or <c>ABS,REL</c>, each in the exact number syntax (<c>1e-9</c>, <c>0.001</c>, <c>1/1000</c>).</summary>
    /// <exception cref="InputArgumentException">Not one or two non-negative numbers.</exception>
    public static Tolerance Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || parts.Any(p => p.Length == 0))
            throw new InputArgumentException($"bad tolerance '{text}': expected ABS or ABS,REL (e.g. 1e-9 or 1e-9,1e-6)");
        var values = new Rational[2];
        for (int k = 0; k < parts.Length; k++)
        {
            if (!Rational.TryParse(parts[k], out values[k], out var error, 1000))
                throw new InputArgumentException($"bad tolerance '{text}': {error}");
            if (values[k].Sign < 0) throw new InputArgumentException($"bad tolerance '{text}': {(k == 0 ? "ABS" : "REL")} must be at least 0");
        }
        return new Tolerance(values[0], values[1]);
    }

    /// <summary>[ABS, REL] as doubles, as the JSON reports write it.</summary>
    public double[] ToDoubles() => [Absolute.ToDouble(), Relative.ToDouble()];

    /// <summary>"|lhs - rhs| &lt;= 1E-09 + 0 |rhs|".</summary>
    public string Describe() => $"|lhs - rhs| <= {Number(Absolute)}{(Relative.IsZero ? "" : $" + {Number(Relative)} |rhs|")}";

    /// <summary>"ABS,REL" with the parts as doubles (e.g. <c>1E-09,0</c>).</summary>
    public override string ToString() => $"{Number(Absolute)},{Number(Relative)}";

    internal static string Number(Rational r) => r.ToDouble().ToString("G3", CultureInfo.InvariantCulture);
}

/// <summary>How far one comparison was from its tolerance: |lhs - rhs| (or how far below 0 an attribution is) and the
/// largest value allowed.</summary>
/// <param name="Deviation">The deviation, e.g. |lhs - rhs| (an approximation when the values are closed forms).</param>
/// <param name="Allowance">ABS + REL |rhs|.</param>
public sealed record Margin(double Deviation, double Allowance)
{
    /// <summary>Deviation / allowance: at most 1 within the tolerance, above 1 beyond it (infinite for a nonzero
    /// deviation with allowance 0).</summary>
    public double Ratio => Deviation == 0 ? 0 : Allowance == 0 ? double.PositiveInfinity : Deviation / Allowance;

    /// <summary>"|lhs - rhs| = 3.1E-04 (allowed 1E-09)".</summary>
    public override string ToString() =>
        $"{Deviation.ToString("G3", CultureInfo.InvariantCulture)} (allowed {Allowance.ToString("G3", CultureInfo.InvariantCulture)})";
}
