using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions.Parsing;

/// <summary>Kinds of tokens of the function syntax.</summary>
internal enum TokenKind { Number, Identifier, Plus, Minus, Star, Slash, Caret, LeftParen, RightParen, Comma, End }

/// <summary>A token: its kind, where it starts, its text, and the exact value of a number.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, string Text, Rational Value = default)
{
    /// <summary>How the token is named in messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.Number => $"number '{Text}'",
        TokenKind.Identifier => $"'{Text}'",
        _ => $"'{Text}'",
    };

    /// <summary>True for a token that can begin an operand (used to report implicit multiplication).</summary>
    public bool StartsOperand => Kind is TokenKind.Number or TokenKind.Identifier or TokenKind.LeftParen;
}

/// <summary>Splits function text into tokens; numbers are read exactly through <see cref="Rational.TryParse"/>.</summary>
internal static class Lexer
{
    /// <summary>The tokens of <paramref name="text"/>, ending with an <see cref="TokenKind.End"/> token.</summary>
    /// <exception cref="ParseException">An unexpected character or a malformed or over-long number.</exception>
    public static List<Token> Tokenize(string text, ParseOptions options)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) { tokens.Add(new Token(TokenKind.End, text.Length, "")); return tokens; }
            char c = text[i];
            TokenKind? single = c switch
            {
                '+' => TokenKind.Plus,
                '-' => TokenKind.Minus,
                '*' => TokenKind.Star,
                '/' => TokenKind.Slash,
                '^' => TokenKind.Caret,
                '(' => TokenKind.LeftParen,
                ')' => TokenKind.RightParen,
                ',' => TokenKind.Comma,
                _ => null,
            };
            if (single is { } kind)
            {
                if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
                    throw Error("unexpected '**' (write powers with '^', e.g. x1^2)", i, text);
                tokens.Add(new Token(kind, i, c.ToString()));
                i++;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                i = ReadNumber(text, i, options, tokens);
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                int start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new Token(TokenKind.Identifier, start, text[start..i]));
            }
            else
                throw Error($"unexpected character '{Printable(c)}'", i, text);
        }
    }

    // digits [. digits] [(e|E) [sign] digits]; the exponent part only when digits follow.
    private static int ReadNumber(string text, int start, ParseOptions options, List<Token> tokens)
    {
        int i = start;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-')) j++;
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                while (j < text.Length && char.IsAsciiDigit(text[j])) j++;
                i = j;
            }
        }
        if (i < text.Length && text[i] == '.')
            throw Error($"malformed number '{text[start..(i + 1)]}'", start, text);
        string literal = text[start..i];
        if (!Rational.TryParse(literal, out var value, out var error, options.MaxDigits))
        {
            string problem = error.Contains("more than", StringComparison.Ordinal) || error.Contains("too large", StringComparison.Ordinal)
                ? $"number '{Shorten(literal)}' has more than {options.MaxDigits} digits (ParseOptions.MaxDigits)"
                : $"malformed number '{Shorten(literal)}': {error}";
            throw Error(problem, start, text);
        }
        tokens.Add(new Token(TokenKind.Number, start, literal, value));
        return i;
    }

    private static string Shorten(string s) => s.Length <= 24 ? s : s[..10] + "..." + s[^10..];

    private static string Printable(char c) => char.IsControl(c) || char.IsSurrogate(c)
        ? "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)
        : c.ToString();

    /// <summary>A parse exception at <paramref name="position"/>.</summary>
    public static ParseException Error(string problem, int position, string text) => new(new ParseError(problem, position, text));
}
