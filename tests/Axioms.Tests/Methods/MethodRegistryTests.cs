using Verifier.Axioms.Methods;
using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Methods;

/// <summary>The method registry: one entry per method, read by every command; run-time registration in one call.</summary>
public class MethodRegistryTests
{
    private static readonly MethodRegistry BuiltIn = MethodRegistry.BuiltIn;

    [Fact]
    public void Registry_BuiltIn_MatrixRowsInTheMatrixOrder() =>
        Assert.Equal(
            ["ig", "path:staircase", "path:nonmonotone", "shapley", "eg", "gradient", "gradient-x-input", "deeplift-rescale",
             "deeplift-revealcancel", "lrp-0", "lrp-epsilon", "lrp-gamma", "lrp-zplus", "kernelshap", "kernelshap-sampled", "lime"],
            BuiltIn.MatrixMethods.Select(m => m.Name));

    [Fact]
    public void Registry_BuiltInMethods_AreTheEntriesInstances()
    {
        Assert.Same(BuiltInMethods.Shapley, BuiltIn.Method("shapley"));
        Assert.Same(BuiltInMethods.Staircase, BuiltIn.Method("path:staircase"));
        Assert.Equal(BuiltInMethods.All, BuiltIn.MatrixMethods);
        Assert.Same(BuiltIn.Find("shapley"), MethodDescriptor.Of(BuiltInMethods.Shapley));
        // a variant under another kink convention keeps its entry (its kink scope, symbolic form, solver queries)
        var half = ((IConventionAware)BuiltInMethods.Gradient).WithReluGradientAtZero(Rational.Half);
        Assert.Same(BuiltIn.Find("gradient"), MethodDescriptor.Of(half));
    }

    [Fact]
    public void Registry_With_UserMethodBecomesAMatrixRowAndACheckName()
    {
        var mine = new FaultyIg("mine", _ => false, () => new InvalidOperationException());
        var registry = BuiltIn.With(mine);
        Assert.Same(mine, registry.Method("mine"));
        Assert.Same(mine, registry.MatrixMethods[^1]);
        Assert.Contains("mine", registry.CheckNames);
        Assert.Null(BuiltIn.Find("mine")); // registries are immutable: the built-in one is unchanged
        Assert.Throws<ArgumentException>(() => registry.With(new FaultyIg("mine", _ => false, () => new InvalidOperationException())));
    }

    [Fact]
    public void Descriptor_For_UserMethod_ScopesFromItsTraits()
    {
        var path = MethodDescriptor.For(new BuiltInMethods.PathMethod("my-path", ReferencePath.Staircase));
        Assert.Equal(KinkScope.AlongPath, path.Kinks);
        Assert.Null(path.Symbolic);
        var plain = MethodDescriptor.For(new FaultyIg("plain", _ => false, () => new InvalidOperationException()));
        Assert.Equal((KinkScope.AtInput, KinkScope.AtInputOrBaseline, BaselineUse.Single), (plain.Kinks, plain.Ties, plain.Baseline));
        Assert.Null(plain.Run);
    }

    [Fact]
    public void Descriptor_GuidedIg_DefaultsWrittenOnceInItsEntry()
    {
        var guided = BuiltIn.Find("guided-ig")!;
        Assert.Equal(
            [(MethodParameter.ConventionName, Rational.Zero), ("steps", new Rational(128)), ("fraction", new Rational(1, 10)), ("max_dist", Rational.One)],
            guided.Parameters.Select(p => (p.Name, p.Default!.Value)));
    }

    [Theory]
    [InlineData("guided-ig", "steps", "0", "bad parameter steps: an integer in [1, 100000] is needed, got '0'")]
    [InlineData("guided-ig", "fraction", "0", "bad parameter fraction: it must lie in (0, 1], got 0")]
    [InlineData("lrp-epsilon", "epsilon", "-1", "bad parameter epsilon: it must be at least 0, got -1")]
    [InlineData("shapley", "relu_grad_at_zero", "1", "method 'shapley' takes no parameters, got 'relu_grad_at_zero'")]
    [InlineData("ig", "foo", "1", "unknown parameter 'foo' for method 'ig'; known: relu_grad_at_zero")]
    [InlineData("ig", "relu_grad_at_zero", "x", "bad number in parameter relu_grad_at_zero")]
    public void Descriptor_BadParameter_InputErrorNamingIt(string method, string name, string value, string message)
    {
        var e = Assert.Throws<InputArgumentException>(() => BuiltIn.Find(method)!.Bind(new Dictionary<string, string> { [name] = value }, query: false));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Descriptor_LrpEpsilon_QueriesNeedItChecksUseTheDefault()
    {
        var lrp = BuiltIn.Find("lrp-epsilon")!;
        Assert.Contains("--param epsilon", Assert.Throws<InputArgumentException>(() => lrp.Bind(new Dictionary<string, string>(), query: true)).Message);
        Assert.Equal(new Rational(1, 100), lrp.Bind(new Dictionary<string, string>(), query: false).Get("epsilon"));
    }

    [Theory]
    [InlineData("nonsense", null, "unknown method 'nonsense'")]
    [InlineData("conductance", null, "is not a baseline attribution")]
    [InlineData("ig", "staircase", "--path is used by method 'path' only, not by 'ig'")]
    [InlineData("path", "spiral", "bad --path 'spiral'")]
    public void Registry_Method_BadRequest_InputError(string name, string? path, string message) =>
        Assert.Contains(message, Assert.Throws<InputArgumentException>(() => BuiltIn.Method(name, path)).Message);

    [Fact]
    public void Descriptor_SurrogateWithParameters_CarriesTheSymbolicFormOfItsOwnSample()
    {
        // the symbolic proofs must see the instance's sample, not the default one
        var sampled = BuiltIn.Method("kernelshap-sampled", null, new Dictionary<string, string> { ["samples"] = "12", ["paired"] = "0" });
        Assert.Contains("12 draws, seed 0)", MethodDescriptor.Of(sampled).Symbolic!.Scope);
        Assert.Contains("2n + 2048 draws, seed 0, paired", MethodDescriptor.Of(BuiltIn.Method("kernelshap-sampled")).Symbolic!.Scope);
        var lime = BuiltIn.Method("lime", null, new Dictionary<string, string> { ["samples"] = "7,seed=3" });
        Assert.Contains("7 draws, seed 3", MethodDescriptor.Of(lime).Symbolic!.Scope);
        Assert.Same(BuiltIn.Find("lime"), MethodDescriptor.Of(BuiltIn.Method("lime")));
    }

    [Fact]
    public void Registry_EveryQueryableEntry_RunsItsQueryOnANetwork()
    {
        Subject net = Verifier.Symbolic.Networks.NetworkJson.Parse("""
            {"format": "verifier-network/1", "inputs": 2, "layers": [
              {"type": "dense", "weights": [["1", "0"], ["0", "1"]], "bias": ["0", "0"]}, {"type": "relu"},
              {"type": "dense", "weights": [["1", "-1"]], "bias": ["-1"]}, {"type": "relu"}]}
            """);
        Rational[] x = [3, 1], zero = [0, 0];
        foreach (var d in BuiltIn.Queryable)
        {
            var values = d.Parameters.Where(p => p.RequiredInQueries).ToDictionary(p => p.Name, p => p.DefaultText!);
            var query = new MethodQuery(net, x, zero, d.Baseline == BaselineUse.Distribution ? [zero] : null, null, null,
                d.Bind(values, query: true), Layer: 1, Neuron: 0, Patch: [1]);
            var outcome = d.Run!(query);
            Assert.Equal(d.Name, outcome.Method);
        }
    }
}
