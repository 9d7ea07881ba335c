using System.Text;

namespace Verifier.Axioms.Smt;

/// <summary>
/// Cuts a character stream (a solver's standard output) into the texts of complete top-level s-expressions, one
/// character at a time, so that a reply is recognised as soon as its last character arrives.
/// </summary>
/// <remarks>A stray <c>)</c> at top level is returned as a reply of its own (garbage that the caller reports).</remarks>
internal sealed class SExprScanner
{
    private readonly StringBuilder _current = new();
    private readonly int _maxLength;
    private int _depth;
    private bool _inString, _inQuoted, _inComment;

    /// <summary>A scanner that reports an error for a reply longer than <paramref name="maxLength"/> characters.</summary>
    public SExprScanner(int maxLength = 64 * 1024 * 1024) => _maxLength = maxLength;

    /// <summary>True when a reply has started but is not complete.</summary>
    public bool InProgress => _current.Length > 0;

    /// <summary>Consumes one character; returns the text of a reply it completes, or null.</summary>
    /// <exception cref="InvalidDataException">The reply exceeds the length limit.</exception>
    public string? Feed(char c)
    {
        if (_inComment)
        {
            if (c == '\n') _inComment = false;
            return null;
        }
        if (_inString)
        {
            _current.Append(c);
            if (c == '"') _inString = false; // a doubled quote reopens at once: "" -> close, open
            return CheckLength();
        }
        if (_inQuoted)
        {
            _current.Append(c);
            if (c == '|') _inQuoted = false;
            return CheckLength();
        }
        if (c == ';' && _depth == 0)
        {
            _inComment = true; // a top-level comment; it also ends an atom
            return _current.Length > 0 ? Take() : null;
        }
        if (char.IsWhiteSpace(c))
        {
            if (_depth == 0) return _current.Length > 0 ? Take() : null; // a top-level atom ends
            _current.Append(c);
            return CheckLength();
        }
        switch (c)
        {
            case '(':
                if (_depth == 0 && _current.Length > 0)
                {
                    // An atom directly followed by '(' ends; the list starts a new reply. Rare; keep the atom.
                    var atom = Take();
                    _depth = 1;
                    _current.Append(c);
                    return atom;
                }
                _depth++;
                _current.Append(c);
                return CheckLength();
            case ')':
                if (_depth == 0)
                {
                    if (_current.Length > 0) return Take(); // the stray ')' is dropped after the atom it ends
                    return ")";
                }
                _current.Append(c);
                return --_depth == 0 ? Take() : CheckLength();
            case '"':
                _inString = true;
                _current.Append(c);
                return CheckLength();
            case '|':
                _inQuoted = true;
                _current.Append(c);
                return CheckLength();
            default:
                _current.Append(c);
                return CheckLength();
        }
    }

    /// <summary>At the end of the stream: the text of a pending top-level atom, or null (an unfinished list is dropped).</summary>
    public string? Finish() => _depth == 0 && !_inString && !_inQuoted && _current.Length > 0 ? Take() : null;

    private string? CheckLength() =>
        _current.Length > _maxLength ? throw new InvalidDataException($"a solver reply exceeds {_maxLength} characters") : null;

    private string Take()
    {
        var s = _current.ToString();
        _current.Clear();
        _depth = 0;
        return s;
    }
}
