using System.Text;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

/// <summary>
/// An affine combination <c>c + sum_k a_k s_k</c> with exact rational coefficients over the symbols s_k that one
/// <see cref="SmtWriter"/> declared (inputs, and the relu and select atoms of its encodings). Immutable; equality is
/// structural, which is what lets the writer share one atom between equal sub-terms.
/// </summary>
/// <remarks>A term refers to symbol numbers of the writer that made it; do not mix terms of two writers.</remarks>
public sealed class LinearTerm : IEquatable<LinearTerm>
{
    /// <summary>The zero term.</summary>
    public static readonly LinearTerm Zero = new([], Rational.Zero);

    private readonly (int Symbol, Rational Coefficient)[] _terms; // sorted by symbol, no zero coefficient
    private string? _key;

    private LinearTerm((int, Rational)[] terms, Rational constant)
    {
        _terms = terms;
        Constant = constant;
    }

    /// <summary>The constant part c.</summary>
    public Rational Constant { get; }

    /// <summary>True when the term has no symbol (it is the constant <see cref="Constant"/>).</summary>
    public bool IsConstant => _terms.Length == 0;

    /// <summary>The (symbol number, coefficient) pairs, in increasing symbol order.</summary>
    public IReadOnlyList<(int Symbol, Rational Coefficient)> Terms => _terms;

    /// <summary>The constant term.</summary>
    public static LinearTerm Const(Rational value) => value.IsZero ? Zero : new([], value);

    /// <summary>The symbol with number <paramref name="symbol"/>, coefficient 1.</summary>
    internal static LinearTerm Symbol(int symbol) => new([(symbol, Rational.One)], Rational.Zero);

    /// <summary>The coefficient of the first (smallest) symbol; the term must not be constant.</summary>
    internal Rational Leading => _terms[0].Coefficient;

    /// <summary>a + b.</summary>
    public static LinearTerm operator +(LinearTerm a, LinearTerm b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (b._terms.Length == 0) return b.Constant.IsZero ? a : new(a._terms, a.Constant + b.Constant);
        if (a._terms.Length == 0) return a.Constant.IsZero ? b : new(b._terms, a.Constant + b.Constant);
        var merged = new List<(int, Rational)>(a._terms.Length + b._terms.Length);
        int i = 0, j = 0;
        while (i < a._terms.Length || j < b._terms.Length)
        {
            if (j >= b._terms.Length || (i < a._terms.Length && a._terms[i].Symbol < b._terms[j].Symbol)) merged.Add(a._terms[i++]);
            else if (i >= a._terms.Length || b._terms[j].Symbol < a._terms[i].Symbol) merged.Add(b._terms[j++]);
            else
            {
                var c = a._terms[i].Coefficient + b._terms[j].Coefficient;
                if (!c.IsZero) merged.Add((a._terms[i].Symbol, c));
                i++;
                j++;
            }
        }
        return new([.. merged], a.Constant + b.Constant);
    }

    /// <summary>-a.</summary>
    public static LinearTerm operator -(LinearTerm a) => Rational.MinusOne * a;

    /// <summary>a - b.</summary>
    public static LinearTerm operator -(LinearTerm a, LinearTerm b) => a + -b;

    /// <summary>c a.</summary>
    public static LinearTerm operator *(Rational c, LinearTerm a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (c.IsZero) return Zero;
        if (c.IsOne) return a;
        var terms = new (int, Rational)[a._terms.Length];
        for (int i = 0; i < terms.Length; i++) terms[i] = (a._terms[i].Symbol, c * a._terms[i].Coefficient);
        return new(terms, c * a.Constant);
    }

    /// <summary>a c.</summary>
    public static LinearTerm operator *(LinearTerm a, Rational c) => c * a;

    /// <summary>A constant term.</summary>
    public static implicit operator LinearTerm(Rational value) => Const(value);

    /// <summary>A constant term.</summary>
    public static implicit operator LinearTerm(int value) => Const(value);

    /// <summary>A text that identifies the term (equal terms, equal keys).</summary>
    internal string Key
    {
        get
        {
            if (_key is not null) return _key;
            var sb = new StringBuilder();
            foreach (var (s, c) in _terms) sb.Append(s).Append(':').Append(c).Append(' ');
            return _key = sb.Append('|').Append(Constant).ToString();
        }
    }

    /// <inheritdoc />
    public bool Equals(LinearTerm? other) => other is not null && Key == other.Key;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is LinearTerm t && Equals(t);

    /// <inheritdoc />
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    /// <summary>For debugging: <c>2*s1 - 1/2*s3 + 1</c> with symbol numbers.</summary>
    public override string ToString()
    {
        if (_terms.Length == 0) return Constant.ToString();
        var parts = _terms.Select(t => t.Coefficient.IsOne ? $"s{t.Symbol}" : $"{t.Coefficient}*s{t.Symbol}").ToList();
        if (!Constant.IsZero) parts.Add(Constant.ToString());
        return string.Join(" + ", parts);
    }
}
