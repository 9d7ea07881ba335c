using System.Globalization;
using System.Text;

namespace Verifier.Axioms.External;

/// <summary>
/// Splits a command line into words as a POSIX shell does, without running a shell (CONTRACT.md, <c>--method-cmd</c>):
/// blanks separate words; <c>'...'</c> keeps everything literally; <c>"..."</c> keeps everything except that a backslash
/// escapes <c>" \ $ `</c> and a line break (an unescaped <c>$</c> or <c>`</c> there is refused); outside quotes a backslash escapes any character; <c>""</c> is an empty word.
/// </summary>
/// <remarks>
/// There is no expansion of any kind. So that a command never means something else than it seems to, the characters a
/// shell would interpret are refused when they stand unquoted: <c>| &amp; ; &lt; &gt; ( ) $ `</c>, the wildcards
/// <c>* ?</c>, <c>~</c> and <c>#</c> at the start of a word, and a leading <c>NAME=value</c> (use <c>env NAME=value cmd</c>).
/// Quote them to pass them literally, or run <c>sh -c '...'</c> explicitly.
/// </remarks>
public static class CommandLine
{
    /// <summary>The words of <paramref name="text"/>; the first is the command.</summary>
    /// <exception cref="FormatException">Unterminated quote, trailing backslash, a shell character, or no words;
    /// the message gives the 1-based position.</exception>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false, quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord) End();
                    break;
                case '\'':
                {
                    int close = text.IndexOf('\'', i + 1);
                    if (close < 0) throw Error(text, i, "a single quote is not closed");
                    word.Append(text, i + 1, close - i - 1);
                    inWord = quoted = true;
                    i = close;
                    break;
                }
                case '"':
                    i = DoubleQuoted(text, i, word);
                    inWord = quoted = true;
                    break;
                case '\\':
                    if (i + 1 >= text.Length) throw Error(text, i, "a backslash ends the command");
                    if (text[i + 1] != '\n') word.Append(text[i + 1]);
                    inWord = inWord || text[i + 1] != '\n';
                    i++;
                    break;
                case '|' or '&' or ';' or '<' or '>' or '(' or ')' or '$' or '`':
                    throw Error(text, i, $"'{c}' needs a shell, and the command runs without one: quote it to pass it literally, or run sh -c '...' yourself");
                case '*' or '?':
                    throw Error(text, i, $"'{c}' is a wildcard and nothing expands it (no shell): quote it to pass it literally");
                case '~' or '#' when !inWord:
                    throw Error(text, i, c == '~' ? "'~' is not expanded (no shell): write the full path, or quote it"
                                                  : "'#' would start a comment in a shell: quote it to pass it literally");
                case '=' when words.Count == 0 && !quoted && IsName(word):
                    throw Error(text, i, $"'{word}=...' before the command sets a variable only in a shell: write env {word}=... COMMAND");
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }
        if (inWord) End();
        if (words.Count == 0) throw new FormatException("the command is empty");
        return words;

        void End()
        {
            words.Add(word.ToString());
            word.Clear();
            inWord = quoted = false;
        }
    }

    /// <summary>The words joined back into a line that <see cref="Split"/> reads as the same words (single quotes where needed).</summary>
    public static string Join(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return string.Join(' ', words.Select(Quote));
    }

    private static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:,+@%^".Contains(c))) return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Reads a double-quoted part starting at <paramref name="open"/>; returns the index of the closing quote.</summary>
    private static int DoubleQuoted(string text, int open, StringBuilder word)
    {
        for (int i = open + 1; i < text.Length; i++)
        {
            char d = text[i];
            if (d == '"') return i;
            if (d is '$' or '`')
                throw Error(text, i, $"'{d}' inside double quotes would expand in a shell, and nothing expands it here: use single quotes or \\{d}");
            if (d == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`' or '\n')
            {
                if (text[i + 1] != '\n') word.Append(text[i + 1]);
                i++;
            }
            else word.Append(d);
        }
        throw Error(text, open, "a double quote is not closed");
    }

    private static bool IsName(StringBuilder word)
    {
        if (word.Length == 0 || !(char.IsAsciiLetter(word[0]) || word[0] == '_')) return false;
        for (int k = 1; k < word.Length; k++)
            if (!(char.IsAsciiLetterOrDigit(word[k]) || word[k] == '_')) return false;
        return true;
    }

    private static FormatException Error(string text, int index, string what) =>
        new($"bad command line at position {(index + 1).ToString(CultureInfo.InvariantCulture)}: {what} (in: {Shorten(text)})");

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
