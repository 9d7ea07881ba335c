using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Restriction;

namespace Verifier.Symbolic.Tests;

/// <summary>The README's "Using the core" example, kept true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_ComputesWhatTheReadmeSays()
    {
        var f = ExprParser.Parse("relu(relu(x1 - 1) - relu(x2))");
        var g = Restrict.ToSegment(f, [0, 0], [3, 1]);
        Assert.Equal("0 1/3 1/2 1", string.Join(" ", g.Breakpoints));
        var area = g.Integrate();
        Assert.Equal(Rational.Parse("1/4"), area.Rational);
        var df = f.Differentiate(1);
        Assert.Equal("step(x1 - 1)*step(-relu(x2) + relu(x1 - 1))", df.ToString());
        var v = Evaluate.Exactly(ExprParser.Parse("2*sigmoid(x1) - 1"), [3]);
        Assert.Equal("2*sigmoid(3) - 1", v.ClosedForm!.ToString());
    }
}
