using System.Numerics;
using Verifier.Axioms.Smt;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Tests.Smt.SmtTestSupport;

namespace Verifier.Axioms.Tests.Smt;

public sealed class SmtModelReaderTests
{
    [Theory]
    [InlineData("(/ 1.0 3.0)", "1/3")]
    [InlineData("(- (/ 1.0 3.0))", "-1/3")]
    [InlineData("(- 2.0)", "-2")]
    [InlineData("2.5", "5/2")]
    [InlineData("0.5", "1/2")]
    [InlineData("(/ 7 2)", "7/2")]
    [InlineData("(- (/ 7 2))", "-7/2")]
    [InlineData("0.0", "0")]
    [InlineData("3", "3")]
    [InlineData("(to_real 4)", "4")]
    [InlineData("(/ (- 1.0) 4.0)", "-1/4")]
    [InlineData("(- 0.125)", "-1/8")]
    public void ReadNumber_WhatZ3Prints_ExactRational(string text, string expected)
    {
        Assert.Equal(Q(expected), SmtModelReader.ReadNumber(text));
    }

    [Fact]
    public void ReadNumber_HugeNumerator_Exact()
    {
        var big = BigInteger.Pow(10, 40) + 7;
        Assert.Equal(new Rational(big, 3), SmtModelReader.ReadNumber($"(/ {big}.0 3.0)"));
    }

    [Theory]
    [InlineData("(root-obj (+ (^ x 2) (- 2)) 1)", "root-obj")]
    [InlineData("oo", "'oo' is not a rational")]
    [InlineData("x1", "'x1' is not a rational")]
    [InlineData("(/ 1 0)", "divides by zero")]
    [InlineData("(/ 1", "unreadable")]
    public void ReadNumber_Unsupported_ClearFailure(string text, string message)
    {
        var e = Assert.Throws<SmtModelException>(() => SmtModelReader.ReadNumber(text));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ReadValues_GetValueReply_KeyedByTerm()
    {
        var values = SmtModelReader.ReadValues("((x1 (/ 1.0 3.0))\n (x2 0.0)\n ((/ 1 3) (- (/ 1.0 3.0))))");

        Assert.Equal(Q("1/3"), values["x1"]);
        Assert.Equal(Rational.Zero, values["x2"]);
        Assert.Equal(Q("-1/3"), values["(/ 1 3)"]);
    }

    [Fact]
    public void ReadModel_Z3Model_RealsOnly()
    {
        const string model = """
            (
              (define-fun x () Real
                (/ 23.0 16.0))
              (define-fun k1 () Bool
                true)
              (define-fun n () Int
                (- 4))
              (define-fun f ((x!0 Real)) Real
                1.0)
            )
            """;

        var values = SmtModelReader.ReadModel(model);

        Assert.Equal(2, values.Count);
        Assert.Equal(Q("23/16"), values["x"]);
        Assert.Equal(Q("-4"), values["n"]);
    }

    [Fact]
    public void ReadModel_OlderModelHead_Accepted()
    {
        Assert.Equal(Q("1"), SmtModelReader.ReadModel("(model (define-fun x () Real 1.0))")["x"]);
    }

    [Fact]
    public void ReadValues_NotPairs_Throws()
    {
        Assert.Throws<SmtModelException>(() => SmtModelReader.ReadValues("(x1 1.0)"));
        Assert.Throws<SmtModelException>(() => SmtModelReader.ReadValues("sat"));
    }

    [Theory]
    [InlineData("(objectives\n (x (/ 1.0 2.0))\n)", "1/2", "0", "0")]
    [InlineData("(objectives (gap oo))", "0", "0", "1")]
    [InlineData("(objectives (x (+ 1.0 (* (- 1.0) epsilon))))", "1", "-1", "0")]
    [InlineData("(objectives (x (+ (to_real 2) (* (to_real (- 1)) epsilon))))", "2", "-1", "0")]
    [InlineData("(objectives (x epsilon))", "0", "1", "0")]
    [InlineData("(objectives (x (* 2.0 epsilon)))", "0", "2", "0")]
    [InlineData("(objectives (x (* (- 1) oo)))", "0", "0", "-1")]
    [InlineData("(objectives (x (- (/ 3 2))))", "-3/2", "0", "0")]
    public void SmtObjective_WhatZ3Prints_ValueEpsilonInfinity(string reply, string value, string epsilon, string infinity)
    {
        var o = SmtObjective.ReadFirst(reply);
        Assert.Equal(new SmtObjective(Q(value), Q(epsilon), Q(infinity)), o);
    }

    [Fact]
    public void SmtObjective_Interval_Throws()
    {
        Assert.Throws<SmtModelException>(() => SmtObjective.ReadFirst("(objectives (x (interval (/ 1.0 2.0) oo)))"));
    }

    [Fact]
    public void SmtObjective_ToString_Readable()
    {
        Assert.Equal("3 - epsilon", new SmtObjective(3, -1, 0).ToString());
        Assert.Equal("oo", new SmtObjective(0, 0, 1).ToString());
        Assert.Equal("1/2", new SmtObjective(Rational.Half, 0, 0).ToString());
    }
}
