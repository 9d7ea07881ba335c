using Verifier.Axioms.External;
using Verifier.Axioms.Methods;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic;

namespace Verifier.Axioms.Tests.External;

/// <summary>Reading the handshake and the answers of <c>verifier-method/1</c>, without a process.</summary>
public class ProtocolReadingTests
{
    [Fact]
    public void Handshake_Valid_TraitsRead()
    {
        Assert.True(MethodHandshake.TryParse(
            """{"protocol": "verifier-method/1", "name": "my-ig", "accepts": ["networks"], "baseline": false, "exact": true, "extra": 1}""",
            out var h, out var error), error);
        Assert.Equal(new MethodHandshake("my-ig", false, true, false, true), h);
        Assert.Equal(MethodTraits.Networks | MethodTraits.ZeroBaselineOnly, h!.Traits);
    }

    [Theory]
    [InlineData("hello", "not a JSON handshake")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("""{"name": "m", "accepts": ["functions"], "baseline": true, "exact": false}""", "no \"protocol\"")]
    [InlineData("""{"protocol": "verifier-method/2", "name": "m", "accepts": ["functions"], "baseline": true, "exact": false}""", "unsupported protocol \"verifier-method/2\"")]
    [InlineData("""{"protocol": "verifier-method/1", "name": "", "accepts": ["functions"], "baseline": true, "exact": false}""", "\"name\"")]
    [InlineData("""{"protocol": "verifier-method/1", "name": 3, "accepts": ["functions"], "baseline": true, "exact": false}""", "\"name\"")]
    [InlineData("""{"protocol": "verifier-method/1", "name": "m", "accepts": [], "baseline": true, "exact": false}""", "\"accepts\"")]
    [InlineData("""{"protocol": "verifier-method/1", "name": "m", "accepts": ["images"], "baseline": true, "exact": false}""", "\"images\"")]
    [InlineData("""{"protocol": "verifier-method/1", "name": "m", "accepts": ["functions", "functions"], "baseline": true, "exact": false}""", "each once")]
    [InlineData("""{"protocol": "verifier-method/1", "name": "m", "accepts": ["functions"], "baseline": "yes", "exact": false}""", "\"baseline\"")]
    [InlineData("""{"protocol": "verifier-method/1", "name": "m", "accepts": ["functions"], "baseline": true}""", "\"exact\"")]
    [InlineData("""{"protocol": "verifier-method/1", "protocol": "verifier-method/1", "name": "m", "accepts": ["functions"], "baseline": true, "exact": false}""", "not a JSON handshake")]
    public void Handshake_Invalid_ErrorNamesTheField(string line, string message)
    {
        Assert.False(MethodHandshake.TryParse(line, out var h, out var error));
        Assert.Null(h);
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("""{"id": 7, "attributions": [1.5, "3/2", -2, "0.1", 1e-3, "-2.5E+1", 0.1]}""", "3/2|3/2|-2|1/10|1/1000|-25|1/10")]
    [InlineData("""{"id": 7, "attributions": [0.30000000000000004, 1e300, "  4 "], "seconds": 0.1}""", "30000000000000004/100000000000000000|1e300|4")]
    public void Answer_Numbers_ReadExactlyFromTheirText(string line, string expected)
    {
        var want = expected.Split("|").Select(s => Rational.Parse(s)).ToArray();
        var (values, fault) = AnswerReader.Read(line, 7, want.Length, 10_000);
        Assert.Null(fault);
        Assert.Equal(want, values);
    }

    [Theory]
    [InlineData("""not json""", MethodFaultKind.Garbage, "a line that is not JSON")]
    [InlineData("""[1, 2]""", MethodFaultKind.Garbage, "not a JSON object")]
    [InlineData("""{"attributions": [1, 2]}""", MethodFaultKind.Garbage, "without a numeric \"id\"")]
    [InlineData("""{"id": "7", "attributions": [1, 2]}""", MethodFaultKind.Garbage, "without a numeric \"id\"")]
    [InlineData("""{"id": 7}""", MethodFaultKind.Garbage, "neither \"attributions\" nor \"error\"")]
    [InlineData("""{"id": 7, "id": 7, "attributions": [1, 2]}""", MethodFaultKind.Garbage, "not JSON")]
    [InlineData("""{"id": 8, "attributions": [1, 2]}""", MethodFaultKind.WrongId, "an answer with id 8 while request 7 was waiting")]
    [InlineData("""{"id": 7.5, "attributions": [1, 2]}""", MethodFaultKind.WrongId, "id 7.5")]
    [InlineData("""{"id": 7, "error": "no gradient here"}""", MethodFaultKind.MethodError, "the method reported an error for request 7: no gradient here")]
    [InlineData("""{"id": 7, "attributions": [1, 2, 3]}""", MethodFaultKind.WrongLength, "3 attributions for 2 features (request 7)")]
    [InlineData("""{"id": 7, "attributions": [1]}""", MethodFaultKind.WrongLength, "1 attributions for 2 features")]
    [InlineData("""{"id": 7, "attributions": [NaN, 1]}""", MethodFaultKind.NonFinite, "holds NaN or Infinity")]
    [InlineData("""{"id": 7, "attributions": [1, -Infinity]}""", MethodFaultKind.NonFinite, "holds NaN or Infinity")]
    [InlineData("""{"id": 7, "attributions": ["inf", 1]}""", MethodFaultKind.NonFinite, "attribution 1 of request 7: \"inf\" is not a finite number")]
    [InlineData("""{"id": 7, "attributions": [1, "NaN"]}""", MethodFaultKind.NonFinite, "attribution 2 of request 7")]
    [InlineData("""{"id": 7, "attributions": [1, "abc"]}""", MethodFaultKind.BadValue, "attribution 2 of request 7: 'abc' is not a number")]
    [InlineData("""{"id": 7, "attributions": [null, 1]}""", MethodFaultKind.BadValue, "null is not a number")]
    [InlineData("""{"id": 7, "attributions": [[1], 1]}""", MethodFaultKind.BadValue, "[1] is not a number")]
    [InlineData("""{"id": 7, "attributions": [1, "1/0"]}""", MethodFaultKind.BadValue, "zero denominator")]
    [InlineData("""{"id": 7, "attributions": [1, 1e999999999]}""", MethodFaultKind.BadValue, "more than 10000 digits")]
    [InlineData("""{"id": 7, "attributions": "1, 2"}""", MethodFaultKind.BadValue, "\"attributions\" is not an array")]
    public void Answer_Faulty_TypedFaultWithReason(string line, MethodFaultKind kind, string reason)
    {
        var (values, fault) = AnswerReader.Read(line, 7, 2, 10_000);
        Assert.Null(values);
        Assert.NotNull(fault);
        Assert.Equal(kind, fault!.Kind);
        Assert.Contains(reason, fault.Reason);
    }

