using Verifier.Axioms.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Methods;

/// <summary>Peers' conventions as registry parameters (issue 15, item 5): <c>maxpool</c> of DeepLIFT and LRP, a choice
/// parameter read by name, with its default the toolkit's own rule.</summary>
public class PeerConventionTests
{
    private static readonly MethodRegistry Registry = MethodRegistry.BuiltIn;
    private static readonly Subject Max2 = Subject.Of(new Network(2, [new MaxPoolLayer([[0, 1]])]));
    private static Rational[] Q(params string[] v) => v.Select(s => Rational.Parse(s)).ToArray();

    [Theory]
    [InlineData("deeplift-rescale", "shapley", "argmax")]
    [InlineData("deeplift-revealcancel", "shapley", "argmax")]
    [InlineData("lrp-0", "winner", "epsilon")]
    [InlineData("lrp-epsilon", "winner", "epsilon")]
    public void MaxPool_ChoiceParameter_DefaultIsTheToolkitsRule(string method, string first, string second)
    {
        var p = Registry.Find(method)!.Parameter("maxpool")!;
        Assert.Equal(ParameterKind.Choice, p.Kind);
        Assert.Equal([first, second], p.Choices);
        Assert.Equal(first, p.DefaultText);
        Assert.Equal($"{{{first}, {second}}}", p.RangeText);
        Assert.Equal(second, Registry.Find(method)!.Bind(new Dictionary<string, string> { ["maxpool"] = second.ToUpperInvariant() }, query: false).GetChoice("maxpool"));
    }

    [Fact]
    public void MaxPool_UnknownChoice_InputErrorListingTheChoices()
    {
        var e = Assert.Throws<InputArgumentException>(() => Registry.Method("deeplift-rescale", null, new Dictionary<string, string> { ["maxpool"] = "mean" }));
        Assert.Equal("bad parameter maxpool: one of {shapley, argmax} is needed, got 'mean'", e.Message);
    }

    [Fact]
    public void MaxPool_NotAParameterOfLrpGamma() =>
        Assert.Null(Registry.Find("lrp-gamma")!.Parameter("maxpool"));

    [Fact]
    public void DeepLift_ArgmaxInstance_ForChecksAndQueries()
    {
        var argmax = Registry.Method("deeplift-rescale", null, new Dictionary<string, string> { ["maxpool"] = "argmax" });
        Assert.NotSame(BuiltInMethods.DeepLiftRescale, argmax);
        Assert.Same(BuiltInMethods.DeepLiftRescale, Registry.Method("deeplift-rescale", null, new Dictionary<string, string> { ["maxpool"] = "shapley" }));
        Assert.Equal(Q("1", "0"), argmax.Attribute(Max2, Q("3", "1"), Q("0", "2")).Attributions.Select(a => a.Rational!.Value));

        var d = Registry.Find("deeplift-rescale")!;
        var q = new MethodQuery(Max2, Q("3", "1"), Q("0", "2"), null, null, null, d.Bind(new Dictionary<string, string> { ["maxpool"] = "argmax" }, query: true));
        var outcome = (AttributionOutcome)d.Run!(q);
        Assert.Equal(Q("1", "0"), outcome.Result.Attributions.Select(a => a.Rational!.Value));
    }
}
