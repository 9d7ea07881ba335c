using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Restriction;

namespace Verifier.Symbolic.Tests.Hostile;

/// <summary>
/// Issue 13, item 4 (small rational functions took 27 s to more than 300 s): integrals of rational functions of t are
/// exact where the antiderivative is rational or logarithmic with rational roots, and otherwise a certified enclosure
/// of the requested width whose known part is computed in fixed point (no rounding floor from cancelling terms).
/// </summary>
public class RationalIntegrandTests
{
    private static Rational Q(string s) => Rational.Parse(s);

    // IG_i = int_0^1 (x_i - x'_i) dF/dx_i(x' + t (x - x')) dt, by restriction and exact integration.
    private static ExactResult[] Ig(string f, string input, string baseline)
    {
        var e = ExprParser.Parse(f);
        var x = input.Split(',').Select(Q).ToArray();
        var b = baseline.Split(',').Select(Q).ToArray();
        return Enumerable.Range(0, x.Length).Select(i =>
            Restrict.ToSegment(e.Differentiate(i + 1), b, x).Map(p => Ex.Product(Ex.Const(x[i] - b[i]), p)).Integrate()).ToArray();
    }

    // The reference has 30 significant digits (mpmath quad at mp.dps = 40).
    private static void AssertCertified(ExactResult r, string reference)
    {
        var v = Q(reference);
        Assert.True(r.Enclosure.LoRational <= v + Q("1e-28") && v - Q("1e-28") <= r.Enclosure.HiRational, $"{r} should contain {reference}");
        Assert.True(r.Enclosure.Width <= 1e-12, $"width {r.Enclosure.Width:G3}, note: {r.Note}");
    }

    [Fact]
    public void Ig_OneDimensionalRationalFunction_IsExactAndComplete()
    {
        // Issue 13: x1/(2 + x1^4) from -12/7 to 21/11 took 27 s for an enclosure; in one dimension IG = F(x) - F(x').
        var a = Ig("x1/(2 + x1^4)", "21/11", "-12/7");
        Assert.Equal(Q("27951/223763") + Q("2058/12769"), a[0].Rational);
    }

    [Theory]
    [InlineData("(x1-x2)/(2+x1^4)", "0.556078136917452777599974108527", "-0.335423971930558568283876014579")]
    [InlineData("(1/(1+x1^2)*((x1-x2)/(2+x1^4)))/(2+(5*x1*x2)^2)", "0.027982152985373437212116093464", "-0.00738501147788017542961219395503")]
    public void Ig_RationalFunctionsWithoutRationalAntiderivative_AreCertifiedToTheRequestedWidth(string f, string a1, string a2)
    {
        var a = Ig(f, "21/11,1", "-12/7,0");
        AssertCertified(a[0], a1);
        AssertCertified(a[1], a2);
    }

    [Fact]
    public void Definite_RationalRoots_IsExactInLogarithms()
    {
        // int_0^1 dt / ((t + 1)(t + 2)) = log(4/3)
        var r = Integrate.Definite(ExprParser.Parse("1/((t + 1)*(t + 2))"), Rational.Zero, Rational.One);
        Assert.True(r.IsExact, r.ToString());
        Assert.Equal(Ex.Sum(Ex.Log(Ex.Const(2)), Ex.Negate(Ex.Log(Ex.Const(Q("3/2"))))), r.ClosedForm); // log 2 - log(3/2)
        AssertCertified(r, "0.28768207245178092743921900599382743");
    }

    [Theory]
    [InlineData("(t^2 + 1)/((t + 2)^2*(t^2 + 1/2))", "0", "1", "0.28773362634786957743807185584782973")]
    [InlineData("(3*t^3 - t + 5)/(t^2 + t + 1)^3", "-2", "3/2", "10.15008209295885275516452806675995")]
    public void Definite_MixedRationalAndIrreducibleParts_IsCertified(string g, string a, string b, string reference) =>
        AssertCertified(Integrate.Definite(ExprParser.Parse(g), Q(a), Q(b)), reference);

    [Theory]
    [InlineData("1/(t^2 - 1/4)", "0", "1")]
    [InlineData("(t + 3)/((t - 2/3)^2*(t^2 + 1))", "0", "1")]
    [InlineData("1/(t^3 - 2)", "1", "2")] // an irrational pole, 2^(1/3)
    public void Definite_PoleInTheInterval_IsADomainError(string g, string a, string b)
    {
        var e = Assert.Throws<SymbolicDomainException>(() => Integrate.Definite(ExprParser.Parse(g), Q(a), Q(b)));
        Assert.Contains("pole", e.Message);
    }

    [Fact]
    public void Ig_RandomOneDimensionalRationalFunctions_AreExactAndEqualTheDifferenceOfValues()
    {
        // Property: for F = P/Q with Q > 0 on the line, one-dimensional IG is exactly F(x) - F(x') (completeness).
        var random = new Random(13);
        for (int trial = 0; trial < 25; trial++)
        {
            int c() => random.Next(-4, 5);
            string f = $"({c()} + {c()}*x1 + {c()}*x1^2 + {c()}*x1^3)/({random.Next(1, 4)} + ({c()}*x1 + {c()})^2)^{random.Next(1, 3)}";
            Rational x = new(random.Next(-9, 10), random.Next(1, 5)), b = new(random.Next(-9, 10), random.Next(1, 5));
            if (x == b) continue;
            var a = Ig(f, x.ToString(), b.ToString())[0];
            var e = ExprParser.Parse(f);
            var expected = Evaluate.Exactly(e, [x]).Rational!.Value - Evaluate.Exactly(e, [b]).Rational!.Value;
            Assert.True(a.Rational == expected, $"{f} from {b} to {x}: {a}, expected {expected}");
        }
    }
}
