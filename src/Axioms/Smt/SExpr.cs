using System.Text;

namespace Verifier.Axioms.Smt;

/// <summary>
/// An s-expression as solvers print them: an atom (symbol, keyword, numeral, decimal, or string literal) or a list.
/// </summary>
/// <remarks>SMT-LIB 2.6 standard, section 3.1 (lexicon) and 3.2 (s-expressions).</remarks>
public abstract record SExpr
{
    private protected SExpr() { }

    /// <summary>Parses exactly one s-expression (surrounding white space and <c>;</c> comments allowed).</summary>
    /// <exception cref="FormatException">The text is empty, unbalanced, or holds more than one s-expression.</exception>
    public static SExpr Parse(string text)
    {
        var all = ParseAll(text);
        if (all.Count != 1)
            throw new FormatException(all.Count == 0 ? "no s-expression in the solver output" : $"expected one s-expression, found {all.Count}: '{Shorten(text)}'");
        return all[0];
    }

    /// <summary>Parses a sequence of s-expressions.</summary>
    /// <exception cref="FormatException">A list is unbalanced, or a string or quoted symbol is not closed.</exception>
    public static IReadOnlyList<SExpr> ParseAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stack = new Stack<List<SExpr>>();
        var top = new List<SExpr>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == ';') { while (i < text.Length && text[i] != '\n') i++; continue; }
            if (c == '(') { stack.Push(top); top = []; i++; continue; }
            if (c == ')')
            {
                if (stack.Count == 0) throw new FormatException($"unbalanced ')' at position {i} in '{Shorten(text)}'");
                var list = new SList(top);
                top = stack.Pop();
                top.Add(list);
                i++;
                continue;
            }
            top.Add(ReadAtom(text, ref i));
        }
        if (stack.Count > 0) throw new FormatException($"unbalanced '(' in '{Shorten(text)}'");
        return top;
    }

    private static SAtom ReadAtom(string text, ref int i)
    {
        int start = i;
        if (text[i] == '"')
        {
            var sb = new StringBuilder();
            i++;
            while (true)
            {
                if (i >= text.Length) throw new FormatException($"unterminated string literal in '{Shorten(text)}'");
                if (text[i] == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { sb.Append('"'); i += 2; continue; } // "" escapes a quote
                    i++;
                    return new SAtom(sb.ToString(), IsString: true);
                }
                sb.Append(text[i++]);
            }
        }
        if (text[i] == '|')
        {
            int close = text.IndexOf('|', i + 1);
            if (close < 0) throw new FormatException($"unterminated quoted symbol in '{Shorten(text)}'");
            i = close + 1;
            return new SAtom(text[(start + 1)..close]);
        }
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ';' or '"' or '|')) i++;
        return new SAtom(text[start..i]);
    }

    internal static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}

/// <summary>An atom: a symbol, keyword, numeral or decimal (as printed), or the contents of a string literal.</summary>
/// <param name="Text">The atom's text (for a string literal, its unescaped contents; for <c>|quoted|</c> symbols, without the bars).</param>
/// <param name="IsString">True for a string literal.</param>
public sealed record SAtom(string Text, bool IsString = false) : SExpr
{
    /// <summary>The atom as SMT-LIB text.</summary>
    public override string ToString() => IsString ? "\"" + Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : Text;
}

/// <summary>A parenthesised list.</summary>
public sealed record SList : SExpr
{
    /// <summary>A list of the given items (copied).</summary>
    public SList(IEnumerable<SExpr> items) => Items = [.. items];

    /// <summary>The items.</summary>
    public IReadOnlyList<SExpr> Items { get; }

    /// <summary>The number of items.</summary>
    public int Count => Items.Count;

    /// <summary>Item <paramref name="index"/>.</summary>
    public SExpr this[int index] => Items[index];

    /// <summary>True when the first item is the symbol <paramref name="head"/>.</summary>
    public bool HasHead(string head) => Items.Count > 0 && Items[0] is SAtom { IsString: false } a && a.Text == head;

    /// <summary>Structural equality.</summary>
    public bool Equals(SList? other) => other is not null && Items.SequenceEqual(other.Items);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var item in Items) h.Add(item);
        return h.ToHashCode();
    }

    /// <summary>The list as SMT-LIB text on one line.</summary>
    public override string ToString() => "(" + string.Join(" ", Items) + ")";
}
