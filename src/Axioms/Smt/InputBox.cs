using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

/// <summary>A closed box <c>lo_i &lt;= x_i &lt;= hi_i</c> of inputs, the domain of every SMT query.</summary>
public sealed class InputBox : IEquatable<InputBox>
{
    /// <summary>A box with the given bounds per coordinate (copied).</summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty, or a lower bound exceeds its upper bound.</exception>
    public InputBox(IReadOnlyList<Rational> lower, IReadOnlyList<Rational> upper)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Count == 0) throw new ArgumentException("a box needs at least one coordinate", nameof(lower));
        if (lower.Count != upper.Count)
            throw new ArgumentException($"the box has {lower.Count} lower but {upper.Count} upper bounds", nameof(upper));
        for (int i = 0; i < lower.Count; i++)
            if (lower[i] > upper[i]) throw new ArgumentException($"box coordinate x{i + 1}: lower bound {lower[i]} exceeds upper bound {upper[i]}", nameof(lower));
        Lower = [.. lower];
        Upper = [.. upper];
    }

    /// <summary>The same interval <c>[lo, hi]</c> for all <paramref name="dimension"/> coordinates.</summary>
    /// <exception cref="ArgumentException">The dimension is below 1 or lo exceeds hi.</exception>
    public static InputBox Uniform(int dimension, Rational lo, Rational hi)
    {
        if (dimension < 1) throw new ArgumentException($"the dimension must be at least 1, not {dimension}", nameof(dimension));
        return new InputBox(Enumerable.Repeat(lo, dimension).ToArray(), Enumerable.Repeat(hi, dimension).ToArray());
    }

    /// <summary>The lower bounds.</summary>
    public ImmutableArray<Rational> Lower { get; }

    /// <summary>The upper bounds.</summary>
    public ImmutableArray<Rational> Upper { get; }

    /// <summary>The number of coordinates.</summary>
    public int Dimension => Lower.Length;

    /// <summary>True when <paramref name="x"/> lies in the box.</summary>
    public bool Contains(IReadOnlyList<Rational> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count != Dimension) return false;
        for (int i = 0; i < x.Count; i++)
            if (x[i] < Lower[i] || x[i] > Upper[i]) return false;
        return true;
    }

    /// <inheritdoc />
    public bool Equals(InputBox? other) =>
        other is not null && Lower.AsSpan().SequenceEqual(other.Lower.AsSpan()) && Upper.AsSpan().SequenceEqual(other.Upper.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is InputBox b && Equals(b);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var r in Lower) h.Add(r);
        foreach (var r in Upper) h.Add(r);
        return h.ToHashCode();
    }

    /// <summary><c>[lo1, hi1] x [lo2, hi2]</c>, or <c>[lo, hi]^n</c> when uniform.</summary>
    public override string ToString()
    {
        bool uniform = Lower.All(l => l == Lower[0]) && Upper.All(u => u == Upper[0]);
        return uniform ? $"[{Lower[0]}, {Upper[0]}]^{Dimension}"
                       : string.Join(" x ", Lower.Select((l, i) => $"[{l}, {Upper[i]}]"));
    }
}
