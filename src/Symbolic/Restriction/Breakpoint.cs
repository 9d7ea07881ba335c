using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Roots;

namespace Verifier.Symbolic.Restriction;

/// <summary>
/// A point t in [0, 1] where a restricted function may switch pieces: an exact rational, or an irrational real
/// algebraic number given by its polynomial and an isolating interval (refinable to any width).
/// </summary>
public sealed class Breakpoint : IComparable<Breakpoint>, IEquatable<Breakpoint>
{
    private Breakpoint(Rational? exact, RealRoot? root, UnivariatePolynomial? polynomial)
    {
        Exact = exact;
        Root = root;
        Polynomial = polynomial;
    }

    /// <summary>The exact value when rational.</summary>
    public Rational? Exact { get; }
    /// <summary>The isolated root when irrational.</summary>
    public RealRoot? Root { get; }
    /// <summary>The defining polynomial of an irrational breakpoint.</summary>
    public UnivariatePolynomial? Polynomial { get; }

    /// <summary>True when the breakpoint is rational.</summary>
    public bool IsExact => Exact is not null;
    /// <summary>Lower end of the isolating interval (the value itself when exact).</summary>
    public Rational Lo => Exact ?? Root!.Lo;
    /// <summary>Upper end of the isolating interval (the value itself when exact).</summary>
    public Rational Hi => Exact ?? Root!.Hi;
    /// <summary>A certified enclosure.</summary>
    public Interval Enclosure => Exact is { } e ? Interval.FromRational(e) : Interval.Hull(Root!.Lo, Root.Hi);
    /// <summary>A double approximation.</summary>
    public double Approx => Exact is { } e ? e.ToDouble() : Root!.Approx;

    /// <summary>A rational breakpoint.</summary>
    public static Breakpoint At(Rational t) => new(t, null, null);

    /// <summary>A breakpoint at an isolated root of <paramref name="polynomial"/> (rational roots become exact).</summary>
    public static Breakpoint FromRoot(RealRoot root, UnivariatePolynomial polynomial) =>
        root.Exact is { } e ? At(e) : new(null, root, polynomial);

    /// <summary>The same point with its isolating interval refined to at most <paramref name="width"/>.</summary>
    public Breakpoint Refined(Rational width) => IsExact ? this : new(null, Root!.Refine(width), Polynomial);

    /// <summary>A rational strictly between two breakpoints <paramref name="a"/> &lt; <paramref name="b"/>.</summary>
    public static Rational Between(Breakpoint a, Breakpoint b)
    {
        if (a.IsExact && b.IsExact) return (a.Exact!.Value + b.Exact!.Value) / 2;
        var width = (b.Hi - a.Lo) / 4;
        for (int i = 0; i < 400; i++)
        {
            if (a.Hi < b.Lo)
            {
                // Any rational in (a.Hi, b.Lo) works; prefer the midpoint, and for exact ends stay strictly inside.
                return (a.Hi + b.Lo) / 2;
            }
            a = a.Refined(width);
            b = b.Refined(width);
            width /= 2;
        }
        throw new InvalidOperationException("breakpoints could not be separated (are they equal?)");
    }

    /// <summary>Exact comparison of the two real numbers.</summary>
    public int CompareTo(Breakpoint? other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IsExact && other.IsExact) return Exact!.Value.CompareTo(other.Exact!.Value);
        if (IsExact) return -other.Root!.CompareTo(Exact!.Value);
        if (other.IsExact) return Root!.CompareTo(other.Exact!.Value);
        // Two irrational roots: equal iff the gcd of their polynomials has a root where their isolating intervals overlap.
        var a = this; var b = other;
        var g = UnivariatePolynomial.Gcd(a.Polynomial!, b.Polynomial!);
        for (int i = 0; i < 400; i++)
        {
            if (a.Hi < b.Lo) return -1;
            if (b.Hi < a.Lo) return 1;
            var lo = Rational.Max(a.Lo, b.Lo); var hi = Rational.Min(a.Hi, b.Hi);
            if (g.Degree >= 1 && RealRoots.Isolate(g, lo, hi).Count > 0) return 0;
            var w = Rational.Max(a.Hi - a.Lo, b.Hi - b.Lo) / 4;
            a = a.Refined(w); b = b.Refined(w);
        }
        throw new InvalidOperationException("could not compare two algebraic breakpoints");
    }

    /// <inheritdoc />
    public bool Equals(Breakpoint? other) => other is not null && CompareTo(other) == 0;
    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Breakpoint);
    /// <inheritdoc />
    public override int GetHashCode() => IsExact ? Exact!.Value.GetHashCode() : 17; // irrational: equality needs comparison

    /// <summary>The exact value, or the root's polynomial with its isolating interval and approximate value.</summary>
    public override string ToString() =>
        Exact is { } e ? e.ToString() : $"root of {Polynomial} in [{Root!.Lo}, {Root.Hi}] (~{Approx:R})";
}
