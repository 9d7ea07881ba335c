using Verifier.Axioms.External;

namespace Verifier.Axioms.Tests.External;

/// <summary>The shell-like tokenizer of <c>--method-cmd</c>: quotes and backslashes, no shell.</summary>
public class CommandLineTests
{
    [Theory]
    [InlineData("python3 m.py", "python3|m.py")]
    [InlineData("  python3\t m.py  \n", "python3|m.py")]
    [InlineData("python3 'my method.py' --steps 16", "python3|my method.py|--steps|16")]
    [InlineData("python3 \"my method.py\"", "python3|my method.py")]
    [InlineData("a\\ b c", "a b|c")]
    [InlineData("echo 'it'\\''s'", "echo|it's")]
    [InlineData("echo \"say \\\"hi\\\" \\\\ \\n\"", "echo|say \"hi\" \\ \\n")]
    [InlineData("echo '$HOME*;<>' \"a;b&c*\"", "echo|$HOME*;<>|a;b&c*")]
    [InlineData("echo \"\\$x\" \\$y", "echo|$x|$y")]
    [InlineData("echo '' \"\" x", "echo|||x")]
    [InlineData("a'b'\"c\"d", "abcd")]
    [InlineData("run --x=1 a=b", "run|--x=1|a=b")]
    [InlineData("echo a\\\nb", "echo|ab")]
    [InlineData("/usr/bin/env X=1 python3", "/usr/bin/env|X=1|python3")]
    [InlineData("echo x~ a#b", "echo|x~|a#b")]
    public void Split_ShellQuoting_Words(string line, string expected)
    {
        Assert.Equal(expected.Split('|'), CommandLine.Split(line));
    }

    [Theory]
    [InlineData("python3 'unclosed", "position 9: a single quote is not closed")]
    [InlineData("python3 \"unclosed", "position 9: a double quote is not closed")]
    [InlineData("python3 m.py \\", "position 14: a backslash ends the command")]
    [InlineData("python3 m.py | tee log", "position 14: '|' needs a shell")]
    [InlineData("python3 m.py > log", "'>' needs a shell")]
    [InlineData("python3 m.py; rm x", "';' needs a shell")]
    [InlineData("python3 m.py &", "'&' needs a shell")]
    [InlineData("python3 $HOME/m.py", "'$' needs a shell")]
    [InlineData("python3 \"$HOME/m.py\"", "'$' inside double quotes")]
    [InlineData("python3 `which m`", "'`' needs a shell")]
    [InlineData("python3 *.py", "'*' is a wildcard")]
    [InlineData("python3 ~/m.py", "'~' is not expanded")]
    [InlineData("python3 m.py # comment", "'#' would start a comment")]
    [InlineData("PYTHONPATH=. python3 m.py", "write env PYTHONPATH=... COMMAND")]
    [InlineData("   ", "the command is empty")]
    [InlineData("", "the command is empty")]
    public void Split_Malformed_FormatExceptionWithPosition(string line, string message)
    {
        var e = Assert.Throws<FormatException>(() => CommandLine.Split(line));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("python3|m.py")]
    [InlineData("python3|my method.py|it's|$x|a\"b|")]
    [InlineData("a b|*|~|#|X=1")]
    public void Join_AnyWords_SplitsBackToTheSame(string words)
    {
        var list = words.Split('|');
        Assert.Equal(list, CommandLine.Split(CommandLine.Join(list)));
    }
}
