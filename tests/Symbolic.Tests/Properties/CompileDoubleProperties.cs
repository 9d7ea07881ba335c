using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.Symbolic.Tests.Properties;

public class CompileDoubleProperties
{
    [Property(MaxTest = 300)]
    public Property Compiled_AgreesWithTreeEvaluation_BitForBit() =>
        Prop.ForAll(ExprGen.Any(3).ToArbitrary(), ExprGen.Point(3).ToArbitrary(), (e, p) =>
        {
            var values = new double[] { 0.5 }.Concat(p.Select(x => x.ToDouble())).ToArray();
            double tree = e.EvalDouble(values), compiled = CompileDouble.Compile(e)(values);
            // identical operations in the same order: the same double, or both NaN (e.g. log of a negative)
            return (tree.Equals(compiled)).Label($"{e}: tree {tree:R}, compiled {compiled:R}");
        });

    [Fact]
    public void Compile_StepAtZero_UsesTheConvention()
    {
        var f = CompileDouble.Compile(Ex.Step(Ex.Var(1), Verifier.Symbolic.Numbers.Rational.Half));
        Assert.Equal(0.5, f([0, 0]));
        Assert.Equal(1.0, f([0, 2]));
        Assert.Equal(0.0, f([0, -2]));
    }
}
