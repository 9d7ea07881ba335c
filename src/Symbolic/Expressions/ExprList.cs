using System.Collections;
using System.Collections.Immutable;

namespace Verifier.Symbolic.Expressions;

/// <summary>
/// An immutable list of child expressions with value equality and a cached hash code
/// (a record holding an <see cref="ImmutableArray{T}"/> would compare by reference).
/// </summary>
public sealed class ExprList : IReadOnlyList<Expr>, IEquatable<ExprList>
{
    private readonly ImmutableArray<Expr> _items;
    private readonly int _hash;

    /// <summary>Wraps the items (already in canonical order).</summary>
    public ExprList(ImmutableArray<Expr> items)
    {
        _items = items;
        var h = new HashCode();
        foreach (var e in items) h.Add(e);
        _hash = h.ToHashCode();
    }

    /// <summary>Wraps the items (already in canonical order).</summary>
    public ExprList(IEnumerable<Expr> items) : this(items.ToImmutableArray()) { }

    /// <summary>The items.</summary>
    public ImmutableArray<Expr> Items => _items;
    /// <inheritdoc />
    public int Count => _items.Length;
    /// <inheritdoc />
    public Expr this[int index] => _items[index];
    /// <inheritdoc />
    public ImmutableArray<Expr>.Enumerator GetEnumerator() => _items.GetEnumerator();
    IEnumerator<Expr> IEnumerable<Expr>.GetEnumerator() => ((IEnumerable<Expr>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)_items).GetEnumerator();

    /// <inheritdoc />
    public bool Equals(ExprList? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other._hash != _hash || other._items.Length != _items.Length) return false;
        for (int i = 0; i < _items.Length; i++)
            if (!_items[i].Equals(other._items[i])) return false;
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ExprList);
    /// <inheritdoc />
    public override int GetHashCode() => _hash;
}
