using Verifier.Axioms.Smt;

namespace Verifier.Axioms.Tests.Smt;

public sealed class SExprTests
{
    [Fact]
    public void Parse_NestedListWithStringAndQuotedSymbol_Structure()
    {
        var e = (SList)SExpr.Parse("(error \"line 1: say \"\"hi\"\"\" |a b| (- 2.0)) ; trailing comment");

        Assert.Equal(4, e.Count);
        Assert.True(e.HasHead("error"));
        Assert.Equal(new SAtom("line 1: say \"hi\"", IsString: true), e[1]);
        Assert.Equal(new SAtom("a b"), e[2]);
        Assert.Equal(new SList([new SAtom("-"), new SAtom("2.0")]), e[3]);
    }

    [Fact]
    public void ToString_ListWithString_RoundTrips()
    {
        const string text = "(objectives (gap (+ 3 (* (- 1) epsilon))) \"a \"\"q\"\"\")";
        Assert.Equal(text, SExpr.Parse(text).ToString());
    }

    [Theory]
    [InlineData("(a (b)")]
    [InlineData("a)")]
    [InlineData("\"open")]
    [InlineData("")]
    [InlineData("a b")]
    public void Parse_Malformed_FormatException(string text)
    {
        Assert.ThrowsAny<FormatException>(() => SExpr.Parse(text));
    }

    [Fact]
    public void Scanner_Z3OutputStream_CutsCompleteReplies()
    {
        const string stream = "sat\n(objectives\n (x (/ 1.0 2.0))\n)\n((x (/ 1.0 2.0))\n (y 0.0))\nunknown\n(error \"a (b\")\n";
        var scanner = new SExprScanner();

        var replies = stream.Select(scanner.Feed).Where(r => r is not null).ToList();

        Assert.Equal(["sat", "(objectives\n (x (/ 1.0 2.0))\n)", "((x (/ 1.0 2.0))\n (y 0.0))", "unknown", "(error \"a (b\")"], replies);
        Assert.False(scanner.InProgress);
    }

    [Fact]
    public void Scanner_AtomAtEndOfStream_ReturnedByFinish()
    {
        var scanner = new SExprScanner();
        Assert.All("unsat", c => Assert.Null(scanner.Feed(c)));
        Assert.Equal("unsat", scanner.Finish());
    }

    [Fact]
    public void Scanner_StrayCloseAndComment_GarbageReplyAndCommentSkipped()
    {
        var scanner = new SExprScanner();
        var replies = "; a comment (\n)sat;x\n".Select(scanner.Feed).Where(r => r is not null).ToList();
        Assert.Equal([")", "sat"], replies);
    }

    [Fact]
    public void Scanner_ReplyOverLimit_Throws()
    {
        var scanner = new SExprScanner(maxLength: 8);
        Assert.Throws<InvalidDataException>(() => { foreach (char c in "(aaaaaaaaaaaa") scanner.Feed(c); });
    }
}
