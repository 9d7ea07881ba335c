using System.Text;

namespace Verifier.Cli.CommandLine;

/// <summary>
/// Standard output as the commands see it: a failure to write (a full disk, <c>&gt; /dev/full</c>, a closed pipe)
/// becomes a <see cref="WriteFailedException"/>, which <see cref="CliApp"/> reports in one line with exit code 1 (the
/// run failed; the input was not bad, and the program has no defect).
/// </summary>
/// <param name="inner">The writer results go to.</param>
internal sealed class OutputWriter(TextWriter inner) : TextWriter
{
    /// <inheritdoc/>
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc/>
    public override void Write(char value) => Guard(() => inner.Write(value));

    /// <inheritdoc/>
    public override void Write(string? value) => Guard(() => inner.Write(value));

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

    /// <inheritdoc/>
    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

    /// <inheritdoc/>
    public override void Flush() => Guard(inner.Flush);

    private static void Guard(Action write)
    {
        try { write(); }
        catch (IOException e) { throw new WriteFailedException($"cannot write the output: {CliApp.OneLine(e.Message)}", e); }
    }

    /// <summary>Writing the output failed.</summary>
    /// <param name="message">What failed, on one line.</param>
    /// <param name="inner">The I/O error.</param>
    public sealed class WriteFailedException(string message, Exception inner) : IOException(message, inner);
}
