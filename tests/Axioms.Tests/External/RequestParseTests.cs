using Verifier.Axioms.External;
using Verifier.Axioms.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.External;

/// <summary>Request lines read back (<see cref="MethodRequest.Parse"/>, what <c>verifier replay</c> sends), and parameter
/// views of a running method.</summary>
public class RequestParseTests
{
    private static Rational[] Q(params string[] v) => v.Select(s => Rational.Parse(s)).ToArray();

    public static TheoryData<string> Lines => new()
    {
        new MethodRequest(Subject.Of(ExprParser.Parse("x1*x2"), 3), Q("1", "-2/3", "0.25"), Q("0", "1", "2")) { Parameters = new Dictionary<string, string> { ["steps"] = "16" } }.ToJsonLine(1),
        new MethodRequest(Subject.Of(ExprParser.Parse("relu(x1 - x2)")), Q("3", "1"), new BaselineDistribution([Q("0", "0"), Q("1", "-1")], Q("1/4", "3/4"))).ToJsonLine(2),
        new MethodRequest(Subject.Of(RandomNetworks.Create(new Random(4), [2, 3, 1])), Q("1", "2")) { Output = 0, NetworkOnnx = "/tmp/n.onnx" }.ToJsonLine(3),
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Parse_WrittenLine_ReadsBackToTheSameLine(string line)
    {
        int id = int.Parse(line[6..line.IndexOf(',')], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(line, MethodRequest.Parse(line).ToJsonLine(id));
    }

    [Theory]
    [InlineData("[1]", "a request line is not a JSON object")]
    [InlineData("{\"input\": [\"1\"]}", "a request needs \"function\" (a string) or \"network\" (an object)")]
    [InlineData("{\"function\": \"x1\"}", "a request needs \"input\"")]
    [InlineData("{\"function\": \"x1\", \"input\": [\"a\"]}", "bad number in \"input\"")]
    [InlineData("{\"function\": \"x1*x2\", \"input\": [\"1\", \"2\"], \"baseline\": [\"0\"]}", "the baseline has 1 coordinates, F has 2 inputs")]
    [InlineData("{\"function\": \"x1\", \"input\": [\"1\"], \"baselines\": [[\"0\"]], \"weights\": [\"1/2\"]}", "the baseline weights sum to 1/2, not 1")]
    public void Parse_BadLine_InputErrorNamingTheField(string line, string message) =>
        Assert.Contains(message, Assert.Throws<InputArgumentException>(() => MethodRequest.Parse(line)).Message);

    [PythonFact]
    public void WithParameters_View_SendsItsParametersAndLeavesTheProcessRunning()
    {
        using var method = ExternalMethod.Start(CommandLine.Join(PythonMethods.Command("riemann_ig.py")));
        var f = Subject.Of(ExprParser.Parse("x1^3"));
        var sixteen = method.Attribute(f, Q("1"), Q("0")).Attributions[0].Rational!.Value;
        using (var one = method.WithParameters(new Dictionary<string, string> { ["steps"] = "1" }))
        {
            Assert.IsType<DistributionalExternalMethod>(one);
            Assert.Equal(Q("3/4"), one.Attribute(f, Q("1"), Q("0")).Attributions.Select(a => a.Rational!.Value)); // one midpoint: 3 (1/2)^2
        }
        Assert.NotEqual(Q("3/4")[0], sixteen);
        Assert.Equal(sixteen, method.Attribute(f, Q("1"), Q("0")).Attributions[0].Rational!.Value); // the same process, its own parameters
        Assert.Equal(1, method.Host.Starts);
    }
}
