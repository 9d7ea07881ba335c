using Verifier.Axioms.Smt;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Tests.Smt.SmtTestSupport;

namespace Verifier.Axioms.Tests.Smt;

public sealed class PositivityTests
{
    [Fact]
    public void NonDecreasingPositivityViolation_MixedSignColumn_ViolatedAndRechecks()
    {
        // Two features, three monomials; monomial 3 gives feature 2 a negative attribution that monomial 1 cannot outweigh
        // everywhere: c = (0, 0, 1) already violates.
        Rational[][] m = [Point("1", "0", "2"), Point("1", "1", "-1")];

        var result = SmtQueries.NonDecreasingPositivityViolation(m, ["x1", "x2", "x1*x2"]);

        Assert.Equal(SmtStatus.Violated, result.Status);
        var c = result.Coefficients!;
        Assert.All(c, x => Assert.True(x.Sign >= 0));
        Assert.Equal(Rational.One, c[0] + c[1] + c[2]);
        Assert.Equal(2, result.Feature);
        Assert.Equal(c[0] - c[2] + c[1], result.Attributions![1]);
        Assert.True(result.Attributions[1].Sign < 0);
        Assert.Contains("; c3: x1*x2", result.Smt.Script);
    }

    [Fact]
    public void NonDecreasingPositivityViolation_NonNegativeMatrix_Proved()
    {
        Rational[][] m = [Point("1", "0", "1/2"), Point("0", "1", "1/2")];
        var result = SmtQueries.NonDecreasingPositivityViolation(m);
        Assert.Equal(SmtStatus.Proved, result.Status);
    }

    [Fact]
    public void NonDecreasingPositivityViolation_RaggedMatrix_Throws()
    {
        Rational[][] m = [Point("1", "0"), Point("1")];
        Assert.Throws<ArgumentException>(() => SmtQueries.NonDecreasingPositivityViolation(m));
    }
}