    [Fact]
    public void Fault_StopsProcess_OnlyWhenTheConversationIsBroken()
    {
        var stopping = Enum.GetValues<MethodFaultKind>().Where(k => new MethodFault(k, "").StopsProcess).ToArray();
        Assert.Equal([MethodFaultKind.Start, MethodFaultKind.Handshake, MethodFaultKind.Crash, MethodFaultKind.Timeout,
                      MethodFaultKind.Garbage, MethodFaultKind.WrongId, MethodFaultKind.Cancelled], stopping);
        Assert.Equal("wrong-length: 3 for 2", new MethodFault(MethodFaultKind.WrongLength, "3 for 2").ToString());
    }
}

/// <summary>The request lines as the method reads them (CONTRACT.md, <c>verifier-method/1</c>, requests).</summary>
public class RequestWritingTests
{
    private static Rational[] Q(params string[] v) => v.Select(s => Rational.Parse(s)).ToArray();

    [Fact]
    public void ToJsonLine_Function_ExactStringsOnOneLine()
    {
        var f = Subject.Of(Symbolic.Expressions.Parsing.ExprParser.Parse("x1*x2 + relu(x1 - 1/3)"), 3);
        var request = new MethodRequest(f, Q("1", "-2/3", "0.25"), Q("0", "0", "1e-3"))
        {
            Parameters = new Dictionary<string, string> { ["steps"] = "16", ["rule"] = "left" }, Output = 1,
        };

        Assert.Equal("""{"id":7,"dim":3,"function":"x1*x2 + relu(x1 - 1/3)","input":["1","-2/3","1/4"],"baseline":["0","0","1/1000"],"output":1,"params":{"rule":"left","steps":"16"}}""",
                     request.ToJsonLine(7));
    }

    [Fact]
    public void ToJsonLine_NetworkWithDistribution_InlineNetworkBaselinesAndWeights()
    {
        var net = Symbolic.Networks.NetworkJson.Parse("""
            {"format": "verifier-network/1", "inputs": 2, "layers": [{"type": "dense", "weights": [["1", "-1/2"]], "bias": ["0"]}, {"type": "relu"}]}
            """);
        var baselines = new BaselineDistribution([Q("0", "0"), Q("1", "1")], Q("1/4", "3/4"));
        var request = new MethodRequest(Subject.Of(net), Q("2", "3"), baselines) { NetworkOnnx = "/tmp/net.onnx" };

        Assert.Equal("""{"id":1,"dim":2,"network":{"format":"verifier-network/1","inputs":2,"layers":[{"type":"dense","weights":[["1", "-1/2"]],"bias":["0"]},{"type":"relu"}],"output":0},"network_onnx":"/tmp/net.onnx","input":["2","3"],"baselines":[["0","0"],["1","1"]],"weights":["1/4","3/4"]}""",
                     request.ToJsonLine(1));
    }

    [Fact]
    public void Constructor_PointOfWrongLength_Throws()
    {
        var f = Subject.Of(Symbolic.Expressions.Parsing.ExprParser.Parse("x1*x2"));
        Assert.Contains("the input has 3 coordinates, F has 2 inputs",
            Assert.Throws<ArgumentException>(() => new MethodRequest(f, Q("1", "2", "3"))).Message);
        Assert.Contains("the baseline has 1 coordinates",
            Assert.Throws<ArgumentException>(() => new MethodRequest(f, Q("1", "2"), Q("0"))).Message);
        Assert.Equal(Q("0", "0"), new MethodRequest(f, Q("1", "2")).Baseline);
    }
}
