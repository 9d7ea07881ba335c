using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Integration;

public class ExactResultTests
{
    private static Rational Q(string s) => Rational.Parse(s);

    [Fact]
    public void Add_RationalPlusRational_IsRational()
    {
        var r = ExactResult.Add(ExactResult.FromRational(Q("1/3")), ExactResult.FromRational(Q("1/6")));
        Assert.Equal(Q("1/2"), r.Rational);
        Assert.Equal(Ex.Const(Q("1/2")), r.ClosedForm);
        Assert.Equal("1/2", r.ToString());
    }

    [Fact]
    public void Add_ClosedFormsThatCancel_IsRational()
    {
        var log2 = ExactResult.FromClosedForm(Ex.Log(Ex.Const(2)));
        var r = ExactResult.Add(log2, log2.Negate());
        Assert.Equal(Q("0"), r.Rational);
    }

    [Fact]
    public void Add_ClosedFormPlusRational_StaysExact()
    {
        var r = ExactResult.Add(ExactResult.FromClosedForm(Ex.Exp(Ex.One)), ExactResult.FromRational(Q("1")));
        Assert.True(r.IsExact);
        Assert.Null(r.Rational);
        Assert.Equal(Ex.Sum(Ex.Exp(Ex.One), Ex.One), r.ClosedForm);
        Assert.True(r.Enclosure.Contains(Math.E + 1));
        Assert.True(r.Enclosure.Width <= 1e-12);
    }

    [Fact]
    public void Add_ExactPlusEnclosure_IsEnclosure()
    {
        var r = ExactResult.Add(ExactResult.FromRational(Q("1")), ExactResult.FromEnclosure(new Interval(0.25, 0.5), "quadrature"));
        Assert.False(r.IsExact);
        Assert.Null(r.Rational);
        Assert.True(r.Enclosure.Contains(1.25) && r.Enclosure.Contains(1.5));
        Assert.Equal("quadrature", r.Note);
    }

    [Fact]
    public void FromClosedForm_WithVariable_Throws() =>
        Assert.Throws<ArgumentException>(() => ExactResult.FromClosedForm(Ex.T));

    [Fact]
    public void FromClosedForm_RationalConstant_SetsRational() =>
        Assert.Equal(Q("3/7"), ExactResult.FromClosedForm(Ex.Const(Q("3/7"))).Rational);

    [Fact]
    public void FromClosedForm_LargeValue_NotesWiderEnclosure()
    {
        var r = ExactResult.FromClosedForm(Ex.Exp(Ex.Const(40)));
        Assert.True(r.IsExact);
        Assert.True(r.Enclosure.Contains(Math.Exp(40)));
        Assert.Contains("wider than the requested", r.Note);
    }

    [Fact]
    public void FromClosedForm_LargeValue_HasPreciseEnclosureOfRequestedWidth()
    {
        var r = ExactResult.FromClosedForm(Ex.Exp(Ex.Const(40)));
        Assert.NotNull(r.PreciseEnclosure);
        Assert.True(r.PreciseEnclosure.Value.Width <= Q("1e-12"));
        // e^40 = 235385266837019985.40789991074903480... (mpmath)
        Assert.True((r.PreciseEnclosure.Value.Mid - Q("235385266837019985.407899910749")).Abs() < Q("1e-11"));
        Assert.Contains("PreciseEnclosure", r.Note);
    }

    [Fact]
    public void FromClosedForm_NarrowRequest_UsesPreciseEnclosure()
    {
        var closed = Ex.Sigmoid(Ex.Const(3)) * Ex.Const(2) - Ex.Const(1);
        var fast = ExactResult.FromClosedForm(closed);
        Assert.Null(fast.PreciseEnclosure);
        Assert.Null(fast.Note);
        var r = ExactResult.FromClosedForm(closed, new ExactOptions(EnclosureWidth: 1e-30));
        Assert.NotNull(r.PreciseEnclosure);
        Assert.True(r.PreciseEnclosure.Value.Width <= Q("1e-30"));
        // 2 sigmoid(3) - 1 = 0.9051482536448664382423036964564955972276411351587... (mpmath)
        Assert.True((r.PreciseEnclosure.Value.Mid - Q("0.905148253644866438242303696456495597227641135")).Abs() < Q("1e-29"));
        Assert.Equal(-r.PreciseEnclosure.Value, r.Negate().PreciseEnclosure);
        Assert.Contains("doubles cannot resolve it", r.Note);
    }

    [Fact]
    public void ToString_Enclosure_SaysNotExact() =>
        Assert.Contains("not exact", ExactResult.FromEnclosure(new Interval(1, 2)).ToString());
}
