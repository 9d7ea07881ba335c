using System.Text;
using Verifier.Cli.CommandLine;
using Verifier.Symbolic.Networks;

namespace Verifier.Cli.Input;

/// <summary>
/// The files a user names (network files, proofs), read with the size budget (<see cref="Budgets.MaxFileSize"/>) and
/// with messages that name the option and the file: a directory, a missing file, a file that cannot be read, a file
/// beyond the budget (also a device such as /dev/zero, which never ends) are each a <see cref="UsageException"/>.
/// </summary>
internal static class InputFiles
{
    /// <summary>The text of <paramref name="path"/>, at most <paramref name="maxBytes"/> bytes of UTF-8.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">The option or role, for messages (e.g. <c>--network</c>).</param>
    /// <param name="maxBytes">The budget.</param>
    /// <param name="kind">What the file is, for messages (e.g. <c>network file</c>).</param>
    public static string ReadText(string path, string what, long maxBytes, string kind = "file")
    {
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException($"{what}: the file name is empty");
        if (Directory.Exists(path)) throw new UsageException($"{what}: '{Parsed.Shorten(path)}' is a directory");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (stream.CanSeek && stream.Length > maxBytes) throw TooLarge(path, what, maxBytes);
            var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > maxBytes) throw TooLarge(path, what, maxBytes);
                buffer.Write(chunk, 0, read);
            }
            return new UTF8Encoding(false).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"{what}: no such {kind} '{Parsed.Shorten(path)}'");
        }
        catch (ArgumentException)
        {
            // A name .NET refuses before the system sees it (a NUL character).
            throw new UsageException($"{what}: '{Parsed.Shorten(path)}' is not a valid file name");
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"{what}: cannot read {kind} '{Parsed.Shorten(path)}': permission denied");
        }
        catch (IOException e)
        {
            throw new UsageException($"{what}: cannot read {kind} '{Parsed.Shorten(path)}': {CliApp.OneLine(e.Message)}");
        }
    }

    /// <summary>The text of <paramref name="reader"/> (standard input), at most <paramref name="maxChars"/> characters: a
    /// longer one (also an endless one, <c>&lt; /dev/zero</c>) is a <see cref="UsageException"/> naming <paramref name="what"/>.</summary>
    public static string ReadAll(TextReader reader, string what, long maxChars)
    {
        var text = new StringBuilder();
        var chunk = new char[1 << 16];
        int read;
        while ((read = reader.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (text.Length + read > maxChars)
                throw new UsageException($"{what}: standard input is longer than the limit of {maxChars} characters ({Budgets.MaxFileSize} BYTES raises it)");
            text.Append(chunk, 0, read);
        }
        return text.ToString();
    }

    /// <summary>Why a file could not be written or created, for a message: the system's reason, or for a name .NET refuses
    /// before the system sees it (empty, a NUL character), that.</summary>
    public static string Reason(Exception e) => e is ArgumentException ? "the name is empty or not a valid file name" : CliApp.OneLine(e.Message);

    /// <summary>A network file (<c>verifier-network/1</c>); a malformed one is a <see cref="UsageException"/> naming the
    /// problem (<c>bad network file: ...</c>).</summary>
    public static Network Network(string path, string what, long maxBytes)
    {
        var text = ReadText(path, what, maxBytes, "network file");
        try { return NetworkJson.Parse(text); }
        catch (NetworkFormatException e) { throw new UsageException($"bad network file: {Parsed.Shorten(path)}: {e.Message}"); }
    }

    private static UsageException TooLarge(string path, string what, long maxBytes) =>
        new($"{what}: '{Parsed.Shorten(path)}' is larger than the limit of {maxBytes} bytes ({Budgets.MaxFileSize} BYTES raises it)");
}
