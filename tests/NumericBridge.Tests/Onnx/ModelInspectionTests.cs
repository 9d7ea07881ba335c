using Onnx;
using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Xunit.Abstractions;

namespace Verifier.NumericBridge.Tests.Onnx;

public class ModelInspectionTests(ITestOutputHelper output)
{
    private static long InitializerElements(string path) =>
        ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Initializer.Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d));

    [Theory]
    [InlineData(OnnxTestFiles.AcasXu, "Add:7,Flatten:1,MatMul:7,Relu:6,Sub:1", true, true, ExactAffordability.Affordable)]
    [InlineData(OnnxTestFiles.MnistMlp, "Flatten:1,Gemm:3,Relu:2", true, true, ExactAffordability.Affordable)]
    [InlineData(OnnxTestFiles.ConvMaxPool, "Conv:1,Flatten:1,Gemm:1,MaxPool:1,Relu:1", true, false, ExactAffordability.Affordable)]
    [InlineData(OnnxTestFiles.SigmoidMlp, "Constant:2,Div:1,Flatten:1,Gemm:7,Sigmoid:6,Sub:1", false, false, ExactAffordability.NotApplicable)]
    public void Inspect_SharedModel_ReportsOperatorsParametersAndCost(string file, string operators, bool piecewiseLinear, bool chain, ExactAffordability verdict)
    {
        var path = OnnxTestFiles.Path(file);
        var report = ModelInspector.Inspect(OnnxGraph.Load(path));
        Assert.Equal(operators, string.Join(",", report.Operators.Select(o => $"{o.Key}:{o.Value}")));
        Assert.Equal(piecewiseLinear, report.IsPiecewiseLinear);
        Assert.Equal(chain, report.IsChain);
        Assert.Equal(verdict, report.Cost.Verdict);
        // float weights: every initializer (all float here) plus the float Constant nodes (the sigmoid net's mean and std)
        Assert.Equal(InitializerElements(path) + (file == OnnxTestFiles.SigmoidMlp ? 2 : 0), report.Parameters);
        if (!piecewiseLinear) Assert.Equal(["Sigmoid"], report.SmoothOperators.ToArray());
        output.WriteLine(report.ToText());
    }

    [Fact]
    public void Inspect_AcasXu_CountsUnitsAndMultiplyAdds()
    {
        var report = ModelInspector.Inspect(OnnxGraph.Load(OnnxTestFiles.Path(OnnxTestFiles.AcasXu)));
        Assert.Equal(300, report.Cost.PiecewiseLinearUnits); // 6 relu layers of 50
        // matmuls 5x50 + 5 x 50x50 + 50x5, Sub 5, Flatten 5, Relu 6 x 50, Add 6 x 50 + 5
        Assert.Equal(5 * 50 + 5 * 50 * 50 + 50 * 5 + 5 + 5 + 6 * 50 + (6 * 50 + 5), report.Cost.MultiplyAddsPerPass);
        Assert.Equal([1, 1, 1, 5], report.InputShape.ToArray());
    }

    [Fact]
    public void Inspect_Network_ReportsLayersAsAChain()
    {
        var net = new Network(2, [new DenseLayer(new Rational[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }, [0, 0, 0]), new ReluLayer(), new MaxPoolLayer([[0, 1, 2]])]);
        var report = ModelInspector.Inspect(net);
        Assert.Equal("dense:1,maxpool:1,relu:1", string.Join(",", report.Operators.Select(o => $"{o.Key}:{o.Value}")));
        Assert.Equal(9, report.Parameters);
        Assert.Equal(5, report.Cost.PiecewiseLinearUnits);
        Assert.True(report.IsChain && report.IsPiecewiseLinear);
        Assert.Equal(ExactAffordability.Affordable, report.Cost.Verdict);
    }
}

public class ModelInspectionGraphTests
{
    [Fact]
    public void Inspect_ResidualFixture_IsAnExactGraphNetworkButNotAChain()
    {
        var report = ModelInspector.Inspect(OnnxGraph.Parse(OnnxFixtures.Residual()));
        Assert.False(report.IsChain);
        Assert.True(report.IsNetwork);
        Assert.Null(report.NetworkReason);
        Assert.Contains("exact network: yes (a graph)", report.ToText());
    }

    [Fact]
    public void Inspect_GraphNetwork_ListsSourcesAndSparseEntries()
    {
        var net = OnnxImport.ToNetwork(OnnxGraph.Parse(OnnxFixtures.Residual()));
        var report = ModelInspector.Inspect(net);
        Assert.False(report.IsChain);
        Assert.Contains("the network is a graph: layer", report.ChainReason);
        Assert.Contains(report.Operations, o => o.Operator == "sparse" && o.Node.Contains("<- ["));
        Assert.Equal(net.Nodes.Sum(n => n.Layer is SparseLayer s ? s.EntryCount + s.OutputCount : n.Layer is DenseLayer d ? (long)d.OutputCount * (d.InputCount + 1) : 0), report.Parameters);
    }

    [Fact]
    public void Inspect_SmoothFixture_IsNotANetworkAndSaysWhy()
    {
        var report = ModelInspector.Inspect(OnnxGraph.Parse(OnnxFixtures.Smooth()));
        Assert.False(report.IsNetwork);
        Assert.Contains("not piecewise linear", report.NetworkReason);
    }
}
