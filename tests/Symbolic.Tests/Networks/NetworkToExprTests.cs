using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using static Verifier.Symbolic.Tests.Networks.NetworkTestData;

namespace Verifier.Symbolic.Tests.Networks;

public class NetworkToExprTests
{
    [Fact]
    public void ToExpr_ContractExample_IsTheNestedRelu()
    {
        var expected = Ex.Relu(Ex.Sum(Ex.Relu(Ex.Var(1)), Ex.Product(Ex.Const(-1), Ex.Relu(Ex.Var(2))), Ex.Const(-1)));
        Assert.Equal(expected, NetworkJson.Parse(ContractExample).ToExpr());
    }

    [Fact]
    public void ToExpr_MaxPoolLeakyAbs_UsesTheMatchingFunctions()
    {
        var n = new Network(2,
        [
            new LeakyReluLayer(R("1/10")),
            new MaxPoolLayer([[0, 1], [1]]),
            new AbsLayer(),
            new DenseLayer(M(["1", "2"]), P("1/2")),
        ]);
        var leaky = new[] { Ex.LeakyRelu(Ex.Var(1), R("1/10")), Ex.LeakyRelu(Ex.Var(2), R("1/10")) };
        var expected = Ex.Sum(Ex.Abs(Ex.Max(leaky[0], leaky[1])), Ex.Product(Ex.Const(2), Ex.Abs(leaky[1])), Ex.Const(R("1/2")));
        Assert.Equal(expected, n.ToExpr());
        Assert.Equal(n.Evaluate(P("-3", "2/3")), n.ToExpr().TryEvaluateRational(P("-3", "2/3")));
    }

    [Fact]
    public void ToExprAll_TwoOutputs_GivesEachOutput()
    {
        var n = new Network(1, [new DenseLayer(M(["2"], ["-1"]), P("0", "3"))], output: 1);
        var all = n.ToExprAll();
        Assert.Equal(2, all.Length);
        Assert.Equal(Ex.Sum(Ex.Product(Ex.Const(-1), Ex.Var(1)), Ex.Const(3)), n.ToExpr());
    }
}
