using System.Globalization;
using System.Text;

namespace Verifier.Symbolic.Expressions.Parsing;

/// <summary>
/// What is wrong with a function text, and where: <see cref="Problem"/> names the problem,
/// <see cref="Position"/> is the 0-based index of the offending character in <see cref="Text"/>.
/// </summary>
/// <param name="Problem">The problem in words, e.g. <c>unknown function 'foo'</c>.</param>
/// <param name="Position">0-based character index (the text's length for a problem at its end).</param>
/// <param name="Text">The whole input text.</param>
public sealed record ParseError(string Problem, int Position, string Text)
{
    private const int Window = 30;

    /// <summary>
    /// One line: the problem, the position and an excerpt of the input around it, e.g.
    /// <c>unexpected ')' after the end of the expression at position 9: 'x1 + (x2))'</c>.
    /// </summary>
    public string Message =>
        $"{Problem} at position {Position.ToString(CultureInfo.InvariantCulture)}: '{Excerpt(out _)}'";

    /// <summary>Two lines: the excerpt of the input and a caret under the offending character.</summary>
    public string Caret
    {
        get
        {
            var excerpt = Excerpt(out int column);
            return excerpt + "\n" + new string(' ', column) + "^";
        }
    }

    /// <inheritdoc />
    public override string ToString() => Message;

    // The input around the position (at most Window characters either side, with "..." where cut),
    // with control characters shown as spaces so that the message stays on one line.
    private string Excerpt(out int column)
    {
        int from = Math.Max(0, Position - Window);
        int to = Math.Min(Text.Length, Position + Window);
        var sb = new StringBuilder();
        if (from > 0) sb.Append("...");
        column = sb.Length + (Position - from);
        for (int i = from; i < to; i++) sb.Append(char.IsControl(Text[i]) ? ' ' : Text[i]);
        if (to < Text.Length) sb.Append("...");
        return sb.ToString();
    }
}

/// <summary>A malformed function text; <see cref="Position"/> locates the problem.</summary>
public sealed class ParseException : FormatException, IInputError
{
    /// <summary>Wraps a parse error; the exception message is <see cref="ParseError.Message"/>.</summary>
    public ParseException(ParseError error) : base(error.Message) => Error = error;

    /// <summary>Wraps a parse error caused by another exception (a domain or limit error of the factory).</summary>
    public ParseException(ParseError error, Exception inner) : base(error.Message, inner) => Error = error;

    /// <summary>The structured error.</summary>
    public ParseError Error { get; }

    /// <summary>0-based character index of the problem.</summary>
    public int Position => Error.Position;

    /// <summary>The problem in words, without the position.</summary>
    public string Problem => Error.Problem;
}
