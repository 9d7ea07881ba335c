using System.Text;

namespace Verifier.Cli.Attribution;

/// <summary>
/// Reads JSON Lines: a line ends at <c>\n</c> and only there (a bare <c>\r</c> is JSON whitespace, so it stays inside
/// the line, unlike <see cref="TextReader.ReadLine"/>); a line longer than the limit is consumed without being kept and
/// reported as too long, so memory stays bounded by the limit whatever the input.
/// </summary>
/// <param name="reader">The input.</param>
/// <param name="maxChars">The longest line kept, in characters.</param>
internal sealed class JsonLinesReader(TextReader reader, int maxChars)
{
    private readonly char[] _buffer = new char[1 << 16];
    private int _start, _end;
    private int _number;

    /// <summary>One line: its 1-based number, its text (null when too long), and whether it passed the limit.</summary>
    /// <param name="Number">The line number.</param>
    /// <param name="Text">The text without the <c>\n</c>, or null when the line was too long.</param>
    public sealed record Line(int Number, string? Text)
    {
        /// <summary>True when the line passed the limit (its text was not kept).</summary>
        public bool TooLong => Text is null;
    }

    /// <summary>The next line, or null at the end of the input.</summary>
    public Line? Next()
    {
        var text = new StringBuilder();
        bool tooLong = false, any = false;
        while (true)
        {
            if (_start == _end)
            {
                _end = reader.Read(_buffer, 0, _buffer.Length);
                _start = 0;
                if (_end <= 0)
                {
                    _end = 0;
                    if (!any) return null;
                    _number++;
                    return new Line(_number, tooLong ? null : text.ToString());
                }
            }
            any = true;
            int newline = Array.IndexOf(_buffer, '\n', _start, _end - _start);
            int stop = newline < 0 ? _end : newline;
            if (!tooLong)
            {
                if (text.Length + (stop - _start) > maxChars)
                {
                    tooLong = true;
                    text.Clear();
                }
                else text.Append(_buffer, _start, stop - _start);
            }
            if (newline < 0)
            {
                _start = _end;
                continue;
            }
            _start = newline + 1;
            _number++;
            return new Line(_number, tooLong ? null : text.ToString());
        }
    }
}
